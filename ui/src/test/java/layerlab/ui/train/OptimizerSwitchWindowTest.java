package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
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
 * never leaves Adadelta at Adam's 0.001, where it barely moves. The other options set go on to an optimiser that has them
 * (Adam's betas to AdamW), as the command line's --optimizer carries them, and a note under the picker names the rest.
 */
@WindowTest.Size(width = 1260, height = 790)
class OptimizerSwitchWindowTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void adadeltaStartsAtItsOwnRateAndATypedRateStaysOtherwise(FxRobot robot) throws Exception {
        ComboBox<String> optimizer = iris(robot);

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

    @Test
    @SuppressWarnings("unchecked")
    void theOptionsSetGoOnToAnOptimizerThatHasThemAndTheRestAreNamed(FxRobot robot) throws Exception {
        ComboBox<String> optimizer = iris(robot);
        robot.interact(() -> optimizer.setValue("Adam"));
        TextField betas = robot.lookup("#train-optimizer-betas").queryAs(TextField.class);
        robot.clickOn(betas).push(KeyCode.CONTROL, KeyCode.A).write("0.8, 0.99").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label note = robot.lookup("#trainOptimizerNote").queryAs(Label.class);

        robot.interact(() -> optimizer.setValue("AdamW"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.8, 0.99", robot.lookup("#train-optimizer-betas").queryAs(TextField.class).getText(), "AdamW has betas: kept");
        assertEquals("0.01", robot.lookup("#train-optimizer-weight_decay").queryAs(TextField.class).getText(),
                "Adam's weight_decay was never set: AdamW's own");
        assertFalse(note.isVisible(), "nothing left out: " + note.getText());

        robot.interact(() -> optimizer.setValue("SGD"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(note.isVisible());
        assertEquals("Not carried to SGD: betas=[0.8, 0.99]", note.getText());
        Map<String, Object> opt = (Map<String, Object>) window.editor().graph().training().get("optimizer");
        assertEquals("SGD", opt.get("name"));

        robot.interact(window.editor()::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("AdamW", optimizer.getValue(), "the switch is one undoable edit");
        assertEquals("0.8, 0.99", robot.lookup("#train-optimizer-betas").queryAs(TextField.class).getText());
        assertFalse(note.isVisible(), "the note spoke of SGD");
    }

    /** The Iris sample as a new project, the dashboard shown; its optimiser picker. */
    @SuppressWarnings("unchecked")
    private ComboBox<String> iris(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
    }

    private static TextField lr(FxRobot robot) {
        return robot.lookup("#train-optimizer-lr").queryAs(TextField.class);
    }
}
