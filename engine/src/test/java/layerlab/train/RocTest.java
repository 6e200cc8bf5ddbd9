package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Against scikit-learn's roc_curve and roc_auc_score (fixtures/train/roc.json, make_report_fixtures.py). */
class RocTest {
    static final Fixtures FIXTURE = Fixtures.load("train/roc.json");

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    @Test
    void matchesScikitLearnPointForPoint() {
        int n = 0;
        for (JsonNode c : FIXTURE.json().get("cases")) {
            String what = c.get("name").asText();
            double[] scores = doubles(c.get("scores"));
            boolean[] positive = new boolean[scores.length];
            for (int i = 0; i < positive.length; i++) positive[i] = c.get("labels").get(i).asInt() == 1;
            Roc r = Roc.of(scores, positive);
            assertArrayEquals(doubles(c.get("fpr")), r.fpr(), 1e-12, what + " fpr");
            assertArrayEquals(doubles(c.get("tpr")), r.tpr(), 1e-12, what + " tpr");
            assertArrayEquals(doubles(c.get("thresholds")), r.thresholds(), 1e-12, what + " thresholds");
            assertEquals(c.get("auc").asDouble(), r.auc(), 1e-12, what + " auc");
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    void scoresOfBinaryOutputsAndRefusals() {
        assertArrayEquals(new double[] {0.25, 0.75}, Roc.positiveScores(new float[] {0.25f, 0.75f}, 1));
        assertArrayEquals(new double[] {1.0, -2.0}, Roc.positiveScores(new float[] {0f, 1f, 3f, 1f}, 2));
        assertNull(Roc.positiveScores(new float[6], 3), "three classes have no one ROC curve");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[] {0.1, 0.9}, new boolean[] {true, true}));
        assertEquals("a ROC curve needs samples of both classes; these are all positive", e.getMessage());
    }

    /** Metrics kept with the confusion matrix give the curve of a BCE model's outputs and of two class scores alike. */
    @Test
    void anEvaluationsMetricsGiveTheCurve() {
        Metrics bce = Metrics.forTask(Metrics.Task.BINARY_PROBABILITY, true);
        bce.add(0.1, 4, layerlab.tensor.Tensor.of(new float[] {0.9f, 0.2f, 0.6f, 0.4f}, 4, 1), layerlab.tensor.Tensor.of(new float[] {1, 0, 0, 1}, 4, 1));
        // Positives scored 0.9 and 0.4, negatives 0.6 and 0.2: 3 of the 4 pairs in order.
        assertEquals(0.75, bce.roc().auc(), 1e-12);
        Metrics two = Metrics.forTask(Metrics.Task.MULTICLASS, true);
        two.add(0.1, 4, layerlab.tensor.Tensor.of(new float[] {0, 0.9f, 0, 0.2f, 0, 0.6f, 0, 0.4f}, 4, 2),
                layerlab.tensor.Tensor.ofLongs(new long[] {1, 0, 0, 1}, 4));
        assertEquals(0.75, two.roc().auc(), 1e-12, "the second logit minus the first orders them alike");
        Metrics three = Metrics.forTask(Metrics.Task.MULTICLASS, true);
        three.add(0.1, 1, layerlab.tensor.Tensor.of(new float[] {1, 2, 3}, 1, 3), layerlab.tensor.Tensor.ofLongs(new long[] {2}, 1));
        assertNull(three.roc());
    }
}
