package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import layerlab.autograd.Autograd;
import layerlab.nn.functional.F;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A Linear followed by a ReLU runs as one op (GEMM with the bias and ReLU applied per tile) in {@link Sequential} and
 * compiled graphs: it must give the separate layers' numbers bit for bit, forward and backward.
 */
class LinearReluFusionTest {
    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
        }
    }

    /** Forward and the gradients of input, weight and bias, fused against ReLU(linear(·)), for one shape. */
    private static void check(int[] inShape, int in, int out, boolean withBias, long seed) {
        Generator g = new Generator(seed);
        Tensor x0 = Tensor.randn(g, inShape), w0 = Tensor.randn(g, out, in), b0 = Tensor.randn(g, out), up = Tensor.randn(g, outShape(inShape, out));
        Tensor[] sep = {x0.detach().requiresGrad(true), w0.detach().requiresGrad(true), b0.detach().requiresGrad(true)};
        Tensor[] fus = {x0.detach().requiresGrad(true), w0.detach().requiresGrad(true), b0.detach().requiresGrad(true)};
        Tensor ySep = F.relu(F.linear(sep[0], sep[1], withBias ? sep[2] : null));
        Tensor yFus = F.linearRelu(fus[0], fus[1], withBias ? fus[2] : null);
        String what = java.util.Arrays.toString(inShape) + "→" + out + (withBias ? " with bias" : "");
        assertSameBits(ySep, yFus, what + " forward");
        ySep.backward(up);
        yFus.backward(up);
        assertSameBits(sep[0].grad(), fus[0].grad(), what + " input grad");
        assertSameBits(sep[1].grad(), fus[1].grad(), what + " weight grad");
        if (withBias) assertSameBits(sep[2].grad(), fus[2].grad(), what + " bias grad");
    }

    private static int[] outShape(int[] inShape, int out) {
        int[] s = inShape.clone();
        s[s.length - 1] = out;
        return s;
    }

    @Test
    void fusedOpMatchesLinearThenRelu() {
        // Batch 1, odd sizes, a Linear-forward split across threads (≥ 64 rows), k past one packed block, 3-D input.
        check(new int[] {1, 7}, 7, 5, true, 1);
        check(new int[] {3, 13}, 13, 9, false, 2);
        check(new int[] {70, 33}, 33, 130, true, 3);
        check(new int[] {130, 1100}, 1100, 40, true, 4);
        check(new int[] {4, 6, 17}, 17, 20, true, 5);
        check(new int[] {256, 100}, 100, 3, true, 6);
    }

    @Test
    void sequentialRunsThePairFusedWithTheSameResult() {
        Generator.manualSeed(7);
        Sequential net = new Sequential(new Flatten(), new Linear(20, 48), new ReLU(), new Linear(48, 48), new ReLU(), new Linear(48, 10));
        Tensor x = Tensor.randn(new Generator(8), 9, 4, 5);
        Tensor stepByStep = x;
        for (int i = 0; i < net.size(); i++) stepByStep = net.get(i).forward(stepByStep);
        assertSameBits(stepByStep, net.forward(x), "Sequential forward");
        try (var ng = Autograd.noGrad()) {
            assertSameBits(stepByStep.detach(), net.forward(x), "Sequential forward without grad");
        }
    }
}
