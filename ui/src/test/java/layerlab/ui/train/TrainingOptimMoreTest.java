package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.event.ActionEvent;
import javafx.scene.control.CheckBox;
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
 * The later optimisers and schedules in the training form, whose fields come from the engine's defaults: Rprop's pairs and
 * its maximize box, NAdam without one (torch 1.13 has none), CyclicLR picked with a start that trains (it runs, its rate
 * drawn batch by batch) and ChainedScheduler's parts each a field.
 */
@WindowTest.Size(width = 1260, height = 790)
class TrainingOptimMoreTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void theLaterOptimisersAndSchedulesAreSetInTheFormAndTrain(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        set(robot, robot.lookup("#train-epochs").queryAs(TextField.class), "3");
        ComboBox<String> optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
        assertTrue(optimizer.getItems().containsAll(List.of("NAdam", "RAdam", "Adamax", "Adadelta", "Rprop", "ASGD")), optimizer.getItems().toString());

        robot.interact(() -> optimizer.setValue("Rprop"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.5, 1.2", robot.lookup("#train-optimizer-etas").queryAs(TextField.class).getText());
        assertFalse(robot.lookup("#train-optimizer-maximize").queryAs(CheckBox.class).isSelected());
        set(robot, robot.lookup("#train-optimizer-etas").queryAs(TextField.class), "0.5, 0.9");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().contains("training.optimizer.etas must be (etaminus, etaplus) with 0 < etaminus < 1 "
                + "< etaplus"), robot.lookup("#trainError").queryLabeled().getText());

        robot.interact(() -> optimizer.setValue("NAdam"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertEquals("0.004", robot.lookup("#train-optimizer-momentum_decay").queryAs(TextField.class).getText());
        assertTrue(robot.lookup("#train-optimizer-maximize").queryAll().isEmpty(), "torch 1.13's NAdam has no maximize");

        ComboBox<String> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        robot.interact(() -> scheduler.setValue("ChainedScheduler"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertEquals("0.1", robot.lookup("#train-scheduler-schedulers-0-factor").queryAs(TextField.class).getText());
        assertEquals("0.9", robot.lookup("#train-scheduler-schedulers-1-gamma").queryAs(TextField.class).getText());
        assertFalse(robot.lookup((javafx.scene.control.Label l) -> l.getText().equals("and")).queryAll().isEmpty(),
                "ChainedScheduler's parts step together: 'and', not SequentialLR's 'then'");
        assertEquals("ExponentialLR", robot.lookup("#train-scheduler-schedulers-1-name").queryAs(ComboBox.class).getValue());

        robot.interact(() -> scheduler.setValue("CyclicLR"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertEquals("0.001", robot.lookup("#train-scheduler-base_lr").queryAs(TextField.class).getText(), "a tenth of the optimiser's rate");
        assertEquals("0.01", robot.lookup("#train-scheduler-max_lr").queryAs(TextField.class).getText());
        assertFalse(robot.lookup("#train-scheduler-cycle_momentum").queryAs(CheckBox.class).isSelected(), "NAdam has no momentum to cycle");
        set(robot, robot.lookup("#train-scheduler-step_size_up").queryAs(TextField.class), "4");
        Map<String, Object> cyclic = (Map<String, Object>) window.editor().graph().training().get("scheduler");
        assertEquals("CyclicLR", cyclic.get("name"));
        assertEquals(4, cyclic.get("step_size_up"));
        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        TestWindows.waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        TestWindows.waitFor("the run's end", () -> !s.state().active());
        assertEquals(TrainingSession.State.FINISHED, s.state(), robot.lookup("#trainError").queryLabeled().getText());
        WaitForAsyncUtils.waitForFxEvents();
        var plot = window.dashboard().charts().lrChart().getXYPlot();
        org.jfree.data.xy.XYSeries rate = null;
        for (int d = 0; d < plot.getDatasetCount(); d++) {
            if (plot.getDataset(d) instanceof org.jfree.data.xy.XYSeriesCollection c && c.getSeriesIndex("lr") >= 0) rate = c.getSeries(c.getSeriesIndex("lr"));
        }
        assertTrue(rate != null && rate.getItemCount() > 6, "a point a batch");
        assertEquals(0.001, rate.getMinY(), 1e-9, "down to base_lr");
        assertEquals(0.01, rate.getMaxY(), 1e-9, "up to max_lr after step_size_up batches");
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
