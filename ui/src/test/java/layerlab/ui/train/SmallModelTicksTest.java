package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.project.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tiny model ends many epochs a second (iris: 100 epochs of 8 batches in well under a second on a quiet machine). Its
 * epoch ends no longer each bring the screen up to date (three charts and the runs' table redrawn 20 times a second took
 * the JavaFX thread's core and made the run 2-3x slower than bare): they wait for the session's UI tick like batches do,
 * and a hand-over between ticks that no event follows gets a tick of its own, so the screen is never left behind.
 */
class SmallModelTicksTest {
    private final ExecutorService fx = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopFx() throws InterruptedException {
        fx.shutdown();
        assertTrue(fx.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** One listener call: whether it was a UI tick, and what it brought. */
    private record Told(boolean tick, List<TrainingEvent> events) {}

    @Test
    void aTinyModelsEpochEndsWaitForTheTickAndTheEndIsShownExactly() throws Exception {
        TrainingSession s = new TrainingSession(fx::submit);
        List<Told> told = new CopyOnWriteArrayList<>();
        s.addListener(events -> told.add(new Told(s.uiTick(), List.copyOf(events))));
        var graph = Samples.load("iris.json");
        long t0 = System.nanoTime();
        fx.submit(() -> s.start(graph, Path.of("."), false)).get();
        long end = t0 + 120_000_000_000L;
        while (fx.submit(() -> s.state().active()).get() && System.nanoTime() < end) Thread.sleep(20);
        double seconds = (System.nanoTime() - t0) / 1e9;
        fx.submit(() -> null).get();
        assertEquals(TrainingSession.State.FINISHED, fx.submit(s::state).get(), "the run finished");

        RunRecord r = fx.submit(s::run).get();
        assertEquals(100, r.epochs().size(), "every epoch reached the run's record");
        assertEquals(800, r.batches().size(), "every batch reached the run's record");
        long epochs = told.stream().flatMap(t -> t.events().stream()).filter(e -> e instanceof TrainingEvent.EpochEnded).count();
        assertEquals(100, epochs, "the listeners were told of every epoch");
        long ticks = told.stream().filter(Told::tick).count();
        // The start, the end, at most two a second between them, and a catch-up tick after the last of those.
        assertTrue(ticks <= 4 + 2 * seconds, ticks + " UI ticks in a run of " + seconds + " s and 100 epochs");
        // The end is shown exactly: the last hand-over (the run's end) is a tick, and the progress line says the last batch.
        Told last = told.get(told.size() - 1);
        assertTrue(last.tick() && last.events().stream().anyMatch(e -> e instanceof TrainingEvent.Terminal), "the run's end is a UI tick");
        assertEquals(1.0, fx.submit(() -> s.progressProperty().get()).get(), 0.0);
        assertTrue(fx.submit(() -> s.progressTextProperty().get()).get().startsWith("epoch 100/100"),
                fx.submit(() -> s.progressTextProperty().get()).get());
    }

    @Test
    void eventsBetweenTicksThatNoEventFollowsStillReachTheScreen() throws Exception {
        TrainingSession s = new TrainingSession(fx::submit);
        List<Told> told = new CopyOnWriteArrayList<>();
        s.addListener(events -> told.add(new Told(s.uiTick(), List.copyOf(events))));
        TrainingConfig config = TrainingConfig.fromMap(Map.of());
        TrainingEvent.RunStarted started = new TrainingEvent.RunStarted("tiny", "cpu", 10, 64, 16, 1, 3, config, true);
        fx.submit(() -> {
            s.run = new RunRecord(1);
            s.state.set(TrainingSession.State.PREPARING);
            s.events.deliver(s.run, List.of(started));
            // Right after the start's tick: between ticks, and nothing comes after these (a slow next batch, say).
            s.events.deliver(s.run, List.of(new TrainingEvent.BatchEnded(1, 1, 1, 0.9, 0.01, 100, 0.5),
                    new TrainingEvent.EpochEnded(1, Map.of("train_loss", 0.85), false)));
            s.events.deliver(s.run, List.of(new TrainingEvent.BatchEnded(2, 1, 2, 0.8, 0.01, 100, 0.5)));
        }).get();
        long end = System.nanoTime() + 30_000_000_000L;
        // The last tick: after it, the screen shows everything handed over before it.
        while (System.nanoTime() < end && !told.get(told.size() - 1).tick()) Thread.sleep(20);
        Told last = told.get(told.size() - 1);
        assertTrue(last.tick(), "a UI tick followed the hand-overs between ticks");
        String progress = fx.submit(() -> s.progressTextProperty().get()).get();
        assertTrue(progress.startsWith("epoch 2/3 · batch 1/1"), "the progress line shows the last batch: " + progress);
        assertFalse(told.get(0).events().isEmpty(), "the start was handed over");
    }
}
