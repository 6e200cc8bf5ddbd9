package layerlab.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
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

    /** An alert with its title, heading, text and buttons, its pane named {@code id} (tests find it so). */
    static Alert alert(Alert.AlertType type, String id, String title, String header, String text, ButtonType... buttons) {
        Alert a = new Alert(type, text, buttons);
        a.setTitle(title);
        a.setHeaderText(header);
        a.getDialogPane().setId(id);
        return a;
    }

    /** Makes {@code choice} the button Enter presses, and no other: where the safe answer is not the dialog's first. */
    static void enterChooses(Alert a, ButtonType choice) {
        for (ButtonType b : a.getButtonTypes()) ((Button) a.getDialogPane().lookupButton(b)).setDefaultButton(b == choice);
    }
}
