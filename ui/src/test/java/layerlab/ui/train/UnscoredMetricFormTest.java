package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The iris classifier stepping ReduceLROnPlateau, or stopping early, on val_mae (both drop-downs offer it): the form passed it
 * and Start then refused it with "this run does not compute it". The reason is now at the field, naming the loss and what it is
 * scored by, with a one-click fix to val_accuracy (mode max for the scheduler).
 */
@WindowTest.Size(width = 1260, height = 790)
class UnscoredMetricFormTest extends WindowTest {
    private Graph iris(String key, Map<String, Object> setting) throws Exception {
        Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        Map<String, Object> t = new LinkedHashMap<>(iris.training());
        t.put(key, setting);
        return iris.set(GraphChange.Setting.TRAINING, t).after();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> training(String key) {
        return (Map<String, Object>) window.editor().graph().training().get(key);
    }

    @Test
    void aScoreTheLossDoesNotGiveIsSaidAtItsFieldWithItsFix(FxRobot robot) throws Exception {
        Graph plateau = iris("scheduler", Map.of("name", "ReduceLROnPlateau", "metric", "val_mae"));
        robot.interact(() -> window.files().newProject(plateau));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        Label said = robot.lookup("#train-scheduler-metric-problem").queryAs(Label.class);
        assertTrue(said.isVisible() && said.getText().equals("training.scheduler.metric is \"val_mae\", but the run's loss CrossEntropyLoss (\"loss\") "
                + "is scored by accuracy, so a run does not compute an MAE: watch val_accuracy"), said.getText());
        Button fix = robot.lookup("#train-scheduler-metric-fix").queryAs(Button.class);
        assertEquals("Step on val_accuracy", fix.getText());
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_accuracy", training("scheduler").get("metric"));
        assertEquals("max", training("scheduler").get("mode"));
        Label now = robot.lookup("#train-scheduler-metric-problem").queryAs(Label.class);
        assertFalse(now.isVisible() && !now.getText().isEmpty(), now.getText());

        Graph stopping = iris("early_stopping", Map.of("metric", "val_mae", "patience", 3));
        robot.interact(() -> window.files().newProject(stopping));
        WaitForAsyncUtils.waitForFxEvents();
        Label watched = robot.lookup("#train-early_stopping-metric-problem").queryAs(Label.class);
        assertTrue(watched.isVisible() && watched.getText().equals("training.early_stopping.metric is \"val_mae\", but the run's loss CrossEntropyLoss "
                + "(\"loss\") is scored by accuracy, so a run does not compute an MAE: watch val_accuracy"), watched.getText());
        Button watch = robot.lookup("#train-early_stopping-metric-fix").queryAs(Button.class);
        assertEquals("Watch val_accuracy", watch.getText());
        robot.interact(watch::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_accuracy", training("early_stopping").get("metric"));
        assertEquals(3, training("early_stopping").get("patience"));
    }
}
