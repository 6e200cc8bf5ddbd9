package layerlab.backend.cuda;

import static layerlab.backend.cuda.CudaTesting.GPU;
import static layerlab.backend.cuda.CudaTesting.assertClose;
import static layerlab.backend.cuda.CudaTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import layerlab.backend.Backend;
import layerlab.backend.Backends;
import layerlab.backend.BinaryOp;
import layerlab.backend.ReduceOp;
import layerlab.backend.UnaryOp;
import layerlab.tensor.DType;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every Backend kernel on the GPU against the CPU backend on the same random inputs: odd sizes, offsets,
 * strided and broadcast views, batch 1. Tolerances: 1e-5 relative (plus 1e-6 absolute) for elementwise ops;
 * float32 accumulations (GEMM, sums, softmax) get 1e-4 relative plus an absolute term scaled to the size of
 * the terms summed, stated per test; indices, copies, fills and optimiser steps must match exactly.
 */
class CudaKernelsTest {
    private static Backend cpu, gpu;
    private final Generator gen = new Generator(1234);

    /** Per test (not @BeforeAll) so that without a GPU each test is reported as skipped, with the reason. */
    @BeforeEach
    void needsCuda() {
        CudaTesting.assumeCuda();
        cpu = Backends.cpu();
        gpu = Backends.get(GPU);
    }

    /** One view geometry on twin storages holding the same data. */
    private record Twin(Tensor c, Tensor g) {
        Twin view(int offset, int[] shape, int[] strides) {
            return new Twin(Tensor.view(c.storage(), offset, shape, strides), Tensor.view(g.storage(), offset, shape, strides));
        }
    }

    private static Twin twin(float[] data, int... shape) {
        Tensor c = Tensor.of(data, shape);
        return new Twin(c, c.to(GPU));
    }

    private static Twin twinLongs(long[] data, int... shape) {
        Tensor c = Tensor.ofLongs(data, shape);
        return new Twin(c, c.to(GPU));
    }

    private static Twin zeros(DType t, int... shape) {
        return new Twin(Tensor.empty(layerlab.tensor.Device.CPU, t, shape), Tensor.empty(GPU, t, shape));
    }

    private Twin randTwin(float scale, int... shape) {
        return twin(randn(gen, Arrays.stream(shape).reduce(1, (x, y) -> x * y), scale), shape);
    }

    private static int[] contiguous(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    @Test
    void fillFloatAndLongViews() {
        Twin f = zeros(DType.FLOAT32, 101).view(3, new int[] {97}, new int[] {1});
        cpu.fill(f.c, -2.5f);
        gpu.fill(f.g, -2.5f);
        assertArrayEquals(Tensor.view(f.c.storage(), 0, new int[] {101}, new int[] {1}).toFloatArray(),
                Tensor.view(f.g.storage(), 0, new int[] {101}, new int[] {1}).toFloatArray(), "fill keeps the elements outside the view");
        Twin l = zeros(DType.INT64, 33);
        cpu.fill(l.c, 7f);
        gpu.fill(l.g, 7f);
        assertArrayEquals(l.c.toLongArray(), l.g.toLongArray());
    }

    @Test
    void stridedCopiesConvertDtypes() {
        // A permuted 4-D view with an offset, an expanded (stride 0) view, and every dtype pair.
        Twin base = twin(randn(gen, 2 * 3 * 5 * 7 + 4, 40f));
        int[] shape = {7, 2, 5, 3};
        int[] strides = {1, 105, 7, 35};
        Twin src = base.view(4, shape, strides);
        for (DType to : DType.values()) {
            Twin dst = zeros(to, shape);
            cpu.copy(src.c, dst.c);
            gpu.copy(src.g, dst.g);
            if (to == DType.FLOAT32) assertArrayEquals(dst.c.toFloatArray(), dst.g.toFloatArray(), "f32->f32");
            else assertArrayEquals(dst.c.toLongArray(), dst.g.toLongArray(), "f32->i64 truncates like Java");
        }
        long[] ls = new long[60];
        for (int i = 0; i < ls.length; i++) ls[i] = (long) (gen.nextGaussian() * 1e6);
        Twin lsrc = twinLongs(ls, 3, 4, 5).view(0, new int[] {5, 4, 3}, new int[] {1, 5, 20});
        for (DType to : DType.values()) {
            Twin dst = zeros(to, 5, 4, 3);
            cpu.copy(lsrc.c, dst.c);
            gpu.copy(lsrc.g, dst.g);
            if (to == DType.FLOAT32) assertArrayEquals(dst.c.toFloatArray(), dst.g.toFloatArray(), "i64->f32");
            else assertArrayEquals(dst.c.toLongArray(), dst.g.toLongArray(), "i64->i64");
        }
        Twin row = twin(randn(gen, 9, 1f));
        Twin expanded = row.view(0, new int[] {4, 9}, new int[] {0, 1});
        Twin dst = zeros(DType.FLOAT32, 4, 9);
        cpu.copy(expanded.c, dst.c);
        gpu.copy(expanded.g, dst.g);
        assertArrayEquals(dst.c.toFloatArray(), dst.g.toFloatArray(), "broadcast copy");
    }

    private float paramFor(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> 0.01f;
            case ELU -> 1.3f;
            case ADD_SCALAR -> 0.75f;
            case MUL_SCALAR -> -1.5f;
            case RSUB_SCALAR -> 2f;
            case POW_SCALAR -> 2.5f;
            case CLAMP_MIN -> -0.2f;
            case CLAMP_MAX -> 0.3f;
            default -> 0f;
        };
    }

    private float[] inputFor(UnaryOp op, int n) {
        float[] x = randn(gen, n, 3f);
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR || op == UnaryOp.RECIPROCAL;
        for (int i = 0; i < n; i++) {
            if (positive) x[i] = Math.abs(x[i]) + 0.05f;
            if (op == UnaryOp.LOG1P) x[i] = Math.max(x[i], -0.9f);
        }
        x[0] = 0f; // every kink and branch at zero
        if (op == UnaryOp.RELU) x[3] = Float.NaN; // stays NaN, as torch.relu and Math.max
        if (op == UnaryOp.SOFTPLUS || op == UnaryOp.LOG_SIGMOID || op == UnaryOp.SIGMOID) {
            x[1] = 25f; // softplus's linear branch, sigmoid's saturation
            x[2] = -30f;
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryForwardAndBackwardMatchTheCpu(UnaryOp op) {
        int n = 1031;
        float p = paramFor(op);
        Twin x = twin(inputFor(op, n));
        Twin y = zeros(DType.FLOAT32, n);
        cpu.unary(op, p, x.c, y.c);
        gpu.unary(op, p, x.g, y.g);
        assertClose(y.c.toFloatArray(), y.g.toFloatArray(), 1e-5, 1e-6, op + " forward");

        Twin gy = randTwin(1f, n);
        Twin gx = zeros(DType.FLOAT32, n);
        boolean usesY = op.backwardUsesOutput();
        cpu.unaryBackward(op, p, usesY ? null : x.c, usesY ? y.c : null, gy.c, gx.c);
        gpu.unaryBackward(op, p, usesY ? null : x.g, usesY ? y.g : null, gy.g, gx.g);
        assertClose(gx.c.toFloatArray(), gx.g.toFloatArray(), 1e-5, 1e-6, op + " backward");
    }

    @Test
    void unaryInPlace() {
        Twin x = randTwin(1f, 77);
        cpu.unary(UnaryOp.TANH, 0f, x.c, x.c);
        gpu.unary(UnaryOp.TANH, 0f, x.g, x.g);
        assertClose(x.c.toFloatArray(), x.g.toFloatArray(), 1e-5, 1e-6, "tanh in place");
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryBroadcastsLikeTheCpu(BinaryOp op) {
        // Values on a 0.5 grid so comparisons and max/min meet ties; POW gets positive bases.
        float[] a = randn(gen, 3 * 5, 2f), b = randn(gen, 4 * 5, 2f);
        for (int i = 0; i < a.length; i++) a[i] = Math.round(a[i] * 2) / 2f + (op == BinaryOp.POW ? 3f : 0f);
        for (int i = 0; i < b.length; i++) b[i] = Math.round(b[i] * 2) / 2f;
        if (op == BinaryOp.POW) for (int i = 0; i < a.length; i++) a[i] = Math.abs(a[i]) + 0.5f;
        Twin ta = twin(a, 3, 1, 5).view(0, new int[] {3, 4, 5}, new int[] {5, 0, 1});
        Twin tb = twin(b, 1, 4, 5).view(0, new int[] {3, 4, 5}, new int[] {0, 5, 1});
        Twin out = zeros(DType.FLOAT32, 3, 4, 5);
        cpu.binary(op, ta.c, tb.c, out.c);
        gpu.binary(op, ta.g, tb.g, out.g);
        assertClose(out.c.toFloatArray(), out.g.toFloatArray(), 1e-5, 1e-6, op + " broadcast");

        // Flat, and a transposed left operand.
        int n = 1001;
        float[] fa = randn(gen, n, 1f);
        if (op == BinaryOp.POW) for (int i = 0; i < n; i++) fa[i] = Math.abs(fa[i]) + 0.1f;
        Twin fx = twin(fa, n), fy = randTwin(1f, n);
        Twin fo = zeros(DType.FLOAT32, n);
        cpu.binary(op, fx.c, fy.c, fo.c);
        gpu.binary(op, fx.g, fy.g, fo.g);
        assertClose(fo.c.toFloatArray(), fo.g.toFloatArray(), 1e-5, 1e-6, op + " flat");
        Twin tx = twin(fa, 7, 143).view(0, new int[] {143, 7}, new int[] {1, 143});
        Twin ty = twin(fy.c.toFloatArray(), 143, 7);
        Twin to = zeros(DType.FLOAT32, 143, 7);
        cpu.binary(op, tx.c, ty.c, to.c);
        gpu.binary(op, tx.g, ty.g, to.g);
        assertClose(to.c.toFloatArray(), to.g.toFloatArray(), 1e-5, 1e-6, op + " transposed");
    }

    @Test
    void axpyRoundsLikeTheCpu() {
        Twin src = randTwin(1f, 4099), dst = randTwin(1f, 4099);
        cpu.axpy(-0.37f, src.c, dst.c);
        gpu.axpy(-0.37f, src.g, dst.g);
        assertArrayEquals(dst.c.toFloatArray(), dst.g.toFloatArray(), "no fused multiply-add: bit-identical");
    }

    @Test
    void reductionsOverEveryLayout() {
        int[][] cases = {{7, 13, 1}, {1, 20000, 1}, {64, 10, 1}, {5, 9, 33}, {3, 1, 1}, {1, 300, 70}, {2, 1, 5}, {1, 1, 1}};
        for (int[] cs : cases) {
            int outer = cs[0], r = cs[1], inner = cs[2];
            float[] x = randn(gen, outer * r * inner, 1f);
            for (int i = 0; i < x.length; i += 3) x[i] = Math.round(x[i] * 4) / 4f; // ties for max/min
            Twin tx = twin(x, outer * r * inner);
            for (ReduceOp op : ReduceOp.values()) {
                String what = op + " over [" + outer + ", " + r + ", " + inner + "]";
                Twin out = zeros(DType.FLOAT32, outer * inner);
                boolean arg = op == ReduceOp.MAX || op == ReduceOp.MIN;
                Twin idx = arg ? zeros(DType.INT64, outer * inner) : null;
                cpu.reduce(op, tx.c, outer, r, inner, out.c, arg ? idx.c : null);
                gpu.reduce(op, tx.g, outer, r, inner, out.g, arg ? idx.g : null);
                if (arg) {
                    assertArrayEquals(out.c.toFloatArray(), out.g.toFloatArray(), what);
                    assertArrayEquals(idx.c.toLongArray(), idx.g.toLongArray(), what + ": the first extreme's index");
                    Twin gy = randTwin(1f, outer * inner);
                    Twin gx = randTwin(1f, outer * r * inner); // garbage the kernel must clear
                    cpu.scatterReduced(gy.c, idx.c, outer, r, inner, gx.c);
                    gpu.scatterReduced(gy.g, idx.g, outer, r, inner, gx.g);
                    assertArrayEquals(gx.c.toFloatArray(), gx.g.toFloatArray(), what + " scatter");
                } else {
                    // float32 sums (the CPU adds in float when inner > 1): 1e-4 relative, plus 2e-7·r, a bound on
                    // the rounding of r unit-sized terms that matters only where the sum cancels to near zero.
                    double scale = op == ReduceOp.MEAN ? 1.0 / r : 1.0;
                    assertClose(out.c.toFloatArray(), out.g.toFloatArray(), 1e-4, 2e-7 * r * scale + 1e-6, what);
                }
            }
        }
    }

    @Test
    void maxAndMinTakeTheFirstNaN() {
        for (int[] cs : new int[][] {{3, 40, 1}, {2, 40, 5}, {1, 9000, 1}}) {
            int outer = cs[0], r = cs[1], inner = cs[2];
            float[] x = randn(gen, outer * r * inner, 1f);
            for (int i = 7; i < x.length; i += 11) x[i] = Float.NaN;
            Twin tx = twin(x, x.length);
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                Twin out = zeros(DType.FLOAT32, outer * inner), idx = zeros(DType.INT64, outer * inner);
                cpu.reduce(op, tx.c, outer, r, inner, out.c, idx.c);
                gpu.reduce(op, tx.g, outer, r, inner, out.g, idx.g);
                String what = op + " with NaNs over [" + outer + ", " + r + ", " + inner + "]";
                assertArrayEquals(out.c.toFloatArray(), out.g.toFloatArray(), what);
                assertArrayEquals(idx.c.toLongArray(), idx.g.toLongArray(), what);
            }
        }
    }

    /** C = alpha·op(A)·op(B) + beta·C on both, A and B cut out of larger buffers (ld > width, offsets). */
    private void checkGemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int batch, String what) {
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
        int rowsA = ta ? k : m, rowsB = tb ? n : k;
        int strideA = rowsA * lda + 5, strideB = rowsB * ldb, strideC = m * ldc + 1;
        int offA = 7, offB = 2, offC = 3;
        Twin a = twin(randn(gen, offA + batch * strideA, 1f));
        Twin b = twin(randn(gen, offB + batch * strideB, 1f));
        float[] c0 = randn(gen, offC + batch * strideC, 1f);
        if (beta == 0f) Arrays.fill(c0, Float.NaN); // beta == 0 must overwrite, never read
        Twin c = twin(c0);
        Twin av = a.view(offA, new int[] {a.c.numel() - offA}, new int[] {1});
        Twin bv = b.view(offB, new int[] {b.c.numel() - offB}, new int[] {1});
        Twin cv = c.view(offC, new int[] {c.c.numel() - offC}, new int[] {1});
        cpu.gemm(ta, tb, m, n, k, alpha, av.c, lda, bv.c, ldb, beta, cv.c, ldc, batch, strideA, strideB, strideC);
        gpu.gemm(ta, tb, m, n, k, alpha, av.g, lda, bv.g, ldb, beta, cv.g, ldc, batch, strideA, strideB, strideC);
        float[] ec = c.c.toFloatArray(), gc = c.g.toFloatArray();
        // Only the m x n windows are compared (padding keeps its NaN/garbage on both).
        float[] e = new float[batch * m * n], g = new float[batch * m * n];
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    int at = offC + bi * strideC + i * ldc + j;
                    e[(bi * m + i) * n + j] = ec[at];
                    g[(bi * m + i) * n + j] = gc[at];
                }
        // float32 dot products of k unit normals: 1e-4 relative, plus 1e-5·√k (their typical size is √k).
        assertClose(e, g, 1e-4, 1e-5 * Math.sqrt(k) * Math.abs(alpha) + 1e-6, what);
    }

    @Test
    void gemmAllTransposesOddSizes() {
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true}) {
                String t = " ta=" + ta + " tb=" + tb;
                checkGemm(ta, tb, 1, 1, 1, 1f, 0f, 1, "1x1x1" + t);
                checkGemm(ta, tb, 17, 33, 65, 1f, 0f, 1, "17x33x65" + t);
                checkGemm(ta, tb, 300, 200, 5, 0.5f, 1.5f, 1, "300x200x5 beta" + t);
                checkGemm(ta, tb, 31, 17, 29, 1f, 0f, 3, "batched 3x31x17x29" + t);
                checkGemm(ta, tb, 64, 129, 784, 1f, 0f, 1, "split-K 64x129x784" + t);
                checkGemm(ta, tb, 5, 7, 0, 1f, 0.5f, 1, "k=0 scales C" + t);
            }
        checkGemm(false, true, 64, 512, 784, 1f, 1f, 1, "MLP forward (bias in C)");
        checkGemm(true, false, 512, 784, 64, 1f, 0f, 1, "MLP weight gradient");
        checkGemm(false, false, 1024, 1024, 1024, 1f, 0f, 1, "1024 cube (128x128 tiles)");
        checkGemm(false, false, 8, 16, 3000, 2f, 0f, 20, "batched split-K");
    }

    @Test
    void softmaxAndLogSoftmaxForwardBackward() {
        int[][] cases = {{64, 10, 1}, {3, 7, 11}, {2, 3000, 1}, {1, 1, 1}, {5, 33, 2}};
        for (int[] cs : cases) {
            int outer = cs[0], r = cs[1], inner = cs[2], n = outer * r * inner;
            Twin x = randTwin(3f, n);
            for (boolean log : new boolean[] {false, true}) {
                String what = (log ? "log_softmax" : "softmax") + " [" + outer + ", " + r + ", " + inner + "]";
                Twin y = zeros(DType.FLOAT32, n);
                cpu.softmax(log, x.c, y.c, outer, r, inner);
                gpu.softmax(log, x.g, y.g, outer, r, inner);
                assertClose(y.c.toFloatArray(), y.g.toFloatArray(), 1e-4, 1e-6, what);
                Twin gy = randTwin(1f, n);
                Twin gx = zeros(DType.FLOAT32, n);
                cpu.softmaxBackward(log, y.c, gy.c, gx.c, outer, r, inner);
                gpu.softmaxBackward(log, y.g, gy.g, gx.g, outer, r, inner);
                assertClose(gx.c.toFloatArray(), gx.g.toFloatArray(), 1e-4, 1e-5, what + " backward");
            }
        }
    }

    private long[] indices(int n, int bound, long skip) {
        long[] ix = new long[n];
        for (int i = 0; i < n; i++) ix[i] = gen.nextInt(bound);
        if (skip >= 0) ix[n / 2] = skip;
        return ix;
    }

    @Test
    void embeddingLookupAndItsGradient() {
        int v = 50, d = 17, n = 23;
        Twin table = randTwin(1f, v, d);
        Twin idx = twinLongs(indices(n, v, 3), n);
        Twin out = zeros(DType.FLOAT32, n, d);
        cpu.indexSelect(table.c, idx.c, out.c);
        gpu.indexSelect(table.g, idx.g, out.g);
        assertArrayEquals(out.c.toFloatArray(), out.g.toFloatArray());

        Twin grad = randTwin(1f, n, d);
        Twin tg = zeros(DType.FLOAT32, v, d);
        cpu.indexAdd(grad.c, idx.c, tg.c, 3);
        gpu.indexAdd(grad.g, idx.g, tg.g, 3);
        assertClose(tg.c.toFloatArray(), tg.g.toFloatArray(), 1e-5, 1e-6, "indexAdd with repeats (atomic order)");

        long[] bad = indices(n, v, -1);
        bad[11] = v + 4;
        bad[15] = -1;
        Twin badIdx = twinLongs(bad, n);
        var ce = assertThrows(IndexOutOfBoundsException.class, () -> cpu.indexSelect(table.c, badIdx.c, out.c));
        var ge = assertThrows(IndexOutOfBoundsException.class, () -> gpu.indexSelect(table.g, badIdx.g, out.g));
        assertEquals(ce.getMessage(), ge.getMessage());
        assertTrue(ge.getMessage().contains("index 54 at position 11"), ge.getMessage());
    }

    @Test
    void gatherAndScatterAddWithIgnoreIndex() {
        int rows = 37, c = 9;
        Twin x = randTwin(1f, rows, c);
        long[] ix = indices(rows, c, -100);
        Twin idx = twinLongs(ix, rows);
        Twin out = randTwin(1f, rows);
        cpu.gather(x.c, idx.c, out.c, -100);
        gpu.gather(x.g, idx.g, out.g, -100);
        assertArrayEquals(out.c.toFloatArray(), out.g.toFloatArray());

        Twin gy = randTwin(1f, rows);
        Twin gx = randTwin(1f, rows, c);
        cpu.scatterAdd(gy.c, idx.c, gx.c, -100);
        gpu.scatterAdd(gy.g, idx.g, gx.g, -100);
        assertArrayEquals(gx.c.toFloatArray(), gx.g.toFloatArray());

        ix[5] = c;
        Twin badIdx = twinLongs(ix, rows);
        var ce = assertThrows(IndexOutOfBoundsException.class, () -> cpu.gather(x.c, badIdx.c, out.c, -100));
        var ge = assertThrows(IndexOutOfBoundsException.class, () -> gpu.gather(x.g, badIdx.g, out.g, -100));
        assertEquals(ce.getMessage(), ge.getMessage());
    }

    @Test
    void sgdStepsAreBitIdentical() {
        int n = 1000;
        boolean[][] flags = {{false, false, false}, {true, false, false}, {true, true, false}, {true, false, true}};
        for (boolean[] f : flags) {
            boolean momentum = f[0], nesterov = f[1], maximize = f[2];
            Twin p = randTwin(1f, n), buf = momentum ? zeros(DType.FLOAT32, n) : null;
            for (int step = 0; step < 3; step++) {
                Twin g = randTwin(1f, n);
                cpu.optim().sgd(p.c, g.c, buf == null ? null : buf.c, 0.1f, momentum ? 0.9f : 0f, 0.1f, 0.01f, nesterov, step == 0, maximize);
                gpu.optim().sgd(p.g, g.g, buf == null ? null : buf.g, 0.1f, momentum ? 0.9f : 0f, 0.1f, 0.01f, nesterov, step == 0, maximize);
            }
            assertArrayEquals(p.c.toFloatArray(), p.g.toFloatArray(), "sgd " + Arrays.toString(f));
        }
    }

    @Test
    void finiteProbeFlagsNaNAndInfinityInAnyOfManyTensors() {
        // Eleven tensors: two launches of nonfinite_many (8 a launch); a strided one goes through a contiguous copy.
        java.util.List<Tensor> ts = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) ts.add(randTwin(1f, 1 + 97 * i).g);
        ts.set(4, randTwin(1f, 20, 30).g.transpose(0, 1));
        assertTrue(Float.isFinite(gpu.optim().finiteProbe(ts).item()), "all finite");
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int q : new int[] {0, 4, 7, 8, 10}) {
            for (float b : bad) {
                java.util.List<Tensor> u = new java.util.ArrayList<>(ts);
                float[] v = ts.get(q).toFloatArray();
                v[v.length - 1] = b;
                u.set(q, Tensor.of(v, v.length).to(GPU));
                assertTrue(Float.isNaN(gpu.optim().finiteProbe(u).item()), "tensor " + q + " holding " + b);
            }
        }
    }

    @Test
    void adamStepsAreBitIdentical() {
        int n = 1000;
        for (boolean decoupled : new boolean[] {false, true})
            for (boolean amsgrad : new boolean[] {false, true}) {
                Twin p = randTwin(1f, n), m = zeros(DType.FLOAT32, n), v = zeros(DType.FLOAT32, n);
                Twin vmax = amsgrad ? zeros(DType.FLOAT32, n) : null;
                for (int step = 1; step <= 3; step++) {
                    Twin g = randTwin(1f, n);
                    cpu.optim().adam(p.c, g.c, m.c, v.c, vmax == null ? null : vmax.c, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step, false);
                    gpu.optim().adam(p.g, g.g, m.g, v.g, vmax == null ? null : vmax.g, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step, false);
                }
                String what = "adam decoupled=" + decoupled + " amsgrad=" + amsgrad;
                assertArrayEquals(p.c.toFloatArray(), p.g.toFloatArray(), what);
                assertArrayEquals(v.c.toFloatArray(), v.g.toFloatArray(), what + " v");
            }
    }

    @Test
    void rmspropAndAdagradStepsAreBitIdentical() {
        int n = 1000;
        for (boolean centered : new boolean[] {false, true})
            for (boolean momentum : new boolean[] {false, true}) {
                Twin p = randTwin(1f, n), sq = zeros(DType.FLOAT32, n);
                Twin ga = centered ? zeros(DType.FLOAT32, n) : null, buf = momentum ? zeros(DType.FLOAT32, n) : null;
                for (int step = 0; step < 3; step++) {
                    Twin g = randTwin(1f, n);
                    cpu.optim().rmsprop(p.c, g.c, sq.c, ga == null ? null : ga.c, buf == null ? null : buf.c, 0.01f, 0.99f, 1e-8f, 0.01f, momentum ? 0.9f : 0f, step == 2);
                    gpu.optim().rmsprop(p.g, g.g, sq.g, ga == null ? null : ga.g, buf == null ? null : buf.g, 0.01f, 0.99f, 1e-8f, 0.01f, momentum ? 0.9f : 0f, step == 2);
                }
                assertArrayEquals(p.c.toFloatArray(), p.g.toFloatArray(), "rmsprop centered=" + centered + " momentum=" + momentum);
            }
        Twin p = randTwin(1f, n), sum = zeros(DType.FLOAT32, n);
        for (int step = 1; step <= 3; step++) {
            Twin g = randTwin(1f, n);
            float clr = 0.1f / (1 + (step - 1) * 0.01f);
            cpu.optim().adagrad(p.c, g.c, sum.c, clr, 0.001f, 1e-10f, false);
            gpu.optim().adagrad(p.g, g.g, sum.g, clr, 0.001f, 1e-10f, false);
        }
        assertArrayEquals(p.c.toFloatArray(), p.g.toFloatArray(), "adagrad");
    }

    @Test
    void seededRandomFillsMatchTheCpu() {
        Tensor c = Tensor.empty(layerlab.tensor.Device.CPU, DType.FLOAT32, 513).normal_(0.5f, 2f, new Generator(9));
        Tensor g = Tensor.empty(GPU, DType.FLOAT32, 513).normal_(0.5f, 2f, new Generator(9));
        assertArrayEquals(c.toFloatArray(), g.toFloatArray());
    }

    @Test
    void anotherThreadCanReadAndLaunch() throws Exception {
        Twin x = randTwin(1f, 300);
        float[][] seen = new float[1][];
        Thread t = new Thread(() -> {
            Tensor y = x.g.mul(2f); // a launch and a read on a thread that never made the context current
            seen[0] = y.toFloatArray();
        }, "not-the-training-thread");
        t.start();
        t.join();
        assertClose(x.c.mul(2f).toFloatArray(), seen[0], 0, 0, "read from a second thread");
    }

    @Test
    void theMemoryPoolRecyclesUnreachableStorages() {
        CudaBackend be = (CudaBackend) gpu;
        // 3000 x 4 MiB = 12 GiB of short-lived tensors: without recycling this would reserve all of it.
        for (int i = 0; i < 3000; i++) {
            Tensor t = Tensor.empty(GPU, DType.FLOAT32, 1 << 20);
            gpu.fill(t, i);
        }
        long reserved = be.memoryStats()[1];
        assertTrue(reserved < (4L << 30), "reserved " + (reserved >> 20) + " MiB after 12 GiB of garbage");
    }
}
