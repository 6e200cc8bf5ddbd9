package layerlab.app;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;
import layerlab.ui.LayerLabApp;

/** Starts the JavaFX editor. Kept apart from {@link Main} so that only this class refers to JavaFX. */
final class Gui {
    /** Held so the filter below stays on the logger (java.util.logging keeps loggers only weakly). */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");
    private static final Logger PREFS_LOG = Logger.getLogger("java.util.prefs");

    private Gui() {}

    /** @param args a project file to open, or nothing (the start sample) */
    static void launch(String... args) {
        if (Boolean.getBoolean(layerlab.ui.LayerLabApp.WARM_UP)) {
            // The launcher's class-data archive is recorded from this run: the window opens on Monocle's headless screen.
            layerlab.ui.HeadlessFx.useHeadlessToolkit();
        } else if (noDisplay()) {
            System.err.println("layerlab: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the editor "
                    + "cannot open. Run it from a desktop session, or see `layerlab --help` for the command line.");
            System.exit(1);
        }
        // JavaFX warns on every start that it was loaded from the class path, which is how LayerLab runs by
        // design; drop that one message and keep every other warning.
        // The same for the INFO that java.util.prefs logs when it first creates the settings directory.
        PREFS_LOG.setLevel(Level.WARNING);
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        try {
            Application.launch(LayerLabApp.class, args);
        } catch (RuntimeException | LinkageError e) {
            // Only a window that never opened ends here: once it runs, JavaFX keeps its exceptions on its own thread.
            System.err.println("layerlab: " + cannotStart(e, System.getenv("DISPLAY"),
                    layerlab.ui.shell.ErrorReport.logBeside(layerlab.ui.project.ProjectFiles.defaultRecoveryFile())));
            System.exit(1);
        }
    }

    /**
     * Why the editor could not open, in one line with what to do: JavaFX's own words are a stack trace ("Unable to
     * load glass GTK library" where GTK 3 is not installed, as on a server or a minimal container). Any other failure
     * is a bug: its causes in one line, and its stack trace written to {@code log} for the bug report.
     */
    static String cannotStart(Throwable e, String display, java.nio.file.Path log) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (m.contains("GTK")) {
                return "the editor needs GTK 3, which could not be loaded (Debian/Ubuntu: sudo apt install libgtk-3-0; Fedora: "
                        + "sudo dnf install gtk3). The command line works without it: layerlab --help";
            }
            if (m.contains("DISPLAY")) {
                return "the editor cannot open: no display answers at DISPLAY=" + display + ". Run it from a desktop session, "
                        + "or see layerlab --help for the command line";
            }
            if (!why.isEmpty()) why.append(": ");
            why.append(m);
        }
        String where = layerlab.ui.shell.ErrorReport.write(log, Thread.currentThread(), e);
        return "the editor could not start: " + why + (where == null ? "" : " (the details are in " + where + ")");
    }

    private static boolean noDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) return false;
        return isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
