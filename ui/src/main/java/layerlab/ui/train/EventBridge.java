package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingListener;

/**
 * Carries a trainer's events to the screen: it queues them on the training thread (cheap, never blocks) and hands
 * them over in batches, at most one hand-over per {@link #PERIOD_MS} on the JavaFX thread. A terminal event is handed
 * over at once, so the end of a run never waits.
 */
public final class EventBridge implements TrainingListener {
    /** 50 ms: at most 20 screen updates a second. */
    public static final long PERIOD_MS = 50;

    /** The bridge's timer thread (also the session's catch-up ticks, {@link SessionEvents}). */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "layerlab-ui-bridge");
        t.setDaemon(true);
        return t;
    });

    private final ConcurrentLinkedQueue<TrainingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong lastFlush = new AtomicLong();
    private final AtomicLong handOvers = new AtomicLong();
    private final Consumer<Runnable> fxThread;
    private final Consumer<List<TrainingEvent>> sink;

    /**
     * @param fxThread runs a task on the JavaFX thread ({@code Platform::runLater})
     * @param sink     receives the events in order, on the JavaFX thread
     */
    public EventBridge(Consumer<Runnable> fxThread, Consumer<List<TrainingEvent>> sink) {
        this.fxThread = fxThread;
        this.sink = sink;
    }

    @Override
    public void onEvent(TrainingEvent event) {
        queue.add(event);
        if (event instanceof TrainingEvent.Terminal) {
            fxThread.accept(this::drain);
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastFlush.get() + PERIOD_MS * 1_000_000 - System.nanoTime());
            TIMER.schedule(() -> fxThread.accept(this::drain), wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Hand-overs so far (tests check the rate). */
    public long handOvers() {
        return handOvers.get();
    }

    private void drain() {
        scheduled.set(false);
        lastFlush.set(System.nanoTime());
        List<TrainingEvent> batch = new ArrayList<>();
        for (TrainingEvent e; (e = queue.poll()) != null; ) batch.add(e);
        if (batch.isEmpty()) return;
        handOvers.incrementAndGet();
        sink.accept(batch);
    }
}
