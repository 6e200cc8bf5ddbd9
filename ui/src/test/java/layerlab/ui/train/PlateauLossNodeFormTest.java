package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import layerlab.graph.Graph;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The penguins-two-heads sample with ReduceLROnPlateau: each loss node's own validation loss is a choice of its metric
 * drop-down after val_loss ({@code val_loss_bill_loss}); a pick writes it with mode min; one naming a loss node the network
 * does not have is said under the drop-down in early stopping's words, with a one-click fix to the node named nearest.
 */
@WindowTest.Size(width = 1260, height = 790)
class PlateauLossNodeFormTest extends WindowTest {
    private Graph project(String metric) throws Exception {
        return PlateauMetricFormTest.project(metric);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> scheduler() {
        return (Map<String, Object>) window.editor().graph().training().get("scheduler");
    }

    @Test
    void aLossNodesOwnLossIsAChoiceAndAMissingOneIsSaid(FxRobot robot) throws Exception {
        Graph plain = project(null);
        robot.interact(() -> window.files().newProject(plain));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> box = robot.lookup("#train-scheduler-metric").queryComboBox();
        assertTrue(box.getItems().subList(0, 3).equals(java.util.List.of("val_loss", "val_loss_species_loss", "val_loss_bill_loss")), box.getItems().toString());
        robot.interact(box::show);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof javafx.scene.control.ListCell<?> l && "val_loss_bill_loss".equals(l.getText()))
                .queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_loss_bill_loss", scheduler().get("metric"));
        assertEquals("min", scheduler().get("mode"));
        Label why = robot.lookup("#train-scheduler-metric-problem").queryAs(Label.class);
        assertFalse(why.isVisible() && !why.getText().isEmpty(), "a loss node the network has: " + why.getText());

        Graph wrong = project("val_loss_bil_loss");
        robot.interact(() -> window.files().newProject(wrong));
        WaitForAsyncUtils.waitForFxEvents();
        Label said = robot.lookup("#train-scheduler-metric-problem").queryAs(Label.class);
        assertTrue(said.isVisible() && said.getText().equals("training.scheduler.metric is \"val_loss_bil_loss\", but the network's loss nodes are "
                + "\"species_loss\", \"bill_loss\""), said.getText());
        Button fix = robot.lookup("#train-scheduler-metric-fix").queryAs(Button.class);
        robot.interact(fix::requestFocus); // the form scrolls to what has the keyboard
        WaitForAsyncUtils.waitForFxEvents();
        TestWindows.screenshot(robot, stage, "plateau-loss-node-problem.png");
        assertEquals("Step on val_loss_bill_loss", fix.getText());
        robot.interact(fix::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_loss_bill_loss", scheduler().get("metric"));
        assertEquals("min", scheduler().get("mode"));
    }
}
