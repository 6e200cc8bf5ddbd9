package layerlab.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextArea;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;
import layerlab.ui.BuildInfo;
import layerlab.ui.Dialogs;

/** Help › About: the version, the JDK and the engine's backends, in a text box that can be copied into a bug report. */
final class AboutDialog {
    private AboutDialog() {}

    /** The About box's lines: those of {@code layerlab --version}, with the JavaFX version after the JDK. */
    static List<String> lines() {
        List<String> lines = new ArrayList<>(BuildInfo.describe());
        lines.add(2, "JavaFX " + System.getProperty("javafx.runtime.version", "(unknown)"));
        return lines;
    }

    static void show(Window owner) {
        List<String> lines = lines();
        TextArea text = new TextArea(String.join("\n", lines.subList(1, lines.size())));
        text.setId("aboutText");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(Math.min(lines.size() + 1, 10));
        text.setPrefColumnCount(48);
        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("About LayerLab");
        dialog.setHeaderText(lines.get(0) + "\nDraw, train and understand neural networks.");
        dialog.getDialogPane().setId("aboutDialog");
        StackPane body = new StackPane(text);
        body.getStyleClass().add("dialog-body");
        dialog.getDialogPane().setContent(body);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        Dialogs.attach(dialog, owner);
        dialog.showAndWait();
    }
}
