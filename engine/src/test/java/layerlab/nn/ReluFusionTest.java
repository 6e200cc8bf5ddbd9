package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import layerlab.autograd.Autograd;
import layerlab.nn.functional.F;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A layer followed by a ReLU runs with it ({@link ReluFusable}) in {@link Sequential} and compiled graphs: a Linear's
 * GEMM applies bias and ReLU per tile, a conv's, batch norm's or sum's output is overwritten by the ReLU. Each must give
 * the separate layers' numbers bit for bit, forward and backward, and leave its input alone.
 */
class ReluFusionTest {
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

    /** Forward and every gradient of {@code fused} against {@code relu(layer.forward(x))}, and x left as it was. */
    private static void checkLayer(String what, Module layer, Tensor x0, long seed) {
        Tensor up = null;
        Tensor[] grads = new Tensor[2];
        java.util.List<Parameter> params = layer.parameters();
        Tensor[] results = new Tensor[2];
        java.util.List<float[]> paramGrads = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            layer.zeroGrad();
            Tensor x = x0.detach().requiresGrad(true);
            float[] before = x.toFloatArray();
            Tensor y = run == 0 ? layer.forward(x).relu() : ((ReluFusable) layer).forwardRelu(x);
            assertArrayEquals(before, x.toFloatArray(), 0f, what + ": the input is left alone");
            if (up == null) up = Tensor.randn(new Generator(seed), y.shape());
            y.backward(up);
            results[run] = y;
            grads[run] = x.grad();
            for (Parameter p : params) paramGrads.add(p.data().grad().toFloatArray());
        }
        assertSameBits(results[0], results[1], what + " forward");
        assertSameBits(grads[0], grads[1], what + " input grad");
        int n = params.size();
        for (int i = 0; i < n; i++) assertArrayEquals(paramGrads.get(i), paramGrads.get(n + i), 0f, what + " parameter " + i + " grad");
    }

    @Test
    void convBatchNormAndAddLetTheReluOverwriteTheirOutput() {
        Generator.manualSeed(11);
        Generator g = new Generator(12);
        checkLayer("Conv2d", new Conv2d(3, 5, 3, 1, 1), Tensor.randn(g, 2, 3, 7, 9), 1);
        BatchNorm2d bn = new BatchNorm2d(4);
        checkLayer("BatchNorm2d (train)", bn, Tensor.randn(g, 3, 4, 5, 5), 2);
        bn.eval();
        checkLayer("BatchNorm2d (eval)", bn, Tensor.randn(g, 3, 4, 5, 5), 3);
        // Add with two inputs: the sum is fresh; the ReLU's gradient reaches both.
        Tensor a0 = Tensor.randn(g, 4, 6), b0 = Tensor.randn(g, 6);
        Tensor[] sep = {a0.detach().requiresGrad(true), b0.detach().requiresGrad(true)};
        Tensor[] fus = {a0.detach().requiresGrad(true), b0.detach().requiresGrad(true)};
        Tensor up = Tensor.randn(g, 4, 6);
        Tensor ySep = new Add().forward(sep).relu(), yFus = new Add().forwardRelu(fus);
        assertSameBits(ySep, yFus, "Add forward");
        assertArrayEquals(a0.toFloatArray(), fus[0].toFloatArray(), 0f, "Add's inputs are left alone");
        ySep.backward(up);
        yFus.backward(up);
        assertSameBits(sep[0].grad(), fus[0].grad(), "Add grad a");
        assertSameBits(sep[1].grad(), fus[1].grad(), "Add grad b (broadcast)");
        // Add with one input returns that input: the ReLU must not overwrite it.
        Tensor only = Tensor.randn(g, 3, 3);
        float[] before = only.toFloatArray();
        assertSameBits(only.relu(), new Add().forwardRelu(only), "Add of one input");
        assertArrayEquals(before, only.toFloatArray(), 0f, "a lone input is not overwritten");
    }

    @Test
    void sequentialRunsThePairFusedWithTheSameResult() {
        Generator.manualSeed(7);
        Sequential net = new Sequential(new Conv2d(4, 6, 3, 1, 1), new BatchNorm2d(6), new ReLU(), new Conv2d(6, 4, 3, 1, 1), new ReLU(),
                new Flatten(), new Linear(4 * 4 * 5, 48), new ReLU(), new Linear(48, 48), new ReLU(), new Linear(48, 10));
        net.eval();
        Tensor x = Tensor.randn(new Generator(8), 9, 4, 4, 5);
        Tensor stepByStep = x;
        for (int i = 0; i < net.size(); i++) stepByStep = net.get(i).forward(stepByStep);
        assertSameBits(stepByStep, net.forward(x), "Sequential forward");
        try (var ng = Autograd.noGrad()) {
            assertSameBits(stepByStep.detach(), net.forward(x), "Sequential forward without grad");
        }
    }
}
