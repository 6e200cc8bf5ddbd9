package layerlab.ui.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * What the window does with an exception nothing caught (a bug in LayerLab): the user's work is autosaved at once, the
 * status bar says in one line what went wrong and where the details are, and the stack trace goes to a log file
 * ({@code ~/.layerlab/logs/errors.log}, kept under a megabyte) for a bug report, and to the terminal as before. The
 * window goes on; the action that failed is the only thing lost.
 */
public final class ErrorReport {
    /** The log is moved aside ({@code errors.log.1}) once it grows past this. */
    static final long MAX_LOG_BYTES = 1 << 20;
    /** Errors written per session: a bug in a handler that runs on every mouse move must not fill the disk. */
    static final int MAX_LOGGED = 20;

    private final Path log;
    private final Consumer<String> tell;
    private final Runnable rescue;
    private int logged;
    /** When the work was last saved for an error (nanoTime), so that an error on every frame does not write 60 times a second. */
    private long rescuedAt;
    private boolean rescued;
    static final long RESCUE_INTERVAL_NANOS = 2_000_000_000L;

    /**
     * @param log    the log file
     * @param tell   shows a one-line message (on the JavaFX thread)
     * @param rescue saves the user's work (on the JavaFX thread): the autosave
     */
    public ErrorReport(Path log, Consumer<String> tell, Runnable rescue) {
        this.log = log;
        this.tell = tell;
        this.rescue = rescue;
    }

    /** The log beside the recovery file: {@code ~/.layerlab/logs/errors.log}. */
    public static Path logBeside(Path recoveryFile) {
        return recoveryFile.toAbsolutePath().getParent().resolve("logs").resolve("errors.log");
    }

    /** Handles every uncaught exception: the JavaFX thread's (which goes on afterwards) and any other thread's. */
    public void install() {
        Thread.UncaughtExceptionHandler h = this::handle;
        Thread.setDefaultUncaughtExceptionHandler(h);
        if (Platform.isFxApplicationThread()) Thread.currentThread().setUncaughtExceptionHandler(h);
        else Platform.runLater(() -> Thread.currentThread().setUncaughtExceptionHandler(h));
    }

    /** Logs {@code e}, saves the work and says so; any thread. */
    public void handle(Thread thread, Throwable e) {
        e.printStackTrace();
        String where;
        synchronized (this) {
            where = logged < MAX_LOGGED ? write(log, thread, e) : null;
            logged++;
        }
        String message = "Something went wrong (" + summary(e) + "); your work is autosaved"
                + (where != null ? ", and the details are in " + where + " for a bug report" : "");
        Runnable show = () -> {
            long now = System.nanoTime();
            if (!rescued || now - rescuedAt >= RESCUE_INTERVAL_NANOS) {
                rescued = true;
                rescuedAt = now;
                try {
                    rescue.run();
                } catch (RuntimeException again) {
                    again.printStackTrace();
                }
            }
            tell.accept(message);
        };
        if (Platform.isFxApplicationThread()) show.run();
        else Platform.runLater(show);
    }

    /** "IllegalStateException: boom at layerlab.ui.Foo.bar(Foo.java:12)": the innermost cause, and our frame it came through. */
    static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String s = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        for (StackTraceElement f : root.getStackTrace()) {
            if (f.getClassName().startsWith("layerlab.")) return s + " at " + f;
        }
        return s;
    }

    /**
     * Appends a dated entry with the thread and the stack trace to {@code log} (moving a log grown past
     * {@link #MAX_LOG_BYTES} aside first); returns the log's path as a person types it ({@code ~/...}), or null when it
     * could not be written.
     */
    public static String write(Path log, Thread thread, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String entry = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " on thread \"" + thread.getName() + "\": LayerLab "
                + layerlab.ui.BuildInfo.version() + ", " + layerlab.ui.BuildInfo.jdk() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "\n" + trace + "\n";
        try {
            Files.createDirectories(log.getParent());
            if (Files.isRegularFile(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(log, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return shown(log);
        } catch (IOException | RuntimeException failed) {
            return null;
        }
    }

    /** {@code ~/.layerlab/logs/errors.log} for a path under the home folder, else the path itself. */
    static String shown(Path p) {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return abs.startsWith(home) ? "~/" + home.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
