package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import layerlab.io.ReadProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab check|train} on a big file: a line on stderr saying how far the read is, redrawn in place and wiped at its
 * end, when stderr is a terminal and the read takes over a second; nothing at all into a pipe or a file, which scripts read.
 */
class ReadingLineTest {
    @TempDir Path dir;
    private final Map<String, Object> settings = Map.of("source", "csv", "path", "big.csv");

    @AfterEach
    void forget() {
        System.clearProperty("layerlab.stderr.terminal");
    }

    /** A read of big.csv that takes {@code millis} between its first tenth and the rest. */
    private String read(long millis) throws Exception {
        Files.write(dir.resolve("big.csv"), new byte[2_000_000]);
        StringWriter out = new StringWriter();
        String got = ReadingLine.reading(settings, dir, new PrintWriter(out), () -> {
            ReadProgress r = ReadProgress.current();
            if (r != null) r.advance(r.total() / 10);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (r != null) r.advance(r.total());
            return "read";
        });
        assertEquals("read", got);
        return out.toString();
    }

    @Test
    void aLongReadOnATerminalSaysHowFarItIsThenWipesTheLine() throws Exception {
        System.setProperty("layerlab.stderr.terminal", "true");
        String err = read(1_200);
        assertTrue(err.startsWith("\rReading big.csv — 100 % (2 of 2 MB)"), err);
        assertTrue(err.endsWith("\r" + " ".repeat("Reading big.csv — 100 % (2 of 2 MB)".length()) + "\r"), "wiped: " + err);
    }

    @Test
    void aShortReadSaysNothing() throws Exception {
        System.setProperty("layerlab.stderr.terminal", "true");
        assertEquals("", read(0));
    }

    @Test
    void notATerminalSaysNothing() throws Exception {
        assertEquals("", read(1_200));
    }
}
