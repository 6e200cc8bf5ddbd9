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
 * LBFGS in the training form: picked, it starts at its own rate (1) with a field per option from the engine's defaults
 * (torch's None blank, saying "None"); "strong_wolfe" typed into line_search_fn is written as the word; clipping is refused
 * saying why; a run trains Iris with it.
 */
@WindowTest.Size(width = 1260, height = 790)
class TrainingLbfgsTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void lbfgsIsPickedSetAndTrains(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        set(robot, robot.lookup("#train-epochs").queryAs(TextField.class), "2");
        ComboBox<String> optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
        robot.interact(() -> optimizer.setValue("LBFGS"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertEquals("1.0", robot.lookup("#train-optimizer-lr").queryAs(TextField.class).getText(), "LBFGS's own rate, not Adam's");
        assertEquals("20", robot.lookup("#train-optimizer-max_iter").queryAs(TextField.class).getText());
        assertEquals("100", robot.lookup("#train-optimizer-history_size").queryAs(TextField.class).getText());
        assertEquals("1e-07", robot.lookup("#train-optimizer-tolerance_grad").queryAs(TextField.class).getText());
        TextField search = robot.lookup("#train-optimizer-line_search_fn").queryAs(TextField.class);
        assertEquals("", search.getText());
        assertEquals("None", search.getPromptText());
        assertEquals("None", robot.lookup("#train-optimizer-max_eval").queryAs(TextField.class).getPromptText());

        set(robot, search, "strong_wolfe");
        Map<String, Object> written = (Map<String, Object>) window.editor().graph().training().get("optimizer");
        assertEquals("strong_wolfe", written.get("line_search_fn"), written.toString());
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        set(robot, robot.lookup("#train-optimizer-line_search_fn").queryAs(TextField.class), "wolfe");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().contains("training.optimizer.line_search_fn must be \"strong_wolfe\" or null"),
                robot.lookup("#trainError").queryLabeled().getText());
        set(robot, robot.lookup("#train-optimizer-line_search_fn").queryAs(TextField.class), "strong_wolfe");

        set(robot, robot.lookup("#train-clip_grad_norm").queryAs(TextField.class), "1");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().startsWith("training.clip_grad_norm: LBFGS takes the gradient as the loss's true slope"),
                robot.lookup("#trainError").queryLabeled().getText());
        set(robot, robot.lookup("#train-clip_grad_norm").queryAs(TextField.class), "");
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());

        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        TestWindows.waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        TestWindows.waitFor("the run's end", () -> !s.state().active());
        assertEquals(TrainingSession.State.FINISHED, s.state(), robot.lookup("#trainError").queryLabeled().getText());
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
