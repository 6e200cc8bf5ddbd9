package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.QuickAddModel.Choice;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Wires made and taken away from the keyboard alone: Connect To… from any output, and Disconnect…. */
class KeyboardWiringTest extends WindowTest {
    private void load(FxRobot robot, Graph g) {
        robot.interact(() -> {
            editor.load(g);
            window.canvas().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static layerlab.graph.Node node(String id, String kind, Map<String, Object> params, double x, double y) {
        return new layerlab.graph.Node(id, id, kind, params, new Position(x, y));
    }

    @SuppressWarnings("unchecked")
    private List<String> offered(FxRobot robot) {
        return robot.lookup("#quickAddList").queryAs(ListView.class).getItems().stream().map(c -> ((Choice) c).label()).toList();
    }

    /**
     * Shift+C on a node lists its wires, in and out, by their two ends; typing part of a name and Enter deletes that one
     * wire (the nodes stay), Ctrl+Z brings it back. The node's menu offers it too, with its key.
     */
    @Test
    void shiftCDisconnectsOneWire(FxRobot robot) {
        load(robot, Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(8)), 20, 40)).after()
                .addNode(node("fc1", "Linear", Map.of("out_features", 4), 240, 40)).after()
                .addNode(node("relu1", "ReLU", Map.of(), 460, 40)).after()
                .connect("x.out", "fc1.in").after()
                .connect("fc1.out", "relu1.in").after());
        robot.interact(() -> editor.select(List.of("fc1")));
        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.C);
        assertTrue(robot.lookup("#quickAdd").query().isVisible(), "Shift+C opens the list");
        assertEquals(List.of("x.out → fc1.in", "fc1.out → relu1.in"), offered(robot));
        robot.write("relu");
        TestWindows.keys(robot, KeyCode.ENTER);
        Edge wire = new Edge("fc1", "out", "relu1", "in");
        assertFalse(editor.graph().edges().contains(wire), editor.graph().edges().toString());
        assertTrue(editor.graph().edges().contains(new Edge("x", "out", "fc1", "in")), "the other wire stays");
        assertEquals(3, editor.graph().nodes().size(), "no node goes");
        assertTrue(window.canvas().isFocused(), "the focus is back on the canvas");
        TestWindows.keys(robot, KeyCode.CONTROL, KeyCode.Z);
        assertTrue(editor.graph().edges().contains(wire), "undone");

        // The node's menu, from the keyboard too (Shift+F10), offers it with its key.
        TestWindows.keys(robot, KeyCode.SHIFT, KeyCode.F10);
        ContextMenu menu = javafx.stage.Window.getWindows().stream().filter(w -> w instanceof ContextMenu && w.isShowing())
                .map(w -> (ContextMenu) w).findFirst().orElseThrow();
        assertTrue(menu.getItems().stream().anyMatch(i -> "ctxDisconnect".equals(i.getId()) && "Disconnect…".equals(i.getText())
                && "Shift+C".equals(i.getAccelerator().getDisplayText())), menu.getItems().stream().map(i -> i.getId()).toList().toString());
        robot.interact(menu::hide);
    }

    /**
     * C on a GRU whose sequence output is wired already offers its final state (h_n) too, named by its port; choosing it
     * draws that wire.
     */
    @Test
    void connectToOffersEveryOutputOfANodeWithSeveral(FxRobot robot) {
        load(robot, Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(5, 8)), 20, 40)).after()
                .addNode(node("gru", "GRU", Map.of("hidden_size", 6, "batch_first", true), 240, 40)).after()
                .addNode(node("fc", "Linear", Map.of("out_features", 3), 460, 40)).after()
                .addNode(node("head", "Linear", Map.of("out_features", 2), 460, 300)).after()
                .connect("x.out", "gru.in").after()
                .connect("gru.out", "fc.in").after());
        robot.interact(() -> editor.select(List.of("gru")));
        robot.write("c");
        List<String> labels = offered(robot);
        assertTrue(labels.contains("gru.h_n → head.in  (Linear)") && labels.contains("gru.out → head.in  (Linear)"), labels.toString());
        assertEquals("gru.h_n → head.in  (Linear)", labels.get(0), "the unfed output first");
        TestWindows.keys(robot, KeyCode.ENTER);
        assertTrue(editor.graph().edges().contains(new Edge("gru", "h_n", "head", "in")), editor.graph().edges().toString());
    }
}
