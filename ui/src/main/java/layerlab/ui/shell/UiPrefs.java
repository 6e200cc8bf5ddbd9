package layerlab.ui.shell;

import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The user interface's settings between runs (window bounds, theme). The node is injected so that tests use
 * their own and never touch the user's real settings.
 */
public final class UiPrefs {
    private static final String THEME = "theme", TEXT_SIZE = "textSize";
    private static final String X = "window.x", Y = "window.y", W = "window.width", H = "window.height";
    private static final String MAXIMIZED = "window.maximized";

    private final Preferences node;
    private static boolean saidNotSaved;

    public UiPrefs(Preferences node) {
        this.node = node;
    }

    /** The preferences node itself, for other remembered lists (recent files). */
    public Preferences node() {
        return node;
    }

    /**
     * Java's own preferences log: held here, since a logger's level lasts only while someone holds the logger. Quiet: on a
     * home that cannot be written (a school PC's) it printed two warnings at start and another every 30 seconds for as long
     * as LayerLab ran; the window says it once instead ({@link MainWindow#sayWhatIsNotKept}).
     */
    private static final java.util.logging.Logger JAVA_PREFS_LOG = java.util.logging.Logger.getLogger("java.util.prefs");

    /** The user's own settings, under {@code layerlab/ui}. */
    public static UiPrefs forUser() {
        JAVA_PREFS_LOG.setLevel(java.util.logging.Level.OFF);
        return new UiPrefs(Preferences.userRoot().node("layerlab/ui"));
    }

    /** Whether the settings are kept after LayerLab closes: false when they cannot be written (a home that is read-only). */
    public boolean kept() {
        try {
            node.flush();
            return true;
        } catch (BackingStoreException | IllegalStateException | SecurityException e) {
            return false;
        }
    }

    public Theme theme() {
        return Theme.fromName(node.get(THEME, null), Theme.LIGHT);
    }

    public void setTheme(Theme theme) {
        node.put(THEME, theme.name());
        flush();
    }

    public TextSize textSize() {
        return TextSize.fromName(node.get(TEXT_SIZE, null), TextSize.NORMAL);
    }

    public void setTextSize(TextSize size) {
        node.put(TEXT_SIZE, size.name());
        flush();
    }

    /** The last saved window state, if one was saved and is sane. */
    public Optional<WindowState> window() {
        double w = node.getDouble(W, -1), h = node.getDouble(H, -1);
        if (w <= 0 || h <= 0) return Optional.empty();
        return Optional.of(new WindowState(node.getDouble(X, 0), node.getDouble(Y, 0), w, h,
                node.getBoolean(MAXIMIZED, false)));
    }

    public void setWindow(WindowState s) {
        node.putDouble(X, s.x());
        node.putDouble(Y, s.y());
        node.putDouble(W, s.width());
        node.putDouble(H, s.height());
        node.putBoolean(MAXIMIZED, s.maximized());
        flush();
    }

    /** Writes the settings to disk now (they are otherwise written as each changes). */
    void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Settings are a convenience: losing them must never stop the application. Said once: a home that cannot be
            // written fails every flush (each window move, each theme), and the window's status line says it too.
            if (!saidNotSaved) System.err.println("LayerLab: could not save settings: " + e.getMessage());
            saidNotSaved = true;
        }
    }
}
