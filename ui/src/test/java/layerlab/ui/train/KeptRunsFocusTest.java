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
 * The window comes to the front dozens of times a day, and each time looks for runs a terminal added to the project's
 * log: it reads the log only when the file changed since it last read it, not the whole log every time.
 */
class KeptRunsFocusTest {
    @TempDir
    Path dir;

    @Test
    void anUnchangedLogIsNotReadAgainAndAChangedOneIs() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("iris.json");
        Map<String, Object> settings = RunLog.settings(Map.of("epochs", 3), Map.of(), List.of());
        List<TrainingEvent.EpochEnded> epochs = List.of(new TrainingEvent.EpochEnded(1, Map.of("val_accuracy", 0.5), false));
        log.append(project, settings, epochs, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 1, 1, Map.of(), 1));

        KeptRuns kept = new KeptRuns();
        kept.keepIn(log, () -> project);
        kept.reset();
        for (int i = 0; i < 30; i++) assertFalse(kept.refresh(), "nothing new");
        assertEquals(1, kept.reads, "30 looks at an unchanged log read it once");

        log.append(project, settings, epochs, new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 1, 1, Map.of(), 1));
        assertTrue(kept.refresh(), "a terminal's run comes in");
        assertEquals(2, kept.all().size());
        assertEquals(2, kept.reads);
        assertFalse(kept.refresh());
        assertEquals(2, kept.reads);
    }
}
