package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Commands;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The canvas draws its wires round the cards between their ends: a skip connection over the layers it skips, not behind
 * them; and a card dragged onto a wire's path, or away from it, re-routes the wire as it goes.
 */
@WindowTest.Size(width = 1280, height = 820)
class CanvasWiresTest extends WindowTest {
    /** The wire as drawn: its path's points, start then three per cubic. */
    private static double[] drawn(EdgeView v) {
        List<Double> pts = new ArrayList<>();
        for (PathElement e : v.curve.getElements()) {
            if (e instanceof MoveTo m) {
                pts.add(m.getX());
                pts.add(m.getY());
            } else if (e instanceof CubicCurveTo c) {
                pts.addAll(List.of(c.getControlX1(), c.getControlY1(), c.getControlX2(), c.getControlY2(), c.getX(), c.getY()));
            }
        }
        return pts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The least distance from the drawn wire, closely followed, to the card. */
    private static double clearance(EdgeView v, NodeCard c) {
        double[] r = drawn(v);
        double x0 = c.getLayoutX(), y0 = c.getLayoutY(), x1 = x0 + NodeCard.W, y1 = y0 + NodeCard.H, least = Double.MAX_VALUE;
        for (int s = 0; s < (r.length - 2) / 6; s++) {
            for (int k = 0; k <= 200; k++) {
                double[] p = Wire.point(r, s, k / 200.0);
                least = Math.min(least, Math.hypot(Math.max(0, Math.max(x0 - p[0], p[0] - x1)), Math.max(0, Math.max(y0 - p[1], p[1] - y1))));
            }
        }
        return least;
    }

    private EdgeView edge(String from, String to) {
        Graph g = window.editor().viewGraph();
        for (EdgeView v : window.canvas().edgeViews()) {
            if (g.node(v.edge.fromNode()).name().equals(from) && g.node(v.edge.toNode()).name().equals(to)) return v;
        }
        throw new AssertionError("no wire " + from + " → " + to);
    }

    private NodeCard card(String name) {
        return window.canvas().cards().get(window.editor().viewGraph().nodeByName(name).id());
    }

    /**
     * In the Vision Transformer's encoder block, the residual from the block's input to add1 runs clear of ln_1 and
     * self_attention (it ran behind them, like a second output of self_attention), and no wire of the block passes
     * behind a card it does not join; the picture exported as SVG draws the same routes.
     */
    @Test
    void theVisionTransformersSkipConnectionsRunClearOfTheCardsTheySkip(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("vision-transformer.json"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.canvas().openDefinition("ViTBlock"));
        WaitForAsyncUtils.waitForFxEvents();
        EdgeView skip = edge("x", "add1");
        for (String name : List.of("ln_1", "self_attention")) {
            double d = clearance(skip, card(name));
            assertTrue(d >= Wire.CLEARANCE, "x → add1 passes " + d + " from " + name);
        }
        List<String> behind = new ArrayList<>();
        Graph g = window.editor().viewGraph();
        for (EdgeView v : window.canvas().edgeViews()) {
            for (NodeCard c : window.canvas().cards().values()) {
                if (c.nodeId().equals(v.edge.fromNode()) || c.nodeId().equals(v.edge.toNode())) continue;
                if (clearance(v, c) < Wire.MARGIN) behind.add(g.describe(v.edge) + " behind " + c.node().name());
            }
        }
        assertEquals(List.of(), behind);
        String svg = WaitForAsyncUtils.asyncFx(() -> window.canvas().svg("ViTBlock")).get();
        assertTrue(svg.contains(SvgPicture.pathData(skip.curve.getElements())), "the SVG draws the wire's route");
    }

    /**
     * A card dragged onto a wire's path sends the wire round it while the drag lasts, and once dropped; moved away again
     * (here by undo), the wire takes its plain route back.
     */
    @Test
    void aCardDraggedOntoAWiresPathReroutesIt(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("a", "a", "ReLU", Map.of(), new Position(0, 0))).after()
                .addNode(new Node("b", "b", "ReLU", Map.of(), new Position(840, 0))).after()
                .addNode(new Node("c", "c", "ReLU", Map.of(), new Position(420, 300))).after()
                .addNode(new Node("d", "d", "ReLU", Map.of(), new Position(840, 300))).after()
                .connect(new Edge("a", "out", "b", "in")).after()
                .connect(new Edge("c", "out", "d", "in")).after();
        robot.interact(() -> {
            window.editor().load(g);
            window.canvas().fit();
        });
        WaitForAsyncUtils.waitForFxEvents();
        EdgeView ab = edge("a", "b");
        double[] plain = drawn(ab);
        assertTrue(clearance(ab, card("c")) > 100);
        Viewport vp = window.canvas().viewport();
        Point2D grab = window.canvas().surface().localToScreen(vp.toScreen(420 + 90, 300 + 30));
        double up = 300 * vp.zoom();
        robot.moveTo(grab).press(MouseButton.PRIMARY).moveBy(0, -up / 2).moveBy(0, -up / 2);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            assertTrue(Math.abs(card("c").getLayoutY()) < 20, "dragged into the row: " + card("c").getLayoutY());
            assertTrue(clearance(ab, card("c")) >= Wire.CLEARANCE, "round the card being dragged: " + clearance(ab, card("c")));
        });
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> assertTrue(clearance(ab, card("c")) >= Wire.CLEARANCE, "round the card dropped"));
        robot.interact(() -> window.editor().undo());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> assertArrayEquals(plain, drawn(ab), "back to the plain route"));
        robot.interact(() -> window.editor().execute(Commands.move(window.editor().viewGraph(), Map.of("c", new Position(400, 10)))));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> assertTrue(clearance(ab, card("c")) >= Wire.CLEARANCE, "round the card moved by a command"));
    }
}
