package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Class probabilities from outputs, by the loss a model was trained with. */
class PredictionsTest {
    @Test
    void crossEntropyScoresGoThroughSoftmaxAndLogProbabilitiesComeBack() {
        float[] logits = {2f, -1f, 0.5f};
        float[] p = Predictions.probabilities(logits, Metrics.Task.MULTICLASS);
        double sum = Math.exp(2) + Math.exp(-1) + Math.exp(0.5);
        assertArrayEquals(new float[] {(float) (Math.exp(2) / sum), (float) (Math.exp(-1) / sum), (float) (Math.exp(0.5) / sum)}, p, 1e-6f);
        assertEquals(0, Predictions.best(p));

        // An NLLLoss model ends in LogSoftmax: the softmax of log-probabilities is the probabilities.
        float[] logP = Tensor.of(logits, 1, 3).logSoftmax(1).toFloatArray();
        assertArrayEquals(p, Predictions.probabilities(logP, Metrics.Task.MULTICLASS), 1e-6f);
    }

    @Test
    void aBinaryModelsOneOutputIsTwoClasses() {
        float[] logit = Predictions.probabilities(new float[] {0.8f}, Metrics.Task.BINARY_LOGIT);
        float sig = (float) (1 / (1 + Math.exp(-0.8)));
        assertArrayEquals(new float[] {1 - sig, sig}, logit, 1e-6f);
        assertArrayEquals(new float[] {0.75f, 0.25f}, Predictions.probabilities(new float[] {0.25f}, Metrics.Task.BINARY_PROBABILITY), 1e-6f);
        assertEquals(0, Predictions.best(new float[] {0.75f, 0.25f}));

        Tensor batch = Predictions.probabilities(Tensor.of(new float[] {0.1f, 0.9f}, 2, 1), Metrics.Task.BINARY_PROBABILITY);
        assertArrayEquals(new int[] {2, 2}, batch.shape());
        assertArrayEquals(new float[] {0.9f, 0.1f, 0.1f, 0.9f}, batch.toFloatArray(), 1e-6f);
    }

    @Test
    void valuesThatAreNotClassScoresAreRefused() {
        assertFalse(Predictions.readable(Metrics.Task.REGRESSION, 3));
        assertFalse(Predictions.readable(Metrics.Task.MULTICLASS, 1));
        assertFalse(Predictions.readable(Metrics.Task.BINARY_LOGIT, 4), "several independent yes/no outputs are not one choice");
        assertTrue(Predictions.readable(Metrics.Task.BINARY_LOGIT, 1));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> Predictions.probabilities(Tensor.of(new float[] {1, 2}, 1, 2), Metrics.Task.REGRESSION)).getMessage();
        assertEquals("outputs of [1, 2] from a model trained for regression are not class scores", msg);
    }

    @Test
    void classesWithoutNamesAreNumbered() {
        assertEquals(List.of("cat", "dog"), Predictions.classNames(List.of("cat", "dog"), 2));
        assertEquals(List.of("0", "1", "2"), Predictions.classNames(List.of(), 3));
        assertEquals(List.of("0", "1"), Predictions.classNames(List.of("a", "b", "c"), 2), "names that do not fit are not used");
    }
}
