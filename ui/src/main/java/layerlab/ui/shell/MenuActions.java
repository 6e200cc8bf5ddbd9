package layerlab.ui.shell;

/** What the menu bar's working items do; everything else in the menus is disabled until its feature exists. */
public interface MenuActions {
    void newProject();

    void quit();

    void showShortcuts();

    void showAbout();
}
