package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training form's newer scheduler settings: a SequentialLR's part picked as LambdaLR (its lr_lambda a field with what it
 * may say as a tooltip) trains with the rates torch's would set; CyclicLR's scale_fn is typed as an expression (its commas no
 * list's); "Find…" is off for LBFGS and Rprop, its holder saying why, and on again for Adam.
 */
@WindowTest.Size(width = 1260, height = 790)
class TrainingSchedMoreTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void aSequentialPartIsPickedAsLambdaLrAndTrains(FxRobot robot) throws Exception {
        open(robot);
        set(robot, robot.lookup("#train-epochs").queryAs(TextField.class), "3");
        ComboBox<String> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        robot.interact(() -> scheduler.setValue("SequentialLR"));
        TestWindows.waitFor("SequentialLR's parts", () -> !robot.lookup("#train-scheduler-schedulers-0-name").queryAll().isEmpty());
        ComboBox<String> first = robot.lookup("#train-scheduler-schedulers-0-name").queryAs(ComboBox.class);
        assertEquals("LinearLR", first.getValue());
        assertTrue(first.getItems().containsAll(List.of("LambdaLR", "MultiplicativeLR")), first.getItems().toString());
        robot.interact(() -> first.setValue("LambdaLR"));
        // The pick is an edit of the project; the form shows the new part once it has read it back.
        TestWindows.waitFor("LambdaLR's field", () -> !robot.lookup("#train-scheduler-schedulers-0-lr_lambda").queryAll().isEmpty());
        TextField lambda = robot.lookup("#train-scheduler-schedulers-0-lr_lambda").queryAs(TextField.class);
        assertEquals("0.95 ** epoch", lambda.getText());
        assertTrue(lambda.getTooltip().getText().startsWith("lr_lambda: the rate's factor as an expression of epoch"), lambda.getTooltip().getText());
        set(robot, lambda, "min(1, (epoch + 1) / 3)");
        Map<String, Object> written = (Map<String, Object>) window.editor().graph().training().get("scheduler");
        assertEquals(Map.of("name", "LambdaLR", "lr_lambda", "min(1, (epoch + 1) / 3)"), ((List<?>) written.get("schedulers")).get(0));
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());

        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        TestWindows.waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        TestWindows.waitFor("the run's end", () -> !s.state().active());
        assertEquals(TrainingSession.State.FINISHED, s.state(), robot.lookup("#trainError").queryLabeled().getText());
        double lr = ((Number) ((Map<String, Object>) window.editor().graph().training().get("optimizer")).getOrDefault("lr", 0.001)).doubleValue();
        var history = s.finished().history();
        // The warm-up's first epoch (a third), then at the milestone (1) CosineAnnealingLR over T_max 2 from its start.
        double[] expected = {lr / 3, lr, lr * 0.5};
        for (int e = 0; e < 3; e++) assertEquals(expected[e], ((Number) history.get(e).get("lr")).doubleValue(), 1e-12, "epoch " + (e + 1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cyclicLrsScaleFnIsTypedAsAnExpression(FxRobot robot) throws Exception {
        open(robot);
        ComboBox<String> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        robot.interact(() -> scheduler.setValue("CyclicLR"));
        TestWindows.waitFor("CyclicLR's fields", () -> !robot.lookup("#train-scheduler-scale_fn").queryAll().isEmpty());
        TextField scaleFn = robot.lookup("#train-scheduler-scale_fn").queryAs(TextField.class);
        assertEquals("", scaleFn.getText());
        assertEquals("None: mode's", scaleFn.getPromptText());
        assertTrue(scaleFn.getTooltip().getText().startsWith("scale_fn: the cycle's height factor as an expression of x"), scaleFn.getTooltip().getText());
        set(robot, scaleFn, "max(0.2, 1 - 0.25 * (x - 1))");
        set(robot, robot.lookup("#train-scheduler-scale_mode").queryAs(TextField.class), "iterations");
        Map<String, Object> written = (Map<String, Object>) window.editor().graph().training().get("scheduler");
        assertEquals("max(0.2, 1 - 0.25 * (x - 1))", written.get("scale_fn"));
        assertEquals("iterations", written.get("scale_mode"));
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        set(robot, robot.lookup("#train-scheduler-scale_fn").queryAs(TextField.class), "0.9 ** epoch");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().startsWith("training.scheduler.scale_fn: unexpected \"epoch\" at character 8"),
                robot.lookup("#trainError").queryLabeled().getText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void findIsOffForLbfgsAndRpropSayingWhy(FxRobot robot) throws Exception {
        open(robot);
        ComboBox<String> optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
        for (String name : List.of("LBFGS", "Rprop")) {
            robot.interact(() -> optimizer.setValue(name));
            TestWindows.waitFor("Find… off for " + name, () -> offFor(robot).startsWith("Find… is off for " + name));
            Button find = robot.lookup("#trainFindLr").queryButton();
            assertTrue(find.isDisabled(), name);
            Tooltip why = (Tooltip) find.getParent().getProperties().get("findOff");
            assertTrue(why.getText().startsWith("Find… is off for " + name + ": the range test "), why.getText());
            assertEquals(why.getText(), find.getAccessibleHelp());
        }
        robot.interact(() -> optimizer.setValue("Adam"));
        TestWindows.waitFor("Find… on for Adam", () -> offFor(robot).isEmpty());
        Button find = robot.lookup("#trainFindLr").queryButton();
        assertFalse(find.isDisabled());
        assertNull(find.getParent().getProperties().get("findOff"));
        assertNull(find.getAccessibleHelp());
    }

    /** What the holder of "Find…" says of why it is off, or "" where it is on. */
    private static String offFor(FxRobot robot) {
        Object why = robot.lookup("#trainFindLr").queryButton().getParent().getProperties().get("findOff");
        return why instanceof Tooltip t ? t.getText() : "";
    }

    private void open(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
