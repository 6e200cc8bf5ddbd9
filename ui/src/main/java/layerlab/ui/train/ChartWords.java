package layerlab.ui.train;

import java.util.List;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent.EpochEnded;

/**
 * What a screen reader says of a training chart, a picture to it: the last epoch's train and validation values and the
 * best validation value so far with its epoch ("Loss chart: epoch 3 of 10, train 0.412, validation 0.398; best validation
 * 0.377 at epoch 2"), or the last batch's loss before an epoch has ended.
 */
final class ChartWords {
    private ChartWords() {
    }

    /**
     * The chart {@code title} of {@code key} ("loss", "accuracy", "mae") for run {@code r}; a loss and an error are best
     * lowest, an accuracy highest.
     */
    static String of(String title, String key, RunRecord r) {
        String head = title + " chart";
        if (r == null) return head + ": no run yet";
        List<EpochEnded> es = r.epochs();
        if (es.isEmpty()) {
            RunRecord.Point p = r.batches().isEmpty() ? null : r.batches().get(r.batches().size() - 1);
            if (p == null || !key.equals("loss")) return head + ": no epoch has ended yet";
            return head + ": no epoch has ended yet, batch " + p.step() + " train loss " + number(p.loss());
        }
        EpochEnded last = es.get(es.size() - 1);
        int planned = r.started() == null ? 0 : r.started().epochs();
        StringBuilder s = new StringBuilder(head).append(": epoch ").append(last.epoch());
        if (planned >= last.epoch()) s.append(" of ").append(planned);
        Double train = last.metrics().get("train_" + key), val = last.metrics().get("val_" + key);
        if (train != null) s.append(", train ").append(number(train));
        if (val != null) s.append(", validation ").append(number(val));
        boolean higher = key.equals("accuracy");
        EpochEnded best = null;
        for (EpochEnded e : es) {
            Double v = e.metrics().get("val_" + key);
            if (v == null || !Double.isFinite(v)) continue;
            Double b = best == null ? null : best.metrics().get("val_" + key);
            if (b == null || (higher ? v > b : v < b)) best = e;
        }
        if (best != null && es.size() > 1) {
            s.append("; best validation ").append(number(best.metrics().get("val_" + key))).append(" at epoch ").append(best.epoch());
        }
        return s.toString();
    }

    /** The learning rate's chart: the rate of the last batch, as its title gives it. */
    static String rate(String rateNow) {
        return "Learning rate chart" + (rateNow == null ? ": no run yet" : ": " + rateNow + " now");
    }

    private static String number(double v) {
        return TrainingConfig.shortNumber(v, 3);
    }
}
