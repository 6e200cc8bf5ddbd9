package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line over the inspector's table says which step its figures are of, and why not the run's last. */
class InspectorStatsLineTest {
    @Test
    void aRunPastTheLatestStatisticsSaysHowOftenTheyAreTaken() {
        assertEquals("Statistics of training step 751, taken every 50 steps (stats_every); the run is at step 800: the weights that step"
                + " started from, and its gradients before any clipping.", StatsStepLine.of(751, 800, 50));
        assertEquals("Statistics of training step 751, taken every few steps (stats_every); the run is at step 800: the weights that step"
                + " started from, and its gradients before any clipping.", StatsStepLine.of(751, 800, null));
    }

    @Test
    void statisticsOfTheRunsLatestStepSayNoMore() {
        assertEquals("Statistics of training step 1, the latest: the weights that step started from, and its gradients before any clipping.",
                StatsStepLine.of(1, 1, 50));
    }
}
