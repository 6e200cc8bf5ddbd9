package layerlab.ui.shell;

import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import layerlab.ui.ShownKey;
import layerlab.ui.editor.Arrange;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;

/** The menu bar. Undo and Redo name the command they would take back ("Undo Move 3 nodes"). */
public final class MainMenu {
    private MainMenu() {}

    public static MenuBar build(MenuActions actions, ObjectProperty<Theme> theme, ObjectProperty<TextSize> textSize,
                                BooleanProperty sidePanels, ReadOnlyStringProperty undoName, ReadOnlyStringProperty redoName,
                                Map<String, String> samples) {
        MenuBar bar = new MenuBar(file(actions, samples), edit(actions, undoName, redoName), view(actions, theme, textSize, sidePanels), help(actions));
        bar.setId("menuBar");
        // One menu bar in the window on every platform; a screen-top bar on macOS would hide the ids from tests.
        bar.setUseSystemMenuBar(false);
        return bar;
    }

    /** {@code samples}: each sample's file and the title the start page gives it too ({@code Samples.titles()}). */
    private static Menu file(MenuActions a, Map<String, String> samples) {
        Menu sampleMenu = new Menu("New from Sample");
        sampleMenu.setId("fileOpenSample");
        samples.forEach((file, title) -> sampleMenu.getItems().add(item("sample-" + file.replace(".json", ""), title, null, () -> a.openSample(file))));
        sampleMenu.setDisable(samples.isEmpty());
        Menu recent = new Menu("Recent");
        recent.setId("fileRecent");
        // Filled when shown, so it always lists the latest files.
        recent.getItems().add(plain("(none)"));
        recent.setOnShowing(e -> {
            recent.getItems().clear();
            for (java.nio.file.Path p : a.recent()) {
                MenuItem item = plain(p.toString());
                item.setOnAction(x -> a.openRecent(p));
                recent.getItems().add(item);
            }
            if (recent.getItems().isEmpty()) {
                MenuItem none = plain("(none)");
                none.setDisable(true);
                recent.getItems().add(none);
            }
        });
        return menu("menuFile", "_File",
                item("fileNew", "New", "Shortcut+N", a::newProject),
                item("fileOpen", "Open…", "Shortcut+O", a::open),
                sampleMenu,
                new SeparatorMenuItem(),
                item("fileSave", "Save", "Shortcut+S", a::save),
                item("fileSaveAs", "Save As…", "Shortcut+Shift+S", a::saveAs),
                new SeparatorMenuItem(),
                recent,
                new SeparatorMenuItem(),
                item("fileQuit", "Quit", "Shortcut+Q", a::quit));
    }

    private static Menu edit(MenuActions a, ReadOnlyStringProperty undoName, ReadOnlyStringProperty redoName) {
        MenuItem undo = item("editUndo", "Undo", "Shortcut+Z", a::undo);
        undo.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> undoName.get() == null ? "Undo" : "Undo " + undoName.get(), undoName));
        undo.disableProperty().bind(undoName.isNull());
        MenuItem redo = item("editRedo", "Redo", "Shortcut+Shift+Z", a::redo);
        redo.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> redoName.get() == null ? "Redo" : "Redo " + redoName.get(), redoName));
        redo.disableProperty().bind(redoName.isNull());
        return menu("menuEdit", "_Edit",
                undo,
                redo,
                new SeparatorMenuItem(),
                item("editCut", "Cut", CUT, a::cut),
                item("editCopy", "Copy", COPY, a::copy),
                item("editPaste", "Paste", PASTE, a::paste),
                item("editDuplicate", "Duplicate", DUPLICATE, a::duplicate),
                // Delete and Backspace are the canvas's own keys, so a text field keeps them: the menu only shows the key.
                keyed("editDelete", "Delete", ShownKey.of("Delete"), a::delete),
                new SeparatorMenuItem(),
                item("editSelectAll", "Select All", SELECT_ALL, a::selectAll),
                item("editFind", "Find Node…", "Shortcut+F", a::find),
                new SeparatorMenuItem(),
                item("editGroup", "Group into Block", GROUP, a::group),
                item("editUngroup", "Ungroup Block", UNGROUP, a::ungroup),
                item("editOpenBlock", "Open Block", OPEN_BLOCK, a::openBlock),
                item("editCloseBlock", "Back to Project", CLOSE_BLOCK, a::closeBlock),
                item("editAutoLayout", "Auto-layout", AUTO_LAYOUT, a::autoLayout),
                arrange(a));
    }

    /** Edit › Arrange: align and distribute the selection. */
    private static Menu arrange(MenuActions a) {
        Menu m = new Menu("Arrange");
        m.setId("editArrange");
        m.getItems().addAll(
                item("alignLeft", "Align Left", null, () -> a.align(Arrange.Align.LEFT)),
                item("alignCenterX", "Align Centres Vertically", null, () -> a.align(Arrange.Align.CENTER_X)),
                item("alignRight", "Align Right", null, () -> a.align(Arrange.Align.RIGHT)),
                item("alignTop", "Align Top", null, () -> a.align(Arrange.Align.TOP)),
                item("alignCenterY", "Align Centres Horizontally", null, () -> a.align(Arrange.Align.CENTER_Y)),
                item("alignBottom", "Align Bottom", null, () -> a.align(Arrange.Align.BOTTOM)),
                new SeparatorMenuItem(),
                item("distributeH", "Distribute Horizontally", null, () -> a.distribute(true)),
                item("distributeV", "Distribute Vertically", null, () -> a.distribute(false)));
        return m;
    }

    private static Menu view(MenuActions a, ObjectProperty<Theme> theme, ObjectProperty<TextSize> textSize, BooleanProperty sidePanels) {
        Menu themes = choices("viewTheme", "Theme", Theme.values(), t -> "viewTheme" + t.displayName(), Theme::displayName, theme);
        Menu sizes = choices("viewTextSize", "Text Size", TextSize.values(), t -> "viewTextSize" + t.percent(), TextSize::displayName, textSize);
        // Ticked as Train › Show Dashboard is: the palette and Properties beside the canvas, or the canvas alone.
        CheckMenuItem panels = new CheckMenuItem("Show Side Panels");
        panels.setId("viewSidePanels");
        panels.setMnemonicParsing(false);
        panels.setAccelerator(KeyCombination.keyCombination(SIDE_PANELS));
        panels.selectedProperty().bindBidirectional(sidePanels);
        return menu("menuView", "_View",
                item("viewZoomIn", "Zoom In", "Shortcut+Equals", a::zoomIn),
                item("viewZoomOut", "Zoom Out", "Shortcut+Minus", a::zoomOut),
                item("viewFit", "Fit", FIT, a::fit),
                // Shift+F is the canvas's (an accelerator would take a capital F from every text field).
                keyed("viewFitSelection", "Fit Selection", ShownKey.of("Shift+F"), a::fitSelection),
                item("viewPerformance", "Performance", null, a::togglePerformance),
                panels,
                new SeparatorMenuItem(),
                item("viewNextPanel", "Next Panel", "F6", () -> a.focusPanel(false)),
                item("viewPreviousPanel", "Previous Panel", "Shift+F6", () -> a.focusPanel(true)),
                new SeparatorMenuItem(),
                sizes,
                themes);
    }

    /** A submenu of radio items, one per value, that shows and sets {@code chosen}. */
    private static <T> Menu choices(String id, String text, T[] values, java.util.function.Function<T, String> itemId,
                                    java.util.function.Function<T, String> words, ObjectProperty<T> chosen) {
        Menu m = new Menu(text);
        m.setId(id);
        ToggleGroup group = new ToggleGroup();
        for (T t : values) {
            RadioMenuItem item = new RadioMenuItem(words.apply(t));
            item.setMnemonicParsing(false);
            item.setId(itemId.apply(t));
            item.setToggleGroup(group);
            item.setSelected(chosen.get() == t);
            item.setOnAction(e -> chosen.set(t));
            chosen.addListener((obs, old, now) -> item.setSelected(now == t));
            m.getItems().add(item);
        }
        return m;
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

    /**
     * The shortcuts the menu bar and the canvas's context menus share (the context menus show them beside the same
     * words, and the key does what the item does).
     */
    /** View › Show Side Panels (as an editor's Ctrl+B shows and hides its side bar). */
    static final String SIDE_PANELS = "Shortcut+B";
    static final String CUT = "Shortcut+X", COPY = "Shortcut+C", PASTE = "Shortcut+V", DUPLICATE = "Shortcut+D", SELECT_ALL = "Shortcut+A",
            GROUP = "Shortcut+G", UNGROUP = "Shortcut+Shift+G", OPEN_BLOCK = "Shortcut+E", CLOSE_BLOCK = "Shortcut+Shift+E",
            AUTO_LAYOUT = "Shortcut+L", FIT = "Shortcut+0";

    /** A menu item with its id (tests find it by that), words, accelerator (or null) and action; the canvas's menus use it too. */
    static MenuItem item(String id, String text, String accelerator, Runnable action) {
        return keyed(id, text, accelerator == null ? null : KeyCombination.keyCombination(accelerator), action);
    }

    /** The same with a key the item shows but leaves to the canvas ({@link ShownKey}), or a real accelerator. */
    static MenuItem keyed(String id, String text, KeyCombination keys, Runnable action) {
        MenuItem item = plain(text);
        item.setId(id);
        item.setAccelerator(keys);
        item.setOnAction(e -> action.run());
        return item;
    }

    /**
     * An item whose words are shown as written: an underscore is no mnemonic marker. Items name the user's things (Undo Set
     * fc1.in_features, a recent file, a layer or block), and none of them has a mnemonic; only the menu bar's titles do.
     */
    static MenuItem plain(String text) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false);
        return item;
    }
}
