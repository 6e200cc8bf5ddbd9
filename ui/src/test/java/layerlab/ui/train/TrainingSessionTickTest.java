package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import layerlab.train.TrainingEvent;
import layerlab.ui.project.Samples;
import org.junit.jupiter.api.Test;

/**
 * The session's UI tick: listeners receive every event of a real run (SimpleCNN on its bundled data), but are told
 * to redraw at most twice a second plus at the run's start, epoch ends and end, although events reach them up to
 * 20 times a second.
 */
class TrainingSessionTickTest {
    @Test
    void listenersGetEveryEventButRedrawAtMostTwiceASecond() throws Exception {
        ExecutorService fx = Executors.newSingleThreadExecutor();
        TrainingSession s = new TrainingSession(fx::submit);
        AtomicInteger handOvers = new AtomicInteger(), ticks = new AtomicInteger(), batches = new AtomicInteger(), urgent = new AtomicInteger();
        s.addListener(events -> {
            handOvers.incrementAndGet();
            if (s.uiTick()) ticks.incrementAndGet();
            for (TrainingEvent e : events) {
                if (e instanceof TrainingEvent.BatchEnded) batches.incrementAndGet();
                if (e instanceof TrainingEvent.RunStarted || e instanceof TrainingEvent.EpochEnded || e instanceof TrainingEvent.Terminal) urgent.incrementAndGet();
            }
        });
        var graph = Samples.load("simple-cnn.json");
        fx.submit(() -> s.start(graph, Path.of("."), false)).get();
        long end = System.nanoTime() + 60_000_000_000L;
        while (batches.get() == 0 && System.nanoTime() < end) Thread.sleep(20);
        assertTrue(batches.get() > 0, "training started");
        long t0 = System.nanoTime();
        // At least 3 s and 60 batches: on a loaded machine 3 s held only 9 hand-overs, too few to tell ticks from them.
        int first = batches.get();
        while ((System.nanoTime() - t0 < 3_000_000_000L || batches.get() - first < 60) && System.nanoTime() - t0 < 45_000_000_000L) Thread.sleep(20);
        fx.submit(s::stop).get();
        while (fx.submit(() -> s.state().active()).get() && System.nanoTime() < end) Thread.sleep(20);
        double seconds = (System.nanoTime() - t0) / 1e9;
        fx.submit(() -> null).get();

        assertFalse(fx.submit(() -> s.state().active()).get(), "the run stopped");
        assertEquals(fx.submit(() -> s.run().batches().size()).get().intValue(), batches.get(), "every batch reaches the listeners");
        // Ticks: the first hand-over, then at most one per 500 ms, plus one per start/epoch end/end event.
        assertTrue(ticks.get() <= 2 + 2 * seconds + urgent.get(), ticks + " redraw ticks in " + seconds + " s (" + urgent + " urgent events)");
        assertTrue(handOvers.get() > ticks.get() + 5, handOvers + " hand-overs, " + ticks + " of them redraw ticks");
        assertFalse(fx.submit(() -> s.progressTextProperty().get()).get().isEmpty(), "the progress line is shown");
        fx.shutdown();
        assertTrue(fx.awaitTermination(5, TimeUnit.SECONDS));
    }
}
