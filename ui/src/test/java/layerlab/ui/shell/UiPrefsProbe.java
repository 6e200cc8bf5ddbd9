package layerlab.ui.shell;

/** Reads the user's settings as LayerLab does at start and prints what it found (a child Java of {@link UnreadableSettingsTest}). */
public final class UiPrefsProbe {
    private UiPrefsProbe() {
    }

    public static void main(String[] args) {
        UiPrefs prefs = UiPrefs.forUser();
        System.out.println("theme=" + prefs.theme());
        System.out.println("setAside=" + prefs.setAside());
        if (args.length > 0) prefs.setTheme(Theme.valueOf(args[0]));
    }
}
