package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/**
 * The progress line's speed and ETA come from the last seconds of the run, not from the epoch so far: a one-minute run
 * (the sunspots sample: 150 epochs of 15 batches) said "8 samples/s · ETA 1:17:15" in its first epoch, while the JIT
 * warmed up, and 684 samples/s once it had.
 */
class RecentRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theRateIsTheLastSecondsOnly() {
        RecentRate r = new RecentRate();
        assertNull(r.perSecond(), "nothing yet");
        r.add(0, 0);
        r.add(S / 2, 5);
        assertNull(r.perSecond(), "half a second is too little to tell");
        // Warm-up: 50 samples in the first 10 s; then 600 a second.
        r.add(10 * S, 50);
        for (int t = 11; t <= 20; t++) r.add(t * S, 50 + 600.0 * (t - 10));
        assertEquals(600, r.perSecond(), 1e-9, "the warm-up left the window");
        r.clear();
        assertNull(r.perSecond(), "a pause forgets");
        r.add(30 * S, 7000);
        r.add(32 * S, 8000);
        assertEquals(500, r.perSecond(), 1e-9);
        r.add(33 * S, 10);
        assertNull(r.perSecond(), "fewer samples done than before: another run starts afresh");
    }

    @Test
    void theProgressLineTellsTheRecentSpeedAndItsEta() {
        var started = new TrainingEvent.RunStarted("SunspotsLSTM", "cpu", 4513, 240, 60, 15, 150, TrainingConfig.defaults(), false);
        // Batch 5 of epoch 1: the engine's figure is the epoch so far, 8 samples/s through the warm-up.
        var batch = new TrainingEvent.BatchEnded(1, 5, 5, 3000, 0.01, 8, Double.NaN);
        String warm = ProgressLine.text(started, batch, true);
        assertTrue(warm.endsWith(" · 8 samples/s · ETA 1:14:50"), warm);
        String recent = ProgressLine.text(started, batch, true, 684.0);
        assertEquals("epoch 1/150 · batch 5/15 · 684 samples/s · ETA 0:53", recent);
        assertEquals(80, ProgressLine.samplesDone(started, batch), 1e-9, "5 of 15 batches of 240 samples");
    }
}
