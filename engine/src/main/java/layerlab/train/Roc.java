package layerlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A binary classifier's ROC curve and the area under it, as scikit-learn's {@code roc_curve} (with
 * {@code drop_intermediate=True}) and {@code roc_auc_score} compute them: the scores sorted from high to low, one point
 * per distinct score (true-positive rate against false-positive rate when everything scoring at least that much is
 * called positive), points collinear with their neighbours dropped, (0, 0) in front; the area by the trapezoidal rule.
 * Any score that orders the samples as the model does will do (a probability, a logit, the difference of two logits):
 * the curve depends on the order alone.
 *
 * @param fpr        false-positive rates, rising from 0 to 1
 * @param tpr        true-positive rates, rising from 0 to 1
 * @param thresholds the score each point calls positive from (the first: the highest score + 1, which calls none)
 * @param auc        the area under the curve: 0.5 is chance, 1 a perfect ordering
 */
public record Roc(double[] fpr, double[] tpr, double[] thresholds, double auc) {
    /**
     * The curve of {@code scores} (higher: more likely positive) against {@code positive}, the truth.
     *
     * @throws IllegalArgumentException when the lengths differ, or the truth has only one class (no curve then)
     */
    public static Roc of(double[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) throw new IllegalArgumentException(n + " scores but " + positive.length + " labels");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Stable, as numpy's mergesort on the negated scores: ties keep their order.
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        List<double[]> points = new ArrayList<>(); // {fps, tps, threshold} per distinct score
        long tp = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (positive[i]) tp++;
            if (k == n - 1 || scores[order[k + 1]] != scores[i]) points.add(new double[] {k + 1 - tp, tp, scores[i]});
        }
        double negatives = n - tp;
        if (tp == 0 || negatives == 0)
            throw new IllegalArgumentException("a ROC curve needs samples of both classes; these are all " + (tp == 0 ? "negative" : "positive"));
        // Drop a point where neither count turns (np.diff(_, 2) == 0 for both): it lies on the line between its neighbours.
        List<double[]> kept = new ArrayList<>();
        for (int k = 0; k < points.size(); k++) {
            if (k == 0 || k == points.size() - 1 || points.size() <= 2) {
                kept.add(points.get(k));
                continue;
            }
            double[] a = points.get(k - 1), b = points.get(k), c = points.get(k + 1);
            if (c[0] - 2 * b[0] + a[0] != 0 || c[1] - 2 * b[1] + a[1] != 0) kept.add(b);
        }
        int m = kept.size() + 1;
        double[] fpr = new double[m], tpr = new double[m], thr = new double[m];
        thr[0] = kept.get(0)[2] + 1;
        for (int k = 1; k < m; k++) {
            double[] p = kept.get(k - 1);
            fpr[k] = p[0] / negatives;
            tpr[k] = p[1] / tp;
            thr[k] = p[2];
        }
        double area = 0;
        for (int k = 1; k < m; k++) area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        return new Roc(fpr, tpr, thr, area);
    }

    /**
     * The score of the positive class for a batch of model outputs ({@code per} values a sample): the single output of
     * a BCE model (a probability or a logit), or, for two class scores, the second minus the first (softmax's order).
     *
     * @return null when the outputs are not those of a binary classifier
     */
    public static double[] positiveScores(float[] outputs, int per) {
        if (per != 1 && per != 2) return null;
        int n = outputs.length / per;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = positiveScore(outputs, i, per);
        return s;
    }

    /** Sample {@code i}'s positive-class score among outputs of {@code per} (1 or 2) values a sample; see {@link #positiveScores}. */
    static double positiveScore(float[] outputs, int i, int per) {
        return per == 1 ? outputs[i] : (double) outputs[2 * i + 1] - outputs[2 * i];
    }

    @Override public double[] fpr() { return fpr.clone(); }
    @Override public double[] tpr() { return tpr.clone(); }
    @Override public double[] thresholds() { return thresholds.clone(); }
}
