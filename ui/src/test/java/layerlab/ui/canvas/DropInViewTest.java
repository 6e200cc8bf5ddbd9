package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.Placement;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** A layer dropped from the palette near the canvas's edge lands wholly in view, its ports too, as near the pointer as that allows. */
@WindowTest.Size(width = 1280, height = 820)
class DropInViewTest extends WindowTest {
    @Test
    void aLayerDroppedByEachEdgeAndCornerLandsWhollyInView(FxRobot robot) {
        robot.interact(() -> window.editor().load(layerlab.graph.Graph.empty()));
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView cv = window.canvas();
        // 3 px inside each edge and corner of the canvas: the card's middle under the pointer stuck out by half a card.
        double[][] at = {{3, -1}, {-3, -1}, {-1, 3}, {-1, -3}, {3, 3}, {-3, -3}, {3, -3}, {-3, 3}};
        for (double[] p : at) {
            Point2D before = cv.viewport().toScreen(0, 0);
            String[] id = {null};
            robot.interact(() -> {
                Bounds b = cv.surface().getLayoutBounds();
                double x = p[0] == -1 ? b.getWidth() / 2 : p[0] > 0 ? p[0] : b.getWidth() + p[0];
                double y = p[1] == -1 ? b.getHeight() / 2 : p[1] > 0 ? p[1] : b.getHeight() + p[1];
                Point2D s = cv.surface().localToScreen(x, y);
                assertTrue(cv.dropKind("ReLU", null, s.getX(), s.getY()));
                id[0] = cv.model.selection().iterator().next();
            });
            WaitForAsyncUtils.waitForFxEvents();
            Node n = window.editor().viewGraph().node(id[0]);
            Point2D a = cv.viewport().toScreen(n.position().x(), n.position().y());
            Point2D b = cv.viewport().toScreen(n.position().x() + NodeCard.W, n.position().y() + NodeCard.H);
            double w = cv.surface().getWidth(), h = cv.surface().getHeight();
            String where = "dropped at " + p[0] + ", " + p[1] + ": the card spans " + a + " – " + b + " of " + w + " × " + h;
            assertTrue(a.getX() >= 0 && a.getY() >= 0 && b.getX() <= w && b.getY() <= h, where);
            // Its ports too, whole: flush with the left edge, the input's dot was cut in half (hard to wire).
            NodeCard card = cv.cards.get(id[0]);
            for (PortDot d : java.util.stream.Stream.concat(card.inputs.stream(), card.outputs.stream()).toList()) {
                Bounds dot = cv.surface().sceneToLocal(d.localToScene(d.getBoundsInLocal()));
                assertTrue(dot.getMinX() >= 0 && dot.getMaxX() <= w, d.getId() + " spans " + dot.getMinX() + " – " + dot.getMaxX() + "; " + where);
            }
            // Near the pointer: within a grid step (and the ports' reach) of the edge it was dropped by, and the view did not move.
            double near = (CanvasView.GRID + PortDot.RADIUS + 2) * (cv.viewport().toScreen(1, 0).getX() - cv.viewport().toScreen(0, 0).getX());
            if (p[0] > 0) assertTrue(a.getX() <= near, where);
            if (p[0] < -1) assertTrue(b.getX() >= w - near, where);
            if (p[1] > 0) assertTrue(a.getY() <= CanvasView.GRID, where);
            if (p[1] < -1) assertTrue(b.getY() >= h - CanvasView.GRID, where);
            assertEquals(before, cv.viewport().toScreen(0, 0), "the view stays where it was");
        }
    }

    /** Dropped by the edge onto a card there: beside the card, and still in view (not pushed past the edge). */
    @Test
    void aLayerDroppedByTheEdgeOntoACardThereLandsBesideItInView(FxRobot robot) {
        robot.interact(() -> window.editor().load(layerlab.graph.Graph.empty()));
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView cv = window.canvas();
        Node[] card = {null};
        robot.interact(() -> {
            // A card against the top edge, halfway across: the nearest free place is above it, out of view.
            Point2D w = cv.viewport().toWorld(cv.surface().getWidth() / 2, 0);
            Position at = new Position(Math.round(w.getX() / CanvasView.GRID) * CanvasView.GRID - 80, Math.ceil(w.getY() / CanvasView.GRID) * CanvasView.GRID);
            window.editor().execute(Commands.addNode("Linear", null, at, null));
            card[0] = window.editor().viewGraph().nodes().get(0);
            Point2D s = cv.surface().localToScreen(cv.surface().getWidth() / 2, 3);
            cv.dropKind("ReLU", null, s.getX(), s.getY());
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node n = window.editor().viewGraph().nodes().stream().filter(x -> x.kind().equals("ReLU")).findFirst().orElseThrow();
        Point2D a = cv.viewport().toScreen(n.position().x(), n.position().y());
        Point2D b = cv.viewport().toScreen(n.position().x() + NodeCard.W, n.position().y() + NodeCard.H);
        String where = "the ReLU at " + n.position() + ", the Linear at " + card[0].position() + ": spans " + a + " – " + b;
        assertTrue(a.getX() >= 0 && a.getY() >= 0 && b.getX() <= cv.surface().getWidth() && b.getY() <= cv.surface().getHeight(), where);
        double dx = Math.abs(n.position().x() - card[0].position().x()), dy = Math.abs(n.position().y() - card[0].position().y());
        assertTrue(dx >= Placement.CARD_W || dy >= Placement.CARD_H, "covers: " + where);
    }
}
