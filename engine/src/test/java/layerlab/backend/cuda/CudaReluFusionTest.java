package layerlab.backend.cuda;

import static layerlab.backend.cuda.CudaTesting.GPU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import layerlab.backend.Backends;
import layerlab.nn.functional.F;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Linear + ReLU on the GPU, fused ({@code F.linearRelu}: the bias and ReLU in the forward GEMM's epilogue, the ReLU's
 * mask read by the backward's products as they load the gradient, gemm.cuh's _relumask entries) against the separate
 * layers there ({@code relu(linear(·))}: a ReLU launch forward, its backward launch, then the plain products): bit for
 * bit, forward and every gradient, as on the CPU ({@code layerlab.nn.ReluFusionTest}).
 */
class CudaReluFusionTest {
    @BeforeEach
    void needsCuda() {
        CudaTesting.assumeCuda();
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
        }
    }

    /**
     * Forward and the input's, weight's and bias's gradients, twice (the second step accumulates into the weight's
     * gradient, as a step without zeroGrad does), with the incoming gradient given on the GPU.
     */
    private static void check(int[] inShape, int in, int out, boolean withBias, boolean inputGrad, long seed) {
        Generator g = new Generator(seed);
        Tensor x0 = Tensor.randn(g, inShape).to(GPU), w0 = Tensor.randn(g, out, in).to(GPU), b0 = Tensor.randn(g, out).to(GPU);
        int[] outShape = inShape.clone();
        outShape[outShape.length - 1] = out;
        Tensor up = Tensor.randn(g, outShape).to(GPU);
        Tensor[] sep = {x0.detach().requiresGrad(inputGrad), w0.detach().requiresGrad(true), b0.detach().requiresGrad(true)};
        Tensor[] fus = {x0.detach().requiresGrad(inputGrad), w0.detach().requiresGrad(true), b0.detach().requiresGrad(true)};
        String what = Arrays.toString(inShape) + "→" + out + (withBias ? " with bias" : "") + (inputGrad ? "" : ", no input gradient");
        for (int step = 0; step < 2; step++) {
            Tensor ySep = F.relu(F.linear(sep[0], sep[1], withBias ? sep[2] : null));
            Tensor yFus = F.linearRelu(fus[0], fus[1], withBias ? fus[2] : null);
            assertSameBits(ySep, yFus, what + " forward");
            ySep.backward(up);
            yFus.backward(up);
            if (inputGrad) assertSameBits(sep[0].grad(), fus[0].grad(), what + " input grad, step " + step);
            else assertNull(fus[0].grad());
            assertSameBits(sep[1].grad(), fus[1].grad(), what + " weight grad, step " + step);
            if (withBias) assertSameBits(sep[2].grad(), fus[2].grad(), what + " bias grad, step " + step);
        }
    }

    @Test
    void fusedLinearReluMatchesLinearThenReluOnTheGpu() {
        // An MLP's layers (the bench's first has no input gradient), odd sizes, one row, a 3-D input, and products the
        // GPU splits along K (8 rows of 20 features from 300: the input gradient's one tile sums 300 products).
        check(new int[] {64, 784}, 784, 256, true, false, 1);
        check(new int[] {64, 256}, 256, 128, true, true, 2);
        check(new int[] {1, 7}, 7, 5, true, true, 3);
        check(new int[] {70, 33}, 33, 130, false, true, 4);
        check(new int[] {4, 6, 17}, 17, 20, true, true, 5);
        check(new int[] {8, 20}, 20, 300, true, true, 6);
        check(new int[] {300, 20}, 20, 9, true, true, 7);
    }

    @Test
    void theMaskedProductReadsTheMaskAsTheReluBackwardDoes() {
        // g · (y <= 0 ? 0 : 1) then the product, against the masked product: zeros and negatives in y, an infinity in g
        // where y is 0 (0 · inf is NaN either way).
        var gpu = Backends.get(GPU);
        Generator gen = new Generator(9);
        int m = 37, k = 300, n = 45;
        float[] gv = Tensor.randn(gen, m, k).toFloatArray(), yv = Tensor.randn(gen, m, k).toFloatArray();
        for (int i = 0; i < yv.length; i += 3) yv[i] = 0f;
        gv[3] = Float.POSITIVE_INFINITY;
        Tensor grad = Tensor.of(gv, m, k).to(GPU), y = Tensor.of(yv, m, k).to(GPU), b = Tensor.randn(gen, k, n).to(GPU);
        Tensor masked = Tensor.zeros(m, k).to(GPU);
        gpu.unaryBackward(layerlab.backend.UnaryOp.RELU, 0f, y, null, grad, masked);
        Tensor want = Tensor.zeros(m, n).to(GPU), got = Tensor.zeros(m, n).to(GPU);
        CudaGemm.ownGemmAt(((CudaBackend) gpu).dev, false, false, m, n, k, 1f, ((CudaBackend) gpu).addr(masked), k,
                ((CudaBackend) gpu).addr(b), n, 0f, ((CudaBackend) gpu).addr(want), n, 1, 0, 0, 0, 0L, false);
        CudaGemm.gemmReluMasked((CudaBackend) gpu, false, false, m, n, k, grad, y, k, b, n, got, n);
        assertSameBits(want, got, "masked product");
        assertEquals(true, Float.isNaN(got.toFloatArray()[0]), "0 · inf in row 0 makes it NaN");
    }
}
