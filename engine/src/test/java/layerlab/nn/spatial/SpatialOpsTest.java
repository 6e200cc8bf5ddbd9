package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import layerlab.autograd.Autograd;
import layerlab.backend.cpu.Parallel;
import layerlab.nn.functional.Conv;
import layerlab.nn.functional.Interpolate;
import layerlab.nn.functional.Norm;
import layerlab.nn.functional.Pool;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The functional ops beyond the fixtures: finite-difference gradients for the N-d cases no layer exposes
 * (1-D and 3-D transposed convolution, 3-D pooling, every padding mode in 3-D) and Upsample's, the fused norms against their
 * composites, and convolution results independent of the thread count and of the batch-vs-GEMM split.
 */
class SpatialOpsTest {
    private static Tensor randn(int seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape);
    }

    /**
     * Checks d(sum(f(x)·r))/dx against central differences for a few random elements. float32 with h = 1e-2:
     * piecewise-linear ops are exact up to rounding, so 2e-2 relative is loose enough and still catches wrong indices.
     */
    private static void gradCheck(String what, Tensor x0, Function<Tensor, Tensor> f) {
        Tensor x = x0.detach().contiguous().requiresGrad(true);
        Tensor out = f.apply(x);
        Tensor r = randn(99, out.shape());
        out.mul(r).sum().backward();
        float[] analytic = x.grad().toFloatArray();
        float[] data = x0.toFloatArray();
        Generator pick = new Generator(7);
        float h = 1e-2f;
        for (int trial = 0; trial < 25; trial++) {
            int i = pick.nextInt(data.length);
            double[] side = new double[2];
            for (int s = 0; s < 2; s++) {
                float[] d = data.clone();
                d[i] += s == 0 ? h : -h;
                try (var ignored = Autograd.noGrad()) {
                    side[s] = f.apply(Tensor.of(d, x0.shape())).mul(r).sum().item();
                }
            }
            double numeric = (side[0] - side[1]) / (2 * h);
            assertEquals(numeric, analytic[i], 2e-2 * Math.max(1, Math.abs(numeric)), what + ": d/dx[" + i + "]");
        }
    }

    @Test
    void transposedConvolutionIn1dAnd3d() {
        Tensor w1 = randn(1, 4, 3, 3);
        gradCheck("conv_transpose1d input", randn(2, 2, 4, 5), x -> Conv.convTranspose(x, w1, null, new int[] {2}, new int[] {1},
                new int[] {1}, 2, new int[] {2}));
        gradCheck("conv_transpose1d weight", w1, w -> Conv.convTranspose(randn(2, 2, 4, 5), w, null, new int[] {2}, new int[] {1},
                new int[] {1}, 2, new int[] {2}));
        Tensor w3 = randn(3, 2, 3, 2, 3, 2);
        gradCheck("conv_transpose3d input", randn(4, 1, 2, 3, 3, 4), x -> Conv.convTranspose(x, w3, null, new int[] {1, 2, 1},
                new int[] {1, 0, 0}, new int[] {0, 1, 0}, 1, new int[] {1, 1, 2}));
    }

    @Test
    void everyPaddingModeIn3d() {
        for (String mode : new String[] {"constant", "reflect", "replicate", "circular"}) {
            gradCheck("pad " + mode, randn(5, 2, 3, 4, 5), x -> Conv.pad(x, new int[] {2, 1, 0, 3, 1, 2}, mode, 0.5f));
        }
        // Reflection by hand: [a b c d] padded (2, 1) is [c b a b c d c].
        Tensor p = Conv.pad(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4), new int[] {2, 1}, "reflect", 0);
        Fixtures.assertClose(Tensor.of(new float[] {3, 2, 1, 2, 3, 4, 3}, 1, 1, 7), p, 0, 0, "reflect");
        p = Conv.pad(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4), new int[] {2, 1}, "circular", 0);
        Fixtures.assertClose(Tensor.of(new float[] {3, 4, 1, 2, 3, 4, 1}, 1, 1, 7), p, 0, 0, "circular");
    }

    @Test
    void pooling3d() {
        gradCheck("max_pool3d", randn(6, 2, 3, 5, 6, 5), x -> Pool.maxPool(x, new int[] {2, 3, 2}, new int[] {1, 2, 2},
                new int[] {1, 1, 0}, new int[] {1, 1, 2}, true));
        gradCheck("avg_pool3d", randn(7, 2, 3, 5, 6, 5), x -> Pool.avgPool(x, new int[] {2, 3, 2}, new int[] {1, 2, 2},
                new int[] {1, 1, 0}, true, false, 0));
        gradCheck("adaptive_avg_pool3d", randn(8, 1, 2, 5, 7, 4), x -> Pool.adaptiveAvgPool(x, new int[] {3, 2, 3}));
    }

    /**
     * PyTorch's max-pool rule in a window with padding: the first maximum wins (−0.0 before 0.0 stays −0.0), a NaN wins and
     * stays (a later 5 does not replace it); the gradient goes to the winner.
     */
    /** Upsample's backward by finite differences, in both modes, on a batch large enough to split across threads. */
    @Test
    void upsampleGradients() {
        gradCheck("upsample nearest 1.5", randn(30, 6, 5, 3, 5), x -> Interpolate.interpolate(x, null, new double[] {1.5, 1.5}, false, false));
        gradCheck("upsample nearest size", randn(31, 4, 3, 3, 4), x -> Interpolate.interpolate(x, new int[] {7, 5}, null, false, false));
        gradCheck("upsample bilinear 2", randn(32, 6, 5, 4, 3), x -> Interpolate.interpolate(x, null, new double[] {2, 2}, true, false));
        gradCheck("upsample bilinear align", randn(33, 3, 4, 3, 5), x -> Interpolate.interpolate(x, new int[] {8, 6}, null, true, true));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Interpolate.interpolate(randn(34, 1, 1, 2, 2), null, new double[] {2, 2}, false, true));
        assertTrue(e.getMessage().contains("align_corners option can only be set with the interpolating modes"), e.getMessage());
    }

    @Test
    void maxPoolKeepsTheFirstMaximumAndPropagatesNaN() {
        Tensor x = Tensor.of(new float[] {-0f, 0f, Float.NaN, 5f}, 1, 1, 1, 4).requiresGrad(true);
        Tensor y = Pool.maxPool(x, new int[] {1, 3}, new int[] {1, 1}, new int[] {0, 1}, new int[] {1, 1}, false);
        float[] v = y.toFloatArray();
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[0]), "−0.0 came first: " + v[0]);
        for (int i = 1; i < 4; i++) assertTrue(Float.isNaN(v[i]), "window " + i + " holds the NaN: " + v[i]);
        y.sum().backward();
        assertEquals(java.util.List.of(1f, 0f, 3f, 0f), java.util.List.of(x.grad().toFloatArray()[0], x.grad().toFloatArray()[1],
                x.grad().toFloatArray()[2], x.grad().toFloatArray()[3]));
    }

    @Test
    void fusedBatchNormEqualsItsComposite() {
        Tensor x0 = randn(9, 4, 3, 5, 6).mul(3f).add(2f), w0 = randn(10, 3), b0 = randn(11, 3), g = randn(12, 4, 3, 5, 6);
        Tensor x = x0.detach().requiresGrad(true), w = w0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
        Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
        Norm.batchNorm(x, rm, rv, w, b, true, 0.1, 1e-5).backward(g);
        Tensor xc = x0.detach().requiresGrad(true), wc = w0.detach().requiresGrad(true), bc = b0.detach().requiresGrad(true);
        int[] dims = {0, 2, 3};
        Tensor mean = xc.mean(dims, true), var = xc.var(dims, false, true);
        Tensor y = xc.sub(mean).div(var.add(1e-5f).sqrt()).mul(wc.reshape(1, 3, 1, 1)).add(bc.reshape(1, 3, 1, 1));
        y.backward(g);
        Fixtures.assertClose(xc.grad(), x.grad(), 1e-4, 1e-5, "batch norm input gradient");
        Fixtures.assertClose(wc.grad(), w.grad(), 1e-4, 1e-5, "batch norm weight gradient");
        Fixtures.assertClose(bc.grad(), b.grad(), 1e-4, 1e-5, "batch norm bias gradient");
        Tensor unbiased = x0.var(dims, true, false);
        Fixtures.assertClose(x0.mean(dims, false).mul(0.1f), rm, 1e-5, 1e-6, "running mean");
        Fixtures.assertClose(unbiased.mul(0.1f).add(0.9f), rv, 1e-5, 1e-6, "running var");
    }

    @Test
    void fusedLayerNormEqualsItsComposite() {
        Tensor x0 = randn(13, 3, 4, 10).mul(2f), w0 = randn(14, 4, 10), b0 = randn(15, 4, 10), g = randn(16, 3, 4, 10);
        Tensor x = x0.detach().requiresGrad(true), w = w0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
        Tensor y = Norm.layerNorm(x, new int[] {4, 10}, w, b, 1e-5);
        y.backward(g);
        Tensor xc = x0.detach().requiresGrad(true), wc = w0.detach().requiresGrad(true), bc = b0.detach().requiresGrad(true);
        int[] dims = {1, 2};
        Tensor yc = xc.sub(xc.mean(dims, true)).div(xc.var(dims, false, true).add(1e-5f).sqrt()).mul(wc).add(bc);
        yc.backward(g);
        Fixtures.assertClose(yc, y, 1e-5, 1e-5, "layer norm output");
        Fixtures.assertClose(xc.grad(), x.grad(), 1e-4, 1e-5, "layer norm input gradient");
        Fixtures.assertClose(wc.grad(), w.grad(), 1e-4, 1e-5, "layer norm weight gradient");
        Fixtures.assertClose(bc.grad(), b.grad(), 1e-4, 1e-5, "layer norm bias gradient");
    }

    @Test
    void convolutionDoesNotDependOnThreadsOrBatchSplit() {
        int before = Parallel.threads();
        Tensor x = randn(17, 5, 6, 9, 8), w = randn(18, 8, 3, 3, 3), b = randn(19, 8), g = randn(20, 5, 8, 5, 8);
        Tensor[][] results = new Tensor[3][];
        try {
            int k = 0;
            for (int threads : new int[] {1, 2, 4}) {
                Parallel.setThreads(threads);
                Tensor xr = x.detach().requiresGrad(true), wr = w.detach().requiresGrad(true), br = b.detach().requiresGrad(true);
                Tensor y = Conv.conv(xr, wr, br, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, 2);
                y.backward(g);
                results[k++] = new Tensor[] {y, xr.grad(), wr.grad(), br.grad()};
            }
        } finally {
            Parallel.setThreads(before);
        }
        String[] names = {"output", "input gradient", "weight gradient", "bias gradient"};
        for (int k = 1; k < 3; k++) {
            for (int i = 0; i < 4; i++) Fixtures.assertClose(results[0][i], results[k][i], 1e-5, 1e-5, names[i] + " with more threads");
        }
        // One image at a time (the batch-1 path, GEMM-parallel) gives each image's slice of the batched result.
        Tensor one = Conv.conv(x.narrow(0, 3, 1), w, b, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, 2);
        Fixtures.assertClose(results[0][0].narrow(0, 3, 1).contiguous(), one, 1e-5, 1e-5, "batch of one");
    }

    @Test
    void errorsNameTheProblemLikePyTorch() {
        Tensor w = randn(21, 4, 3, 3, 3);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Conv.conv(randn(22, 2, 2, 8, 8), w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("expected input[2, 2, 8, 8] to have 3 channels, but got 2 channels instead"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Conv.conv(randn(23, 1, 3, 2, 2), w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1));
        assertTrue(e.getMessage().contains("Kernel size can't be greater than actual input size"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Pool.maxPool(randn(24, 1, 1, 4, 4), new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}, false));
        assertTrue(e.getMessage().contains("pad should be at most half of effective kernel size"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Norm.batchNorm(randn(25, 1, 3), null, null, null, null, true, 0.1, 1e-5));
        assertTrue(e.getMessage().contains("Expected more than 1 value per channel when training"), e.getMessage());
    }
}
