package layerlab.train;

import layerlab.tensor.Tensor;

/**
 * Which values of a table's row sway one class's score: integrated gradients (Sundararajan et al. 2017) from a row of
 * zeros in the model's own units — the training average when the data are standardized — to this row, by
 * {@link Saliency#integratedAttributions}. Positive shares raise the score, negative ones lower it, and together they
 * add up to about score(row) − score(zeros), the more closely the more steps.
 *
 * @param x             the row as the model took it (normalized as in training)
 * @param shares        one per value of the row
 * @param score         the class's score for the row
 * @param baselineScore the class's score for the row of zeros
 */
public record FeatureShares(int cls, float[] x, float[] shares, float score, float baselineScore) {
    /**
     * The shares of class {@code cls} for {@code x} (one sample: {@code [features]} as the model's Input takes them, a
     * flat row for a model of several Inputs) under {@code evaluator}'s model, in eval mode, {@code steps} steps.
     *
     * @throws IllegalArgumentException when {@code cls} is not one of the Output's scores
     */
    public static FeatureShares integrated(Evaluator evaluator, Tensor x, int cls, int steps) {
        float[] row = x.contiguous().toFloatArray();
        Tensor zeros = Tensor.of(new float[row.length], x.shape());
        float[] shares = Saliency.integratedAttributions(evaluator, x, zeros, cls, steps);
        float[] both = evaluator.predict(Tensor.of(concat(row, new float[row.length]), 2, row.length), 2).toFloatArray();
        int scores = both.length / 2;
        return new FeatureShares(cls, row, shares, both[cls], both[scores + cls]);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * What the row of zeros the shares start from is, as a person reads it: the training average (standardized data),
     * every value at its training minimum (scaled), or a row of zeros.
     */
    public static String baseline(layerlab.data.Normalization n) {
        if (n == null || n.kind() == layerlab.data.Normalization.Kind.NONE) return "a row of zeros";
        return n.kind() == layerlab.data.Normalization.Kind.STANDARDIZE ? "the training average" : "every value at its training minimum";
    }

    /** The largest share's size (0 when none moves the score). */
    public float maxAbs() {
        float m = 0;
        for (float s : shares) m = Math.max(m, Math.abs(s));
        return m;
    }
}
