package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.graph.json.ProjectJson;
import layerlab.train.CrossValidation;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A classifier's project opened again charts its kept runs' validation accuracy under "Accuracy" whatever its log's last
 * row is: a cross-validation's row or a Start refused before any batch (neither has epochs) made the second chart
 * "Mean absolute error", with no overlays in it (the runs have no val_mae).
 */
class KeptRunsMetricTitleTest extends WindowTest {
    @Test
    void aCrossValidationLastInTheLogKeepsTheAccuracyChart(FxRobot robot) throws Exception {
        Path project = projectWithRuns("cv", new RunLog.Folds(3, 3, List.of(new CrossValidation.Score("val_accuracy", 0.9, 0.02),
                new CrossValidation.Score("val_loss", 0.3, 0.01))));
        assertAccuracyOverlay(robot, project);
    }

    @Test
    void aRefusedStartLastInTheLogKeepsTheAccuracyChart(FxRobot robot) throws Exception {
        assertAccuracyOverlay(robot, projectWithRuns("refused", null));
    }

    /** iris.json in its own folder, with a log of a 3-epoch run and then the row {@code folds} (null: a refused Start). */
    private Path projectWithRuns(String name, RunLog.Folds folds) throws Exception {
        Path project = Files.createDirectories(dir.resolve(name)).resolve("iris.json");
        Files.writeString(project, Files.readString(Path.of("..", "sample-projects", "iris.json")));
        var g = ProjectJson.read(Files.readString(project), "iris.json");
        Map<String, Object> settings = RunLog.settings(g);
        List<TrainingEvent.EpochEnded> epochs = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            epochs.add(new TrainingEvent.EpochEnded(e, Map.of("train_loss", 1.0 / e, "val_loss", 1.1 / e, "train_accuracy", 0.5 + 0.1 * e,
                    "val_accuracy", 0.4 + 0.1 * e), false));
        }
        RunLog log = new RunLog(dir.resolve("runs"));
        log.append(project, settings, epochs, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 3, 24, Map.of(), 1));
        if (folds != null) {
            log.append(project, settings, List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 0, 0,
                    Map.of("val_accuracy", 0.9, "val_loss", 0.3), 2, 0, Map.of()), folds);
        } else {
            log.append(project, settings, List.of(), new TrainingEvent.RunFailed("training.scheduler.lr_lambda: no such name 'epok'", null, 0, null));
        }
        return project;
    }

    private void assertAccuracyOverlay(FxRobot robot, Path project) throws Exception {
        TestWindows.openFile(robot, window, project);
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        waitFor("the kept runs", () -> d.charts().runsTable().getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Accuracy", d.charts().metricChart().getTitle().getText());
        XYDataset acc = d.charts().metricChart().getXYPlot().getDataset();
        int series = -1;
        for (int i = 0; i < acc.getSeriesCount(); i++) if ("run 1 val accuracy".equals(acc.getSeriesKey(i))) series = i;
        assertEquals(3, series < 0 ? 0 : acc.getItemCount(series), "run 1's validation accuracy drawn under the new run");
        assertEquals(0.7, acc.getYValue(series, 2), 1e-12);
        TestWindows.screenshot(robot, stage, "kept-runs-accuracy-" + project.getParent().getFileName() + ".png");
    }
}
