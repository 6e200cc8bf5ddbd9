package layerlab.ui.shell;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * View › Text Size: the window's text, larger for a projector or tired eyes. One stylesheet sets the root's font size;
 * base.css gives every other text size in em, so all of it follows, and each dialog and tool window takes it with the
 * theme's sheets from its owner. The canvas's drawing, whose cards are drawn to scale, grows with it as a whole
 * (cards, their text and ports, wires and their labels: {@code Viewport.setTextScale}), its positions kept.
 */
public enum TextSize {
    NORMAL(100), LARGE(125), LARGER(150), LARGEST(200);

    /** The root's font size at 100 % (px), as base.css had it. */
    static final double BASE_PX = 13;

    private final int percent;

    TextSize(int percent) {
        this.percent = percent;
    }

    public int percent() {
        return percent;
    }

    public String displayName() {
        return percent + " %";
    }

    /** The root's font size in px. */
    public double px() {
        return BASE_PX * percent / 100.0;
    }

    /** A stylesheet (a data: URL, so nothing is written to disk) that sets the root's font size; it goes after the theme's. */
    public String stylesheet() {
        String css = String.format(Locale.ROOT, ".root { -fx-font-size: %.2fpx; }", px());
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The size a window's stylesheets set ({@link #stylesheet()} among them), or {@link #NORMAL} when none does: how
     * views drawn outside CSS (the charts) learn the window's text size, which each dialog takes with its owner's sheets.
     */
    public static TextSize in(java.util.List<String> stylesheets) {
        for (TextSize t : values()) {
            if (stylesheets.contains(t.stylesheet())) return t;
        }
        return NORMAL;
    }

    /** The size stored under {@code name}, or {@code fallback} for a missing or unknown name. */
    public static TextSize fromName(String name, TextSize fallback) {
        for (TextSize t : values()) {
            if (t.name().equalsIgnoreCase(name)) return t;
        }
        return fallback;
    }
}
