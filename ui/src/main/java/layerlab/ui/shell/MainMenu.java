package layerlab.ui.shell;

import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;

/**
 * The menu bar. Items whose feature is not built yet are disabled, not faked, but already carry their ids and
 * accelerators so that the feature only has to set an action and enable them.
 */
public final class MainMenu {
    private MainMenu() {}

    public static MenuBar build(MenuActions actions, ObjectProperty<Theme> theme) {
        MenuBar bar = new MenuBar(file(actions), edit(), view(theme), help(actions));
        bar.setId("menuBar");
        // One menu bar in the window on every platform; a screen-top bar on macOS would hide the ids from tests.
        bar.setUseSystemMenuBar(false);
        return bar;
    }

    private static Menu file(MenuActions a) {
        return menu("menuFile", "_File",
                item("fileNew", "New", "Shortcut+N", a::newProject),
                pending("fileOpen", "Open…", "Shortcut+O"),
                pendingMenu("fileOpenSample", "Open Sample"),
                new SeparatorMenuItem(),
                pending("fileSave", "Save", "Shortcut+S"),
                pending("fileSaveAs", "Save As…", "Shortcut+Shift+S"),
                new SeparatorMenuItem(),
                pendingMenu("fileRecent", "Recent"),
                new SeparatorMenuItem(),
                item("fileQuit", "Quit", "Shortcut+Q", a::quit));
    }

    private static Menu edit() {
        return menu("menuEdit", "_Edit",
                pending("editUndo", "Undo", "Shortcut+Z"),
                pending("editRedo", "Redo", "Shortcut+Shift+Z"),
                new SeparatorMenuItem(),
                pending("editCut", "Cut", "Shortcut+X"),
                pending("editCopy", "Copy", "Shortcut+C"),
                pending("editPaste", "Paste", "Shortcut+V"),
                pending("editDelete", "Delete", "Delete"),
                new SeparatorMenuItem(),
                pending("editSelectAll", "Select All", "Shortcut+A"));
    }

    private static Menu view(ObjectProperty<Theme> theme) {
        Menu themes = new Menu("Theme");
        themes.setId("viewTheme");
        ToggleGroup group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(t.displayName());
            item.setId("viewTheme" + t.displayName());
            item.setToggleGroup(group);
            item.setSelected(theme.get() == t);
            item.setOnAction(e -> theme.set(t));
            theme.addListener((obs, old, now) -> item.setSelected(now == t));
            themes.getItems().add(item);
        }
        return menu("menuView", "_View",
                pending("viewZoomIn", "Zoom In", "Shortcut+Equals"),
                pending("viewZoomOut", "Zoom Out", "Shortcut+Minus"),
                pending("viewFit", "Fit", "Shortcut+0"),
                new SeparatorMenuItem(),
                themes);
    }

    private static Menu help(MenuActions a) {
        return menu("menuHelp", "_Help",
                item("helpShortcuts", "Shortcuts", "F1", a::showShortcuts),
                item("helpAbout", "About", null, a::showAbout));
    }

    private static Menu menu(String id, String text, MenuItem... items) {
        Menu m = new Menu(text, null, items);
        m.setId(id);
        return m;
    }

    private static MenuItem item(String id, String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        if (accelerator != null) item.setAccelerator(KeyCombination.keyCombination(accelerator));
        item.setOnAction(e -> action.run());
        return item;
    }

    /** A menu item whose feature comes in a later issue: visible, with its shortcut, but disabled. */
    private static MenuItem pending(String id, String text, String accelerator) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setAccelerator(KeyCombination.keyCombination(accelerator));
        item.setDisable(true);
        return item;
    }

    private static Menu pendingMenu(String id, String text) {
        Menu m = new Menu(text);
        m.setId(id);
        m.setDisable(true);
        return m;
    }
}
