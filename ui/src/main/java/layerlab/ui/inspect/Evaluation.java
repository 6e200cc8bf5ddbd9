package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.List;
import layerlab.data.Batch;
import layerlab.data.Dataset;
import layerlab.data.Vocabulary;
import layerlab.train.Metrics;
import layerlab.train.Roc;
import layerlab.train.Trainer;

/**
 * Predictions on the evaluated samples (the whole validation set): {@code truth[i]}, {@code predicted[i]}, and the
 * features of the first {@link #KEPT}, which the gallery can show; for texts the vocabulary that reads them back
 * (else null).
 */
public record Evaluation(int[] truth, int[] predicted, long[][] confusion, List<String> classes, int[] shape, float[] features,
                         List<String> featureNames, Vocabulary vocabulary, Roc roc) {
    public List<Integer> cell(int t, int p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) if (truth[i] == t && predicted[i] == p) out.add(i);
        return out;
    }

    public List<Integer> misclassified() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) if (truth[i] != predicted[i]) out.add(i);
        return out;
    }

    /** Samples whose features are kept to show (the gallery), and a chunk evaluated at once. */
    static final int KEPT = 2000;

    /** Evaluates {@code t} on every sample of {@code ds} (off the JavaFX thread). */
    public static Evaluation of(Trainer t, Dataset ds) {
        return of(t, ds, null);
    }

    /**
     * {@link #of(Trainer, Dataset)} for one classifier head of a network of several targets ({@code head}; null: the
     * model's one target): its Output against its own column of the targets, its classes those of its target's words.
     */
    public static Evaluation of(Trainer t, Dataset ds, HeadColumns head) {
        // Every sample, as layerlab eval and the validation loss see them, a chunk at a time; the first chunk's features
        // are kept for the gallery.
        List<String> names = head == null ? ds.classNames() : head.classes();
        int n = ds.size(), k = Math.max(2, names.size());
        int[] pred = new int[n], truth = new int[n];
        double[] scores = k == 2 ? new double[n] : null;
        float[] shown = null;
        for (int from = 0; from < n; from += KEPT) {
            Batch batch = chunk(ds, from);
            int m = batch.inputs().size(0);
            float[] out = head == null ? Probes.predict(t, batch.inputs()) : head.predict(t, batch.inputs());
            if (shown == null) shown = batch.inputs().toFloatArray();
            System.arraycopy(classes(out, m, head == null ? t.evaluator().task() : head.task()), 0, pred, from, m);
            if (head == null) {
                long[] labels = batch.targets().toLongArray();
                for (int i = 0; i < m; i++) truth[from + i] = (int) labels[i];
            } else {
                float[] y = head.column(batch.targets());
                for (int i = 0; i < m; i++) truth[from + i] = (int) y[i];
            }
            // Two classes: how well the scores order them, whatever the threshold (the second class is the positive one).
            if (scores != null) {
                double[] sc = Roc.positiveScores(out, out.length / Math.max(1, m));
                if (sc == null) scores = null;
                else System.arraycopy(sc, 0, scores, from, m);
            }
        }
        long[][] cm = new long[k][k];
        for (int i = 0; i < n; i++) if (truth[i] >= 0 && truth[i] < k && pred[i] < k) cm[truth[i]][pred[i]]++;
        Roc roc = null;
        if (scores != null) {
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) positive[i] = truth[i] == 1;
            try {
                roc = Roc.of(scores, positive);
            } catch (IllegalArgumentException oneClass) {
                roc = null;
            }
        }
        return new Evaluation(truth, pred, cm, names, ds.sampleShape(), shown == null ? new float[0] : shown, ds.featureNames(),
                ds.vocabulary(), roc);
    }

    /** Samples {@code from} to {@code from + KEPT} (or the end) of {@code ds}: one chunk evaluated, the first kept to show. */
    static Batch chunk(Dataset ds, int from) {
        int[] idx = new int[Math.min(ds.size() - from, KEPT)];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return ds.batch(idx);
    }

    /** The predicted class of each of {@code n} outputs: arg-max over classes, or a threshold for one binary score. */
    static int[] classes(float[] out, int n, Metrics.Task task) {
        int per = out.length / n;
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            if (per == 1) {
                pred[i] = out[i] > (task == Metrics.Task.BINARY_PROBABILITY ? 0.5f : 0f) ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int c = 1; c < per; c++) if (out[i * per + c] > out[i * per + best]) best = c;
            pred[i] = best;
        }
        return pred;
    }
}
