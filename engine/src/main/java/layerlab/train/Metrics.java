package layerlab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.loss.BCELoss;
import layerlab.loss.BCEWithLogitsLoss;
import layerlab.loss.CrossEntropyLoss;
import layerlab.loss.L1Loss;
import layerlab.loss.MSELoss;
import layerlab.loss.NLLLoss;
import layerlab.loss.SmoothL1Loss;
import layerlab.nn.Module;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Loss and accuracy (or mean absolute error) accumulated over batches, and the confusion matrix for {@code eval}.
 * What "accuracy" means follows from the loss: the arg-max over dimension 1 for CrossEntropyLoss and NLLLoss,
 * probability above 0.5 for BCELoss, a raw score above 0 for BCEWithLogitsLoss.
 */
public final class Metrics {
    /** What a model's loss says about its task. */
    public enum Task {
        MULTICLASS, BINARY_PROBABILITY, BINARY_LOGIT, REGRESSION, OTHER;

        public boolean classification() {
            return this == MULTICLASS || this == BINARY_PROBABILITY || this == BINARY_LOGIT;
        }

        /** The task a loss module trains for. */
        public static Task of(Module loss) {
            if (loss instanceof CrossEntropyLoss || loss instanceof NLLLoss) return MULTICLASS;
            if (loss instanceof BCELoss) return BINARY_PROBABILITY;
            if (loss instanceof BCEWithLogitsLoss) return BINARY_LOGIT;
            if (loss instanceof MSELoss || loss instanceof L1Loss || loss instanceof SmoothL1Loss) return REGRESSION;
            return OTHER;
        }
    }

    private final Task task;
    private final boolean accuracy, mae;
    private double lossSum;
    private long samples;
    private long correct, counted;
    private double absErr, sqErr, targetSum, targetSq;
    private long errCount;
    /**
     * A class index per step ({@code [N, C, steps]} scores): the loss summed over the steps scored, the padded ones
     * ({@code ignore_index}) left out, and how many were scored, for the per-token loss and perplexity.
     */
    private double tokenLossSum;
    private long tokens;
    /** With several loss nodes, each one's own loss summed over the samples, by name ({@code loss_aux}). */
    private final Map<String, Double> partSums = new LinkedHashMap<>();
    /**
     * With several target Inputs, each head's own metrics by its loss node's name: accuracy for a classification head,
     * MAE for an amount ({@code val_accuracy_ce}, {@code val_mae_mse}), made as its first batch arrives.
     */
    private final Map<String, Metrics> heads = new LinkedHashMap<>();
    private long[][] confusion;
    private final boolean keepConfusion;
    /** With the confusion matrix, a binary classifier's positive-class scores and truths, for its ROC curve. */
    private double[] scores = new double[0];
    private boolean[] truths = new boolean[0];
    private int scored;
    private boolean binary = true;

    /** @param accuracy, mae which metrics to compute besides the loss */
    Metrics(Task task, boolean accuracy, boolean mae, boolean keepConfusion) {
        this.task = task;
        this.accuracy = accuracy;
        this.mae = mae;
        this.keepConfusion = keepConfusion;
    }

    /** The metrics a task has by default: accuracy for classification, MAE for regression. */
    public static Metrics forTask(Task task, boolean keepConfusion) {
        return new Metrics(task, task.classification(), task == Task.REGRESSION, keepConfusion);
    }

    Metrics fresh() {
        return new Metrics(task, accuracy, mae, keepConfusion);
    }

    public Task task() {
        return task;
    }

    /** Adds one batch: its (mean) loss, its output and the targets as the loss saw them. */
    public void add(double loss, int batchSize, Tensor output, Tensor target) {
        add(loss, batchSize, output, target, Map.of());
    }

    /** One head's batch: the task of its loss, its prediction and its target as the loss saw them. */
    public record HeadBatch(Task task, Tensor output, Tensor target) {}

    /**
     * {@link #add(double, int, Tensor, Tensor, Map)}, with each head's prediction and target when the network has several
     * target Inputs, by loss node: each head's accuracy or MAE is counted apart.
     */
    void add(double loss, int batchSize, Tensor output, Tensor target, Map<String, Double> parts, Map<String, HeadBatch> headBatches) {
        add(loss, batchSize, output, target, parts);
        // An evaluation that keeps the confusion matrix keeps each classifier head's too (eval prints one per head).
        headBatches.forEach((name, h) -> heads.computeIfAbsent(name, n -> forTask(h.task(), keepConfusion)).add(loss, batchSize, h.output(), h.target()));
    }

    /** With several target Inputs, each head's own metrics by its loss node's name; empty for one target. */
    public Map<String, Metrics> heads() {
        return java.util.Collections.unmodifiableMap(heads);
    }

    /** {@link #add(double, int, Tensor, Tensor)}, with each loss node's own (mean) loss when the loss is the weighted sum of several. */
    void add(double loss, int batchSize, Tensor output, Tensor target, Map<String, Double> parts) {
        parts.forEach((name, v) -> partSums.merge(name, v * batchSize, Double::sum));
        lossSum += loss * batchSize;
        samples += batchSize;
        long before = counted;
        if (accuracy) countCorrect(output, target);
        // The batch's loss is the mean over its scored steps (CrossEntropyLoss's "mean" with ignore_index): times their count,
        // their sum, as a PyTorch loop adds loss.item() * n_tokens. A weighted sum of several losses is no one step's loss.
        if (accuracy && parts.isEmpty() && task == Task.MULTICLASS && output.shape().length > 2) {
            tokenLossSum += loss * (counted - before);
            tokens += counted - before;
        }
        if (mae) {
            float[] o = output.toFloatArray(), t = target.toFloatArray();
            if (o.length == t.length) {
                for (int i = 0; i < o.length; i++) {
                    double d = (double) o[i] - t[i];
                    absErr += Math.abs(d);
                    sqErr += d * d;
                    targetSum += t[i];
                    targetSq += (double) t[i] * t[i];
                }
                errCount += o.length;
            }
        }
    }

    private void countCorrect(Tensor output, Tensor target) {
        float[] o = output.toFloatArray();
        if (task == Task.MULTICLASS) {
            int[] s = output.shape();
            int b = s[0], c = s.length > 1 ? s[1] : 1, inner = 1;
            for (int i = 2; i < s.length; i++) inner *= s[i];
            boolean probabilities = target.dtype() == DType.FLOAT32 && target.numel() == output.numel();
            float[] tp = probabilities ? target.toFloatArray() : null;
            long[] ti = probabilities ? null : target.toLongArray();
            if (confusion == null && keepConfusion) confusion = new long[c][c];
            for (int n = 0; n < b; n++) {
                for (int j = 0; j < inner; j++) {
                    int pred = argmax(o, n * c * inner + j, c, inner);
                    long truth = probabilities ? argmax(tp, n * c * inner + j, c, inner) : ti[n * inner + j];
                    if (truth < 0 || truth >= c) continue; // ignore_index
                    counted++;
                    if (pred == truth) correct++;
                    if (confusion != null) confusion[(int) truth][pred]++;
                    if (keepConfusion && c == 2 && inner == 1) score(Roc.positiveScore(o, n, 2), truth == 1);
                    else binary = false;
                }
            }
        } else {
            float threshold = threshold(task);
            float[] t = target.toFloatArray();
            if (confusion == null && keepConfusion) confusion = new long[2][2];
            for (int i = 0; i < Math.min(o.length, t.length); i++) {
                int pred = o[i] > threshold ? 1 : 0, truth = t[i] > 0.5f ? 1 : 0;
                counted++;
                if (pred == truth) correct++;
                if (confusion != null) confusion[truth][pred]++;
                if (keepConfusion) score(Roc.positiveScore(o, i, 1), truth == 1);
            }
        }
    }

    private void score(double s, boolean positive) {
        if (scored == scores.length) {
            scores = java.util.Arrays.copyOf(scores, Math.max(64, 2 * scored));
            truths = java.util.Arrays.copyOf(truths, scores.length);
        }
        scores[scored] = s;
        truths[scored++] = positive;
    }

    /**
     * The ROC curve of a binary classifier's evaluation (kept with the confusion matrix): its positive-class score (the
     * one output of a BCE model, or the second logit minus the first) against the truth; null for more classes, or when
     * the samples are all of one class.
     */
    public Roc roc() {
        if (!binary || scored == 0) return null;
        try {
            return Roc.of(java.util.Arrays.copyOf(scores, scored), java.util.Arrays.copyOf(truths, scored));
        } catch (IllegalArgumentException oneClass) {
            return null;
        }
    }

    /** Where a binary model's one output turns from class 0 to class 1: 0 for a logit, 0.5 for a probability. */
    private static float threshold(Task task) {
        return task == Task.BINARY_LOGIT ? 0f : 0.5f;
    }

    /**
     * The class a classifier's output predicts for each of its samples, as accuracy counts it: the largest of a
     * multi-class model's {@code [N, C]} scores, a binary model's one value a sample above its threshold. Null for an
     * output with more than one prediction a sample (a class per position) and for tasks that are not classification.
     */
    static int[] predictedClasses(Task task, Tensor output) {
        int[] s = output.shape();
        if (s.length == 0 || !task.classification()) return null;
        int b = s[0];
        float[] o = output.toFloatArray();
        int[] p = new int[b];
        if (task == Task.MULTICLASS) {
            if (s.length != 2) return null;
            for (int i = 0; i < b; i++) p[i] = argmax(o, i * s[1], s[1], 1);
        } else {
            if (o.length != b) return null;
            float threshold = threshold(task);
            for (int i = 0; i < b; i++) p[i] = o[i] > threshold ? 1 : 0;
        }
        return p;
    }

    private static int argmax(float[] v, int start, int n, int stride) {
        int best = 0;
        float bv = v[start];
        for (int k = 1; k < n; k++) {
            float x = v[start + k * stride];
            if (x > bv || Float.isNaN(x) && !Float.isNaN(bv)) {
                bv = x;
                best = k;
            }
        }
        return best;
    }

    public long samples() {
        return samples;
    }

    public double loss() {
        return samples == 0 ? Double.NaN : lossSum / samples;
    }

    /** The fraction classified correctly so far, or NaN when accuracy is not computed. */
    public double accuracy() {
        return accuracy && counted > 0 ? (double) correct / counted : Double.NaN;
    }

    /**
     * The mean loss per scored step of a model scored at every step (a next-token model's {@code [N, C, steps]}): the
     * loss summed over the steps that are not padding, divided by their count, as PyTorch users average a language
     * model's cross-entropy; NaN for a model scored once a sample.
     */
    public double tokenLoss() {
        return tokens > 0 ? tokenLossSum / tokens : Double.NaN;
    }

    /** {@code exp(tokenLoss())}: the perplexity of a next-token model, NaN for a model scored once a sample. */
    public double perplexity() {
        return Math.exp(tokenLoss());
    }

    /** The steps {@link #tokenLoss} averages over (the padded ones left out); 0 for a model scored once a sample. */
    public long tokens() {
        return tokens;
    }

    public double mae() {
        return mae && errCount > 0 ? absErr / errCount : Double.NaN;
    }

    /** The root of the mean squared error, or NaN when the error is not computed. */
    public double rmse() {
        return mae && errCount > 0 ? Math.sqrt(sqErr / errCount) : Double.NaN;
    }

    /**
     * The coefficient of determination, 1 − Σ(y − ŷ)² / Σ(y − ȳ)² over every target value (scikit-learn's r2_score of
     * the flattened targets): 1 for a perfect fit, 0 for predicting the mean; NaN when not computed or the targets are
     * all equal.
     */
    public double r2() {
        if (!mae || errCount == 0) return Double.NaN;
        double total = targetSq - targetSum * targetSum / errCount;
        return total > 0 ? 1 - sqErr / total : Double.NaN;
    }

    /** {@code confusion[true][predicted]} counts, or null (regression, or not kept). */
    public long[][] confusion() {
        return confusion;
    }

    /**
     * The running sums of an epoch in progress, for a checkpoint taken inside it ({@link #restore} takes them back);
     * a kept confusion matrix and ROC scores are not part of it (training metrics keep neither).
     */
    public Map<String, Object> state() {
        if (keepConfusion) throw new IllegalStateException("metrics that keep a confusion matrix are not checkpointed");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss_sum", lossSum);
        m.put("samples", samples);
        m.put("correct", correct);
        m.put("counted", counted);
        m.put("abs_err", absErr);
        m.put("sq_err", sqErr);
        m.put("target_sum", targetSum);
        m.put("target_sq", targetSq);
        m.put("err_count", errCount);
        if (!partSums.isEmpty()) m.put("loss_sums", new LinkedHashMap<>(partSums));
        if (!heads.isEmpty()) {
            Map<String, Object> h = new LinkedHashMap<>();
            heads.forEach((name, hm) -> {
                Map<String, Object> one = hm.state();
                one.put("task", hm.task.name());
                h.put(name, one);
            });
            m.put("heads", h);
        }
        return m;
    }

    /** Continues from the running sums {@link #state()} gave. */
    public void restore(Map<String, ?> m) {
        lossSum = number(m, "loss_sum").doubleValue();
        samples = number(m, "samples").longValue();
        correct = number(m, "correct").longValue();
        counted = number(m, "counted").longValue();
        absErr = number(m, "abs_err").doubleValue();
        sqErr = number(m, "sq_err").doubleValue();
        targetSum = number(m, "target_sum").doubleValue();
        targetSq = number(m, "target_sq").doubleValue();
        errCount = number(m, "err_count").longValue();
        partSums.clear();
        if (m.get("loss_sums") instanceof Map<?, ?> parts) parts.forEach((k, v) -> partSums.put(String.valueOf(k), ((Number) v).doubleValue()));
        heads.clear();
        if (m.get("heads") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> {
                @SuppressWarnings("unchecked")
                Map<String, ?> one = (Map<String, ?>) v;
                Metrics hm = forTask(Task.valueOf(String.valueOf(one.get("task"))), false);
                hm.restore(one);
                heads.put(String.valueOf(k), hm);
            });
        }
    }

    private static Number number(Map<String, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) throw new IllegalArgumentException("the epoch's running metrics lack \"" + key + "\"");
        return n;
    }

    /** With several loss nodes, each one's own mean loss by name ({@code ce}, {@code aux}), unweighted; empty for one loss. */
    public Map<String, Double> lossParts() {
        Map<String, Double> m = new LinkedHashMap<>();
        partSums.forEach((name, sum) -> m.put(name, samples == 0 ? Double.NaN : sum / samples));
        return m;
    }

    /** {@code <prefix>loss}, {@code <prefix>accuracy} and/or {@code <prefix>mae}. */
    public Map<String, Double> toMap(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", loss());
        // Each loss node's own, unweighted: train_loss_ce, train_loss_aux (train_loss is their weighted sum).
        lossParts().forEach((name, v) -> m.put(prefix + "loss_" + name, v));
        if (accuracy) m.put(prefix + "accuracy", accuracy());
        if (mae) m.put(prefix + "mae", mae());
        // Each head's own, with several target Inputs: val_accuracy_ce for the classifier, val_mae_mse for the amount.
        heads.forEach((name, h) -> {
            if (h.accuracy) m.put(prefix + "accuracy_" + name, h.accuracy());
            if (h.mae) m.put(prefix + "mae_" + name, h.mae());
        });
        return m;
    }

    /** The confusion matrix as text: one row per true class, one column per predicted class, with labels. */
    public static String confusionText(long[][] m, java.util.List<String> names) {
        int c = m.length;
        String[] labels = new String[c];
        for (int i = 0; i < c; i++) labels[i] = i < names.size() ? names.get(i) : String.valueOf(i);
        int w = 4;
        for (String l : labels) w = Math.max(w, l.length());
        for (long[] row : m) for (long v : row) w = Math.max(w, Long.toString(v).length());
        int fw = Math.max(9, w);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "%-" + fw + "s", "true\\pred"));
        for (String l : labels) sb.append(' ').append(String.format(java.util.Locale.ROOT, "%" + w + "s", l));
        sb.append('\n');
        for (int i = 0; i < c; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%-" + fw + "s", labels[i]));
            for (int j = 0; j < c; j++) sb.append(' ').append(String.format(java.util.Locale.ROOT, "%" + w + "d", m[i][j]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
