package layerlab.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss semantics beyond the PyTorch fixtures: argument checks, edge cases, names and buffers. */
class LossTest {
    private static Tensor logits() {
        return Tensor.of(new float[] {1, 2, 3, 0, -1, 4}, 2, 3);
    }

    @Test
    void reductionNamesAreTorchs() {
        assertEquals(Reduction.BATCHMEAN, Reduction.of("batchmean"));
        assertEquals("none", Reduction.NONE.pyName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reduction.of("avg"));
        assertTrue(e.getMessage().contains("avg"));
    }

    @Test
    void onlyKlDivTakesBatchmean() {
        assertThrows(IllegalArgumentException.class, () -> new MSELoss(Reduction.BATCHMEAN));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(Reduction.BATCHMEAN));
        assertEquals(Reduction.BATCHMEAN, new KLDivLoss(Reduction.BATCHMEAN).reduction());
    }

    @Test
    void lossesTakeTwoInputs() {
        MSELoss mse = new MSELoss();
        assertThrows(IllegalArgumentException.class, () -> mse.forward(Tensor.zeros(2)));
        assertEquals(0f, mse.forward(new Tensor[] {Tensor.zeros(2), Tensor.zeros(2)}).item());
        assertEquals("MSELoss()", mse.toString());
    }

    @Test
    void crossEntropyWhenEveryTargetIsIgnoredIsNaNLikePyTorch() {
        Tensor y = Tensor.ofLongs(new long[] {-100, -100});
        assertTrue(Float.isNaN(new CrossEntropyLoss().forward(logits(), y).item()));
        assertEquals(0f, new CrossEntropyLoss(Reduction.SUM).forward(logits(), y).item(), 0f);
        assertArrayEquals(new float[] {0, 0}, new CrossEntropyLoss(Reduction.NONE).forward(logits(), y).toFloatArray(), 0f);
    }

    @Test
    void crossEntropyNamesABadTargetOrShape() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> new CrossEntropyLoss().forward(logits(), Tensor.ofLongs(new long[] {0, 3})));
        assertTrue(e.getMessage().contains("Target 3 is out of bounds"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(logits(), Tensor.ofLongs(new long[] {0, 1, 2})));
        assertTrue(s.getMessage().contains("(2)") && s.getMessage().contains("(3)"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().forward(logits(), Tensor.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(null, -100, Reduction.MEAN, 1.5f));
        assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss(Tensor.ones(4), -100, Reduction.MEAN, 0f).forward(logits(), Tensor.ofLongs(new long[] {0, 1})));
    }

    @Test
    void classWeightsAreBuffersNamedLikePyTorchs() {
        assertEquals(List.of("weight"), List.copyOf(new CrossEntropyLoss(Tensor.ones(3), -100, Reduction.MEAN, 0f).stateDict().keySet()));
        assertTrue(new CrossEntropyLoss().stateDict().isEmpty());
        assertEquals(List.of("weight", "pos_weight"),
                List.copyOf(new BCEWithLogitsLoss(Tensor.ones(3), Reduction.MEAN, Tensor.ones(3)).stateDict().keySet()));
        assertTrue(new CrossEntropyLoss().parameters().isEmpty());
    }

    @Test
    void crossEntropyOfConfidentCorrectLogitsIsZeroAndOfWrongOnesIsTheMargin() {
        Tensor x = Tensor.of(new float[] {100, 0, 0, 100}, 2, 2);
        assertEquals(0f, new CrossEntropyLoss().forward(x, Tensor.ofLongs(new long[] {0, 1})).item(), 1e-6);
        assertEquals(100f, new CrossEntropyLoss().forward(x, Tensor.ofLongs(new long[] {1, 0})).item(), 1e-4);
    }

    @Test
    void bceRejectsValuesOutsideZeroOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(Tensor.of(new float[] {0.5f, 1.5f}), Tensor.of(new float[] {0, 1})));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BCELoss().forward(Tensor.of(new float[] {0.5f, 0.5f}), Tensor.zeros(2, 1)));
    }

    @Test
    void bceSaturatesAt100LikePyTorch() {
        Tensor x = Tensor.of(new float[] {0f, 1f}).requiresGrad(true);
        Tensor loss = new BCELoss(Reduction.SUM).forward(x, Tensor.of(new float[] {1f, 0f}));
        assertEquals(200f, loss.item());
        loss.backward();
        float[] g = x.grad().toFloatArray();
        assertTrue(Float.isFinite(g[0]) && g[0] < -1e11 && Float.isFinite(g[1]) && g[1] > 1e11, g[0] + ", " + g[1]);
    }

    @Test
    void bceWithLogitsIsExactForHugeLogits() {
        Tensor x = Tensor.of(new float[] {-1000f, 1000f});
        Tensor loss = new BCEWithLogitsLoss(Reduction.NONE).forward(x, Tensor.of(new float[] {1f, 0f}));
        assertArrayEquals(new float[] {1000f, 1000f}, loss.toFloatArray());
    }

    @Test
    void smoothL1RejectsNegativeBetaAndIsL1AtZero() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(Reduction.MEAN, -1f));
        Tensor x = Tensor.of(new float[] {0.25f, -3f}), y = Tensor.zeros(2);
        assertEquals(new L1Loss().forward(x, y).item(), new SmoothL1Loss(Reduction.MEAN, 0f).forward(x, y).item());
    }

    @Test
    void klDivBatchmeanDividesBySamplesAndMeanByElements() {
        Tensor x = Tensor.of(new float[] {-1, -2, -3, -4}, 2, 2), y = Tensor.of(new float[] {0.5f, 0.5f, 0.25f, 0.75f}, 2, 2);
        float sum = new KLDivLoss(Reduction.SUM).forward(x, y).item();
        assertEquals(sum / 2, new KLDivLoss(Reduction.BATCHMEAN).forward(x, y).item(), 1e-6);
        assertEquals(sum / 4, new KLDivLoss().forward(x, y).item(), 1e-6);
    }
}
