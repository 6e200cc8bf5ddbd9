package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Select All, then Group into Block (Ctrl+G): the network keeps its Inputs, Outputs and loss. */
class GroupAllTest extends WindowTest {
    private void group(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.G).release(KeyCode.G, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void selectAllThenGroupLeavesTheInputsOutputAndLossOutside(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        robot.interact(() -> editor.load(iris));
        robot.interact(window::selectAll);
        group(robot);

        Graph g = editor.graph();
        assertEquals(List.of("measurements", "logits", "labels", "loss", "block1"), g.nodes().stream().map(Node::name).toList());
        Node placement = g.nodes().get(4);
        assertEquals("Block", placement.kind());
        assertEquals(List.of("fc1", "relu", "fc2"),
                g.block((String) placement.param("block")).body().nodes().stream().filter(n -> !n.kind().equals("Input") && !n.kind().equals("Output")).map(Node::name).toList());
        assertEquals(List.of(), editor.analysis().errors(), "the network still trains: data in, loss out");
        assertEquals("Group 3 nodes into Block1; measurements, logits, labels and loss stay outside (a block holds no Inputs, Outputs or losses)",
                editor.messageProperty().get());
    }

    @Test
    void groupingOnlyInputsAndALossIsRefusedWithAMessage(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        robot.interact(() -> editor.load(iris));
        robot.interact(() -> editor.select(List.of(iris.nodeByName("labels").id(), iris.nodeByName("loss").id())));
        group(robot);

        assertEquals(iris, editor.graph(), "nothing grouped");
        assertNotNull(editor.messageProperty().get());
        assertEquals("Nothing to group: labels and loss stay outside (a block holds no Inputs, Outputs or losses)", editor.messageProperty().get());
    }
}
