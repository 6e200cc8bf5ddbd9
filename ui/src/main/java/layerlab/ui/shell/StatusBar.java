package layerlab.ui.shell;

import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import layerlab.ui.editor.EditorModel;

/** The window's bottom line: the status (the device, what runs) on the left, the editor's last message on the right. */
final class StatusBar extends HBox {
    StatusBar(ShellModel model, EditorModel editor) {
        super(12);
        Label status = new Label();
        status.setId("statusText");
        status.textProperty().bind(model.statusProperty());
        // A long message (an opened bundle's) gives way, cut short, and reads whole in its tooltip; the device stays whole.
        status.setMinWidth(Region.USE_PREF_SIZE);
        Label message = new Label();
        message.setId("editorMessage");
        message.textProperty().bind(editor.messageProperty());
        message.setMinWidth(0);
        // Wrapped onto a second line rather than cut short: at 200 % text a message ("Go back to the project (Ctrl+Shift+E) to
        // change its training") lost its end, which only the tooltip, under a pointer, said.
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        message.setTextAlignment(javafx.scene.text.TextAlignment.RIGHT);
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
        whole.textProperty().bind(editor.messageProperty());
        whole.setWrapText(true);
        whole.setMaxWidth(600);
        message.setTooltip(whole);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        getChildren().addAll(status, gap, message);
        setId("statusBar");
        getStyleClass().add("status-bar");
    }
}
