package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import layerlab.data.DataFiles;
import layerlab.io.ReadProgress;

/**
 * A line on stderr that says how far a long read of the data set is ("Reading big.csv — 45 % (120 of 270 MB)"), redrawn in
 * place and wiped when the read ends: only when stderr is a terminal (the launcher says so: {@code layerlab.stderr.terminal})
 * and the read takes over a second, so a script reading the output, or a small data set, sees nothing of it.
 */
final class ReadingLine implements ReadProgress.Listener {
    /** How long a read goes on before its line is drawn. */
    static final long AFTER_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final long started = System.nanoTime();
    private int drawn;

    private ReadingLine(PrintWriter err) {
        this.err = err;
    }

    /** Whether stderr is a terminal, as the launcher found it ({@code [ -t 2 ]}); Java 17 cannot tell it alone. */
    static boolean terminal() {
        return Boolean.getBoolean("layerlab.stderr.terminal");
    }

    @Override
    public synchronized void progress(ReadProgress p) {
        if (System.nanoTime() - started < AFTER_NANOS) return;
        String line = p.toString();
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    private synchronized void wipe() {
        if (drawn == 0) return;
        err.print("\r" + " ".repeat(drawn) + "\r");
        err.flush();
        drawn = 0;
    }

    /** Something that opens data. */
    interface Opening<T> {
        T open() throws IOException;
    }

    /**
     * {@code opening} of {@code dataset}'s data, with the line on {@code err} while it reads when stderr is a terminal
     * (null, or not a terminal: nothing is said).
     */
    static <T> T reading(Map<String, ?> dataset, Path baseDir, PrintWriter err, Opening<T> opening) throws IOException {
        if (err == null || !terminal()) return opening.open();
        ReadingLine line = new ReadingLine(err);
        // Ctrl-C ends Java mid-read: the line is wiped then too, or the shell's prompt came after "Reading big.csv — 68 %".
        Thread onCtrlC = new Thread(line::wipe, "layerlab-reading-line");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return DataFiles.reading(dataset, baseDir, line).run(opening::open);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            line.wipe();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook wipes (again, harmlessly).
            }
        }
    }
}
