package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Token shares against PyTorch's (fixtures/train/saliency.json, "tokens"; make_saliency_fixtures.py): the
 * surname-classifier sample (Embedding → GRU → last step → Linear) with weights given by {@link SaliencyTest#value}.
 */
class TokenSharesTest {
    static final JsonNode FIXTURE = SaliencyTest.FIXTURE.get("tokens");

    static Evaluator surnames() throws Exception {
        return SaliencyTest.withFormulaWeights("surname-classifier.json");
    }

    static Tensor text() {
        float[] ids = new float[FIXTURE.get("ids").size()];
        for (int i = 0; i < ids.length; i++) ids[i] = FIXTURE.get("ids").get(i).asInt();
        return Tensor.of(ids, ids.length);
    }

    /**
     * Each token's share with 8 points, as PyTorch's autograd gives it through the GRU (tolerance 1e-4 of the largest
     * share: 24 steps of a recurrence, summed in another order); the padding's shares are exactly 0; and completeness:
     * with the default 32 points the shares add up to the score's rise from all padding within 0.1% (a right Riemann
     * sum of 32 points fell 15% short here, of 256 still 2%: a GRU is far from linear along the path).
     */
    @Test
    void integratedGradientsAtTheEmbeddingAsPyTorchComputesThem() throws Exception {
        Evaluator e = surnames();
        assertEquals("embedding", TokenShares.embeddingOf(e));
        float[] logits = e.predict(text().reshape(1, -1), 1).toFloatArray();
        for (int k = 0; k < 8; k++) assertEquals(FIXTURE.get("logits").get(k).asDouble(), logits[k], 1e-5 * Math.max(1, Math.abs(logits[k])), "logit " + k);
        int cls = FIXTURE.get("class").asInt();
        TokenShares s = TokenShares.integrated(e, text(), cls, FIXTURE.get("steps").asInt());
        double max = 0;
        for (JsonNode v : FIXTURE.get("shares")) max = Math.max(max, Math.abs(v.asDouble()));
        assertEquals(max, s.maxAbs(), 1e-4 * max);
        for (int p = 0; p < 24; p++) {
            assertEquals(FIXTURE.get("shares").get(p).asDouble(), s.shares()[p], 1e-4 * max, "token " + p);
            if (FIXTURE.get("ids").get(p).asInt() == 0) assertEquals(0f, s.shares()[p], "padding");
        }
        double sum = 0;
        for (float v : s.shares()) sum += v;
        assertEquals(FIXTURE.get("sum").asDouble(), sum, 1e-4 * max);
        assertEquals(FIXTURE.get("score_difference").asDouble(), s.score() - s.baselineScore(), 1e-5);
        assertEquals(logits[cls], s.score(), 1e-6f);
        double fine = 0;
        for (float v : TokenShares.integrated(e, text(), cls, TokenShares.STEPS).shares()) fine += v;
        assertEquals(s.score() - s.baselineScore(), fine, 0.001 * Math.abs(s.score() - s.baselineScore()), "completeness at the default 32 points");
    }

    /** The quadrature's points and weights, as NumPy's leggauss gives them (moved to [0, 1]); they integrate x^15 exactly at 8 points. */
    @Test
    void gaussLegendreAsNumPyGivesIt() {
        double[][] q = TokenShares.gaussLegendre(8);
        for (int k = 0; k < 8; k++) {
            assertEquals(FIXTURE.get("points").get(k).asDouble(), q[0][k], 1e-14, "point " + k);
            assertEquals(FIXTURE.get("weights").get(k).asDouble(), q[1][k], 1e-14, "weight " + k);
        }
        double integral = 0;
        for (int k = 0; k < 8; k++) integral += q[1][k] * Math.pow(q[0][k], 15);
        assertEquals(1.0 / 16, integral, 1e-14);
        assertEquals(0.5, TokenShares.gaussLegendre(1)[0][0], 1e-15);
        assertEquals(1.0, TokenShares.gaussLegendre(1)[1][0], 1e-15);
    }

    @Test
    void onlyForModelsThatReadTextThroughAnEmbedding() throws Exception {
        Evaluator images = SaliencyTest.sample();
        assertNull(TokenShares.embeddingOf(images));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> TokenShares.integrated(images, text(), 0, 4));
        assertEquals("token shares need an Embedding fed by the model's text Input; this model has none", x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> TokenShares.integrated(surnames(), text(), 8, 4));
        assertEquals("class 8 is not one of the Output's 8", x.getMessage());
    }
}
