package layerlab.ui.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.RunFinished;
import layerlab.train.TrainingEvent.RunStarted;

/**
 * The words {@link TrainingSession} shows of a run's progress: "epoch 3/10 · batch 12/50 · 1,495 samples/s · ETA 0:42"
 * under the bar, and how it ended in the status line.
 */
final class ProgressLine {
    private ProgressLine() {
    }

    /** How much of the run {@code b} has done, 0 to 1. */
    static double fraction(RunStarted s, BatchEnded b) {
        long total = (long) s.epochs() * s.batchesPerEpoch();
        long done = (long) (b.epoch() - 1) * s.batchesPerEpoch() + b.batch();
        return Math.min(1, (double) done / total);
    }

    /** The progress line after batch {@code b}; with the time left while the run is {@code active}. */
    static String text(RunStarted s, BatchEnded b, boolean active) {
        return text(s, b, active, null);
    }

    /**
     * {@link #text(RunStarted, BatchEnded, boolean)} at {@code recent} samples a second ({@link RecentRate}: the last
     * seconds' speed), or at the engine's figure for the epoch so far where it is null.
     */
    static String text(RunStarted s, BatchEnded b, boolean active, Double recent) {
        long total = (long) s.epochs() * s.batchesPerEpoch();
        long done = (long) (b.epoch() - 1) * s.batchesPerEpoch() + b.batch();
        double samplesLeft = (double) (total - done) / s.batchesPerEpoch() * s.trainSamples();
        double rate = recent != null ? recent : b.samplesPerSecond();
        double eta = rate > 0 ? samplesLeft / rate : Double.NaN;
        // A run that has ended has no time left to tell: a stopped one said "ETA 0:05" beside "Finished (stopped)".
        String left = active ? " · ETA " + duration(eta) : "";
        return String.format(Locale.ROOT, "epoch %d/%d · batch %d/%d · %,.0f samples/s", b.epoch(), s.epochs(), b.batch(),
                s.batchesPerEpoch(), rate) + left;
    }

    /** The samples of {@code s}'s run done after batch {@code b} (of its training set; a last short batch counted whole). */
    static double samplesDone(RunStarted s, BatchEnded b) {
        return ((double) (b.epoch() - 1) * s.batchesPerEpoch() + b.batch()) / s.batchesPerEpoch() * s.trainSamples();
    }

    /** "Finished (stopped) after 3 epochs, 112 steps, 3.4 s; train_loss 0.5445; …", with the epoch early stopping kept. */
    static String finished(RunFinished f) {
        return String.format(Locale.ROOT, "Finished (%s) after %d epoch%s, %d step%s, %.1f s%s", f.reason().label(), f.epochs(),
                f.epochs() == 1 ? "" : "s", f.steps(), f.steps() == 1 ? "" : "s", f.seconds(), metricsText(f.metrics()))
                + (f.restoredEpoch() > 0 ? ". Kept the weights of epoch " + f.restoredEpoch() + ", the best" + metricsText(f.restored()) : "");
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "–";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String metricsText(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        for (String k : List.of("train_loss", "val_loss", "val_accuracy", "val_mae")) {
            Double v = m.get(k);
            if (v != null) sb.append(String.format(Locale.ROOT, "; %s %.4g", k, v));
        }
        return sb.toString();
    }
}
