package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

class EventBridgeTest {
    @Test
    void coalescesEventsToAtMostTwentyHandOversASecondAndKeepsTheirOrder() throws Exception {
        ExecutorService fx = Executors.newSingleThreadExecutor();
        List<TrainingEvent> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        EventBridge b = new EventBridge(fx::submit, events -> {
            seen.addAll(events);
            if (events.get(events.size() - 1) instanceof TrainingEvent.Terminal) done.countDown();
        });
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < 500_000_000L) {
            b.onEvent(new TrainingEvent.BatchEnded(1, ++n, n, 1.0, 0.1, 100, Double.NaN));
            Thread.sleep(0, 200_000);
        }
        b.onEvent(new TrainingEvent.RunFinished(TrainingEvent.Reason.COMPLETED, 1, n, Map.of(), 0.5));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(n + 1, seen.size(), "every event arrives");
        for (int i = 0; i < n; i++) assertEquals(i + 1, ((TrainingEvent.BatchEnded) seen.get(i)).batch(), "in order");
        assertTrue(b.handOvers() <= seconds * 20 + 3, b.handOvers() + " hand-overs in " + seconds + " s");
        fx.shutdown();
    }
}
