package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.text.Text;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training form at 100 % text in a 1280-wide window, the penguins-two-heads sample with ReduceLROnPlateau: the
 * Scheduler drop-down shows "ReduceLROnPlateau" whole (it showed "ReduceLROnPlate…"), as it shows the longest,
 * CosineAnnealingWarmRestarts, and a one-click "Step on …" fix
 * leaves the keyboard on the drop-down it mended (it jumped to the Loss drop-down as the fix's button went away).
 */
@WindowTest.Size(width = 1280, height = 800)
class SchedulerFitAndFixFocusTest extends WindowTest {
    private Graph project(String metric) throws Exception {
        String json = Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"scheduler\": {\"name\": \"ReduceLROnPlateau\", \"patience\": 2, \"metric\": \"" + metric + "\"}, \"loss_weights\"");
        return ProjectJson.read(json, "penguins-two-heads.json");
    }

    /** What drop-down {@code id}'s button shows: its cell's text as drawn, "…" where it is cut. */
    private static String shown(FxRobot robot, String id) {
        ComboBox<?> box = robot.lookup(id).queryAs(ComboBox.class);
        // The skin's cells: the button's (holding the value), and an empty one it measures with.
        ListCell<?> cell = box.lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n).filter(c -> box.getValue().equals(c.getItem())).findFirst()
                .orElseThrow(() -> new AssertionError("no cell shows " + box.getValue()));
        return ((Text) cell.lookup(".text")).getText();
    }

    @Test
    void theSchedulerShowsWholeAndTheFixKeepsTheKeyboard(FxRobot robot) throws Exception {
        Graph g = project("val_accuracy_bill_loss");
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#trainScheduler").query().requestFocus()); // the form scrolls to what has the keyboard
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.screenshot(robot, stage, "scheduler-at-1280.png");
        assertEquals("ReduceLROnPlateau", shown(robot, "#trainScheduler"));

        Button fix = robot.lookup("#train-scheduler-metric-fix").queryAs(Button.class);
        assertEquals("Step on val_mae_bill_loss", fix.getText());
        robot.interact(fix::requestFocus);
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node focused = stage.getScene().getFocusOwner();
        assertEquals("train-scheduler-metric", focused == null ? null : focused.getId(), "focus on " + focused);

        // A pick from the metric's drop-down keeps the keyboard on it too (the form is rebuilt by the edit).
        ComboBox<String> metric = robot.lookup("#train-scheduler-metric").queryComboBox();
        robot.interact(metric::show);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof ListCell<?> l && "val_loss_bill_loss".equals(l.getText()))
                .queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        focused = stage.getScene().getFocusOwner();
        assertEquals("train-scheduler-metric", focused == null ? null : focused.getId(), "after a pick, focus on " + focused);

        // The longest name there is shows whole too.
        ComboBox<String> box = robot.lookup("#trainScheduler").queryComboBox();
        robot.interact(() -> box.setValue("CosineAnnealingWarmRestarts"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("CosineAnnealingWarmRestarts", shown(robot, "#trainScheduler"));
    }
}
