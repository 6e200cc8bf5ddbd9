package layerlab.ui.shell;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import layerlab.ui.project.ProjectFiles;

/**
 * When a window's unsaved work goes to its recovery file: once a minute, and when the process is ended from outside while
 * the window is open — Ctrl+C or a closed terminal where {@code ./layerlab} started, {@code kill}, the system shutting
 * down — there and then, not only at the last minute's autosave (edits of the first minute were lost). A window closed
 * cleanly {@link #stop stops} both.
 */
final class Autosave {
    private final ProjectFiles files;
    private final UiPrefs prefs;
    private ScheduledExecutorService timer;
    private volatile boolean stopped;
    private final Thread onExit = new Thread(this::saveOnExit, "layerlab-save-on-exit");

    Autosave(ProjectFiles files, UiPrefs prefs) {
        this.files = files;
        this.prefs = prefs;
    }

    /**
     * Starts the minute's timer, off the JavaFX thread: a running Timeline, however slow its key frames, keeps JavaFX
     * pulsing 60 times a second, and an idle window cost ~1.3 % of a core.
     */
    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "layerlab-autosave");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> Platform.runLater(files::autosave), 1, 1, TimeUnit.MINUTES);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** The window closed: nothing more is written. */
    void stop() {
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNotAdded) {
            // the process is ending already (its hook sees stopped), or the timer never started
        }
        if (timer != null) timer.shutdownNow();
    }

    /** What the process's end does while the window is open (tests call it). The graph is immutable: read from here safely. */
    void saveOnExit() {
        if (stopped) return;
        try {
            files.autosave();
            prefs.flush();
        } catch (RuntimeException ending) {
            // The process ends either way, and the minute's autosave is what is left: said where it can still be read.
            System.err.println("LayerLab: could not keep the unsaved work on exit: " + ending.getMessage());
        }
    }
}
