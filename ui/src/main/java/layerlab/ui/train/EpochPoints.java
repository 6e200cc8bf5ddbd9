package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import layerlab.train.TrainingEvent.EpochEnded;

/**
 * Which epochs the charts draw: every one up to {@link #MAX} epochs, beyond that every few, evenly along the run, and
 * always its last. A tiny model trains thousands of epochs in minutes; each drawn point is a shape, a hover area and a
 * share of every redraw, so a 20,000-epoch run drawn in full took the JavaFX thread ever longer as it went on (and its
 * points were far denser than the chart's pixels). The runs table and the progress line keep the exact figures.
 */
final class EpochPoints {
    /** Epoch points drawn per series at most (plus a run's first and last). */
    static final int MAX = 1000;
    /** Series of more points than this are drawn as lines without a dot per point (the dots ran into one thick line). */
    static final int DOTS_UP_TO = 250;

    private EpochPoints() {
    }

    /** Every how many epochs a run of {@code planned} epochs draws one. */
    static int stride(long planned) {
        return (int) Math.max(1, (planned + MAX - 1) / MAX);
    }

    /** Whether epoch {@code epoch} (from 1) is drawn at {@code stride}: every {@code stride}-th, and the first (where the curve starts). */
    static boolean drawn(int epoch, int stride) {
        return epoch == 1 || epoch % stride == 0;
    }

    /** The epochs of {@code all} (an ended run's) that are drawn: every {@link #stride} of its count, its first and its last. */
    static List<EpochEnded> of(List<EpochEnded> all) {
        int stride = stride(all.size());
        if (stride == 1) return all;
        List<EpochEnded> out = new ArrayList<>(MAX + 1);
        for (int i = 0; i < all.size(); i++) {
            if (drawn(all.get(i).epoch(), stride) || i == all.size() - 1) out.add(all.get(i));
        }
        return out;
    }
}
