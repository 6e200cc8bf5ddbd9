package layerlab.ui.start;

import java.util.prefs.Preferences;

/**
 * Whether the start page shows when LayerLab starts: on the first run always (and the tour is offered then), later
 * only when the user ticked "Show at start". Kept in the UI's preferences node, so tests use their own.
 */
public final class StartPrefs {
    private static final String SEEN = "startPage.seen", ALWAYS = "startPage.always";

    private final Preferences node;

    public StartPrefs(Preferences node) {
        this.node = node;
    }

    /** True until the start page has been shown once. */
    public boolean firstRun() {
        return !node.getBoolean(SEEN, false);
    }

    public boolean showAtStart() {
        return firstRun() || node.getBoolean(ALWAYS, false);
    }

    public void markSeen() {
        node.putBoolean(SEEN, true);
    }

    public boolean always() {
        return node.getBoolean(ALWAYS, false);
    }

    public void setAlways(boolean on) {
        node.putBoolean(ALWAYS, on);
    }
}
