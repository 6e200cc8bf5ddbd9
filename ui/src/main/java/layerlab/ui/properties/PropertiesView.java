package layerlab.ui.properties;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The property sheet of the selected node; empty until the editor can select one. */
public final class PropertiesView extends VBox {
    public PropertiesView() {
        setId("properties");
        getStyleClass().add("side-panel");
        Label title = new Label("Properties");
        title.getStyleClass().add("panel-title");
        Label nothing = new Label("Nothing selected");
        nothing.setId("propertiesEmpty");
        nothing.getStyleClass().add("muted");
        StackPane body = new StackPane(nothing);
        StackPane.setAlignment(nothing, Pos.CENTER);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(title, body);
    }
}
