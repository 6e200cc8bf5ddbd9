package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
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

    @Test
    void afterPansTheSceneHoldsEveryCardAndEdgeNearTheViewAndNoneFarFromIt(FxRobot robot) {
        robot.interact(() -> {
            canvas.fit();
            canvas.viewport().zoomAt(400, 300, 1 / canvas.viewport().zoom());
            canvas.reveal("n200");
        });
        for (int step = 0; step < 14; step++) {
            int s = step;
            // Pans of all sizes and directions, some larger than the view.
            robot.interact(() -> canvas.viewport().pan(s % 2 == 0 ? -370 - 90 * s : 150 + 40 * s, s % 3 == 0 ? 260 : -110 - 30 * s));
            robot.interact(this::assertCulledExactly);
        }
        robot.interact(() -> canvas.viewport().zoomAt(400, 300, 0.5));
        robot.interact(this::assertCulledExactly);
    }

    /** In the scene: everything within CULL_IN pixels of the view; nothing beyond CULL_OUT; either in between. */
    private void assertCulledExactly() {
        Viewport vp = canvas.viewport();
        Point2D a = vp.toWorld(0, 0), b = vp.toWorld(canvas.surface().getWidth(), canvas.surface().getHeight());
        double m = CanvasView.CULL_IN / vp.zoom(), k = CanvasView.CULL_OUT / vp.zoom();
        int shown = 0;
        for (NodeCard c : canvas.cards().values()) {
            boolean in = c.getParent() != null;
            double x = c.getLayoutX(), y = c.getLayoutY();
            if (x + NodeCard.W >= a.getX() - m && x <= b.getX() + m && y + NodeCard.H >= a.getY() - m && y <= b.getY() + m) {
                assertTrue(in, c.nodeId() + " is near the view but not in the scene");
            }
            if (!(x + NodeCard.W >= a.getX() - k && x <= b.getX() + k && y + NodeCard.H >= a.getY() - k && y <= b.getY() + k)) {
                assertFalse(in, c.nodeId() + " is far from the view but in the scene");
            }
            if (in) shown++;
        }
        for (EdgeView v : canvas.edgeViews()) {
            boolean in = v.getParent() != null;
            if (v.within(a.getX() - m, a.getY() - m, b.getX() + m, b.getY() + m)) assertTrue(in, v.edge + " is near the view but not in the scene");
            if (!v.within(a.getX() - k, a.getY() - k, b.getX() + k, b.getY() + k)) assertFalse(in, v.edge + " is far from the view but in the scene");
            if (in) shown++;
        }
        assertEquals(shown, canvas.inScene());
    }

    @Test
    void zoomedOutADraggedCardIsPaintedApartFromThePicture(FxRobot robot) {
        robot.interact(canvas::fit);
        assertTrue(canvas.isFar());
        FarView far = robot.lookup("#farView").queryAs(FarView.class);
        Canvas moving = robot.lookup("#farMoving").queryAs(Canvas.class);
        Node n = model.graph().node("n30");
        Viewport vp = canvas.viewport();
        Point2D start = vp.toScreen(n.position().x() + NodeCard.W / 2, n.position().y() + NodeCard.H / 2);
        robot.moveTo(canvas.surface().localToScreen(start)).press(MouseButton.PRIMARY).moveBy(30, 0).moveBy(30, 0);
        WaitForAsyncUtils.waitForFxEvents();
        // 60 pixels zoomed out is several card widths: the old and new places do not overlap.
        Point2D now = start.add(60, 0);
        robot.interact(() -> {
            assertEquals(Set.of("n30"), far.paintedApart());
            assertTrue(opaqueAt(moving, now), "the dragged card is on the moving canvas");
            // Its old place, near the top: the edges to its new place cross the old one's middle.
            Point2D old = vp.toScreen(n.position().x() + NodeCard.W / 2, n.position().y() + NodeCard.H * 0.12);
            assertFalse(opaqueAt(moving, old), "and only where it is now");
        });
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            assertEquals(Set.of(), far.paintedApart());
            assertFalse(opaqueAt(moving, now), "dropped, it is back in the picture");
        });
        assertNotEquals(n.position(), model.graph().node("n30").position(), "moved");
    }

    private static boolean opaqueAt(Canvas c, Point2D p) {
        SnapshotParameters sp = new SnapshotParameters();
        sp.setFill(Color.TRANSPARENT);
        WritableImage img = c.snapshot(sp, null);
        return img.getPixelReader().getColor((int) p.getX(), (int) p.getY()).getOpacity() > 0.5;
    }

    @Test
    void aCardDroppedWhereItStartedStaysTheSameCard(FxRobot robot) {
        robot.interact(() -> {
            canvas.fit();
            canvas.viewport().zoomAt(400, 300, 1 / canvas.viewport().zoom());
            canvas.reveal("n200");
        });
        NodeCard card = canvas.cards().get("n200");
        Node n = model.graph().node("n200");
        Point2D at = canvas.surface().localToScreen(canvas.viewport().toScreen(n.position().x() + 90, n.position().y() + 30));
        robot.moveTo(at).press(MouseButton.PRIMARY).moveBy(30, 20).moveBy(-30, -20).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(n.position(), model.graph().node("n200").position());
        assertTrue(card == canvas.cards().get("n200"), "not rebuilt");
        assertEquals(n.position().x(), card.getLayoutX());
        assertEquals(n.position().y(), card.getLayoutY());
        assertFalse(model.canUndo(), "nothing to undo");
    }
}
