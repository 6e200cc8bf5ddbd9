package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javafx.event.ActionEvent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A project whose file has mistakes in its training settings (written by hand): the form shows every setting as the
 * file has it, the wrong ones marked, and mends them one field at a time without losing the others.
 */
@WindowTest.Size(width = 1260, height = 790)
class TrainingSettingsTest extends WindowTest {
    private static Map<String, Object> settings(Object lr, Object epochs) {
        Map<String, Object> opt = new LinkedHashMap<>(Map.of("name", "SGD", "lr", lr, "momentum", 0.9));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", opt);
        m.put("epochs", epochs);
        m.put("batch_size", 16);
        return m;
    }

    @Test
    void aReadingLeavesOutOnlyTheRefusedSettings() {
        TrainingPanel.Reading r = TrainingPanel.reading(settings(-1, "ten"));
        assertEquals(Set.of("optimizer", "epochs"), r.refused());
        assertEquals("training.epochs must be an integer, got \"ten\"\ntraining.optimizer.lr must be at least 0, got -1", r.error(), "every refusal, a line each");
        assertEquals(16, r.config().batchSize(), "what reads is read");
        TrainingPanel.Reading fine = TrainingPanel.reading(settings(0.1, 3));
        assertEquals(Set.of(), fine.refused());
        assertNull(fine.error());
        assertEquals(Set.of("shuffel"), TrainingPanel.reading(Map.of("epochs", 2, "shuffel", false)).refused());
    }

    @Test
    void wrongSettingsShowAsWrittenAndMendOneAtATime(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json")).set(GraphChange.Setting.TRAINING, settings(-1, "ten")).after();
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        TextField epochs = robot.lookup("#train-epochs").queryAs(TextField.class), lr = robot.lookup("#train-optimizer-lr").queryAs(TextField.class);
        assertEquals("ten", epochs.getText(), "as the file writes it, not a default");
        assertTrue(epochs.getStyleClass().contains("invalid"));
        assertEquals("SGD", robot.lookup("#trainOptimizer").queryAs(ComboBox.class).getValue(), "the file's optimizer, not the default");
        assertEquals("-1", lr.getText());
        assertTrue(lr.getStyleClass().contains("invalid"), "the option the refusal names is marked");
        assertFalse(robot.lookup("#train-optimizer-momentum").queryAs(TextField.class).getStyleClass().contains("invalid"));
        assertEquals("0.9", robot.lookup("#train-optimizer-momentum").queryAs(TextField.class).getText());
        assertEquals("training.epochs must be an integer, got \"ten\"\ntraining.optimizer.lr must be at least 0, got -1",
                robot.lookup("#trainError").queryLabeled().getText());

        set(robot, epochs, "12");
        assertEquals(12, window.editor().graph().training().get("epochs"), "mended while lr is still wrong");
        set(robot, epochs, "0");
        assertEquals(12, window.editor().graph().training().get("epochs"), "a new mistake is refused");
        assertFalse(robot.lookup("#trainError").queryLabeled().getText().isEmpty());
        set(robot, robot.lookup("#train-optimizer-lr").queryAs(TextField.class), "0.05");
        @SuppressWarnings("unchecked")
        Map<String, Object> opt = (Map<String, Object>) window.editor().graph().training().get("optimizer");
        assertEquals(Map.of("name", "SGD", "lr", 0.05, "momentum", 0.9), opt, "the optimizer's other options stay");
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertFalse(robot.lookup("#train-epochs").queryAs(TextField.class).getStyleClass().contains("invalid"));
    }

    /** Both kinds of gradient clipping from the form: a value writes its setting, blank removes it, a mistake is refused. */
    @Test
    void gradientClippingByValueAndByNormIsSetInTheForm(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        TextField value = robot.lookup("#train-clip_grad_value").queryAs(TextField.class), norm = robot.lookup("#train-clip_grad_norm").queryAs(TextField.class);
        assertEquals("none", value.getPromptText());
        set(robot, value, "0.5");
        set(robot, norm, "2");
        assertEquals(0.5, window.editor().graph().training().get("clip_grad_value"));
        assertEquals(2.0, window.editor().graph().training().get("clip_grad_norm"));
        assertEquals("0.5", robot.lookup("#train-clip_grad_value").queryAs(TextField.class).getText());
        set(robot, robot.lookup("#train-clip_grad_value").queryAs(TextField.class), "-1");
        assertEquals(0.5, window.editor().graph().training().get("clip_grad_value"), "a negative bound is refused");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().contains("clip_grad_value"), robot.lookup("#trainError").queryLabeled().getText());
        set(robot, robot.lookup("#train-clip_grad_value").queryAs(TextField.class), "");
        assertNull(window.editor().graph().training().get("clip_grad_value"));
        assertEquals(2.0, window.editor().graph().training().get("clip_grad_norm"), "the norm stays");
    }

    /** The file's clip_grad_norm_type (which the form has no field for) goes with the norm when the norm's field is blanked. */
    @Test
    void blankingTheClipNormTakesItsNormTypeAlong(FxRobot robot) throws Exception {
        String iris = java.nio.file.Files.readString(Path.of("../sample-projects/iris.json"));
        Graph g = ProjectJson.read(iris.replace("\"batch_size\": 16", "\"batch_size\": 16, \"clip_grad_norm\": 1.5, \"clip_grad_norm_type\": \"inf\""), "iris.json");
        assertEquals("inf", g.training().get("clip_grad_norm_type"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        set(robot, robot.lookup("#train-clip_grad_norm").queryAs(TextField.class), "");
        assertNull(window.editor().graph().training().get("clip_grad_norm"));
        assertNull(window.editor().graph().training().get("clip_grad_norm_type"), "no norm type is left without its norm");
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
    }

    /**
     * Early stopping from the form: a patience writes early_stopping (watching val_loss), the check box its restore_best;
     * a run whose loss stops improving (lr 0) stops early and says whose weights it kept; a blank patience removes it.
     */
    @Test
    void earlyStoppingIsSetInTheFormAndKeepsTheBestWeights(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        TextField patience = robot.lookup("#train-patience").queryAs(TextField.class);
        javafx.scene.control.CheckBox best = robot.lookup("#train-restore-best").queryAs(javafx.scene.control.CheckBox.class);
        assertEquals("", patience.getText());
        assertEquals("never", patience.getPromptText());
        assertTrue(best.isDisabled(), "nothing to keep without early stopping");
        set(robot, patience, "2");
        assertEquals(Map.of("metric", "val_loss", "patience", 2), window.editor().graph().training().get("early_stopping"));
        assertFalse(best.isDisabled());
        // The form scrolls: down to the check box, as a user would, then a click.
        robot.interact(() -> {
            javafx.scene.Parent p = best.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) p = p.getParent();
            if (p instanceof javafx.scene.control.ScrollPane sp) {
                javafx.geometry.Bounds b = sp.getContent().sceneToLocal(best.localToScene(best.getBoundsInLocal()));
                double room = sp.getContent().getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
                sp.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 20) / Math.max(1, room))));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#train-restore-best");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("metric", "val_loss", "patience", 2, "restore_best", true), window.editor().graph().training().get("early_stopping"));
        assertTrue(best.isSelected());
        robot.interact(() -> window.editor().select(java.util.List.of()));
        WaitForAsyncUtils.waitForFxEvents();
        String summary = robot.lookup("#overviewTraining").queryLabeled().getText();
        assertTrue(summary.endsWith(", stopping after 2 without a better val_loss (keeping the best)"), summary);

        set(robot, robot.lookup("#train-optimizer-lr").queryAs(TextField.class), "0");
        set(robot, robot.lookup("#train-epochs").queryAs(TextField.class), "20");
        // Back up to the buttons, and Start.
        robot.interact(() -> {
            javafx.scene.Parent p = best.getParent();
            while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) p = p.getParent();
            if (p instanceof javafx.scene.control.ScrollPane sp) sp.setVvalue(0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        layerlab.ui.TestWindows.waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        layerlab.ui.TestWindows.waitFor("the run's end", () -> !s.state().active());
        String status = robot.lookup("#trainStatus").queryLabeled().getText();
        assertEquals(TrainingSession.State.FINISHED, s.state(), status + " / " + robot.lookup("#trainError").queryLabeled().getText());
        assertTrue(status.startsWith("Finished (early-stopped) after 3 epochs"), status);
        assertTrue(status.contains(". Kept the weights of epoch 1, the best; train_loss "), status);
        var markers = window.dashboard().charts().lossChart().getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
        assertEquals(1, markers.size(), "the kept epoch is marked on the loss chart");
        assertEquals(1.0, ((org.jfree.chart.plot.ValueMarker) markers.iterator().next()).getValue());

        set(robot, patience, "");
        assertNull(window.editor().graph().training().get("early_stopping"));
        assertTrue(best.isDisabled());
    }

    /**
     * The newer schedules from the form: SequentialLR comes as a warm-up then a cosine, each part's options a field; a
     * OneCycleLR run (its max_lr typed in) trains a few epochs and the LR chart follows its cycle batch by batch.
     */
    @Test
    void warmUpAndOneCycleAreSetInTheFormAndTheRateChartFollowsTheCycle(FxRobot robot) throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        set(robot, robot.lookup("#train-epochs").queryAs(TextField.class), "3");
        @SuppressWarnings("unchecked")
        ComboBox<String> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        assertTrue(scheduler.getItems().containsAll(java.util.List.of("LinearLR", "ConstantLR", "CosineAnnealingWarmRestarts", "PolynomialLR",
                "OneCycleLR", "SequentialLR")), scheduler.getItems().toString());

        robot.interact(() -> scheduler.setValue("SequentialLR"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.1", robot.lookup("#train-scheduler-schedulers-0-start_factor").queryAs(TextField.class).getText());
        assertEquals("2", robot.lookup("#train-scheduler-schedulers-1-T_max").queryAs(TextField.class).getText(), "the rest of the 3 epochs");
        assertEquals("1", robot.lookup("#train-scheduler-milestones").queryAs(TextField.class).getText());
        set(robot, robot.lookup("#train-scheduler-schedulers-1-T_max").queryAs(TextField.class), "7");
        @SuppressWarnings("unchecked")
        Map<String, Object> seq = (Map<String, Object>) window.editor().graph().training().get("scheduler");
        @SuppressWarnings("unchecked")
        Map<String, Object> cosine = (Map<String, Object>) ((java.util.List<?>) seq.get("schedulers")).get(1);
        assertEquals(7, cosine.get("T_max"), "the part's option is edited in place");
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());

        // One that needs an option comes with a start to edit; a bad value is refused naming it.
        robot.interact(() -> scheduler.setValue("CosineAnnealingWarmRestarts"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        assertEquals("1", robot.lookup("#train-scheduler-T_0").queryAs(TextField.class).getText());
        assertEquals("1", robot.lookup("#train-scheduler-T_mult").queryAs(TextField.class).getText());
        set(robot, robot.lookup("#train-scheduler-T_0").queryAs(TextField.class), "-2");
        assertTrue(robot.lookup("#trainError").queryLabeled().getText().contains("training.scheduler.T_0 must be an integer of at least 1, got -2"),
                robot.lookup("#trainError").queryLabeled().getText());
        assertEquals(Map.of("name", "CosineAnnealingWarmRestarts", "T_0", 1), window.editor().graph().training().get("scheduler"), "kept as it was");

        robot.interact(() -> scheduler.setValue("OneCycleLR"));
        WaitForAsyncUtils.waitForFxEvents();
        for (String option : java.util.List.of("max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor", "final_div_factor", "base_momentum",
                "max_momentum")) {
            assertFalse(robot.lookup("#train-scheduler-" + option).queryAll().isEmpty(), option);
        }
        assertEquals("0.3", robot.lookup("#train-scheduler-pct_start").queryAs(TextField.class).getText());
        assertEquals("0.01", robot.lookup("#train-scheduler-max_lr").queryAs(TextField.class).getText(), "the optimiser's rate is the peak to start with");
        assertEquals("", robot.lookup("#train-scheduler-total_steps").queryAs(TextField.class).getText(), "unset: the run's batches");
        set(robot, robot.lookup("#train-scheduler-max_lr").queryAs(TextField.class), "0.05");
        assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
        robot.clickOn("#trainStart");
        TrainingSession s = window.dashboard().session();
        layerlab.ui.TestWindows.waitFor("a run", () -> s.state() != TrainingSession.State.IDLE);
        layerlab.ui.TestWindows.waitFor("the run's end", () -> !s.state().active());
        assertEquals(TrainingSession.State.FINISHED, s.state(), robot.lookup("#trainError").queryLabeled().getText());
        WaitForAsyncUtils.waitForFxEvents();

        var plot = window.dashboard().charts().lrChart().getXYPlot();
        org.jfree.data.xy.XYSeries rate = null;
        for (int d = 0; d < plot.getDatasetCount(); d++) {
            if (plot.getDataset(d) instanceof org.jfree.data.xy.XYSeriesCollection c && c.getSeriesIndex("lr") >= 0) rate = c.getSeries(c.getSeriesIndex("lr"));
        }
        assertTrue(rate != null && rate.getItemCount() > 6, "a point a batch");
        double first = rate.getY(0).doubleValue(), last = rate.getY(rate.getItemCount() - 1).doubleValue(), peak = rate.getMaxY();
        assertEquals(0.05 / 25, first, 1e-12, "the cycle starts at max_lr / div_factor");
        assertEquals(0.05, peak, 0.05 * 0.05, "and climbs to about max_lr");
        assertTrue(last < first && last > 0, "then falls below where it started: " + last);
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
