package layerlab.ui;

import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** Shared set-up for the application's dialogs. */
public final class Dialogs {
    private Dialogs() {}

    /** Makes {@code dialog} a child of {@code owner} that wears the owner's theme and stays on its screen ({@link Screens#fit}). */
    public static void attach(Dialog<?> dialog, Window owner) {
        dialog.initOwner(owner);
        javafx.scene.Scene scene = dialog.getDialogPane().getScene();
        if (scene != null && scene.getWindow() != null) Screens.keepOn(scene.getWindow(), owner);
        if (owner != null && owner.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
    }

    /** An alert with its title, heading, text and buttons, its pane named {@code id} (tests find it so). */
    public static Alert alert(Alert.AlertType type, String id, String title, String header, String text, ButtonType... buttons) {
        Alert a = new Alert(type, text, buttons);
        a.setTitle(title);
        a.setHeaderText(header);
        a.getDialogPane().setId(id);
        return a;
    }

    /** Makes {@code choice} the button Enter presses, and no other: where the safe answer is not the dialog's first. */
    public static void enterChooses(Alert a, ButtonType choice) {
        for (ButtonType b : a.getButtonTypes()) ((Button) a.getDialogPane().lookupButton(b)).setDefaultButton(b == choice);
    }

    /**
     * The name chosen, with {@code .extension} added where it has not that ending ("Model.ONNX" keeps its name): a file
     * saved as "lab1" was hidden by the open dialog's filter, and seemed lost.
     */
    public static Path withExtension(Path p, String extension) {
        String name = p.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith("." + extension) ? p : p.resolveSibling(name + "." + extension);
    }

    /**
     * {@code chosen} as the file dialog answered, with its ending added; null when that adds an ending, so names a file
     * the dialog did not ask about replacing, that file exists, and the user keeps it (Cancel, the default).
     */
    public static Path withExtensionOrAsk(Path chosen, String extension, Window owner) {
        Path p = withExtension(chosen, extension);
        return p.equals(chosen) || !java.nio.file.Files.exists(p) || confirmReplace(p, owner) ? p : null;
    }

    /** Whether to write over {@code p}, a file that exists (Cancel, the default, keeps it). */
    public static boolean confirmReplace(Path p, Window owner) {
        ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.YES);
        Alert a = alert(Alert.AlertType.WARNING, "replaceDialog", "Replace " + p.getFileName() + "?", p.getFileName() + " already exists",
                p.getFileName() + " already exists in " + p.toAbsolutePath().getParent()
                + ". Replacing it overwrites what it holds.", replace, ButtonType.CANCEL);
        enterChooses(a, ButtonType.CANCEL);
        attach(a, owner);
        return a.showAndWait().orElse(ButtonType.CANCEL) == replace;
    }
}
