package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** A residual block's Add fed 8 channels by its shortcut and 16 by its main path: the Problems list fixes it in one click. */
class ShapeFixWindowTest extends WindowTest {
    private static Node node(String id, String kind, Map<String, Object> params, double x) {
        return new Node(id, id, kind, params, new Position(x, 40));
    }

    @Test
    void theShortcutGetsItsProjectionFromTheAddsProblemLine(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(8, 16, 16)), 20)).after()
                .addNode(node("conv", "Conv2d", Map.of("out_channels", 16, "padding", 1), 300)).after()
                .addNode(node("add", "Add", Map.of(), 580)).after()
                .addNode(node("out", "Output", Map.of(), 860)).after()
                .connect("x.out", "conv.in").after()
                .connect("conv.out", "add.in1").after()
                .connect("x.out", "add.in2").after()
                .connect("add.out", "out.in").after();
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(editor.analysis().hasErrors());
        Hyperlink link = robot.lookup("#fix-add-shape").queryAs(Hyperlink.class);
        assertEquals("Insert a 1×1 Conv2d on the shortcut", link.getText());
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.analysis().hasErrors(), editor.analysis().problems().toString());
        assertEquals(5, editor.graph().nodes().size());
        assertTrue(robot.lookup(".quick-fix").queryAll().isEmpty(), "the link goes with its problem");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(g, editor.graph(), "one undoable step");
    }

    /**
     * A U-Net drawn with the palette's defaults: its fix's link is long ("Set padding to 1 on conv1, conv2 and stride to 2
     * on up"), and goes under the message, which keeps the line's width (beside it, the words wrapped in a narrow column).
     */
    @Test
    void aLongFixLinkGoesUnderItsMessageNotBesideIt(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(1, 28, 28)), 20)).after()
                .addNode(node("conv1", "Conv2d", Map.of("out_channels", 8), 300)).after()
                .addNode(new Node("pool", "pool", "MaxPool2d", Map.of("kernel_size", 2), new Position(580, 40))).after()
                .addNode(new Node("conv2", "conv2", "Conv2d", Map.of("out_channels", 8), new Position(20, 200))).after()
                .addNode(new Node("up", "up", "ConvTranspose2d", Map.of("out_channels", 8), new Position(300, 200))).after()
                .addNode(new Node("cat", "cat", "Concat", Map.of(), new Position(580, 200))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(860, 200))).after()
                .connect("x.out", "conv1.in").after()
                .connect("conv1.out", "pool.in").after()
                .connect("pool.out", "conv2.in").after()
                .connect("conv2.out", "up.in").after()
                .connect("up.out", "cat.in1").after()
                .connect("conv1.out", "cat.in2").after()
                .connect("cat.out", "out.in").after();
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        Hyperlink link = robot.lookup("#fix-cat-shape").queryAs(Hyperlink.class);
        assertEquals("Set padding to 1 on conv1, conv2 and stride to 2 on up", link.getText());
        javafx.scene.control.ListCell<?> cell = (javafx.scene.control.ListCell<?>) link.getParent();
        // The cell's own text (the link's, also ".text", is inside the link).
        javafx.scene.Node words = cell.getChildrenUnmodifiable().stream().filter(n -> n instanceof javafx.scene.text.Text).findFirst().orElseThrow();
        double wordsWidth = words.getBoundsInParent().getWidth(), cellWidth = cell.getWidth();
        assertTrue(wordsWidth > 0.7 * cellWidth, "the message is " + wordsWidth + " px wide in a line of " + cellWidth);
        assertTrue(link.getBoundsInParent().getMinY() >= words.getBoundsInParent().getMaxY() - 1, "the link under the words");
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(editor.analysis().hasErrors(), editor.analysis().problems().toString());
    }
}
