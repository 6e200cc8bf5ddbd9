package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A student trying optimisers one after another in the training form: the rate typed stays with the next optimiser, but
 * Adadelta (whose rate is a scale, 1.0 in torch) starts at its own and hands the next one that one's own, so a switch
 * never leaves Adadelta at Adam's 0.001, where it barely moves.
 */
@WindowTest.Size(width = 1260, height = 790)
class OptimizerSwitchWindowTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void adadeltaStartsAtItsOwnRateAndATypedRateStaysOtherwise(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);

        robot.interact(() -> optimizer.setValue("Adadelta"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("1.0", lr(robot).getText());
        robot.interact(() -> optimizer.setValue("Adam"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.001", lr(robot).getText());

        robot.clickOn(lr(robot)).push(KeyCode.CONTROL, KeyCode.A).write("0.05").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> optimizer.setValue("SGD"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.05", lr(robot).getText());
        Map<String, Object> opt = (Map<String, Object>) window.editor().graph().training().get("optimizer");
        assertEquals("SGD", opt.get("name"));
        assertEquals(0.05, opt.get("lr"));

        robot.interact(window.editor()::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Adam", optimizer.getValue(), "the switch is one undoable edit");
    }

    private static TextField lr(FxRobot robot) {
        return robot.lookup("#train-optimizer-lr").queryAs(TextField.class);
    }
}
