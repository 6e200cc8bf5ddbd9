package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.loss.CrossEntropyLoss;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A next-token model's per-token loss and perplexity: the cross-entropy summed over the steps that are not padding, over
 * their count, as PyTorch users compute a language model's ({@code total += loss.item() * n_tokens}), not the mean of
 * the batches' means, which weighs a batch of short texts as much as one of long ones.
 */
class TokenLossTest {
    /** {@code [N, 3, steps]} scores of a step each, class 0 likelier the later the step; targets with -100 padding. */
    private static double add(Metrics m, long[] targets, int n, int steps, float[] scores) {
        Tensor out = Tensor.of(scores, n, 3, steps), target = Tensor.ofLongs(targets, n, steps);
        double loss = new CrossEntropyLoss().forward(out, target).item();
        m.add(loss, n, out, target);
        return loss;
    }

    /** -log softmax(scores)[truth] at sample i, step k, in double. */
    private static double nll(float[] s, int i, int k, int steps, long truth) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int c = 0; c < 3; c++) max = Math.max(max, s[(i * 3 + c) * steps + k]);
        for (int c = 0; c < 3; c++) sum += Math.exp(s[(i * 3 + c) * steps + k] - max);
        return -(s[(i * 3 + (int) truth) * steps + k] - max - Math.log(sum));
    }

    @Test
    void thePerTokenLossIsTheMeanOverTheScoredStepsAndPerplexityItsExp() {
        Metrics m = Metrics.forTask(Metrics.Task.MULTICLASS, false);
        float[] a = new float[2 * 3 * 4], b = new float[1 * 3 * 4];
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.sin(0.7 * i);
        for (int i = 0; i < b.length; i++) b[i] = (float) Math.cos(1.3 * i);
        long[] ta = {0, 1, 2, -100, 2, -100, -100, -100}, tb = {1, 1, 0, 2};
        double la = add(m, ta, 2, 4, a), lb = add(m, tb, 1, 4, b);
        double sum = 0;
        int scored = 0;
        for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) if (ta[i * 4 + k] >= 0) { sum += nll(a, i, k, 4, ta[i * 4 + k]); scored++; }
        for (int k = 0; k < 4; k++) { sum += nll(b, 0, k, 4, tb[k]); scored++; }
        assertEquals(8, scored);
        assertEquals(8, m.tokens());
        assertEquals(sum / scored, m.tokenLoss(), 1e-5 * sum / scored);
        assertEquals(Math.exp(sum / scored), m.perplexity(), 1e-5 * Math.exp(sum / scored));
        // The batches' mean weighted by samples (what loss() says, as training reports it) is another number here.
        assertEquals((2 * la + lb) / 3, m.loss(), 1e-9);
        assertTrue(Math.abs(m.loss() - m.tokenLoss()) > 1e-3, m.loss() + " " + m.tokenLoss());
    }

    @Test
    void aClassifierOfOneClassASampleHasNoPerTokenLoss() {
        Metrics m = Metrics.forTask(Metrics.Task.MULTICLASS, false);
        Tensor out = Tensor.of(new float[] {1, 2, 3, 3, 2, 1}, 2, 3), target = Tensor.ofLongs(new long[] {2, 0}, 2);
        m.add(new CrossEntropyLoss().forward(out, target).item(), 2, out, target);
        assertEquals(0, m.tokens());
        assertTrue(Double.isNaN(m.tokenLoss()) && Double.isNaN(m.perplexity()));
    }
}
