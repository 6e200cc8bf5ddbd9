package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run stopped after its data were read but before its first batch: the progress line kept saying "Reading big.csv —
 * 100 % (209 of 209 MB), making the samples…" over a full bar under "Finished (stopped) after 0 epochs", as seen on Xvfb.
 * Once the run has started the reading's line and bar go.
 */
class StopBeforeFirstBatchTest {
    private final ExecutorService fx = Executors.newSingleThreadExecutor();
    private final TrainingSession s = new TrainingSession(fx::submit);

    @AfterEach
    void shut() throws Exception {
        fx.submit(s::close).get();
        fx.shutdown();
        assertTrue(fx.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void theReadingLineGoesWhenTheRunStarts() throws Exception {
        fx.submit(() -> {
            s.state.set(TrainingSession.State.PREPARING);
            s.progress.set(1);
            s.progressText.set("Reading big.csv — 100 % (209 of 209 MB), making the samples…");
            s.events.deliver(new RunRecord(1), List.of(new TrainingEvent.RunStarted("Iris", "cpu", 131, 100, 0, 7, 100, null, true),
                    new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 0, 0, Map.of(), 0.2)));
        }).get();
        assertEquals("", fx.submit(() -> s.progressTextProperty().get()).get());
        assertEquals(0.0, fx.submit(() -> s.progress.get()).get());
        assertEquals("Finished (stopped) after 0 epochs, 0 steps, 0.2 s", fx.submit(() -> s.statusProperty().get()).get());
    }
}
