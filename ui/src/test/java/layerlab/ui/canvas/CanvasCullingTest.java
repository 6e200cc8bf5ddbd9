package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import layerlab.graph.Node;
import layerlab.ui.editor.EditorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A large graph: only what is near the view is in the scene, and zoomed out the canvas paints boxes. */
@ExtendWith(ApplicationExtension.class)
class CanvasCullingTest {
    private EditorModel model;
    private CanvasView canvas;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        model = new EditorModel(Platform::runLater);
        canvas = new CanvasView(model);
        stage.setScene(new Scene(canvas, 800, 600));
        stage.setX(0);
        stage.setY(0);
        stage.show();
        model.load(EditorBench.generate(400, 480));
    }

    @Test
    void zoomedInOnlyCardsNearTheViewAreInTheScene(FxRobot robot) {
        robot.interact(() -> {
            canvas.fit();
            canvas.viewport().zoomAt(400, 300, 1 / canvas.viewport().zoom());
            canvas.reveal("n200");
        });
        assertFalse(canvas.isFar());
        int shown = canvas.inScene();
        assertTrue(shown > 4 && shown < 100, "in the scene: " + shown);
        assertTrue(robot.lookup("#node-n200").tryQuery().isPresent());
        assertTrue(robot.lookup("#node-n0").tryQuery().isEmpty(), "far away, not in the scene");
        // Scrolled into view, a card shows the analysis like any other.
        robot.interact(() -> canvas.reveal("n0"));
        NodeCard first = robot.lookup("#node-n0").queryAs(NodeCard.class);
        assertEquals("→ [N, 16]", first.shapeText());
    }

    @Test
    void zoomedOutTheCanvasPaintsBoxesAndStillSelectsAndDrags(FxRobot robot) {
        robot.interact(canvas::fit);
        assertTrue(canvas.isFar(), "zoom " + canvas.viewport().zoom());
        assertEquals(0, canvas.inScene());
        assertTrue(robot.lookup("#farView").query().isVisible());
        Node n = model.graph().node("n30");
        Point2D at = canvas.surface().localToScreen(canvas.viewport().toScreen(n.position().x() + 90, n.position().y() + 50));
        robot.moveTo(at).press(MouseButton.PRIMARY).moveBy(20, 0).moveBy(20, 10).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("n30"), model.selection());
        assertNotEquals(n.position(), model.graph().node("n30").position(), "moved");
        assertTrue(model.undoNameProperty().get().startsWith("Move"), model.undoNameProperty().get());
    }
}
