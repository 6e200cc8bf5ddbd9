package layerlab.ui.train;

import java.util.ArrayDeque;

/**
 * A run's speed over the last few seconds of wall time, for the progress line's samples/s and ETA. The engine's figure
 * (each batch's {@code samplesPerSecond}) averages the epoch so far: in a run's first epoch it carries the JIT's warm-up,
 * and a one-minute run said "8 samples/s · ETA 1:17:15" for its first seconds. The window's rate also counts what the
 * engine's leaves out and the time left will hold too: validation at each epoch's end.
 */
final class RecentRate {
    /** How far back the rate looks. */
    static final long WINDOW_NANOS = 5_000_000_000L;
    /** The least time between the window's ends for a rate to be told (else null: the engine's figure stands). */
    static final long LEAST_NANOS = 1_000_000_000L;

    private record Mark(long nanos, double samples) {}

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();

    /** At {@code nanos} ({@link System#nanoTime}), {@code samples} of the run were done. */
    void add(long nanos, double samples) {
        if (!marks.isEmpty() && samples < marks.peekLast().samples()) marks.clear(); // another run, or a resumed one
        marks.addLast(new Mark(nanos, samples));
        // Keep the newest mark at or before the window's start, so the window spans it whole.
        while (marks.size() > 2) {
            var it = marks.iterator();
            it.next();
            if (nanos - it.next().nanos() >= WINDOW_NANOS) marks.removeFirst();
            else break;
        }
    }

    /** Forgets the marks: a pause, or a new run, is no part of the speed. */
    void clear() {
        marks.clear();
    }

    /** Samples a second over the window, or null with under {@link #LEAST_NANOS} of it. */
    Double perSecond() {
        if (marks.size() < 2) return null;
        Mark first = marks.peekFirst(), last = marks.peekLast();
        long span = last.nanos() - first.nanos();
        if (span < LEAST_NANOS || last.samples() <= first.samples()) return null;
        return (last.samples() - first.samples()) / (span / 1e9);
    }
}
