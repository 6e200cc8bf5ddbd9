package layerlab.ui.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.spec.PyNone;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** BatchNorm's momentum=None (a cumulative average) is picked in Properties by typing None, and shown so. */
class MomentumNoneWindowTest extends WindowTest {
    @Test
    void typingNoneSetsACumulativeAverage(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("bn", "bn", "BatchNorm1d", Map.of(), new Position(240, 40))).after()
                .connect("x.out", "bn.in").after();
        robot.interact(() -> editor.load(g));
        robot.clickOn("#node-bn");
        WaitForAsyncUtils.waitForFxEvents();
        TextField momentum = robot.lookup("#param-momentum").queryAs(TextField.class);
        assertEquals("default: 0.1", momentum.getPromptText());
        robot.clickOn(momentum).write("None").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(PyNone.NONE, editor.graph().node("bn").param("momentum"));
        assertFalse(robot.lookup("#error-momentum").queryAs(Label.class).isVisible());
        assertEquals("None", robot.lookup("#param-momentum").queryAs(TextField.class).getText(), "the field shows what is set");
        robot.interact(editor::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(editor.graph().node("bn").param("momentum"));
    }
}
