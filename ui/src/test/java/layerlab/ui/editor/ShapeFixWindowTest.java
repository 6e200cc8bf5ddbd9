package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A residual block's Add fed 8 channels by its shortcut and 16 by its main path: the Problems list fixes it in one click. */
@ExtendWith(ApplicationExtension.class)
class ShapeFixWindowTest {
    @TempDir
    static Path dir;
    private EditorModel editor;

    @Start
    void start(Stage stage) {
        MainWindow window = TestWindows.open(stage, dir.resolve("recovery.json"), 1240, 780);
        editor = window.editor();
    }

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
}
