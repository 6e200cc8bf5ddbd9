package layerlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;

/** The keyboard shortcuts that work right now, read off the menus so the list can never promise a dead key. */
public final class Shortcuts {
    /** One shortcut: the menu path of its command ("File › New") and its keys ("Ctrl+N"). */
    public record Shortcut(String command, String keys) {}

    /** The canvas's own keys: single letters would fire inside text fields as menu accelerators, so the canvas handles them. */
    public static final List<Shortcut> CANVAS = List.of(
            new Shortcut("Canvas › Quick add", "Tab, Shift+A, double-click on empty canvas"),
            new Shortcut("Canvas › Connect the selected node to an input", "C"),
            new Shortcut("Canvas › Disconnect one of the selected node's wires", "Shift+C"),
            new Shortcut("Canvas › Leave the canvas (Tab is quick add there)", "Shift+Tab, F6"),
            new Shortcut("Canvas › Open a block", "double-click it"),
            new Shortcut("Canvas › A node's menu (Replace with…, …)", "right click, Menu key, Shift+F10"),
            new Shortcut("Canvas › Delete selection", "Delete, Backspace"),
            new Shortcut("Canvas › Delete node and bridge its neighbours", "Ctrl+Delete"),
            new Shortcut("Canvas › Help for the selected layer", "F1"),
            new Shortcut("Canvas › Box select / add to selection", "drag on empty canvas, Shift/Ctrl+click"),
            new Shortcut("Canvas › Pan", "Space+drag, middle-drag, two-finger scroll, arrows with nothing selected"),
            new Shortcut("Canvas › Nudge the selection", "arrows (Shift: five grid steps)"),
            new Shortcut("Canvas › Select the next card (along the wires, else the nearest that way)", "Alt+arrows (Shift: add to the selection)"),
            new Shortcut("Canvas › Edit the selected node's settings (Esc there: back to the canvas)", "Enter"),
            new Shortcut("Canvas › Zoom at the cursor", "wheel, pinch, + / −"),
            new Shortcut("Canvas › Fit to view", "F, Home"),
            new Shortcut("Canvas › Auto-layout (selection or all)", "L"),
            new Shortcut("Canvas › Sticky note", "N"),
            new Shortcut("Canvas › Minimap", "M"),
            new Shortcut("Canvas › Clear selection / close quick add", "Esc"));

    private Shortcuts() {}

    /** Every enabled item with an accelerator, in menu order; disabled (not yet built) items are left out. */
    public static List<Shortcut> of(List<Menu> menus) {
        List<Shortcut> out = new ArrayList<>();
        for (Menu m : menus) collect(m, plain(m.getText()), out);
        return out;
    }

    private static void collect(Menu menu, String path, List<Shortcut> out) {
        if (menu.isDisable()) return;
        for (MenuItem item : menu.getItems()) {
            if (item.isDisable() || item.getText() == null) continue;
            String here = path + " › " + (item.isMnemonicParsing() ? plain(item.getText()) : item.getText());
            if (item instanceof Menu sub) {
                collect(sub, here, out);
            } else if (item.getAccelerator() != null) {
                out.add(new Shortcut(here, item.getAccelerator().getDisplayText()));
            }
        }
    }

    /** The label without its mnemonic marker ("_File" → "File"). */
    private static String plain(String text) {
        return text.replace("_", "");
    }
}
