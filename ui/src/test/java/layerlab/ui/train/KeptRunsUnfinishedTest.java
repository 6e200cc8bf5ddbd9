package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run the project's log holds as not ended ({@code layerlab train} writes its entry at its start and epoch ends): its row
 * in the runs table says "interrupted", with the epochs it reached, when its process is gone (killed, a power cut), and
 * "running elsewhere" while it trains in a terminal, brought up to date when the window looks at the log again.
 */
class KeptRunsUnfinishedTest {
    @TempDir
    Path dir;

    private static List<TrainingEvent.EpochEnded> epochs(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(e -> new TrainingEvent.EpochEnded(e, Map.of("train_loss", 1.0 / e, "val_accuracy", 0.5 + e / 100.0), false)).toList();
    }

    @Test
    void aKilledRunIsInterruptedAndOneStillTrainingIsBroughtUpToDate() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("iris.json");
        Map<String, Object> settings = RunLog.settings(Map.of("epochs", 100), Map.of(), List.of());
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        log.save(project, List.of(new RunLog.Run(1, settings, "first run", epochs(3), null, null, new RunLog.Owner(gone.pid(), 0))));
        RunLog.Run training = log.begin(project, settings, epochs(1));  // this process trains run 2

        KeptRuns kept = new KeptRuns();
        kept.keepIn(log, () -> project);
        kept.reset();
        RunRecord killed = kept.all().get(0), elsewhere = kept.all().get(1);
        assertEquals("interrupted", RunChanges.ended(killed));
        assertEquals("3", RunChanges.epochs(killed));
        assertEquals("53.00% (3)", RunChanges.best(killed));
        assertEquals("running elsewhere", RunChanges.ended(elsewhere));
        assertEquals("1", RunChanges.epochs(elsewhere));

        assertFalse(kept.refresh(), "nothing new");
        log.update(project, training.with(epochs(4), null));
        assertTrue(kept.refresh());
        assertEquals("4", RunChanges.epochs(kept.all().get(1)));
        log.update(project, training.with(epochs(5), new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 5, 50, Map.of(), 2.04)));
        assertTrue(kept.refresh());
        assertEquals(2, kept.all().size());
        assertEquals("stopped, 2.0 s", RunChanges.ended(kept.all().get(1)));
        assertEquals("5", RunChanges.epochs(kept.all().get(1)));
        assertEquals("interrupted", RunChanges.ended(kept.all().get(0)));
    }
}
