package layerlab.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import layerlab.loss.BCELoss;
import layerlab.loss.BCEWithLogitsLoss;
import layerlab.loss.CrossEntropyLoss;
import layerlab.loss.KLDivLoss;
import layerlab.loss.L1Loss;
import layerlab.loss.MSELoss;
import layerlab.loss.NLLLoss;
import layerlab.loss.Reduction;
import layerlab.loss.SmoothL1Loss;
import layerlab.nn.functional.F;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op's autograd gradient against central finite differences.
 *
 * <p>Our tensors are float32 only, so the differences cannot be taken in double precision: each op's
 * forward runs in float32 at {@code x ± h} and only the scalar {@code L = Σ out·r} (for a fixed random
 * {@code r}, the upstream gradient) is accumulated in double. Float32 rounding in the outputs (~1e-7
 * relative) divided by {@code 2h} forces a large step, {@code h = 1e-2·max(1, |x|)}, whose truncation
 * error is O(h²); hence a tolerance of 1e-2 relative, with an absolute floor of 1e-3 (the rounding noise
 * of the difference quotient is ~1e-4 here, so a gradient wrong by a few percent still fails even where
 * it is small), and inputs chosen so that no kink (ReLU at 0, a clamp bound, a tie in max/min) lies
 * within {@code h} of any value: see {@link Domain}.
 */
class GradCheckTest {
    private static final double RTOL = 1e-2;
    private static final double ATOL = 1e-3;

    /** Where an op's inputs are drawn from. */
    enum Domain {
        /** Uniform in [−1.5, 1.5]: smooth ops. */
        ANY,
        /** Uniform in [0.5, 2]: log, sqrt, reciprocal, divisors, pow bases. */
        POSITIVE,
        /** Uniform in [0.1, 0.9]: probabilities. */
        PROB,
        /**
         * Distinct values of the grid ±(0.025 + 0.05·k) within [−1.5, 1.5], shared without repeats by all
         * SPACED inputs of an op: every value is ≥ 0.025 from every multiple of 0.05 (ReLU's 0, clamp bounds,
         * smooth-L1's β) and ≥ 0.05 from every other value (max/min ties), while h ≤ 0.015.
         */
        SPACED
    }

    record Op(String name, Domain[] domains, int[][] shapes, Function<Tensor[], Tensor> f) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Op> OPS = new ArrayList<>();

    private static void op(String name, Domain d, Function<Tensor[], Tensor> f, int[]... shapes) {
        Domain[] ds = new Domain[shapes.length];
        Arrays.fill(ds, d);
        OPS.add(new Op(name, ds, shapes, f));
    }

    private static void op(String name, Domain[] ds, Function<Tensor[], Tensor> f, int[]... shapes) {
        OPS.add(new Op(name, ds, shapes, f));
    }

    private static void unary(String name, Domain d, Function<Tensor, Tensor> f) {
        op(name, d, in -> f.apply(in[0]), s(3, 4));
    }

    private static int[] s(int... shape) {
        return shape;
    }

    private static Tensor longs(long... v) {
        return Tensor.ofLongs(v);
    }

    static {
        final Domain any = Domain.ANY, pos = Domain.POSITIVE, spaced = Domain.SPACED, prob = Domain.PROB;
        // ---------------------------------------------------------------- unary
        unary("neg", any, Tensor::neg);
        unary("exp", any, Tensor::exp);
        unary("log", pos, Tensor::log);
        unary("log1p", pos, Tensor::log1p);
        unary("sqrt", pos, Tensor::sqrt);
        unary("abs", spaced, Tensor::abs);
        unary("sign", spaced, Tensor::sign);
        unary("square", any, Tensor::square);
        unary("reciprocal", pos, Tensor::reciprocal);
        unary("relu", spaced, Tensor::relu);
        unary("leakyRelu", spaced, x -> x.leakyRelu(0.1f));
        unary("elu", spaced, x -> x.elu(0.7f));
        unary("gelu", any, Tensor::gelu);
        unary("geluTanh", any, Tensor::geluTanh);
        unary("sigmoid", any, Tensor::sigmoid);
        unary("tanh", any, Tensor::tanh);
        unary("softplus", any, Tensor::softplus);
        unary("logSigmoid", any, Tensor::logSigmoid);
        unary("sin", any, Tensor::sin);
        unary("cos", any, Tensor::cos);
        unary("add scalar", any, x -> x.add(1.5f));
        unary("sub scalar", any, x -> x.sub(0.5f));
        unary("mul scalar", any, x -> x.mul(-2f));
        unary("div scalar", any, x -> x.div(3f));
        unary("rsub scalar", any, x -> x.rsub(2f));
        unary("pow 3", any, x -> x.pow(3f));
        unary("pow 0.5", pos, x -> x.pow(0.5f));
        unary("pow -1.5", pos, x -> x.pow(-1.5f));
        unary("clampMin", spaced, x -> x.clampMin(-0.3f));
        unary("clampMax", spaced, x -> x.clampMax(0.4f));
        unary("clamp", spaced, x -> x.clamp(-0.5f, 0.5f));
        unary("copy", any, Tensor::copy);
        unary("to same device", any, x -> x.to(Device.CPU));
        unary("on a transposed view", any, x -> x.t().exp());

        // ---------------------------------------------------------------- binary, with broadcasting
        int[][][] shapePairs = {
            {s(3, 4), s(3, 4)}, {s(3, 4), s(4)}, {s(3, 1), s(1, 4)}, {s(2, 3, 4), s(3, 1)}, {s(3, 4), s()}, {s(), s(2, 3)}};
        for (int[][] p : shapePairs) {
            String shapes = Arrays.toString(p[0]) + " " + Arrays.toString(p[1]);
            op("add " + shapes, any, in -> in[0].add(in[1]), p);
            op("sub " + shapes, any, in -> in[0].sub(in[1]), p);
            op("mul " + shapes, any, in -> in[0].mul(in[1]), p);
            op("div " + shapes, new Domain[] {any, pos}, in -> in[0].div(in[1]), p);
            op("pow " + shapes, new Domain[] {pos, any}, in -> in[0].pow(in[1]), p);
            op("maximum " + shapes, spaced, in -> in[0].maximum(in[1]), p);
            op("minimum " + shapes, spaced, in -> in[0].minimum(in[1]), p);
        }
        op("mul of a tensor by itself", any, in -> in[0].mul(in[0]), s(3, 4));
        op("add of two views of one tensor", any, in -> in[0].add(in[0].t().t().exp()), s(3, 4));

        // ---------------------------------------------------------------- reductions
        int[] r3 = s(2, 3, 4);
        op("sum all", any, in -> in[0].sum(), r3);
        op("mean all", any, in -> in[0].mean(), r3);
        op("sum dim 1", any, in -> in[0].sum(1, false), r3);
        op("sum dim -1 keepdim", any, in -> in[0].sum(-1, true), r3);
        op("mean dim 0 keepdim", any, in -> in[0].mean(0, true), r3);
        op("sum dims 0,2", any, in -> in[0].sum(s(0, 2), false), r3);
        op("mean dims 1,2 keepdim", any, in -> in[0].mean(s(1, 2), true), r3);
        op("max dim 1", spaced, in -> in[0].max(1, false), r3);
        op("max dim 2 keepdim", spaced, in -> in[0].max(2, true), r3);
        op("min dim 0", spaced, in -> in[0].min(0, false), r3);
        op("min dim -1 keepdim", spaced, in -> in[0].min(-1, true), r3);
        op("max all", spaced, in -> in[0].max(), r3);
        op("min all", spaced, in -> in[0].min(), r3);
        op("var unbiased", any, in -> in[0].var(s(1), true, false), r3);
        op("var biased keepdim", any, in -> in[0].var(s(0, 2), false, true), r3);
        op("sumToShape", any, in -> in[0].sumToShape(3, 1), r3);
        for (int d : new int[] {0, 1, 2, -1}) {
            op("softmax dim " + d, any, in -> in[0].mul(2f).softmax(d), r3);
            op("logSoftmax dim " + d, any, in -> in[0].mul(2f).logSoftmax(d), r3);
        }

        // ---------------------------------------------------------------- matrix products
        op("matmul 2-D", any, in -> in[0].matmul(in[1]), s(3, 4), s(4, 5));
        op("matmul batched", any, in -> in[0].matmul(in[1]), s(2, 3, 4), s(2, 4, 5));
        op("matmul N-D by 2-D", any, in -> in[0].matmul(in[1]), s(2, 3, 4), s(4, 5));
        op("matmul vector by matrix", any, in -> in[0].matmul(in[1]), s(4), s(4, 5));
        op("matmul matrix by vector", any, in -> in[0].matmul(in[1]), s(3, 4), s(4));
        op("matmul transposed left", any, in -> in[0].t().matmul(in[1]), s(4, 3), s(4, 5));
        op("matmul transposed right", any, in -> in[0].matmul(in[1].t()), s(3, 4), s(5, 4));
        op("matmul batched transposed views", any,
                in -> in[0].transpose(1, 2).matmul(in[1].transpose(1, 2)), s(2, 4, 3), s(2, 5, 4));
        op("matmul permuted batch (copied)", any, in -> in[0].permute(1, 0, 2).matmul(in[1]), s(3, 2, 4), s(2, 4, 5));
        op("linear", any, in -> LinearAlgebra.linear(in[0], in[1], in[2]), s(3, 4), s(5, 4), s(5));
        op("linear no bias", any, in -> LinearAlgebra.linear(in[0], in[1], null), s(3, 4), s(5, 4));
        op("linear 3-D input", any, in -> LinearAlgebra.linear(in[0], in[1], in[2]), s(2, 3, 4), s(5, 4), s(5));
        op("linear transposed input", any, in -> LinearAlgebra.linear(in[0].t(), in[1], in[2]), s(4, 3), s(5, 4), s(5));
        op("bilinear", any, in -> F.bilinear(in[0], in[1], in[2], in[3]), s(3, 2), s(3, 4), s(5, 2, 4), s(5));
        op("bilinear 3-D inputs", any, in -> F.bilinear(in[0], in[1], in[2], null), s(2, 2, 3), s(2, 2, 2), s(4, 3, 2));

        // ---------------------------------------------------------------- shape ops
        op("reshape", any, in -> in[0].reshape(2, 6).exp(), s(3, 4));
        op("reshape of a transposed view", any, in -> in[0].t().reshape(12).exp(), s(3, 4));
        op("view -1", any, in -> in[0].view(-1, 2).exp(), s(3, 4));
        op("flatten", any, in -> in[0].flatten(0, 1).exp(), r3);
        op("transpose", any, in -> in[0].transpose(0, 2).exp(), r3);
        op("permute", any, in -> in[0].permute(2, 0, 1).exp(), r3);
        op("unsqueeze", any, in -> in[0].unsqueeze(1).exp(), s(3, 4));
        op("squeeze", any, in -> in[0].squeeze(1).exp(), s(3, 1, 4));
        op("expand", any, in -> in[0].expand(2, 3, 5).exp(), s(3, 1));
        op("narrow", any, in -> in[0].narrow(1, 1, 2).exp(), s(3, 4));
        op("select", any, in -> in[0].select(0, 1).exp(), r3);
        op("contiguous of a permuted view", any, in -> in[0].permute(1, 0).contiguous().exp(), s(3, 4));
        op("cat dim 0", any, in -> Tensor.cat(0, in[0], in[1].exp()), s(2, 3), s(1, 3));
        op("cat dim 1 of three", any, in -> Tensor.cat(1, in[0], in[1], in[2].square()), s(2, 3), s(2, 1), s(2, 2));
        op("stack dim 0", any, in -> Tensor.stack(0, in[0], in[1].exp()), s(2, 3), s(2, 3));
        op("stack dim 2", any, in -> Tensor.stack(2, in[0], in[1].exp()), s(2, 3), s(2, 3));
        op("split", any, in -> {
            Tensor[] p = in[0].split(2, 1);
            return Tensor.cat(1, p[2], p[0].exp(), p[1]);
        }, s(3, 5));

        // ---------------------------------------------------------------- indexing
        op("indexSelect (repeated rows)", any, in -> in[0].indexSelect(longs(1, 3, 1, 0)), s(5, 3));
        op("indexSelect 2-D index", any, in -> in[0].indexSelect(longs(4, 0, 4, 2).reshape(2, 2)), s(5, 3));
        op("gatherLast", any, in -> in[0].gatherLast(longs(2, 0, 4, 2)), s(4, 5));
        op("gatherLast 3-D", any, in -> in[0].gatherLast(longs(3, 0, 1, 2, 2, 0).reshape(2, 3)), r3);

        // ---------------------------------------------------------------- losses (their composite or fused gradients)
        Tensor labels = longs(1, 0, 3, 3, 2);
        op("cross entropy", any, in -> new CrossEntropyLoss().forward(in[0].mul(2f), labels), s(5, 4));
        op("cross entropy, weight, ignore_index, smoothing", any,
                in -> new CrossEntropyLoss(Tensor.of(new float[] {0.5f, 1f, 2f, 1.5f}), 3, Reduction.MEAN, 0.2f).forward(in[0], labels), s(5, 4));
        op("cross entropy 3-D, none", any,
                in -> new CrossEntropyLoss(Reduction.NONE).forward(in[0], longs(0, 2, 1, 1, 0, 2).reshape(2, 3)), s(2, 3, 3));
        op("cross entropy, probabilities", new Domain[] {any, prob},
                in -> new CrossEntropyLoss(null, -100, Reduction.SUM, 0.1f).forward(in[0], in[1]), s(3, 4), s(3, 4));
        op("nll", any, in -> new NLLLoss(Reduction.SUM).forward(in[0], labels), s(5, 4));
        op("mse", any, in -> new MSELoss().forward(in[0], in[1]), s(3, 4), s(3, 4));
        op("l1", spaced, in -> new L1Loss(Reduction.SUM).forward(in[0], in[1]), s(3, 4), s(3, 4));
        op("smooth l1", spaced, in -> new SmoothL1Loss(Reduction.NONE, 0.5f).forward(in[0], Tensor.zeros(3, 4)), s(3, 4));
        op("bce", prob, in -> new BCELoss().forward(in[0], in[1]), s(3, 4), s(3, 4));
        op("bce with logits, pos_weight", new Domain[] {any, prob},
                in -> new BCEWithLogitsLoss(null, Reduction.SUM, Tensor.of(new float[] {0.5f, 2f, 1f, 3f})).forward(in[0].mul(3f), in[1]),
                s(3, 4), s(3, 4));
        op("kl div", new Domain[] {any, prob}, in -> new KLDivLoss(Reduction.BATCHMEAN).forward(in[0], in[1]), s(3, 4), s(3, 4));
        op("kl div, log target", any, in -> new KLDivLoss(Reduction.SUM, true).forward(in[0], in[1]), s(3, 4), s(3, 4));
    }

    static List<Op> ops() {
        return OPS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void autogradMatchesFiniteDifferences(Op op) {
        Generator gen = new Generator(op.name().hashCode());
        float[][] data = sample(op, gen);
        Tensor[] leaves = tensors(op, data);
        for (Tensor t : leaves) t.requiresGrad(true);
        Tensor out = op.f().apply(leaves);
        float[] r = new float[out.numel()];
        for (int i = 0; i < r.length; i++) r[i] = (float) gen.nextGaussian();
        out.backward(Tensor.of(r, out.shape()));

        List<String> bad = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            Tensor g = leaves[i].grad();
            assertNotNull(g, op + ": no gradient reached input " + i);
            assertArrayEquals(op.shapes()[i], g.shape(), op + ": gradient shape of input " + i);
            float[] analytic = g.toFloatArray();
            for (int j = 0; j < data[i].length; j++) {
                float x = data[i][j];
                double h = 1e-2 * Math.max(1, Math.abs(x));
                float xp = (float) (x + h), xm = (float) (x - h);
                data[i][j] = xp;
                double lp = objective(op, data, r);
                data[i][j] = xm;
                double lm = objective(op, data, r);
                data[i][j] = x;
                double fd = (lp - lm) / ((double) xp - xm);
                if (!(Math.abs(fd - analytic[j]) <= RTOL * Math.abs(fd) + ATOL)) {
                    bad.add(String.format("input %d [%d] at x=%.4f: autograd %.6f, finite difference %.6f", i, j, x, analytic[j], fd));
                }
            }
        }
        if (!bad.isEmpty()) fail(op + ": " + bad.size() + " gradient(s) off:\n  " + String.join("\n  ", bad.subList(0, Math.min(8, bad.size()))));
    }

    /** {@code Σ f(inputs)·r} in double, the forward in float32 without recording. */
    private static double objective(Op op, float[][] data, float[] r) {
        try (var ignored = Autograd.noGrad()) {
            float[] o = op.f().apply(tensors(op, data)).toFloatArray();
            double sum = 0;
            for (int k = 0; k < o.length; k++) sum += (double) o[k] * r[k];
            return sum;
        }
    }

    private static Tensor[] tensors(Op op, float[][] data) {
        Tensor[] t = new Tensor[data.length];
        for (int i = 0; i < data.length; i++) t[i] = Tensor.of(data[i], op.shapes()[i]);
        return t;
    }

    private static float[][] sample(Op op, Generator gen) {
        int[] grid = gen.permutation(60); // SPACED: ±(0.025 + 0.05·k), k < 30, handed out without repeats
        int next = 0;
        float[][] data = new float[op.shapes().length][];
        for (int i = 0; i < data.length; i++) {
            int n = 1;
            for (int d : op.shapes()[i]) n *= d;
            data[i] = new float[n];
            for (int j = 0; j < n; j++) {
                data[i][j] = switch (op.domains()[i]) {
                    case ANY -> -1.5f + 3f * gen.nextFloat();
                    case POSITIVE -> 0.5f + 1.5f * gen.nextFloat();
                    case PROB -> 0.1f + 0.8f * gen.nextFloat();
                    case SPACED -> {
                        if (next == grid.length) throw new IllegalStateException(op + ": more SPACED values than the grid holds");
                        int k = grid[next++];
                        yield (k < 30 ? 1 : -1) * (0.025f + 0.05f * (k % 30));
                    }
                };
            }
        }
        return data;
    }

    /** Linear's backward adds the weight gradient straight into an existing {@code .grad}: two backwards give twice one. */
    @Test
    void linearAccumulatesWeightGradientsAcrossBackwards() {
        Generator gen = new Generator(7);
        Tensor x = Tensor.randn(gen, 3, 4), w = Tensor.randn(gen, 5, 4).requiresGrad(true), b = Tensor.randn(gen, 5).requiresGrad(true);
        LinearAlgebra.linear(x, w, b).sum().backward();
        float[] once = w.grad().toFloatArray(), onceB = b.grad().toFloatArray();
        LinearAlgebra.linear(x, w, b).sum().backward();
        float[] twice = w.grad().toFloatArray(), twiceB = b.grad().toFloatArray();
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-5);
        for (int i = 0; i < onceB.length; i++) assertEquals(2 * onceB[i], twiceB[i], 1e-5);
    }
}
