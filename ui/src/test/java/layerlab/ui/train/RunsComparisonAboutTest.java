package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.json.ProjectJson;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line over Compare Selected Runs for runs of the same settings: it said "their numbers differ by chance alone, or by
 * the data files" of two runs of the spam sample that went alike to the digit (84.13% (4) each), which sends a reader
 * looking for a difference that is not there. Runs that went alike now say so; runs that did not keep the old line.
 */
class RunsComparisonAboutTest {
    @TempDir
    Path dir;

    /** Runs of iris.json with the same settings, the best validation accuracy of each given. */
    private List<RunRecord> runs(double... best) throws Exception {
        Path project = dir.resolve("iris.json");
        Files.writeString(project, Files.readString(Path.of("..", "sample-projects", "iris.json")));
        var g = ProjectJson.read(Files.readString(project), "iris.json");
        RunLog log = new RunLog(dir.resolve("runs-" + best.length + "-" + best[best.length - 1]));
        for (double b : best) {
            Map<String, Object> s = new LinkedHashMap<>(RunLog.settings(g));
            List<TrainingEvent.EpochEnded> epochs = new ArrayList<>();
            for (int e = 1; e <= 2; e++) epochs.add(new TrainingEvent.EpochEnded(e, Map.of("train_loss", 1.0 / e, "val_loss", 1.1 / e, "val_accuracy", b - 0.1 * (2 - e)), false));
            log.append(project, s, epochs, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 16, Map.of(), 1));
        }
        return log.load(project).stream().map(RunRecord::of).toList();
    }

    @Test
    void runsOfTheSameSettingsThatWentAlikeSaySo() throws Exception {
        assertEquals("These runs trained the same settings and went alike: the same epochs and best validation score.",
                RunsComparison.about(RunsComparison.rows(runs(0.9, 0.9))));
        assertEquals("These runs trained the same settings (their numbers differ by chance alone, or by the data files).",
                RunsComparison.about(RunsComparison.rows(runs(0.9, 0.95))));
    }
}
