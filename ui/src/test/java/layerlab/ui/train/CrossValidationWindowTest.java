package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import layerlab.graph.GraphChange;
import layerlab.train.CrossValidation;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** Train › Cross-Validate…: a model per fold, a row each as it ends, and the mean ± spread of their scores. */
@WindowTest.Size(width = 1260, height = 790)
class CrossValidationWindowTest extends WindowTest {
    private Stage cvStage() {
        return TestWindows.windowWith("crossValidation");
    }

    @Test
    void crossValidatesTheProjectFoldByFold(FxRobot robot) throws Exception {
        // Fewer epochs than the sample's 100, for the test's time.
        Stage cv = irisCrossValidation(robot, "epochs", Map.of("epochs", 10));
        @SuppressWarnings("unchecked")
        Spinner<Integer> folds = (Spinner<Integer>) cv.getScene().lookup("#cvFolds");
        assertEquals(5, folds.getValue());
        robot.interact(() -> folds.getValueFactory().setValue(3));
        robot.clickOn("#cvStart");
        @SuppressWarnings("unchecked")
        TableView<CrossValidation.Fold> table = (TableView<CrossValidation.Fold>) cv.getScene().lookup("#cvTable");
        waitFor("three folds", () -> table.getItems().size() == 3 && ((Label) cv.getScene().lookup("#cvStatus")).getText().startsWith("Done"));
        assertEquals(150, table.getItems().stream().mapToInt(CrossValidation.Fold::validationSize).sum(), "every flower validated once");
        String summary = ((Label) cv.getScene().lookup("#cvSummary")).getText();
        assertTrue(summary.startsWith("3-fold cross-validation: val_accuracy "), summary);
        double mean = table.getItems().stream().mapToDouble(f -> f.metrics().get("val_accuracy")).average().orElseThrow();
        assertTrue(summary.contains(CrossValidation.value("val_accuracy", mean) + " ± "), summary);
        String pooled = ((Label) cv.getScene().lookup("#cvPooled")).getText();
        assertTrue(pooled.startsWith("Every sample, predicted by the model that did not train on it:") && pooled.contains("versicolor"), pooled);
        TestWindows.screenshot(robot, cv, "cross-validation.png");
        // The project is as it was: no model trained in it, no edit made.
        assertEquals("epochs", window.editor().undoNameProperty().get());
        assertNull(window.dashboard().session().finished());
        // The runs table keeps it as a row: the folds' mean ± standard deviation, as the window's summary says it.
        List<RunRecord> runs = window.dashboard().session().runs();
        assertEquals(1, runs.size());
        RunRecord row = runs.get(0);
        assertEquals(3, row.folds().k());
        // As layerlab train --folds keeps it: the threads and the device it ran on, taken off the JavaFX thread.
        assertEquals(layerlab.backend.cpu.Parallel.threads(), ((Number) row.settings().get(layerlab.train.RunLog.THREADS)).intValue());
        assertEquals("cpu", row.settings().get(layerlab.train.RunLog.RAN_ON));
        assertTrue(RunChanges.identity(row).contains(", on cpu, "), RunChanges.identity(row));
        assertTrue(summary.contains("val_accuracy " + row.folds().headline()), row.folds().headline() + " / " + summary);
        CrossValidation.Score acc = CrossValidation.scores(table.getItems()).get(0);
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f ± %.1f%%", 100 * acc.mean(), 100 * acc.std()), RunChanges.best(row));
        assertEquals("3 folds", RunChanges.epochs(row));
        assertTrue(RunChanges.ended(row).startsWith("CV, "), RunChanges.ended(row));
        assertEquals(List.of(row), window.dashboard().charts().runsTable().getItems());
        assertTrue(window.dashboard().session().overlaid(null).isEmpty(), "a cross-validation has no curves to overlay");
        // Again with 20 folds, stopped once the first has ended: the folds done stay, scored; the window stays to read them.
        robot.interact(() -> folds.getValueFactory().setValue(20));
        robot.clickOn("#cvStart");
        waitFor("the first fold", () -> table.getItems().size() >= 1);
        robot.clickOn("#cvClose");
        waitFor("stopped", () -> ((Label) cv.getScene().lookup("#cvStatus")).getText().startsWith("Stopped after"));
        assertTrue(cvStage() != null, "Stop keeps the window");
        int done = table.getItems().size();
        assertTrue(done >= 1 && done < 20, "folds done: " + done);
        String soFar = ((Label) cv.getScene().lookup("#cvSummary")).getText();
        assertTrue(soFar.startsWith("So far (" + done + " of 20 folds): "), soFar);
        RunRecord stopped = window.dashboard().session().runs().get(1);
        assertTrue(RunChanges.ended(stopped).startsWith("stopped, "), RunChanges.ended(stopped));
        assertEquals(done + "/20 folds", RunChanges.epochs(stopped));
        assertEquals("20-fold cross-validation", stopped.changes());
        robot.clickOn("#cvClose");
        waitFor("closed", () -> cvStage() == null);
    }

    /**
     * With early stopping on, each fold sets a share of its training samples aside for it to watch: the "stop early" column
     * shows how many, the held-out folds still validate every flower once, and the status says where early stopping looks.
     */
    @Test
    void earlyStoppingWatchesAPartSetAsideNotTheScoringFold(FxRobot robot) throws Exception {
        Stage cv = irisCrossValidation(robot, "early stopping",
                Map.of("epochs", 20, "early_stopping", Map.of("metric", "val_loss", "patience", 3, "restore_best", true)));
        @SuppressWarnings("unchecked")
        Spinner<Integer> folds = (Spinner<Integer>) cv.getScene().lookup("#cvFolds");
        robot.interact(() -> folds.getValueFactory().setValue(3));
        robot.clickOn("#cvStart");
        @SuppressWarnings("unchecked")
        TableView<CrossValidation.Fold> table = (TableView<CrossValidation.Fold>) cv.getScene().lookup("#cvTable");
        Label status = (Label) cv.getScene().lookup("#cvStatus");
        waitFor("three folds", () -> table.getItems().size() == 3 && status.getText().startsWith("Done"));
        assertTrue(status.getText().contains("Note: early stopping watches val_loss on 20% of each fold's training samples, set aside"), status.getText());
        assertEquals(150, table.getItems().stream().mapToInt(CrossValidation.Fold::validationSize).sum(), "every flower scored once");
        for (CrossValidation.Fold f : table.getItems()) {
            assertEquals(20, f.stoppingSize());
            assertEquals(80, f.trainSize());
        }
        assertTrue(table.getColumns().stream().filter(c -> "cvColumn-stopping".equals(c.getId())).findFirst().orElseThrow().isVisible());
        TestWindows.screenshot(robot, cv, "cross-validation-early-stopping.png");
        robot.clickOn("#cvClose");
        waitFor("closed", () -> cvStage() == null);
    }

    /**
     * The Iris sample opened, {@code settings} written into its training settings (one edit named {@code edit}), and
     * Train › Cross-Validate… opened on it: its window.
     */
    private Stage irisCrossValidation(FxRobot robot, String edit, Map<String, Object> settings) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> {
            Map<String, Object> training = new java.util.LinkedHashMap<>(window.editor().graph().training());
            training.putAll(settings);
            window.editor().execute(new Command(edit, g -> g.set(GraphChange.Setting.TRAINING, training)));
        });
        robot.clickOn("#menuTrain");
        robot.clickOn("#trainMenuCrossValidate");
        waitFor("the window", () -> cvStage() != null);
        return cvStage();
    }

    /** A drawing that cannot train is refused, as Start refuses it, with why in the status line. */
    @Test
    void aDrawingWithErrorsIsRefused(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        var fc1 = window.editor().graph().nodeByName("fc1");
        robot.interact(() -> window.editor().execute(new Command("break", g -> g.setParam(fc1.id(), "in_features", 5))));
        robot.interact(() -> window.dashboard().crossValidate());
        assertNull(cvStage());
        String message = window.editor().messageProperty().get();
        assertTrue(message.startsWith("Cannot cross-validate: ") && message.length() > "Cannot cross-validate: ".length(), message);
    }
}
