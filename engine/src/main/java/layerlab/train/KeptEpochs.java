package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The epochs a {@link RunLog} keeps of a run, and the window of a run too old to be drawn: all of them up to {@link #MAX};
 * of a longer run every few, evenly, plus those its runs-table row and overlay read off — the last, the best validation
 * accuracy, MAE and loss, and the epoch early stopping took the weights back from. A tiny model trains 20,000 epochs in
 * minutes: kept in full, one such run was 6 MB of log, read back whenever the window came to the front and rewritten at
 * every run's end, and 50 of them would have held hundreds of MB in the window.
 */
public final class KeptEpochs {
    /** Evenly spaced epochs kept of a long run. */
    public static final int MAX = 500;
    /** The epochs kept on top of those: the last, the best by three metrics, the restored one. */
    public static final int EXTRA = 5;

    private KeptEpochs() {
    }

    /**
     * {@code all} when it has at most {@link #MAX} + {@link #EXTRA} epochs (so a list kept once is kept as it is when read
     * back), else the epochs kept of it, in order; {@code end} may be null.
     */
    public static List<TrainingEvent.EpochEnded> of(List<TrainingEvent.EpochEnded> all, TrainingEvent.Terminal end) {
        if (all.size() <= MAX + EXTRA) return all;
        int stride = (all.size() + MAX - 1) / MAX;
        TreeSet<Integer> keep = new TreeSet<>();
        for (int i = stride - 1; i < all.size(); i += stride) keep.add(i);
        keep.add(all.size() - 1);
        keep.add(best(all, "val_accuracy", true));
        keep.add(best(all, "val_mae", false));
        keep.add(best(all, "val_loss", false));
        int restored = end instanceof TrainingEvent.RunFinished f ? f.restoredEpoch() : 0;
        for (int i = 0; restored > 0 && i < all.size(); i++) if (all.get(i).epoch() == restored) keep.add(i);
        keep.remove(-1);
        List<TrainingEvent.EpochEnded> out = new ArrayList<>(keep.size());
        for (int i : keep) out.add(all.get(i));
        return out;
    }

    /** The index of the epoch with the highest (or lowest) {@code key}, the first of equals; -1 when none has it. */
    private static int best(List<TrainingEvent.EpochEnded> all, String key, boolean highest) {
        int at = -1;
        double best = Double.NaN;
        for (int i = 0; i < all.size(); i++) {
            Double v = all.get(i).metrics().get(key);
            if (v == null || v.isNaN()) continue;
            if (at < 0 || (highest ? v > best : v < best)) {
                best = v;
                at = i;
            }
        }
        return at;
    }
}
