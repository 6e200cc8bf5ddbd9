package layerlab.ui.shell;

import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Shared set-up for the application's dialogs. */
final class Dialogs {
    private Dialogs() {}

    /** Makes {@code dialog} a child of {@code owner} that wears the owner's theme. */
    static void attach(Dialog<?> dialog, Window owner) {
        dialog.initOwner(owner);
        if (owner != null && owner.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
    }
}
