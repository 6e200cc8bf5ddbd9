package layerlab.ui.shell;

import java.net.URL;
import java.util.List;

/** The look of the whole application: a shared base sheet plus one colour sheet per theme. */
public enum Theme {
    LIGHT("Light", "light.css"),
    DARK("Dark", "dark.css");

    private static final String BASE = "base.css";

    private final String displayName;
    private final String file;

    Theme(String displayName, String file) {
        this.displayName = displayName;
        this.file = file;
    }

    public String displayName() {
        return displayName;
    }

    /** The stylesheet URL of this theme's colours. */
    public String stylesheet() {
        return url(file);
    }

    /** The stylesheets a scene (or a dialog pane) needs for this theme, in order. */
    public List<String> stylesheets() {
        // The base sheet only uses looked-up colours (-ll-*) that the theme sheet defines on .root.
        return List.of(url(BASE), stylesheet());
    }

    /** The theme stored under {@code name}, or {@code fallback} for a missing or unknown name. */
    public static Theme fromName(String name, Theme fallback) {
        for (Theme t : values()) {
            if (t.name().equalsIgnoreCase(name)) return t;
        }
        return fallback;
    }

    private static String url(String name) {
        URL url = Theme.class.getResource("/layerlab/ui/" + name);
        if (url == null) throw new IllegalStateException("missing stylesheet layerlab/ui/" + name);
        return url.toExternalForm();
    }
}
