package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs kept between sessions: what a run trained, what changed, what is written, read back and ignored. */
class RunLogTest {
    @TempDir
    Path dir;

    @Test
    void settingsDataAndLayersAreComparedKeyByKey() {
        Map<String, Object> a = new LinkedHashMap<>(Map.of("optimizer.name", "Adam", "optimizer.lr", 0.001, "epochs", 5, "dataset.source", "mnist",
                "layer conv1", "Conv2d {out_channels=32}", "layer dropout", "Dropout {p=0.25}"));
        Map<String, Object> b = new LinkedHashMap<>(a);
        assertEquals("first run", RunLog.changes(null, b));
        assertEquals("the same settings", RunLog.changes(a, b));
        b.put("epochs", 5.0);
        assertEquals("the same settings", RunLog.changes(a, b), "5 and 5.0 are one number");
        b.put("optimizer.lr", 0.01);
        b.put("dataset.augment", List.of(Map.of("name", "RandomCrop", "padding", 2), "RandomHorizontalFlip"));
        b.put("layer conv1", "Conv2d {out_channels=16}");
        b.remove("layer dropout");
        b.put("layer relu3", "ReLU {}");
        // Settings first, then the layers by name.
        assertEquals("optimizer.lr 0.001 → 0.01; dataset.augment added ([RandomCrop, RandomHorizontalFlip]); conv1 changed; relu3 added; "
                + "dropout removed", RunLog.changes(a, b));
    }

    /** A float setting is kept as JSON reads it back, so that a kept run and a new one compare equal. */
    @Test
    void settingsAreKeptAsJsonReadsThem() {
        Map<String, Object> s = RunLog.settings(Map.of("optimizer", Map.of("name", "Adam", "betas", List.of(0.9f, 0.999f))), Map.of("source", "iris"), List.of());
        assertEquals(List.of(0.9, 0.999), s.get("optimizer.betas"));
        assertEquals("iris", s.get("dataset.source"));
    }

    /** A change inside SequentialLR names the part and its option; a new schedule names what it sets. */
    @Test
    void aScheduleChangeNamesTheOptionEvenInsideSequentialLR() {
        Map<String, Object> seq = Map.of("name", "SequentialLR", "schedulers", List.of(Map.of("name", "LinearLR", "total_iters", 3),
                Map.of("name", "CosineAnnealingLR", "T_max", 7)), "milestones", List.of(3));
        Map<String, Object> longer = Map.of("name", "SequentialLR", "schedulers", List.of(Map.of("name", "LinearLR", "total_iters", 3),
                Map.of("name", "CosineAnnealingLR", "T_max", 9)), "milestones", List.of(3));
        Map<String, Object> a = RunLog.settings(Map.of("scheduler", seq), Map.of(), List.of()), b = RunLog.settings(Map.of("scheduler", longer), Map.of(), List.of());
        assertEquals("scheduler.schedulers[1].T_max 7 → 9", RunLog.changes(a, b));
        Map<String, Object> cycle = RunLog.settings(Map.of("scheduler", Map.of("name", "OneCycleLR", "max_lr", 0.1)), Map.of(), List.of());
        String changed = RunLog.changes(a, cycle);
        assertTrue(changed.contains("scheduler.name SequentialLR → OneCycleLR") && changed.contains("scheduler.max_lr added (0.1)")
                && changed.contains("scheduler.schedulers[1].T_max removed"), changed);
    }

    private static RunLog.Run run(int number, double lr, TrainingEvent.Terminal end) {
        return new RunLog.Run(number, RunLog.settings(Map.of("optimizer", Map.of("lr", lr), "epochs", 2), Map.of(), List.of()), "first run",
                List.of(new TrainingEvent.EpochEnded(1, Map.of("train_loss", 0.5, "val_accuracy", 0.75), false),
                        new TrainingEvent.EpochEnded(2, Map.of("train_loss", 0.25, "val_accuracy", Double.NaN), true)), end);
    }

    @Test
    void runsAreReadBackAsTheyEnded() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("a/iris.json");
        RunLog.Run done = run(1, 0.01, new TrainingEvent.RunFinished(TrainingEvent.Reason.EARLY_STOPPED, 2, 20, Map.of("val_accuracy", 0.75), 1.5, 1,
                Map.of("val_accuracy", 0.75)));
        RunLog.Run failed = run(2, 0.5, new TrainingEvent.RunFailed("the loss became NaN", "fc1", 7, "a smaller lr"));
        log.save(project, List.of(done, failed));
        List<RunLog.Run> back = log.load(project);
        assertEquals(2, back.size());
        assertEquals(done.epochs().get(0), back.get(0).epochs().get(0));
        assertEquals(Map.of("train_loss", 0.25), back.get(0).epochs().get(1).metrics(), "NaN is left out (JSON has none)");
        assertTrue(back.get(0).epochs().get(1).partial());
        assertEquals(done.end(), back.get(0).end());
        assertEquals(failed.end(), back.get(1).end());
        assertEquals(done.settings(), back.get(0).settings());
        // A run added: numbered after the last, compared with it.
        RunLog.Run third = log.append(project, RunLog.settings(Map.of("optimizer", Map.of("lr", 0.1), "epochs", 2), Map.of(), List.of()), List.of(),
                new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 0, 0, Map.of(), 0.1));
        assertEquals(3, third.number());
        assertEquals("optimizer.lr 0.5 → 0.1", third.changes());
        assertEquals(3, log.load(project).size());
    }

    /**
     * A run is in the log from its start, unfinished, and brought up to date as it goes: one whose process is gone (killed,
     * a power cut) reads back as interrupted with the epochs it reached; runs added meanwhile by others stay; its end
     * makes it an ended run like any other.
     */
    @Test
    void aRunIsKeptFromItsStartAndAKilledOneReadsBackAsInterrupted() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("k/iris.json");
        Map<String, Object> settings = RunLog.settings(Map.of("epochs", 5), Map.of(), List.of());
        RunLog.Run started = log.begin(project, settings, List.of());
        RunLog.Run back = log.load(project).get(0);
        assertTrue(back.unfinished());
        assertFalse(back.interrupted(), "its process (this one) is running");
        assertEquals(RunLog.Owner.current(), back.owner());

        // Another process (the window, a second terminal) adds a run meanwhile; this one's epochs are written over its own entry.
        log.append(project, settings, List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 5, 50, Map.of(), 1.0));
        List<TrainingEvent.EpochEnded> two = List.of(new TrainingEvent.EpochEnded(1, Map.of("train_loss", 0.5), false),
                new TrainingEvent.EpochEnded(2, Map.of("train_loss", 0.25), false));
        log.update(project, started.with(two, null));
        assertEquals(List.of(1, 2), log.load(project).stream().map(RunLog.Run::number).toList());
        assertEquals(two, log.load(project).get(0).epochs());
        assertTrue(log.load(project).get(0).unfinished());

        // Its process gone: a pid no process has (a finished child's), or one that started at another time.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunLog.Run killed = new RunLog.Run(1, settings, "first run", two, null, null, new RunLog.Owner(gone.pid(), 1));
        log.update(project, killed);
        assertTrue(log.load(project).get(0).interrupted());
        assertTrue(new RunLog.Run(1, settings, "", two, null, null, new RunLog.Owner(ProcessHandle.current().pid(), 1)).interrupted(),
                "a pid taken by another process later");

        TrainingEvent.RunFinished end = new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 2, 20, Map.of(), 1.0);
        log.update(project, started.with(two, end));
        RunLog.Run ended = log.load(project).get(0);
        assertEquals(end, ended.end());
        assertFalse(ended.unfinished());
        assertNull(ended.owner());
        assertEquals(2, log.load(project).size());
    }

    /** A cross-validation is kept as a run: its folds and scores read back, "5-fold cross-validation" and "one split" as changes. */
    @Test
    void aCrossValidationIsKeptWithItsScores() throws Exception {
        RunLog log = new RunLog(dir.resolve("runs"));
        Path project = dir.resolve("cv/iris.json");
        Map<String, Object> plain = RunLog.settings(Map.of("epochs", 2), Map.of(), List.of());
        log.append(project, plain, List.of(), new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 20, Map.of(), 0.5));
        CrossValidation.Fold f1 = new CrossValidation.Fold(0, 100, 50, 2, 1.25, Map.of("val_accuracy", 0.9, "val_loss", 0.3), null);
        CrossValidation.Fold f2 = new CrossValidation.Fold(1, 100, 50, 2, 1.5, Map.of("val_accuracy", 1.0, "val_loss", 0.1), null);
        CrossValidation.Result r = new CrossValidation.Result(3, List.of(f1, f2), CrossValidation.scores(List.of(f1, f2)), true, null, List.of());
        Map<String, Object> folds = new LinkedHashMap<>(plain);
        folds.put(RunLog.FOLDS, 3);
        RunLog.Run cv = log.append(project, folds, List.of(), RunLog.Folds.end(r), RunLog.Folds.of(r));
        assertEquals("3-fold cross-validation", cv.changes());
        RunLog.Run back = log.load(project).get(1);
        assertEquals(3, back.folds().k());
        assertEquals(2, back.folds().done());
        assertEquals("95.00% ± 5.00%", back.folds().headline());
        assertEquals("95.0 ± 5.0%", back.folds().compact());
        assertEquals(cv.folds().scores(), back.folds().scores());
        TrainingEvent.RunFinished end = (TrainingEvent.RunFinished) back.end();
        assertEquals(TrainingEvent.Reason.STOPPED, end.reason());
        assertEquals(2.75, end.seconds(), 1e-12);
        assertEquals(0.95, end.metrics().get("val_accuracy"), 1e-12);
        assertNull(log.load(project).get(0).folds(), "a run of one model has none");
        assertEquals("one split", log.append(project, plain, List.of(), end).changes());
        // A fold that failed: the run failed, with the fold's message.
        CrossValidation.Result failed = new CrossValidation.Result(3, List.of(), List.of(), false, "fold 1: the loss became NaN", List.of());
        assertEquals("fold 1: the loss became NaN", ((TrainingEvent.RunFailed) RunLog.Folds.end(failed)).message());
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
        List<RunLog.Run> runs = new ArrayList<>();
        for (int i = 1; i <= RunLog.KEEP + 3; i++) runs.add(run(i, 0.01, new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 2, 20, Map.of(), 1.0)));
        log.save(p, runs);
        List<RunLog.Run> back = log.load(p);
        assertEquals(RunLog.KEEP, back.size());
        assertEquals(4, back.get(0).number());
    }
}
