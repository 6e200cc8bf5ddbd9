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
    /** Where Java put the user's settings file aside as unreadable when this run read it, else null ({@link #setAside}). */
    private final java.nio.file.Path setAside;

    public UiPrefs(Preferences node) {
        this(node, null);
    }

    private UiPrefs(Preferences node, java.nio.file.Path setAside) {
        this.node = node;
        this.setAside = setAside;
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
        Preferences node = Preferences.userRoot().node("layerlab/ui");
        // Java's file store on Linux keeps them in <root>/.java/.userPrefs/layerlab/ui/prefs.xml (the root is user.home
        // unless java.util.prefs.userRoot says otherwise); other systems keep them elsewhere, and this finds nothing there.
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.util.prefs.userRoot", System.getProperty("user.home")),
                ".java", ".userPrefs", "layerlab", "ui");
        return new UiPrefs(node, setAside(dir, () -> {
            try {
                node.keys();
            } catch (BackingStoreException | IllegalStateException e) {
                // Unreadable for another reason (a folder that cannot be read): kept() says so when they cannot be written.
            }
        }));
    }

    /** The name Java's file store gives a settings file it could not read, beside it, as it starts from none. */
    static final String SET_ASIDE = "IncorrectFormatPrefs.xml";

    /**
     * Runs {@code read} (the settings' first read, from {@code dir}) and says where it put their file aside as unreadable
     * (a damaged {@code prefs.xml}: Java renames it and starts from no settings, saying nothing), else null. A file put
     * aside by an earlier run, unchanged, is not this run's.
     */
    static java.nio.file.Path setAside(java.nio.file.Path dir, Runnable read) {
        java.nio.file.Path aside = dir.resolve(SET_ASIDE);
        Object before = fileKey(aside);
        read.run();
        Object after = fileKey(aside);
        return after != null && !after.equals(before) ? aside : null;
    }

    /** What tells one file at {@code p} from another (its identity and time), or null where there is none. */
    private static Object fileKey(java.nio.file.Path p) {
        try {
            var a = java.nio.file.Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            return java.util.List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (java.io.IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * Where Java put the user's settings file aside when this run read it, because it could not read it (LayerLab started
     * with its defaults and no recent files); null when it read them, or found none.
     */
    public java.nio.file.Path setAside() {
        return setAside;
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
