package layerlab.ui.train;

import java.util.Locale;
import layerlab.train.TrainingEvent.EpochEnded;

/** The charts' Export › Metrics as CSV: every batch and epoch of a run, {@code kind,x,step,loss,lr,accuracy,…}. */
final class MetricsCsv {
    private MetricsCsv() {
    }

    /** {@code r}'s batches and epochs (only the header for null). */
    static String of(RunRecord r) {
        StringBuilder w = new StringBuilder("kind,x,step,loss,lr,accuracy,samples_per_s,val_loss,val_metric\n");
        if (r == null) return w.toString();
        for (RunRecord.Point p : r.batches()) {
            w.append(String.format(Locale.ROOT, "batch,%.6f,%d,%s,%s,%s,%.1f,,%n", p.x(), p.step(), num(p.loss()), num(p.lr()), num(p.accuracy()),
                    p.samplesPerSecond()));
        }
        String m = r.secondMetric();
        for (EpochEnded e : r.epochs()) {
            var mm = e.metrics();
            w.append(String.format(Locale.ROOT, "epoch,%d,,%s,%s,%s,,%s,%s%n", e.epoch(), num(mm.get("train_loss")), num(mm.get("lr")),
                    num(mm.get("train_" + m)), num(mm.get("val_loss")), num(mm.get("val_" + m))));
        }
        return w.toString();
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
