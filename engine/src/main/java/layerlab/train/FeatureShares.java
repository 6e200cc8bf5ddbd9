package layerlab.train;

import layerlab.tensor.Tensor;

/**
 * Which values of a table's row sway one class's score: integrated gradients (Sundararajan et al. 2017) from a row of
 * zeros in the model's own units — the training average when the data are standardized — to this row, by
 * {@link Saliency#integratedAttributions}. Positive shares raise the score, negative ones lower it, and together they
 * add up to score(row) − score(zeros) (completeness) up to the path integral's {@link #gap}: a right Riemann sum, off
 * by up to a step's worth at each kink a ReLU passes on the way, which shrinks only as 1/steps (the iris sample at 32
 * steps: −1.01 for a change of −0.92). {@link #integrated(Evaluator, Tensor, int)} doubles the steps until the gap is
 * within {@link #TOLERANCE}.
 *
 * @param x             the row as the model took it (normalized as in training)
 * @param shares        one per value of the row
 * @param score         the class's score for the row
 * @param baselineScore the class's score for the row of zeros
 * @param steps         the points of the path integral
 */
public record FeatureShares(int cls, float[] x, float[] shares, float score, float baselineScore, int steps) {
    /** How far the shares' sum may miss the score's change: 1% of the change, and never less than {@link #ABSOLUTE}. */
    public static final double TOLERANCE = 0.01;
    /** The least miss {@link #complete} allows: the scores' float32 rounding makes a closer sum of a tiny change chance. */
    public static final double ABSOLUTE = 1e-3;
    /** The most steps {@link #integrated(Evaluator, Tensor, int)} takes (a row is small: a batch of them is one pass). */
    public static final int MAX_STEPS = 4096;

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
        return new FeatureShares(cls, row, shares, both[cls], both[scores + cls], steps);
    }

    /**
     * {@link #integrated(Evaluator, Tensor, int, int)} from {@link Saliency#INTEGRATED_STEPS} steps, doubled until the
     * shares add up to the score's change within {@link #TOLERANCE} ({@link #complete}), or {@link #MAX_STEPS} are taken.
     */
    public static FeatureShares integrated(Evaluator evaluator, Tensor x, int cls) {
        FeatureShares s = integrated(evaluator, x, cls, Saliency.INTEGRATED_STEPS);
        while (!s.complete() && s.steps() < MAX_STEPS) s = integrated(evaluator, x, cls, 2 * s.steps());
        return s;
    }

    /** The shares' sum. */
    public double sum() {
        double sum = 0;
        for (float v : shares) sum += v;
        return sum;
    }

    /** What the shares leave out of the score's change: score − baselineScore − their sum. */
    public double gap() {
        return (double) score - baselineScore - sum();
    }

    /** Whether the shares add up to the score's change within {@link #TOLERANCE} of it (or {@link #ABSOLUTE}). */
    public boolean complete() {
        return Math.abs(gap()) <= Math.max(TOLERANCE * Math.abs((double) score - baselineScore), ABSOLUTE);
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
