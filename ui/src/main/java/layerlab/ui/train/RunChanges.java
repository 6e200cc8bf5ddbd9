package layerlab.ui.train;

import java.util.Locale;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;

/** What the runs' table ({@link RunsTable}) says of a run: its best score and how it ended (what changed: {@link layerlab.train.RunLog#changes}). */
final class RunChanges {
    private RunChanges() {
    }

    /**
     * "Run 3: seed 0, on cpu, 2 CPU threads, data files sha256:7fd7b3ca…": what tells a run apart beyond what changed, for the
     * tooltip of its number (a column each would crowd the table; what changed names a seed or thread count that differs
     * from the run before). What a run did not keep (an older run's threads) is left out.
     */
    static String identity(RunRecord r) {
        java.util.Map<String, Object> s = r.settings();
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (s.get("seed") instanceof Number seed) parts.add("seed " + seed.longValue());
        if (s.get(RunLog.RAN_ON) instanceof String device) parts.add("on " + device);
        if (s.get(RunLog.THREADS) instanceof Number n) parts.add(n.intValue() + (n.intValue() == 1 ? " CPU thread" : " CPU threads"));
        if (s.get(RunLog.DATA_FILES) != null) parts.add("data files " + s.get(RunLog.DATA_FILES));
        return "Run " + r.number() + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    /** The epochs a run trained; for a cross-validation its folds: "5 folds", "2/20 folds" when stopped early. */
    static String epochs(RunRecord r) {
        // The last epoch's number, not the count: a long run keeps every few epochs (KeptEpochs).
        if (r.folds() == null) return String.valueOf(RunRecord.lastEpoch(r.epochs()));
        return (r.folds().done() == r.folds().k() ? "" : r.folds().done() + "/") + r.folds().k() + " folds";
    }

    /**
     * "97.33% (4)" for accuracy, "0.123 MAE (4)" for a regression: the best validation score and its epoch; "–" before one;
     * for a cross-validation its mean ± standard deviation over the folds, "96.7 ± 2.1%".
     */
    static String best(RunRecord r) {
        if (r.folds() != null) return r.folds().compact();
        boolean accuracy = r.secondMetric().equals("accuracy");
        String key = accuracy ? "val_accuracy" : "val_mae";
        double best = Double.NaN;
        int at = 0;
        for (TrainingEvent.EpochEnded e : r.epochs()) {
            Double v = e.metrics().get(key);
            if (v == null || v.isNaN()) continue;
            if (Double.isNaN(best) || (accuracy ? v > best : v < best)) {
                best = v;
                at = e.epoch();
            }
        }
        if (Double.isNaN(best)) return "–";
        return (accuracy ? String.format(Locale.ROOT, "%.2f%%", 100 * best) : String.format(Locale.ROOT, "%.4g MAE", best)) + " (" + at + ")";
    }

    /**
     * "running", "done, 12.3 s", "stopped, 4.0 s", "early stop, 8.1 s", "failed", "interrupted" (a kept run whose process was
     * killed); "CV, 3.8 s" for a cross-validation.
     */
    static String ended(RunRecord r) {
        return ended(r, false);
    }

    /**
     * As {@link #ended(RunRecord)}; a run that has not ended says "paused" when {@code paused}; one the log holds as not ended
     * says "interrupted" when its process is gone (killed, a power cut), else "running elsewhere" (a terminal's {@code layerlab train}).
     */
    static String ended(RunRecord r, boolean paused) {
        if (r.end() == null && r.unfinishedInLog()) return r.interrupted() ? "interrupted" : "running elsewhere";
        if (r.end() == null) return paused ? "paused" : "running";
        if (r.end() instanceof TrainingEvent.RunFailed) return "failed";
        TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) r.end();
        if (r.folds() != null) return (f.reason() == TrainingEvent.Reason.STOPPED ? "stopped" : "CV") + String.format(Locale.ROOT, ", %.1f s", f.seconds());
        String how = switch (f.reason()) {
            case COMPLETED -> "done";
            default -> f.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
        return how + String.format(Locale.ROOT, ", %.1f s", f.seconds());
    }
}
