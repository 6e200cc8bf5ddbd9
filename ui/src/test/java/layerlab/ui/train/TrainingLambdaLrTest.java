package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import javafx.event.ActionEvent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * LambdaLR in the training form: picked, its lr_lambda starts at {@code 0.95 ** epoch}; an expression with commas is written
 * as typed (not read as a list); a mistake is said with its place; the run's rates follow the expression.
 */
@WindowTest.Size(width = 1260, height = 790)
class TrainingLambdaLrTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void anLrLambdaIsTypedCheckedAndTrainsWith(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        set(robot, robot.lookup("#train-epochs").queryAs(TextField.class), "3");
        ComboBox<String> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        robot.interact(() -> scheduler.setValue("LambdaLR"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertEquals("0.95 ** epoch", robot.lookup("#train-scheduler-lr_lambda").queryAs(TextField.class).getText());

        set(robot, robot.lookup("#train-scheduler-lr_lambda").queryAs(TextField.class), "0.95 ** y");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().startsWith("training.scheduler.lr_lambda: unexpected \"y\" at character 9"),
                robot.lookup("#trainError").queryLabeled().getText());
        set(robot, robot.lookup("#train-scheduler-lr_lambda").queryAs(TextField.class), "max(0.5, 0.8 ** epoch)");
        Map<String, Object> written = (Map<String, Object>) window.editor().graph().training().get("scheduler");
        assertEquals(Map.of("name", "LambdaLR", "lr_lambda", "max(0.5, 0.8 ** epoch)"), written);
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());

        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        TestWindows.waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        TestWindows.waitFor("the run's end", () -> !s.state().active());
        assertEquals(TrainingSession.State.FINISHED, s.state(), robot.lookup("#trainError").queryLabeled().getText());
        double lr = ((Number) ((Map<String, Object>) window.editor().graph().training().get("optimizer")).getOrDefault("lr", 0.001)).doubleValue();
        var history = s.finished().history();
        for (int e = 0; e < 3; e++) {
            assertEquals(lr * Math.max(0.5, Math.pow(0.8, e)), ((Number) history.get(e).get("lr")).doubleValue(), 1e-12, "epoch " + (e + 1));
        }
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
