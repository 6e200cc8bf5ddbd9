package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs kept between sessions: what is written, what is read back, and what is ignored. */
class RunLogTest {
    @TempDir
    Path dir;

    private static RunRecord run(int number, double lr, TrainingEvent.Terminal end) {
        RunRecord r = new RunRecord(number);
        r.setSettings(Map.of("optimizer.lr", lr, "epochs", 2, "optimizer.betas", List.of(0.9f, 0.999f)), null);
        r.add(new TrainingEvent.EpochEnded(1, Map.of("train_loss", 0.5, "val_accuracy", 0.75), false));
        r.add(new TrainingEvent.EpochEnded(2, Map.of("train_loss", 0.25, "val_accuracy", Double.NaN), true));
        if (end != null) r.add(end);
        return r;
    }

    @Test
    void finishedRunsAreReadBackAsTheyEnded() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("a/iris.json");
        RunRecord done = run(1, 0.01, new TrainingEvent.RunFinished(TrainingEvent.Reason.EARLY_STOPPED, 2, 20, Map.of("val_accuracy", 0.75), 1.5, 1,
                Map.of("val_accuracy", 0.75)));
        RunRecord failed = run(2, 0.5, new TrainingEvent.RunFailed("the loss became NaN", "fc1", 7, "a smaller lr"));
        RunRecord running = run(3, 0.1, null);
        log.save(project, List.of(done, failed, running));
        List<RunRecord> back = log.load(project);
        assertEquals(2, back.size(), "a run still going is not kept");
        RunRecord d = back.get(0), f = back.get(1);
        assertEquals(RunChanges.ended(done), RunChanges.ended(d));
        assertEquals(RunChanges.best(done), RunChanges.best(d));
        assertEquals(done.epochs().get(0), d.epochs().get(0));
        assertEquals(Map.of("train_loss", 0.25), d.epochs().get(1).metrics(), "NaN is left out (JSON has none)");
        assertTrue(d.epochs().get(1).partial());
        assertEquals(done.end(), d.end());
        assertEquals(failed.end(), f.end());
        assertEquals(done.settings(), d.settings());
        assertEquals("first run", d.changes());
        // A float setting is kept as JSON reads it back, so a kept run and a new one compare equal.
        RunRecord next = new RunRecord(3);
        next.setSettings(Map.of("optimizer.lr", 0.01, "epochs", 2, "optimizer.betas", List.of(0.9f, 0.999f)), d);
        assertEquals("the same settings", next.changes());
    }

    @Test
    void aLogThatDoesNotReadOrIsAnotherProjectsIsIgnored() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        assertNotEquals(log.fileFor(a), log.fileFor(b));
        assertEquals(List.of(), log.load(a), "none yet");
        log.save(a, List.of(run(1, 0.01, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 20, Map.of(), 1.0))));
        assertEquals(1, log.load(a).size());
        // The same file claimed by another path (a copy of the folder), or broken: nothing, not an error.
        Files.copy(log.fileFor(a), log.fileFor(b));
        assertEquals(List.of(), log.load(b));
        Files.writeString(log.fileFor(a), "{\"format\": \"layerlab-runs\", \"runs\": [");
        assertEquals(List.of(), log.load(a));
    }

    @Test
    void atMostTheLastFiftyRunsAreKept() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path p = dir.resolve("p.json");
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 1; i <= RunLog.KEEP + 3; i++) runs.add(run(i, 0.01, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 20, Map.of(), 1.0)));
        log.save(p, runs);
        List<RunRecord> back = log.load(p);
        assertEquals(RunLog.KEEP, back.size());
        assertEquals(4, back.get(0).number());
    }
}
