package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import layerlab.nn.functional.Conv;
import layerlab.nn.functional.Norm;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU kernels whose sums run over the batch give the same bits on 1, 2, 3 or 4 threads: a run repeats exactly
 * whatever thread count the machine (or {@code layerlab train --threads}) gives it. Before, a convolution's weight
 * gradient and a LayerNorm's weight and bias gradients kept one partial sum per thread, so a SimpleCNN trained on one
 * thread and on two ended a few units in the last place apart after the first step, and further apart after that.
 */
class ThreadCountBitsTest {
    private static Tensor randn(int seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape);
    }

    /** Every result of {@code compute} (as raw float bits) on each thread count, compared with one thread's. */
    private static void sameOnEveryThreadCount(String what, Supplier<Tensor[]> compute) {
        int before = Parallel.threads();
        List<float[][]> results = new ArrayList<>();
        try {
            for (int threads = 1; threads <= 4; threads++) {
                Parallel.setThreads(threads);
                Tensor[] r = compute.get();
                float[][] bits = new float[r.length][];
                for (int i = 0; i < r.length; i++) bits[i] = r[i].toFloatArray();
                results.add(bits);
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int t = 1; t < results.size(); t++) {
            for (int i = 0; i < results.get(0).length; i++) {
                assertArrayEquals(results.get(0)[i], results.get(t)[i], what + ": result " + i + " on " + (t + 1) + " threads against 1");
            }
        }
    }

    /**
     * Geometries that take each of the convolution's paths: the direct kernels (stride 1, a plane of 8 lanes or more),
     * im2col + GEMM image by image (stride 2), blocks of small images side by side (on planes where only some kernel taps
     * meet the input: those alone), grouped, and 1-d.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "direct 3x3; 32; 8; 16; 14; 14; 3; 1; 1; 1",
        "gemm stride 2; 16; 4; 8; 15; 15; 3; 2; 1; 1",
        "small planes in blocks; 64; 16; 32; 4; 4; 3; 1; 1; 1",
        "1x1 planes, centre tap only; 64; 32; 32; 1; 1; 3; 1; 1; 1",
        "2x2 to 1x1, four taps; 64; 16; 32; 2; 2; 3; 2; 1; 1",
        "grouped; 16; 8; 8; 12; 12; 3; 1; 1; 2",
        "first layer 5x5; 64; 1; 6; 28; 28; 5; 1; 0; 1",
        "batch below threads; 3; 4; 8; 10; 10; 3; 1; 1; 1"})
    void convolutionForwardAndGradients(String name, int n, int cin, int cout, int h, int w, int k, int stride, int pad, int groups) {
        Tensor x0 = randn(1, n, cin, h, w), w0 = randn(2, cout, cin / groups, k, k), b0 = randn(3, cout);
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        Tensor g = randn(4, n, cout, oh, ow);
        sameOnEveryThreadCount(name, () -> {
            Tensor x = x0.detach().requiresGrad(true), wt = w0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
            Tensor y = Conv.conv(x, wt, b, new int[] {stride, stride}, new int[] {pad, pad}, new int[] {1, 1}, groups);
            y.backward(g);
            return new Tensor[] {y, x.grad(), wt.grad(), b.grad()};
        });
    }

    @Test
    void conv1dOverTokens() {
        Tensor x0 = randn(5, 32, 64, 50), w0 = randn(6, 128, 64, 5), b0 = randn(7, 128), g = randn(8, 32, 128, 46);
        sameOnEveryThreadCount("Conv1d", () -> {
            Tensor x = x0.detach().requiresGrad(true), wt = w0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
            Tensor y = Conv.conv(x, wt, b, new int[] {1}, new int[] {0}, new int[] {1}, 1);
            y.backward(g);
            return new Tensor[] {y, x.grad(), wt.grad(), b.grad()};
        });
    }

    @Test
    void layerNormGradients() {
        Tensor x0 = randn(9, 64, 50, 64), w0 = randn(10, 64), b0 = randn(11, 64), g = randn(12, 64, 50, 64);
        sameOnEveryThreadCount("LayerNorm", () -> {
            Tensor x = x0.detach().requiresGrad(true), wt = w0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
            Tensor y = Norm.layerNorm(x, new int[] {64}, wt, b, 1e-5);
            y.backward(g);
            return new Tensor[] {y, x.grad(), wt.grad(), b.grad()};
        });
    }

    @Test
    void batchNormInTraining() {
        Tensor x0 = randn(13, 64, 16, 12, 12), w0 = randn(14, 16), b0 = randn(15, 16), g = randn(16, 64, 16, 12, 12);
        sameOnEveryThreadCount("BatchNorm2d", () -> {
            Tensor x = x0.detach().requiresGrad(true), wt = w0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
            Tensor rm = Tensor.zeros(16), rv = Tensor.ones(16);
            Tensor y = Norm.batchNorm(x, rm, rv, wt, b, true, 0.1, 1e-5);
            y.backward(g);
            return new Tensor[] {y, x.grad(), wt.grad(), b.grad(), rm, rv};
        });
    }
}
