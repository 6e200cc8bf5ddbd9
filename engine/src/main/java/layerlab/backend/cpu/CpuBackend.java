package layerlab.backend.cpu;

import java.util.Arrays;
import layerlab.backend.Backend;
import layerlab.backend.BinaryOp;
import layerlab.backend.OptimKernels;
import layerlab.backend.ReduceOp;
import layerlab.backend.SpatialKernels;
import layerlab.backend.SequenceKernels;
import layerlab.backend.Storage;
import layerlab.backend.UnaryOp;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/** The CPU backend: heap arrays, multi-threaded loops, GEMM through {@link Gemm}. */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    /** The float array under {@code t} for a kernel (which may write it: see {@link CpuStorage#access()}). */
    static float[] f(Tensor t) {
        return ((CpuStorage) t.storage()).access();
    }

    static long[] l(Tensor t) {
        return ((CpuStorage) t.storage()).longs();
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public String describe() {
        return "cpu: " + Parallel.threads() + " threads; " + Gemm.describe();
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        return new CpuStorage(dtype, length);
    }

    @Override
    public Storage adopt(float[] data) {
        return new CpuStorage(data);
    }

    /**
     * Inside a training step, a previous step's array as it is (a fresh one is zeroed by Java in memory no cache holds:
     * ~0.2 ms for 3.2 MB on the test machine, a sixth of the convolution that writes it); otherwise a new one.
     * Zeroed storages never come from the step's memory: refilling an old array with zeros measured slower than a
     * fresh one.
     */
    @Override
    public Storage allocateUninitialized(DType dtype, int length) {
        StepMemory.Step step = StepMemory.current();
        CpuStorage s = null;
        if (step != null && dtype == DType.FLOAT32) {
            float[] pooled = step.take(length);
            if (pooled != null) s = new CpuStorage(pooled);
        } else if (step != null && dtype == DType.INT64) {
            long[] pooled = step.takeLongs(length);
            if (pooled != null) s = new CpuStorage(pooled);
        }
        if (s != null) step.made(s);
        else s = new CpuStorage(dtype, length);
        // Poisoned (tests): NaN, and for indices a value no array index casts to (Long.MAX_VALUE → (int) -1).
        if (StepMemory.POISON && dtype == DType.FLOAT32) Arrays.fill(s.access(), Float.NaN);
        if (StepMemory.POISON && dtype == DType.INT64) Arrays.fill(s.longs(), Long.MAX_VALUE);
        return s;
    }

    @Override
    public void fill(Tensor out, float value) {
        int o = out.offset(), n = out.numel();
        if (out.dtype() == DType.INT64) {
            long[] x = l(out);
            Parallel.forRange(n, 1, (from, to) -> Arrays.fill(x, o + from, o + to, (long) value));
        } else {
            float[] x = f(out);
            Parallel.forRange(n, 1, (from, to) -> Arrays.fill(x, o + from, o + to, value));
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        StridedCopy.copy(src, dst);
    }

    @Override
    public void unary(UnaryOp op, float p, Tensor x, Tensor y) {
        CpuElementwise.unary(op, p, f(x), x.offset(), f(y), y.offset(), x.numel());
    }

    @Override
    public void unaryBackward(UnaryOp op, float p, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        CpuElementwise.unaryBackward(op, p, x == null ? null : f(x), x == null ? 0 : x.offset(),
                y == null ? null : f(y), y == null ? 0 : y.offset(), f(gy), gy.offset(), f(gx), gx.offset(), gx.numel());
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        CpuElementwise.binary(op, a, b, out);
    }

    @Override
    public void axpy(float alpha, Tensor src, Tensor dst) {
        float[] s = f(src), d = f(dst);
        int so = src.offset(), dof = dst.offset();
        Parallel.forRange(dst.numel(), 1, (from, to) -> {
            for (int i = from; i < to; i++) d[dof + i] += alpha * s[so + i];
        });
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int outer, int r, int inner, Tensor out, Tensor indices) {
        Reduce.reduce(op, f(x), x.offset(), outer, r, inner, f(out), out.offset(),
                indices == null ? null : l(indices), indices == null ? 0 : indices.offset());
    }

    @Override
    public void scatterReduced(Tensor gy, Tensor indices, int outer, int r, int inner, Tensor gx) {
        float[] g = f(gy), out = f(gx);
        long[] idx = l(indices);
        int go = gy.offset(), io = indices.offset(), xo = gx.offset();
        Arrays.fill(out, xo, xo + outer * r * inner, 0f);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int k = o * inner + i;
                out[xo + (o * r + (int) idx[io + k]) * inner + i] = g[go + k];
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, int lda, Tensor b, int ldb,
                     float beta, Tensor c, int ldc, int batch, int strideA, int strideB, int strideC) {
        if (batch == 1) {
            Gemm.sgemm(transA, transB, m, n, k, alpha, f(a), a.offset(), lda, f(b), b.offset(), ldb, beta, f(c), c.offset(), ldc);
        } else {
            Gemm.sgemmBatched(transA, transB, m, n, k, alpha, f(a), a.offset(), lda, f(b), b.offset(), ldb, beta,
                    f(c), c.offset(), ldc, batch, strideA, strideB, strideC);
        }
    }

    @Override
    public void linear(boolean transA, boolean transB, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb,
                       Tensor bias, boolean relu, Tensor c) {
        CpuStorage weight = (CpuStorage) b.storage();
        if (!transA && transB) {
            // The usual Linear (x·Wᵀ): a weight that stays the same from batch to batch is packed once.
            Gemm.Packed w = weight.packedTransposed(b.offset(), ldb, n, k);
            if (w != null) {
                Gemm.sgemmBiasRelu(m, n, k, f(a), a.offset(), lda, w, bias == null ? null : f(bias),
                        bias == null ? 0 : bias.offset(), relu, f(c), c.offset(), n);
                return;
            }
        }
        // The weight is only read here: not counted, so the next batch can find it untouched and pack it.
        Gemm.sgemmBiasRelu(transA, transB, m, n, k, f(a), a.offset(), lda, weight.readOnly(), b.offset(), ldb,
                bias == null ? null : f(bias), bias == null ? 0 : bias.offset(), relu, f(c), c.offset(), n);
    }

    @Override
    public void softmax(boolean log, Tensor x, Tensor y, int outer, int r, int inner) {
        Reduce.softmax(log, f(x), x.offset(), f(y), y.offset(), outer, r, inner);
    }

    @Override
    public void softmaxBackward(boolean log, Tensor y, Tensor gy, Tensor gx, int outer, int r, int inner) {
        Reduce.softmaxBackward(log, f(y), y.offset(), f(gy), gy.offset(), f(gx), gx.offset(), outer, r, inner);
    }

    @Override
    public void indexSelect(Tensor table, Tensor idx, Tensor out) {
        float[] t = f(table), o = f(out);
        long[] ix = l(idx);
        int v = table.size(0), d = table.size(1), n = idx.numel();
        int to = table.offset(), io = idx.offset(), oo = out.offset();
        for (int i = 0; i < n; i++) {
            long row = ix[io + i];
            if (row < 0 || row >= v) {
                throw new IndexOutOfBoundsException("index " + row + " at position " + i + " is out of range for an embedding of " + v + " rows");
            }
            System.arraycopy(t, to + (int) row * d, o, oo + i * d, d);
        }
    }

    @Override
    public void indexAdd(Tensor grad, Tensor idx, Tensor tableGrad, long skipIndex) {
        float[] g = f(grad), tg = f(tableGrad);
        long[] ix = l(idx);
        int d = tableGrad.size(1), n = idx.numel();
        int go = grad.offset(), io = idx.offset(), to = tableGrad.offset();
        for (int i = 0; i < n; i++) {
            long row = ix[io + i];
            if (row == skipIndex) continue;
            int base = to + (int) row * d, src = go + i * d;
            for (int j = 0; j < d; j++) tg[base + j] += g[src + j];
        }
    }

    @Override
    public void gather(Tensor x, Tensor idx, Tensor out, long skipIndex) {
        float[] xs = f(x), o = f(out);
        long[] ix = l(idx);
        int rows = idx.numel(), c = x.size(1);
        int xo = x.offset(), io = idx.offset(), oo = out.offset();
        for (int i = 0; i < rows; i++) {
            long k = ix[io + i];
            if (k == skipIndex) {
                o[oo + i] = 0f;
                continue;
            }
            if (k < 0 || k >= c) {
                throw new IndexOutOfBoundsException("target " + k + " at position " + i + " is out of range for " + c + " classes");
            }
            o[oo + i] = xs[xo + i * c + (int) k];
        }
    }

    @Override
    public void scatterAdd(Tensor gy, Tensor idx, Tensor gx, long skipIndex) {
        float[] g = f(gy), o = f(gx);
        long[] ix = l(idx);
        int rows = idx.numel(), c = gx.size(1);
        int go = gy.offset(), io = idx.offset(), oo = gx.offset();
        for (int i = 0; i < rows; i++) {
            long k = ix[io + i];
            if (k == skipIndex) continue;
            o[oo + i * c + (int) k] += g[go + i];
        }
    }

    @Override
    public void random(Tensor out, boolean normal, float lo, float hi, Generator gen) {
        float[] d = f(out);
        int o = out.offset(), n = out.numel();
        if (normal) gen.normal(d, o, n, lo, hi);
        else gen.uniform(d, o, n, lo, hi);
    }

    @Override
    public OptimKernels optim() {
        return CpuOptim.INSTANCE;
    }

    @Override
    public SpatialKernels spatial() {
        return CpuSpatial.INSTANCE;
    }

    @Override
    public SequenceKernels sequence() {
        return CpuSequence.INSTANCE;
    }
}
