package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The penguins-two-heads sample with ReduceLROnPlateau: its {@code metric} is a drop-down of the network's metrics, each
 * head's own validation score after the run's ({@code val_mae_bill_loss} after {@code val_mae}); a pick from the open list
 * writes {@code scheduler.metric} with the mode that goes with it (max for an accuracy); a head's score the network does not
 * have is said under it with a one-click fix. A one-target project lists no head's score.
 */
@WindowTest.Size(width = 1260, height = 790)
class PlateauMetricFormTest extends WindowTest {
    /** The penguins-two-heads sample with ReduceLROnPlateau (patience 2) stepping on {@code metric}, or on its default where null. */
    static Graph project(String metric) throws Exception {
        String json = Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"scheduler\": {\"name\": \"ReduceLROnPlateau\", \"patience\": 2" + (metric == null ? "" : ", \"metric\": \"" + metric + "\"")
                        + "}, \"loss_weights\"");
        return ProjectJson.read(json, "penguins-two-heads.json");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> scheduler() {
        return (Map<String, Object>) window.editor().graph().training().get("scheduler");
    }

    private void pick(FxRobot robot, String metric) {
        ComboBox<String> box = robot.lookup("#train-scheduler-metric").queryComboBox();
        robot.interact(box::show);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof javafx.scene.control.ListCell<?> l && metric.equals(l.getText()))
                .queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theSchedulersMetricIsPickedFromTheNetworks(FxRobot robot) throws Exception {
        Graph plain = project(null);
        robot.interact(() -> window.files().newProject(plain));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> box = robot.lookup("#train-scheduler-metric").queryComboBox();
        assertEquals(List.of("val_loss", "val_loss_species_loss", "val_loss_bill_loss", "train_loss", "val_accuracy", "val_accuracy_species_loss", "val_mae",
                "val_mae_bill_loss"), box.getItems());
        assertEquals(null, box.getValue(), "left out: the validation loss, its prompt");
        pick(robot, "val_accuracy_species_loss");
        assertEquals("val_accuracy_species_loss", scheduler().get("metric"));
        assertEquals("max", scheduler().get("mode"), "an accuracy is better higher");
        pick(robot, "val_mae_bill_loss");
        assertEquals("val_mae_bill_loss", scheduler().get("metric"));
        assertEquals("min", scheduler().get("mode"));
        assertEquals(2, scheduler().get("patience"), "the other options kept");
        assertEquals("val_mae_bill_loss", robot.lookup("#train-scheduler-metric").queryComboBox().getValue(), "shown as written");
        Label why = robot.lookup("#train-scheduler-metric-problem").queryAs(Label.class);
        assertFalse(why.isVisible() && !why.getText().isEmpty(), "a score the network has: " + why.getText());

        Graph wrong = project("val_accuracy_bill_loss");
        robot.interact(() -> window.files().newProject(wrong));
        WaitForAsyncUtils.waitForFxEvents();
        Label said = robot.lookup("#train-scheduler-metric-problem").queryAs(Label.class);
        assertTrue(said.isVisible() && said.getText().equals("training.scheduler.metric is \"val_accuracy_bill_loss\", but \"bill_loss\" is an amount's loss: "
                + "watch val_mae_bill_loss"), said.getText());
        Button fix = robot.lookup("#train-scheduler-metric-fix").queryAs(Button.class);
        assertEquals("Step on val_mae_bill_loss", fix.getText());
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_mae_bill_loss", scheduler().get("metric"));
        assertEquals("min", scheduler().get("mode"));

        Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        Map<String, Object> t = new java.util.LinkedHashMap<>(iris.training());
        t.put("scheduler", Map.of("name", "ReduceLROnPlateau"));
        Graph irisPlateau = iris.set(layerlab.graph.GraphChange.Setting.TRAINING, t).after();
        robot.interact(() -> window.files().newProject(irisPlateau));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("val_loss", "train_loss", "val_accuracy", "val_mae"), robot.lookup("#train-scheduler-metric").queryComboBox().getItems(),
                "one target: no head's own score");
    }
}
