package layerlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;

/** The keyboard shortcuts that work right now, read off the menus so the list can never promise a dead key. */
public final class Shortcuts {
    /** One shortcut: the menu path of its command ("File › New") and its keys ("Ctrl+N"). */
    public record Shortcut(String command, String keys) {}

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
            String here = path + " › " + plain(item.getText());
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
