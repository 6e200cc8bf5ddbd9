package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An Inception module's third branch wired onto its Concat, whose two inputs are fed: the Concat takes one input more
 * (num_inputs 3) in one undoable step. It was refused with "an input takes one connection (to combine two, feed them
 * into an Add or a Concat)", said of a Concat, and the prototyper had to find num_inputs in Properties.
 */
@WindowTest.Size(width = 1280, height = 820)
class ConcatGrowsTest extends WindowTest {
    private static Node conv(String name, int kernel, double y) {
        return new Node(name, name, "Conv2d", Map.of("out_channels", 8, "kernel_size", kernel, "padding", kernel / 2), new Position(280, y));
    }

    @Test
    void aThirdBranchDroppedOnAFullConcatBecomesItsThirdInput(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(1, 28, 28)), new Position(0, 150))).after()
                .addNode(conv("b1", 1, 0)).after().addNode(conv("b3", 3, 150)).after().addNode(conv("b5", 5, 300)).after()
                .addNode(new Node("cat", "cat", "Concat", Map.of(), new Position(560, 150))).after()
                .connect(new Edge("x", "out", "b1", "in")).after().connect(new Edge("x", "out", "b3", "in")).after()
                .connect(new Edge("x", "out", "b5", "in")).after()
                .connect(new Edge("b1", "out", "cat", "in1")).after().connect(new Edge("b3", "out", "cat", "in2")).after();
        robot.interact(() -> {
            window.editor().load(g);
            window.canvas().fit();
        });
        WaitForAsyncUtils.waitForFxEvents();
        CanvasView cv = window.canvas();
        NodeCard b5 = cv.cards().get("b5"), cat = cv.cards().get("cat");
        Point2D from = cv.surface().localToScreen(cv.viewport().toScreen(b5.anchor("out", false).getX(), b5.anchor("out", false).getY()));
        Point2D onto = cv.surface().localToScreen(cv.viewport().toScreen(cat.getLayoutX() + NodeCard.W / 2, cat.getLayoutY() + NodeCard.H / 2));
        robot.moveTo(from).press(MouseButton.PRIMARY).moveTo(from.midpoint(onto)).moveTo(onto).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            Graph now = window.editor().graph();
            assertEquals(3, now.requireNode("cat").param("num_inputs"));
            assertTrue(now.edges().contains(new Edge("b5", "out", "cat", "in3")), now.edges().toString());
            assertEquals("[N, 24, 28, 28]", window.editor().analysis().info("cat").output("out").toString());
        });
        robot.interact(() -> window.editor().undo());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            Graph now = window.editor().graph();
            assertEquals(null, now.requireNode("cat").param("num_inputs"), "one undo takes back the port and the wire");
            assertFalse(now.edges().stream().anyMatch(e -> e.fromNode().equals("b5") && e.toNode().equals("cat")));
            assertEquals("[N, 16, 28, 28]", window.editor().analysis().info("cat").output("out").toString());
        });
        robot.interact(() -> window.editor().redo());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> assertTrue(window.editor().graph().edges().contains(new Edge("b5", "out", "cat", "in3"))));
    }
}
