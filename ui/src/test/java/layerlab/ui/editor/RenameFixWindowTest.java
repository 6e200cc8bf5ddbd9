package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.ProblemCode;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** An older file's node named as nn.Module names its own methods: the Problems list renames it in one click. */
class RenameFixWindowTest extends WindowTest {
    @Test
    void aNodeNamedForwardIsRenamedToForward1InOneUndoableStep(FxRobot robot) {
        // Loaded as an older file would be: the document takes the name, only the analysis objects to it.
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "forward", "Linear", Map.of("out_features", 4), new Position(240, 40))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(460, 40))).after()
                .connect("x.out", "fc1.in").after()
                .connect("fc1.out", "out.in").after();
        robot.interact(() -> editor.load(g));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(editor.analysis().problems().stream().anyMatch(p -> p.code() == ProblemCode.RESERVED_NAME));
        javafx.css.PseudoClass error = javafx.css.PseudoClass.getPseudoClass("error");
        assertTrue(robot.lookup("#node-fc1").query().getPseudoClassStates().contains(error), "its card shows the error too");
        Hyperlink link = robot.lookup("#fix-fc1-reserved_name").queryAs(Hyperlink.class);
        assertEquals("Rename to forward_1", link.getText());
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("forward_1", editor.graph().node("fc1").name());
        assertTrue(editor.analysis().problems().stream().noneMatch(p -> p.code() == ProblemCode.RESERVED_NAME), editor.analysis().problems().toString());
        assertTrue(!robot.lookup("#node-fc1").query().getPseudoClassStates().contains(error), "and no longer once renamed");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(g, editor.graph(), "one undoable step");
        assertNull(editor.graph().nodeByName("forward_1"));
    }
}
