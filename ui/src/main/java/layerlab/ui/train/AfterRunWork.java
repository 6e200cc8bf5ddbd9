package layerlab.ui.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import layerlab.train.Trainer;

/**
 * Work a {@link TrainingSession} computes on its finished model off the JavaFX thread ({@link TrainingSession#afterRun}),
 * a newer request under the same key replacing an older one.
 */
final class AfterRunWork {
    private final TrainingSession session;

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    AfterRunWork(TrainingSession session) {
        this.session = session;
    }

    /** {@link TrainingSession#afterRun(String, Function, Consumer)}. */
    <T> void afterRun(String key, Function<Trainer, T> compute, Consumer<T> show) {
        Trainer t = session.finished();
        if (t == null || session.closed) return;
        long gen = session.generation;
        AtomicBoolean dropped = new AtomicBoolean();
        Future<?> f = session.worker.submit(() -> {
            if (gen != session.generation || dropped.get()) return;
            T v;
            try {
                v = compute.apply(t);
            } catch (RuntimeException e) {
                if (dropped.get()) return;
                session.fxThread.accept(() -> {
                    if (gen == session.generation) session.status.set("Could not compute: " + e.getMessage());
                });
                return;
            }
            if (dropped.get()) return;
            session.fxThread.accept(() -> {
                if (gen == session.generation && !dropped.get()) show.accept(v);
            });
        });
        if (key != null) {
            Pending old = pending.put(key, new Pending(f, dropped));
            if (old != null) old.drop();
        }
    }

    /** Work asked for under a key ({@link #afterRun}), until asked for again. */
    private record Pending(Future<?> future, AtomicBoolean dropped) {
        void drop() {
            dropped.set(true);
            future.cancel(true);
        }
    }

    /** Drops all work asked for under a key: what has not started never starts, what runs is interrupted and not shown. */
    void dropAll() {
        pending.values().forEach(Pending::drop);
        pending.clear();
    }
}
