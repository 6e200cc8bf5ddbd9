package layerlab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Which tokens of a text sway one class's score: integrated gradients at the outputs of the model's Embedding
 * (Sundararajan et al. 2017, what Captum's {@code LayerIntegratedGradients} on the embedding layer computes). Token
 * ids have no gradient, so the path runs through their embeddings instead: from those of an all-padding text (the
 * baseline, B) to the text's own (E), each token's share is the sum over its embedding of (E − B) times the gradient
 * averaged along the way, by Gauss–Legendre quadrature (Captum's default). Measured on the surname sample's GRU with
 * formula weights, the shares' sum against the score's rise: Gauss–Legendre 0.99999 at 16 and 32 points, the
 * trapezoid rule 0.99998 at 32, a right Riemann sum 0.85 and 1.12 (two classes) at 32. Pictures' integrated
 * gradients ({@link Saliency#integratedAttributions}) keep the right Riemann sum: through ReLUs and max-pooling the
 * gradient jumps along the path, and there it was the closest (1.011 at 32 points, against 1.087 and 1.022). Positive shares raise the score, negative ones
 * lower it, and together they add up to score(text) − score(all padding); a padding token's share is 0. (For a model
 * that masks padding, whose Lengths node counts the text's tokens, the baseline keeps the text's length: its tokens'
 * embeddings are the padding's, and the masked layers read as many steps as for the text.)
 *
 * @param embedding     the Embedding node the path runs through
 * @param ids           the text's token ids, as the model's Input took them
 * @param shares        one per token position
 * @param score         the class's score for the text
 * @param baselineScore the class's score for an all-padding text (the padding's embeddings in the text's tokens' places,
 *                      for a model whose Lengths node counts them)
 * @param lengthKept    whether the model counts the text's tokens (a Lengths node), so that its baseline keeps their number
 */
public record TokenShares(int cls, String embedding, float[] ids, float[] shares, float score, float baselineScore, boolean lengthKept) {
    /** What the shares' baseline is, for a sentence: "an empty text", or "padding in its tokens' places" for a masked model. */
    public String baseline() {
        return lengthKept ? "padding in its tokens' places" : "an empty text";
    }

    /** Points of the path integral's quadrature. */
    public static final int STEPS = 32;

    /**
     * The Embedding (top level) fed straight by the model's one data Input that its first Output depends on, or null:
     * where a text's path of integration runs.
     */
    public static String embeddingOf(Evaluator evaluator) {
        var model = evaluator.model();
        List<String> data = evaluator.feeds().dataInputs();
        if (data.size() != 1) return null;
        java.util.Set<String> ancestors = Saliency.ancestors(model, evaluator.output());
        for (String n : model.nodeNames()) {
            if (ancestors.contains(n) && model.node(n) instanceof layerlab.nn.Embedding && data.get(0).equals(model.inputsOf(n).get(0))) return n;
        }
        return null;
    }

    /**
     * The shares of class {@code cls} for the text {@code ids} (one sample: {@code [length]} token ids as the Input
     * takes them) under {@code evaluator}'s model, in eval mode, by Gauss–Legendre quadrature of {@code steps} points.
     * {@code cls} counts a sample's scores in order: a class, or for scores of every token at every step (a next-token
     * model's, {@link Sampling#nextTokenShares}) one token at one step.
     *
     * @throws IllegalArgumentException when the model reads no text through an Embedding, or {@code cls} is no class of it
     */
    public static TokenShares integrated(Evaluator evaluator, Tensor ids, int cls, int steps) {
        String embedding = embeddingOf(evaluator);
        if (embedding == null) throw new IllegalArgumentException("token shares need an Embedding fed by the model's text Input; this model has none");
        var model = evaluator.model();
        String output = evaluator.output();
        Device device = evaluator.device();
        float[] text = ids.contiguous().toFloatArray();
        int t = text.length;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.enableGrad()) {
            float[] e, b;
            float score, baselineScore;
            try (Autograd.Scope off = Autograd.noGrad()) {
                Map<String, Tensor> x = model.run(evaluator.feeds().inputs(Tensor.of(text, 1, t), device), List.of(embedding, output));
                Tensor pad = model.run(evaluator.feeds().inputs(Tensor.of(new float[t], 1, t), device), List.of(embedding)).get(embedding);
                Saliency.checkScores(x.get(output).reshape(1, -1), 1, cls);
                e = x.get(embedding).to(Device.CPU).contiguous().toFloatArray();
                b = pad.to(Device.CPU).contiguous().toFloatArray();
                score = x.get(output).to(Device.CPU).toFloatArray()[cls];
                // The path's start: the padding's embeddings where the text's were, the ids (which a Lengths node counts) the
                // text's, so that the shares add up to the rise from it. Without a Lengths node it is the all-padding text.
                Map<String, Tensor> start = new LinkedHashMap<>(evaluator.feeds().inputs(Tensor.of(text, 1, t), device));
                start.put(embedding, pad);
                baselineScore = model.run(start, List.of(output)).get(output).to(Device.CPU).toFloatArray()[cls];
            }
            int[] shape = {steps, t, e.length / t};
            double[][] quadrature = gaussLegendre(steps);
            float[] path = new float[steps * e.length];
            for (int k = 0; k < steps; k++) {
                float alpha = (float) quadrature[0][k];
                for (int i = 0; i < e.length; i++) path[k * e.length + i] = b[i] + alpha * (e[i] - b[i]);
            }
            Tensor p = Tensor.of(path, shape).to(device).requiresGrad(true);
            float[] repeated = new float[steps * t];
            for (int k = 0; k < steps; k++) System.arraycopy(text, 0, repeated, k * t, t);
            Map<String, Tensor> feeds = new LinkedHashMap<>(evaluator.feeds().inputs(Tensor.of(repeated, steps, t), device));
            feeds.put(embedding, p);
            model.run(feeds, List.of(output)).get(output).reshape(steps, -1).select(1, cls).sum().backward();
            float[] g = p.grad() == null ? new float[path.length] : p.grad().to(Device.CPU).contiguous().toFloatArray();
            int d = e.length / t;
            float[] shares = new float[t];
            for (int pos = 0; pos < t; pos++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    int i = pos * d + j;
                    double mean = 0;
                    for (int k = 0; k < steps; k++) mean += quadrature[1][k] * g[k * e.length + i];
                    sum += (e[i] - b[i]) * mean;
                }
                shares[pos] = (float) sum;
            }
            boolean counted = model.nodeNames().stream().anyMatch(n -> model.node(n) instanceof layerlab.nn.Lengths);
            return new TokenShares(cls, embedding, text, shares, score, baselineScore, counted);
        } finally {
            model.train(wasTraining);
            model.zeroGrad();
        }
    }

    /**
     * The {@code n}-point Gauss–Legendre rule on [0, 1]: its points (ascending) and weights (summing to 1), as NumPy's
     * {@code leggauss(n)} moved from [−1, 1] (Newton's method on the Legendre polynomial's roots).
     */
    static double[][] gaussLegendre(int n) {
        if (n < 1) throw new IllegalArgumentException("a quadrature needs at least 1 point, got " + n);
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 1;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1, p1 = z;
                for (int j = 2; j <= n; j++) {
                    double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                if (n == 1) p0 = 1;
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-15) break;
            }
            double weight = 2 / ((1 - z * z) * dp * dp);
            x[i] = (1 - z) / 2;
            x[n - 1 - i] = (1 + z) / 2;
            w[i] = w[n - 1 - i] = weight / 2;
        }
        return new double[][] {x, w};
    }

    /** The largest share's size (0 when none moves the score). */
    public float maxAbs() {
        float m = 0;
        for (float s : shares) m = Math.max(m, Math.abs(s));
        return m;
    }
}
