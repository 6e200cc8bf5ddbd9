package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.train.TrainingConfig;
import layerlab.ui.TestWindows;
import layerlab.ui.TypedText;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training settings the form had no field for, set as a student sets them: typed, Enter, the field marked with the
 * engine's reason when it is refused, Undo; every edit one step of Edit › Undo, and the project file reads back what the
 * form shows. The gradient norm's type, the loss's class weights, parameter groups, shuffling and the last batch, what
 * early stopping watches, the metrics and how often statistics and checkpoints are taken.
 */
@WindowTest.Size(width = 1260, height = 790)
class TrainingFormOptionsTest extends WindowTest {
    private Dashboard iris(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        WaitForAsyncUtils.waitForFxEvents();
        return d;
    }

    /** Scrolls the settings so that {@code n} is in view, as a user scrolls to a field before clicking it. */
    private static void reveal(FxRobot robot, Node n) {
        robot.interact(() -> {
            javafx.scene.Parent p = n.getParent();
            while (p != null && !(p instanceof ScrollPane)) p = p.getParent();
            if (p instanceof ScrollPane sp) {
                javafx.geometry.Bounds b = sp.getContent().sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                double room = sp.getContent().getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
                sp.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 40) / Math.max(1, room))));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks field {@code id}, selects its text, types {@code text} over it and presses {@code key}. */
    private static void type(FxRobot robot, String id, String text, KeyCode key) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        reveal(robot, f);
        robot.clickOn(f);
        // The field as it is now: the click's commit of the field before may have made its row afresh, the focus kept in it.
        TextField now = robot.lookup(id).queryAs(TextField.class);
        robot.interact(now::selectAll);
        if (text.isEmpty()) robot.type(KeyCode.BACK_SPACE);
        else robot.write(text);
        robot.type(key);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void type(FxRobot robot, String id, String text) {
        type(robot, id, text, KeyCode.ENTER);
    }

    private static TextField field(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TextField.class);
    }

    private static boolean invalid(FxRobot robot, String id) {
        return field(robot, id).getStyleClass().contains("invalid");
    }

    private String error(FxRobot robot) {
        return robot.lookup("#trainError").queryAs(Label.class).getText();
    }

    private Map<String, Object> training() {
        return window.editor().graph().training();
    }

    private void undo(FxRobot robot) {
        assertEquals("Set training options", window.editor().undoNameProperty().get());
        robot.interact(() -> window.editor().undo());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The project file written and read back holds the same settings, and the engine reads them. */
    private void roundTrips() throws Exception {
        Graph back = ProjectJson.read(ProjectJson.write(window.editor().graph()), "back.json");
        assertEquals(training(), back.training());
        TrainingConfig.fromMap(back.training());
    }

    @Test
    void theNormTypeOfGradientClippingIsTypedBesideItsNorm(FxRobot robot) throws Exception {
        iris(robot);
        TextField type = field(robot, "#train-clip_grad_norm_type");
        assertTrue(type.isDisabled(), "no norm to bound, no norm type");
        assertEquals("2", type.getPromptText(), "the Euclidean norm unless said otherwise");
        type(robot, "#train-clip_grad_norm", "1");
        assertFalse(field(robot, "#train-clip_grad_norm_type").isDisabled());
        type(robot, "#train-clip_grad_norm_type", "inf");
        assertEquals("inf", training().get("clip_grad_norm_type"));
        type(robot, "#train-clip_grad_norm_type", "0,5");
        assertEquals("inf", training().get("clip_grad_norm_type"), "0,5 is no number where a point is the decimal sign: refused");
        type(robot, "#train-clip_grad_norm_type", "-1");
        assertEquals("inf", training().get("clip_grad_norm_type"), "refused");
        assertTrue(invalid(robot, "#train-clip_grad_norm_type"), "the field is marked");
        assertTrue(error(robot).contains("training.clip_grad_norm_type must be a number above 0"), error(robot));
        type(robot, "#train-clip_grad_norm_type", "1");
        assertEquals(1.0, training().get("clip_grad_norm_type"));
        assertFalse(invalid(robot, "#train-clip_grad_norm_type"));
        assertEquals("", error(robot));
        roundTrips();
        undo(robot);
        assertEquals("inf", training().get("clip_grad_norm_type"));
        assertEquals("inf", field(robot, "#train-clip_grad_norm_type").getText(), "the field follows the undo");
        // Without a norm the type goes too, and its field is disabled again.
        type(robot, "#train-clip_grad_norm", "");
        assertNull(training().get("clip_grad_norm_type"));
        assertTrue(field(robot, "#train-clip_grad_norm_type").isDisabled());
        assertEquals("", field(robot, "#train-clip_grad_norm_type").getText());
    }

    @Test
    void theLossChosenInTheSettingsTakesClassWeightsTypedAsInProperties(FxRobot robot) throws Exception {
        iris(robot);
        assertTrue(robot.lookup("#train-loss-weight").queryAll().isEmpty(), "the graph's own loss: its weights are its node's, in Properties");
        @SuppressWarnings("unchecked")
        ComboBox<String> loss = robot.lookup("#trainLoss").queryAs(ComboBox.class);
        robot.interact(() -> loss.setValue("CrossEntropyLoss"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("CrossEntropyLoss", training().get("loss"));
        for (String option : List.of("reduction", "weight", "ignore_index", "label_smoothing")) {
            assertFalse(robot.lookup("#train-loss-" + option).queryAll().isEmpty(), option);
        }
        type(robot, "#train-loss-weight", "1, 2, 3");
        assertEquals(Map.of("name", "CrossEntropyLoss", "weight", List.of(1.0, 2.0, 3.0)), training().get("loss"));
        assertEquals("1.0, 2.0, 3.0", field(robot, "#train-loss-weight").getText());
        type(robot, "#train-loss-weight", "1, x, 3");
        assertTrue(invalid(robot, "#train-loss-weight"));
        assertTrue(error(robot).contains("weight: \"x\" is not a number"), error(robot));
        assertEquals(List.of(1.0, 2.0, 3.0), ((Map<?, ?>) training().get("loss")).get("weight"), "kept as it was");
        type(robot, "#train-loss-label_smoothing", "2");
        assertTrue(invalid(robot, "#train-loss-label_smoothing"));
        assertTrue(error(robot).contains("label_smoothing"), error(robot));
        // A German keyboard: decimal commas, the entries separated by semicolons, as in Properties.
        try {
            TypedText.typedUnder(Locale.GERMANY);
            type(robot, "#train-loss-weight", "0,5; 2; 1");
        } finally {
            TypedText.typedUnder(null);
        }
        assertEquals(List.of(0.5, 2.0, 1.0), ((Map<?, ?>) training().get("loss")).get("weight"));
        assertFalse(invalid(robot, "#train-loss-weight"));
        @SuppressWarnings("unchecked")
        ComboBox<String> reduction = robot.lookup("#train-loss-reduction").queryAs(ComboBox.class);
        assertEquals(List.of("mean", "sum"), reduction.getItems(), "a run needs one number: no 'none'");
        robot.interact(() -> reduction.setValue("sum"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("sum", ((Map<?, ?>) training().get("loss")).get("reduction"));
        roundTrips();
        undo(robot);
        assertNull(((Map<?, ?>) training().get("loss")).get("reduction"));
        undo(robot);
        assertEquals(List.of(1.0, 2.0, 3.0), ((Map<?, ?>) training().get("loss")).get("weight"));
        assertEquals("1.0, 2.0, 3.0", field(robot, "#train-loss-weight").getText(), "the field follows the undo");
        type(robot, "#train-loss-weight", "");
        assertEquals(Map.of("name", "CrossEntropyLoss"), training().get("loss"), "blank: no weights");
    }

    @Test
    void parameterGroupsAreAddedEditedAndRefusedOnTheirOwnRow(FxRobot robot) throws Exception {
        iris(robot);
        Label hint = robot.lookup("#train-groups-hint").queryAs(Label.class);
        assertTrue(hint.isVisible(), "with no group, a line says what one is for");
        Node add = robot.lookup("#train-group-add").query();
        reveal(robot, add);
        robot.clickOn(add);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(Map.of("params", List.of("*.bias"), "weight_decay", 0)), training().get("param_groups"));
        assertEquals("*.bias", field(robot, "#train-group-0-params").getText());
        assertEquals("0", field(robot, "#train-group-0-weight_decay").getText());
        assertEquals("0.01", field(robot, "#train-group-0-lr").getPromptText(), "blank: the optimizer's own rate");
        waitFor("the parameters counted", () -> robot.lookup("#train-group-0-matches").queryAs(Label.class).getText().startsWith("matches "));
        assertEquals("matches 2 parameters", robot.lookup("#train-group-0-matches").queryAs(Label.class).getText(), "fc1.bias and fc2.bias");

        type(robot, "#train-group-0-lr", "-1");
        assertEquals(List.of(Map.of("params", List.of("*.bias"), "weight_decay", 0)), training().get("param_groups"), "refused");
        assertTrue(invalid(robot, "#train-group-0-lr"));
        String problem = robot.lookup("#train-group-0-problem").queryAs(Label.class).getText();
        assertTrue(problem.startsWith("training.param_groups[0].lr must be at least 0"), problem);
        assertEquals("", error(robot), "said on the group's row, not twice");
        type(robot, "#train-group-0-lr", "0.001");
        assertEquals(0.001, ((Map<?, ?>) ((List<?>) training().get("param_groups")).get(0)).get("lr"));
        assertFalse(robot.lookup("#train-group-0-problem").queryAs(Label.class).isVisible());
        @SuppressWarnings("unchecked")
        ComboBox<String> amsgrad = robot.lookup("#train-group-0-amsgrad").queryAs(ComboBox.class);
        assertEquals("false (optimizer's)", amsgrad.getValue(), "a true/false option: the optimizer's unless the group says");
        robot.interact(() -> amsgrad.getSelectionModel().select("true"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(true, ((Map<?, ?>) ((List<?>) training().get("param_groups")).get(0)).get("amsgrad"));
        @SuppressWarnings("unchecked")
        ComboBox<String> again = robot.lookup("#train-group-0-amsgrad").queryAs(ComboBox.class);
        robot.interact(() -> again.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(((Map<?, ?>) ((List<?>) training().get("param_groups")).get(0)).get("amsgrad"), "back to the optimizer's");

        // Two names, one matching nothing: written (the drawing may yet grow), and said on the row as a run would refuse it.
        type(robot, "#train-group-0-params", "*.bias, fc3.*");
        assertEquals(List.of("*.bias", "fc3.*"), ((Map<?, ?>) ((List<?>) training().get("param_groups")).get(0)).get("params"));
        waitFor("what a run would say", () -> robot.lookup("#train-group-0-problem").queryAs(Label.class).getText().contains("\"fc3.*\" names no parameter"));
        assertTrue(invalid(robot, "#train-group-0-params"));
        assertEquals("matches 2 parameters (*.bias: 2, fc3.*: 0)", robot.lookup("#train-group-0-matches").queryAs(Label.class).getText());
        type(robot, "#train-group-0-params", "*.bias");

        // A second group taking fc1.bias again: the refusal is on the later group's row.
        robot.clickOn((Node) robot.lookup("#train-group-add").query());
        WaitForAsyncUtils.waitForFxEvents();
        type(robot, "#train-group-1-params", "fc1.*");
        waitFor("the overlap said", () -> robot.lookup("#train-group-1-problem").queryAs(Label.class).getText().contains("fc1.bias is in"));
        assertFalse(robot.lookup("#train-group-0-problem").queryAs(Label.class).isVisible());
        roundTrips();
        Node remove = robot.lookup("#train-group-1-remove").query();
        reveal(robot, remove);
        robot.clickOn(remove);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, ((List<?>) training().get("param_groups")).size());
        assertTrue(robot.lookup("#train-group-1").queryAll().isEmpty());
        undo(robot);
        assertEquals(2, ((List<?>) training().get("param_groups")).size(), "Remove is undone");
        assertEquals("fc1.*", field(robot, "#train-group-1-params").getText());
        // The run trains with the groups once they are right.
        type(robot, "#train-group-1-params", "fc2.weight");
        type(robot, "#train-epochs", "2");
        reveal(robot, robot.lookup("#trainStart").query());
        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        waitFor("the run's end", () -> !s.state().active());
        assertEquals(TrainingSession.State.FINISHED, s.state(), s.statusProperty().get());
    }

    @Test
    void shufflingTheLastBatchEarlyStoppingAndStatisticsAreSetInTheForm(FxRobot robot) throws Exception {
        iris(robot);
        CheckBox shuffle = robot.lookup("#train-shuffle").queryAs(CheckBox.class), dropLast = robot.lookup("#train-drop_last").queryAs(CheckBox.class);
        assertTrue(shuffle.isSelected());
        assertFalse(dropLast.isSelected());
        reveal(robot, shuffle);
        robot.clickOn(shuffle);
        robot.clickOn(dropLast);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(false, training().get("shuffle"));
        assertEquals(true, training().get("drop_last"));

        @SuppressWarnings("unchecked")
        ComboBox<String> metric = robot.lookup("#train-early_stopping-metric").queryAs(ComboBox.class);
        assertTrue(metric.isDisabled(), "nothing to watch without early stopping");
        type(robot, "#train-patience", "3");
        assertFalse(metric.isDisabled());
        robot.interact(() -> metric.setValue("val_accuracy"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("metric", "val_accuracy", "patience", 3), training().get("early_stopping"));
        type(robot, "#train-early_stopping-min_delta", "-0.1");
        assertTrue(invalid(robot, "#train-early_stopping-min_delta"));
        assertTrue(error(robot).contains("training.early_stopping.min_delta"), error(robot));
        type(robot, "#train-early_stopping-min_delta", "0.01");
        assertEquals(0.01, ((Map<?, ?>) training().get("early_stopping")).get("min_delta"));

        @SuppressWarnings("unchecked")
        ComboBox<String> metrics = robot.lookup("#train-metrics").queryAs(ComboBox.class);
        robot.interact(() -> metrics.setValue("accuracy, mae"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("accuracy", "mae"), training().get("metrics"));
        type(robot, "#train-stats_every", "10");
        assertEquals(10, training().get("stats_every"));
        type(robot, "#train-stats_every", "-1");
        assertTrue(invalid(robot, "#train-stats_every"));
        assertEquals(10, training().get("stats_every"));
        type(robot, "#train-checkpoint_every", "5");
        assertEquals(5, training().get("checkpoint_every"));
        roundTrips();
        undo(robot);
        assertNull(training().get("checkpoint_every"));
        assertEquals("", field(robot, "#train-checkpoint_every").getText());
    }
}
