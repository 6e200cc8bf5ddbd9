package layerlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.autograd.Autograd;
import org.junit.jupiter.api.Test;

/** Tensor semantics PyTorch users rely on: views share storage, broadcasting, accumulation, no-grad. */
class TensorTest {
    private static Tensor t(float[] d, int... shape) {
        return Tensor.of(d, shape);
    }

    @Test
    void reshapeAndTransposeAreViewsSharingStorage() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor tr = x.t();
        assertSame(x.storage(), tr.storage());
        assertArrayEquals(new int[] {3, 2}, tr.shape());
        assertTrue(!tr.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tr.toFloatArray());
        x.fill_(7f);
        assertEquals(7f, tr.get(2, 1));
    }

    @Test
    void narrowAndExpandViews() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        Tensor n = x.narrow(1, 1, 2);
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, n.toFloatArray());
        Tensor e = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(3, 4);
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, e.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 2).expand(3, 4));
    }

    @Test
    void maxAndMinPropagateNaNAlongAnyDim() {
        Tensor x = t(new float[] {1, Float.NaN, 3, 4, 5, Float.NaN}, 2, 3);
        // dim 0 reduces with inner > 1, dim 1 with inner == 1: both take the first NaN, like PyTorch.
        assertTrue(Float.isNaN(x.max(0, false).toFloatArray()[1]));
        assertArrayEquals(new long[] {1, 0, 1}, x.argmax(0, false).toLongArray());
        assertTrue(Float.isNaN(x.min(0, false).toFloatArray()[1]));
        assertArrayEquals(new long[] {1, 2}, x.argmax(1, false).toLongArray());
    }

    @Test
    void broadcastingBinaryOpsAndTheirGradients() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = t(new float[] {10, 20, 30}, 3).requiresGrad(true);
        Tensor y = a.mul(b).add(b);
        assertArrayEquals(new float[] {20, 60, 120, 50, 120, 210}, y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[] {10, 20, 30, 10, 20, 30}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {1 + 4 + 2, 2 + 5 + 2, 3 + 6 + 2}, b.grad().toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4)"), e.getMessage());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsLikePyTorch() {
        Tensor w = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
        w.mul(3f).sum().backward();
        w.mul(3f).sum().backward();
        assertEquals(6f, w.grad().item());
        w.zeroGrad();
        assertEquals(0f, w.grad().item());
    }

    @Test
    void aTensorUsedTwiceSumsBothPaths() {
        Tensor x = Tensor.of(new float[] {3f}, 1).requiresGrad(true);
        Tensor y = x.mul(x).add(x); // dy/dx = 2x + 1
        y.sum().backward();
        assertEquals(7f, x.grad().item());
    }

    @Test
    void noGradRecordsNothingAndDetachCutsTheGraph() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        try (var g = Autograd.noGrad()) {
            Tensor y = x.mul(2f);
            assertNull(y.gradFn());
            assertTrue(!y.requiresGrad());
        }
        assertTrue(x.mul(2f).requiresGrad());
        assertTrue(!x.mul(2f).detach().requiresGrad());
    }

    @Test
    void backwardTwiceThroughTheSameGraphIsAClearError() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void matmulHandlesTransposedViewsAndBatches() {
        Generator g = new Generator(3);
        Tensor a = Tensor.randn(g, 5, 4), b = Tensor.randn(g, 5, 3);
        Tensor viaView = a.t().matmul(b);
        Tensor viaCopy = a.t().contiguous().matmul(b);
        assertArrayEquals(viaCopy.toFloatArray(), viaView.toFloatArray(), 1e-5f);
        Tensor ba = Tensor.randn(g, 2, 3, 4), bb = Tensor.randn(g, 2, 4, 5);
        Tensor c = ba.matmul(bb);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(ba.select(0, i).matmul(bb.select(0, i)).toFloatArray(), c.select(0, i).toFloatArray(), 1e-5f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("cannot be multiplied"), e.getMessage());
    }

    @Test
    void reductionsOverDimsAndArgmax() {
        Tensor x = t(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertArrayEquals(new float[] {9, 12}, x.sum(1, false).toFloatArray());
        assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, x.mean(0, false).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
        assertArrayEquals(new long[] {1, 2}, x.argmax(1, false).toLongArray());
        assertArrayEquals(new float[] {5, 6}, x.max(1, false).toFloatArray());
        assertEquals(21f, x.sum().item());
        assertArrayEquals(new int[] {}, x.sum().shape());
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor x = t(new float[] {1000f, 1001f, 1002f}, 1, 3);
        float[] p = x.softmax(1).toFloatArray();
        assertEquals(1f, p[0] + p[1] + p[2], 1e-6f);
        assertEquals(0.66524094f, p[2], 1e-6f);
        float[] lp = x.logSoftmax(1).toFloatArray();
        assertEquals(-0.40760596f, lp[2], 1e-6f);
    }

    @Test
    void catSplitAndIndexing() {
        Tensor a = Tensor.arange(4).reshape(2, 2), b = Tensor.arange(2).reshape(2, 1);
        Tensor c = Tensor.cat(1, a, b);
        assertArrayEquals(new float[] {0, 1, 0, 2, 3, 1}, c.toFloatArray());
        Tensor[] parts = c.split(2, 1);
        assertEquals(2, parts.length);
        assertArrayEquals(new int[] {2, 1}, parts[1].shape());
        Tensor table = Tensor.arange(6).reshape(3, 2);
        Tensor rows = table.indexSelect(Tensor.ofLongs(new long[] {2, 0, 2}));
        assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5}, rows.toFloatArray());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> table.indexSelect(Tensor.ofLongs(new long[] {0, 3})));
        assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("3 rows"), e.getMessage());
    }

    @Test
    void generatorIsReproducible() {
        Tensor a = Tensor.randn(new Generator(42), 100), b = Tensor.randn(new Generator(42), 100);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        float[] u = Tensor.rand(new Generator(1), 10000).toFloatArray();
        double mean = 0;
        for (float v : u) mean += v;
        assertEquals(0.5, mean / u.length, 0.02);
    }
}
