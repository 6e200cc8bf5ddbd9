package layerlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import layerlab.data.DataFiles;
import layerlab.io.ReadProgress;

/**
 * What a command says on stderr while it reads data, the same for every command that reads them ({@code train}, {@code
 * eval}, {@code predict}, {@code lr-find}, {@code profile}, {@code check}):
 * <ul>
 * <li>on a terminal (the launcher says so: {@code layerlab.stderr.terminal}), a line saying how far a read is ("Reading
 * big.csv — 45 % (120 of 270 MB)"), redrawn in place and wiped when the read ends, once it has taken over a second: a small
 * data set shows nothing;</li>
 * <li>into a pipe or a file, where nothing can be redrawn, one line before a read of {@link #large} bytes or more
 * ("reading big.csv (245 MB)…"): a log then says why the command paused, and which files a run out of memory was reading;
 * a small read says nothing, so a script reading the output sees only what it asked for.</li>
 * </ul>
 * Never both: on a terminal the live line names the same files and sizes, and the fixed line above it was said twice.
 * {@code --quiet} (a null {@code err}) says nothing.
 */
final class ReadingLine implements ReadProgress.Listener {
    /** How long a read goes on before its line is drawn (tests shorten it, to see a command's line on a small file). */
    static volatile long afterNanos = 1_000_000_000L;

    /** Data files from which reading them is worth a line in a log (tests lower it, as above). */
    static volatile long large = 50_000_000;

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
        if (System.nanoTime() - started < afterNanos) return;
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

    /** {@code opening} of {@code dataset}'s data (relative paths against {@code baseDir}), said on {@code err} as the class says. */
    static <T> T reading(Map<String, ?> dataset, Path baseDir, PrintWriter err, Opening<T> opening) throws IOException {
        return reading("", dataset, baseDir, err, opening);
    }

    /** {@link #reading(Map, Path, PrintWriter, Opening)}, its line in a log after {@code prefix} ("flowers.json: "). */
    static <T> T reading(String prefix, Map<String, ?> dataset, Path baseDir, PrintWriter err, Opening<T> opening) throws IOException {
        return reading(prefix, DataFiles.named(dataset, baseDir), l -> DataFiles.reading(dataset, baseDir, l), err, opening);
    }

    /** {@code opening} of the samples' file or folder {@code input} ({@code predict --input}), said on {@code err} as the class says. */
    static <T> T readingInput(Path input, PrintWriter err, Opening<T> opening) throws IOException {
        DataFiles.Named named = DataFiles.namedInput(input);
        return reading("", named, l -> new ReadProgress(named == null ? input.toString() : named.names(), named == null ? 0 : named.bytes(), l),
                err, opening);
    }

    private static <T> T reading(String prefix, DataFiles.Named files, Function<ReadProgress.Listener, ReadProgress> read, PrintWriter err,
                                 Opening<T> opening) throws IOException {
        if (err == null) return opening.open();
        if (!terminal()) {
            if (files != null && files.bytes() >= large) {
                err.println(prefix + "reading " + files + "…");
                err.flush();
            }
            return opening.open();
        }
        ReadingLine line = new ReadingLine(err);
        // Ctrl-C ends Java mid-read: the line is wiped then too, or the shell's prompt came after "Reading big.csv — 68 %".
        Thread onCtrlC = new Thread(line::wipe, "layerlab-reading-line");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return read.apply(line).run(opening::open);
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
