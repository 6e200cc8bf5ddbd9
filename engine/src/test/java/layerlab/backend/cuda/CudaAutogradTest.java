package layerlab.backend.cuda;

import static layerlab.backend.cuda.CudaTesting.GPU;
import static layerlab.backend.cuda.CudaTesting.assertClose;
import static layerlab.backend.cuda.CudaTesting.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole programs on the GPU against the same programs on the CPU: a graph of many ops with backward(),
 * Linear layers forward and backward, and 20 steps of training an MLP. Tolerance 1e-4 relative (plus a small
 * absolute floor): these chain float32 accumulations (GEMM, sums) whose order differs between the backends.
 */
class CudaAutogradTest {
    @BeforeEach
    void needsCuda() {
        CudaTesting.assumeCuda();
    }

    /** Leaves with the same values on {@code device}, requiring gradients. */
    private static List<Tensor> leaves(Device device, long seed, int[]... shapes) {
        Generator g = new Generator(seed);
        List<Tensor> out = new ArrayList<>();
        for (int[] s : shapes) {
            int n = 1;
            for (int d : s) n *= d;
            out.add(Tensor.of(randn(g, n, 1f), s).to(device).requiresGrad(true));
        }
        return out;
    }

    private static void compareRun(Function<List<Tensor>, Tensor> program, long seed, int[]... shapes) {
        List<Tensor> c = leaves(Device.CPU, seed, shapes), g = leaves(GPU, seed, shapes);
        Tensor lc = program.apply(c), lg = program.apply(g);
        assertEquals(GPU, lg.device());
        assertClose(lc, lg, 1e-4, 1e-5, "output");
        lc.backward();
        lg.backward();
        for (int i = 0; i < c.size(); i++) assertClose(c.get(i).grad(), g.get(i).grad(), 1e-4, 1e-5, "gradient of leaf " + i);
    }

    @Test
    void aGraphOfManyOpsBacksUpTheSameGradients() {
        compareRun(in -> {
            Tensor x = in.get(0), w = in.get(1), b = in.get(2), e = in.get(3);
            Tensor h = x.matmul(w).add(b).gelu();                         // [6, 5]
            Tensor s = h.softmax(1).mul(h.tanh()).sum(1, true);             // [6, 1]
            Tensor ls = h.transpose(0, 1).logSoftmax(0).narrow(1, 1, 4);    // [5, 4]
            Tensor v = h.var(new int[] {0}, true, false);                   // [5]
            Tensor m = h.max(1, false).add(h.min(0, false).mean());         // [6]
            Tensor stacked = Tensor.stack(0, h.sigmoid(), h.exp().mul(0.1f)).permute(1, 0, 2).reshape(6, 10);
            Tensor idx = Tensor.ofLongs(new long[] {2, 0, 2, 1}).to(x.device());
            Tensor emb = e.indexSelect(idx);                                 // [4, 5]
            Tensor labels = Tensor.ofLongs(new long[] {0, 3, 4, 1, 2, 2}).to(x.device());
            Tensor nll = h.logSoftmax(1).gatherLast(labels).neg().mean();
            Tensor cat = Tensor.cat(1, h, h.square().div(x.abs().sum(1, true).add(1f)));
            return s.sum().add(ls.pow(2f).mean()).add(v.sum()).add(m.softplus().sum())
                    .add(stacked.sum()).add(emb.matmul(w.t()).relu().sum()).add(nll)
                    .add(cat.clampMin(-0.5f).sum()).add(x.abs().add(1f).sqrt().sum().mul(0.01f));
        }, 42, new int[] {6, 7}, new int[] {7, 5}, new int[] {5}, new int[] {3, 5});
    }

    @Test
    void linearLayersForwardAndBackward() {
        compareRun(in -> LinearAlgebra.linear(in.get(0), in.get(1), in.get(2)).tanh().sum(), 7,
                new int[] {7, 13}, new int[] {5, 13}, new int[] {5});
        compareRun(in -> LinearAlgebra.linear(in.get(0), in.get(1), null).square().mean(), 8,
                new int[] {2, 3, 13}, new int[] {5, 13});
        compareRun(in -> LinearAlgebra.linear(in.get(0), in.get(1), in.get(2)).sum(), 9,
                new int[] {1, 300}, new int[] {200, 300}, new int[] {200}); // batch 1
    }

    /** An MLP 20-64-64-5 trained 20 steps with SGD + momentum on cross entropy; returns the losses and final weights. */
    static List<float[]> trainMlp(Device device, int steps) {
        Generator g = new Generator(2024);
        int[] sizes = {20, 64, 64, 5};
        List<Tensor> params = new ArrayList<>(), bufs = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            float bound = (float) (1 / Math.sqrt(sizes[l]));
            params.add(Tensor.rand(g, sizes[l + 1], sizes[l]).mul(2 * bound).sub(bound).to(device).requiresGrad(true));
            params.add(Tensor.rand(g, sizes[l + 1]).mul(2 * bound).sub(bound).to(device).requiresGrad(true));
        }
        for (Tensor p : params) bufs.add(Tensor.empty(device, DType.FLOAT32, p.shape()));
        Tensor x = Tensor.randn(g, 32, 20).to(device);
        long[] y = new long[32];
        for (int i = 0; i < y.length; i++) y[i] = g.nextInt(5);
        Tensor labels = Tensor.ofLongs(y).to(device);
        float[] losses = new float[steps];
        for (int step = 0; step < steps; step++) {
            Tensor h = x;
            for (int l = 0; l < 3; l++) {
                h = LinearAlgebra.linear(h, params.get(2 * l), params.get(2 * l + 1));
                if (l < 2) h = h.relu();
            }
            Tensor loss = h.logSoftmax(1).gatherLast(labels).neg().mean();
            losses[step] = loss.item();
            for (Tensor p : params) p.zeroGrad();
            loss.backward();
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                p.backend().optim().sgd(p, p.grad(), bufs.get(i), 0.1f, 0.9f, 0f, 1e-4f, false, step == 0, false);
            }
        }
        List<float[]> out = new ArrayList<>();
        out.add(losses);
        for (Tensor p : params) out.add(p.toFloatArray());
        return out;
    }

    @Test
    void twentyStepsOfMlpTrainingMatchTheCpu() {
        List<float[]> c = trainMlp(Device.CPU, 20), g = trainMlp(GPU, 20);
        assertClose(c.get(0), g.get(0), 1e-4, 1e-6, "losses per step");
        for (int i = 1; i < c.size(); i++) assertClose(c.get(i), g.get(i), 1e-4, 1e-5, "parameter " + (i - 1) + " after 20 steps");
        System.out.printf("MLP losses: CPU %.6f -> %.6f, GPU %.6f -> %.6f%n", c.get(0)[0], c.get(0)[19], g.get(0)[0], g.get(0)[19]);
    }

    /**
     * The fused cross entropy's gradient for {@code loss.backward()} comes from its forward (no backward launch), and it
     * is the backward launch's for an explicit gradient of ones, bit for bit; for any other gradient the launch runs.
     */
    @Test
    void crossEntropyFromBackwardOfOnesIsItsBackwardLaunchs() {
        CudaBackend be = (CudaBackend) layerlab.backend.Backends.get(GPU);
        Generator gen = new Generator(21);
        int n = 37, c = 11;
        Tensor x0 = Tensor.of(randn(gen, n * c, 3f), n, c).to(GPU);
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) labels[i] = gen.nextInt(c);
        Tensor t = Tensor.ofLongs(labels).to(GPU);
        var lossFn = new layerlab.loss.CrossEntropyLoss();
        float[][] grads = new float[3][];
        long[] launches = new long[3];
        for (int run = 0; run < 3; run++) {
            Tensor x = x0.detach().requiresGrad(true);
            Tensor loss = lossFn.forward(x, t);
            be.synchronize();
            long before = be.activityCounts()[0];
            if (run == 0) loss.backward();
            else loss.backward(Tensor.scalar(run == 1 ? 1f : 0.5f).to(GPU));
            launches[run] = be.activityCounts()[0] - before;
            grads[run] = x.grad().toFloatArray();
        }
        assertEquals(launches[0] + 1, launches[1], "loss.backward() takes the forward's gradient, an explicit one the backward launch");
        for (int i = 0; i < grads[0].length; i++) {
            assertEquals(Float.floatToRawIntBits(grads[1][i]), Float.floatToRawIntBits(grads[0][i]), "element " + i);
        }
        for (int i = 0; i < grads[0].length; i++) assertEquals(grads[0][i] * 0.5f, grads[2][i], 1e-7f, "half the gradient: element " + i);
    }
}
