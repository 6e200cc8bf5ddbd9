package layerlab.ui.shell;

import java.util.List;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Help › Shortcuts: a two-column table of the shortcuts that work now. */
final class ShortcutsDialog {
    private ShortcutsDialog() {}

    static void show(Window owner, List<Shortcuts.Shortcut> shortcuts) {
        GridPane grid = new GridPane();
        grid.getStyleClass().addAll("dialog-body", "shortcuts-table");
        int row = 0;
        for (Shortcuts.Shortcut s : shortcuts) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, new Label(s.command()), keys);
        }
        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("Shortcuts");
        dialog.setHeaderText("Keyboard shortcuts");
        dialog.getDialogPane().setId("shortcutsDialog");
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        Dialogs.attach(dialog, owner);
        dialog.showAndWait();
    }
}
