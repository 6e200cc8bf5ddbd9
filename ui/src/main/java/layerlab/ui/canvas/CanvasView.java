package layerlab.ui.canvas;

import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** The editing surface. For now: the dotted grid and a hint; nodes and edges arrive with the editor. */
public final class CanvasView extends StackPane {
    public CanvasView() {
        setId("canvas");
        getStyleClass().add("editor-canvas");
        setMinSize(0, 0);
        Label hint = new Label("Drag layers here from the palette");
        hint.setId("canvasHint");
        hint.getStyleClass().add("canvas-hint");
        hint.setMouseTransparent(true);
        getChildren().addAll(new DotGrid(), hint);
    }
}
