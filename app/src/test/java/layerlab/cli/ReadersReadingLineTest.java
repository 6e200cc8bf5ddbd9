package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} and {@code predict} say how their read goes as {@code train} does (ReadingLine): on a terminal the line
 * redrawn in place ("Reading flowers.csv — 100 % …"), wiped at the end; into a log one line before a large read
 * ("reading flowers.csv (1 MB)…"), and never both. They read silently before, however long the file. The thresholds
 * (a second, 50 MB) are lowered here so that the small flowers table stands for a big one.
 */
class ReadersReadingLineTest {
    @TempDir Path dir;
    final CliRunner cli = new CliRunner();
    private Path bundle;

    @BeforeEach
    void trained() throws Exception {
        Path project = ReproducibilityCommandTest.csvProject(dir);
        bundle = dir.resolve("flowers.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q", "--save-bundle", bundle.toString()),
                cli.err.toString());
        ReadingLine.afterNanos = 0;
        ReadingLine.large = 1;
    }

    @AfterEach
    void forget() {
        System.clearProperty("layerlab.stderr.terminal");
        ReadingLine.afterNanos = 1_000_000_000L;
        ReadingLine.large = 50_000_000;
    }

    private Path input() throws Exception {
        return Files.writeString(dir.resolve("input.csv"), "a,b,c,d\n5.1,3.5,1.4,0.2\n6.2,2.9,4.3,1.3\n");
    }

    @Test
    void onATerminalEvalAndPredictDrawTheReadingLineAndWipeIt() throws Exception {
        System.setProperty("layerlab.stderr.terminal", "true");
        assertEquals(0, cli.run("eval", bundle.toString()), cli.err.toString());
        String err = cli.err.toString();
        assertTrue(err.startsWith("\rReading flowers.csv — "), err);
        assertTrue(err.contains("\r" + " ".repeat(10)), "wiped: " + err);
        assertFalse(err.contains("reading flowers.csv ("), "the fixed line is not said beside the live one: " + err);

        assertEquals(0, cli.run("predict", bundle.toString(), "--input", input().toString()), cli.err.toString());
        assertTrue(cli.err.toString().startsWith("\rReading input.csv — "), cli.err.toString());
    }

    @Test
    void intoALogEvalAndPredictSayOneLineBeforeALargeRead() throws Exception {
        assertEquals(0, cli.run("eval", bundle.toString()), cli.err.toString());
        assertEquals("reading flowers.csv (1 MB)…\n", cli.err.toString().replace("\r", ""));
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", input().toString()), cli.err.toString());
        assertEquals("reading input.csv (1 MB)…\n", cli.err.toString().replace("\r", ""));
        // A read below the size says nothing, as before: a script reading stderr sees only what went wrong.
        ReadingLine.large = 50_000_000;
        assertEquals(0, cli.run("eval", bundle.toString()), cli.err.toString());
        assertEquals("", cli.err.toString());
    }

    /** train, lr-find and profile open their data through RunOptions: the same lines, said once. */
    @Test
    void trainSaysTheLineOnceIntoALog() throws Exception {
        Path project = dir.resolve("flowers.json");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q"), cli.err.toString());
        assertEquals("", cli.err.toString(), "--quiet says nothing of the read");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu"), cli.err.toString());
        assertEquals(1, cli.err.toString().lines().filter(l -> l.equals("reading flowers.csv (1 MB)…")).count(), cli.err.toString());
    }
}
