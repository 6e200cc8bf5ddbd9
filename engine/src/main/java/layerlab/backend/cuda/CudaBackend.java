package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;

import java.util.Arrays;
import jcuda.driver.CUdeviceptr;
import layerlab.backend.Backend;
import layerlab.backend.BinaryOp;
import layerlab.backend.OptimKernels;
import layerlab.backend.ReduceOp;
import layerlab.backend.SequenceKernels;
import layerlab.backend.SpatialKernels;
import layerlab.backend.Storage;
import layerlab.backend.UnaryOp;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * The CUDA backend: every {@link Backend} kernel, the spatial layers' ({@link CudaSpatial}) and the recurrent
 * cells ({@link CudaSequence}), as PTX kernels (engine/src/main/cuda) launched through the JCuda driver API
 * on one stream, so a run's tensors stay on the device. Nothing here waits for the GPU except
 * reads back to the host (and lookups, which report an out-of-range index). Random numbers are drawn on
 * the host by {@link Backend#random}'s default, so a seeded model initialises identically on CPU and GPU.
 */
public final class CudaBackend implements Backend {
    final CudaDevice dev;
    private final Device device;
    private final CudaOptim optim;
    private final CudaSpatial spatial;
    private final CudaSequence sequence;

    CudaBackend(CudaDevice dev) {
        this.dev = dev;
        this.device = Device.cuda(dev.index);
        this.optim = new CudaOptim(this);
        this.spatial = new CudaSpatial(this);
        this.sequence = new CudaSequence(this);
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public String describe() {
        CudaBlas.Probe blas = dev.blas();
        return device + ": " + dev.describe() + "; PTX kernels through the JCuda driver API (" + dev.argumentPassing() + "); SGEMM: "
                + (blas.blas() != null ? "cuBLAS" : "LayerLab's kernels (" + blas.reason() + ")");
    }

    @Override
    public void synchronize() {
        dev.synchronize();
    }

    /**
     * Kernel launches, waits for the GPU, storages allocated, memsets and the pool's allocations from the driver since
     * the device was opened (in that order): differences over a training step show whether it is bound by launches,
     * by round trips or by allocation.
     */
    public long[] activityCounts() {
        return dev.counts();
    }

    /** Bytes held by live tensors and bytes reserved from the driver by the caching pool. */
    public long[] memoryStats() {
        return new long[] {dev.pool.inUseBytes(), dev.pool.reservedBytes()};
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        return new CudaStorage(this, dtype, length, 0);
    }

    /**
     * An op's output that its kernels write whole: no clearing memset, which cost as much host time as a kernel launch
     * (5.7 us on an H200's host; 19 of them in an MLP training step of 0.37 ms). Poisoned in tests, as the CPU's
     * ({@link StepMemory#POISON}): NaN floats, and int64 words of 0x7FFFFFFF7FFFFFFF, so a kernel that leaves an element
     * unwritten shows.
     */
    @Override
    public Storage allocateUninitialized(DType dtype, int length) {
        CudaStorage s = new CudaStorage(this, dtype, length, StepMemory.POISON ? (dtype == DType.FLOAT32 ? 0x7FC00000 : 0x7FFFFFFF) : null);
        // In a training step (StepMemory), a large output goes back to the pool when the step ends, as the CPU's arrays
        // do, rather than when the garbage collector notices it: the next step gets the same blocks (still in the GPU's
        // cache), and the pool does not grow between collections.
        StepMemory.Step step = StepMemory.current();
        if (step != null && step.adopts(length)) step.made(s);
        return s;
    }

    /**
     * Device address of {@code t}'s first element (0 for null); fails for a tensor of another device, and for one whose
     * training step ended and gave its memory back.
     */
    long addr(Tensor t) {
        if (t == null) return 0L;
        if (!(t.storage() instanceof CudaStorage s) || s.backend() != this) {
            throw new IllegalArgumentException("expected a tensor on " + device + ", got one on " + t.device());
        }
        return s.address(t.offset());
    }

    /**
     * {@link #addr} of a tensor a kernel is about to write: an int64 storage forgets the bounds the host knew of its
     * values ({@link CudaStorage#knownRange}). Every launch that writes int64 elements takes its output's address here.
     */
    long addrOut(Tensor t) {
        long a = addr(t);
        if (t != null && t.dtype() == DType.INT64) ((CudaStorage) t.storage()).forgetRange();
        return a;
    }

    private CUdeviceptr ptr(Tensor t) {
        return ((CudaStorage) t.storage()).blockPtr().withByteOffset((long) t.offset() * t.dtype().bytes);
    }

    @Override
    public void fill(Tensor out, float value) {
        int n = out.numel();
        if (n == 0) return;
        dev.makeCurrent();
        if (out.dtype() == DType.FLOAT32) {
            addr(out);
            dev.clear(ptr(out), Float.floatToRawIntBits(value), n);
        } else {
            dev.launch1d("fill_i64", n, new CudaDevice.Args().ptr(addrOut(out)).i32(n).i64((long) value));
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!Arrays.equals(src.shape(), dst.shape())) {
            throw new IllegalArgumentException("copy: shapes " + src.shapeString() + " and " + dst.shapeString() + " differ");
        }
        int n = dst.numel();
        if (n == 0) return;
        long s = addr(src), d = addrOut(dst);
        dev.makeCurrent();
        if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
            CudaError.check(cuMemcpyDtoDAsync(ptr(dst), ptr(src), (long) n * dst.dtype().bytes, dev.stream()), "cuMemcpyDtoDAsync");
            return;
        }
        String kernel = "copy_" + name(src.dtype()) + "_" + name(dst.dtype());
        dev.launch1d(kernel, n, new CudaDevice.Args().ptr(s).ptr(d).i32(n).words(strided(dst.shape(), src.strides(), dst.strides())));
    }

    private static String name(DType t) {
        return t == DType.FLOAT32 ? "f32" : "i64";
    }

    /**
     * The Strided2 struct {rank, shape[8], s0[8], s1[8]} for a walk over {@code shape}, with dims of size 1
     * dropped and dims that are contiguous in both operands merged (as the CPU's strided copy does).
     */
    static int[] strided(int[] shape, int[] s0, int[] s1) {
        int[] ms = new int[shape.length], m0 = new int[shape.length], m1 = new int[shape.length];
        int rank = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            if (rank > 0 && m0[rank - 1] == s0[i] * shape[i] && m1[rank - 1] == s1[i] * shape[i]) {
                ms[rank - 1] *= shape[i];
                m0[rank - 1] = s0[i];
                m1[rank - 1] = s1[i];
            } else {
                ms[rank] = shape[i];
                m0[rank] = s0[i];
                m1[rank] = s1[i];
                rank++;
            }
        }
        if (rank > 8) throw new UnsupportedOperationException("CUDA kernels walk at most 8 non-mergeable dims, got " + rank);
        int[] w = new int[25];
        w[0] = rank;
        System.arraycopy(ms, 0, w, 1, rank);
        System.arraycopy(m0, 0, w, 9, rank);
        System.arraycopy(m1, 0, w, 17, rank);
        return w;
    }

    @Override
    public void unary(UnaryOp op, float p, Tensor x, Tensor y) {
        int n = x.numel();
        if (n == 0) return;
        dev.makeCurrent();
        dev.launch1d("unary_f32", n, new CudaDevice.Args().i32(CudaOps.unary(op)).f32(p).ptr(addr(x)).ptr(addr(y)).i32(n));
    }

    @Override
    public void unaryBackward(UnaryOp op, float p, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        int n = gx.numel();
        if (n == 0) return;
        dev.makeCurrent();
        boolean usesY = op.backwardUsesOutput();
        dev.launch1d("unary_bwd_f32", n, new CudaDevice.Args().i32(CudaOps.unary(op)).f32(p)
                .ptr(usesY ? 0L : addr(x)).ptr(usesY ? addr(y) : 0L).ptr(addr(gy)).ptr(addr(gx)).i32(n).bool(usesY));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        dev.makeCurrent();
        int code = CudaOps.binary(op);
        int[] flat = out.strides();
        if (Arrays.equals(a.strides(), flat) && Arrays.equals(b.strides(), flat)) {
            dev.launch1d("binary_flat_f32", n, new CudaDevice.Args().i32(code).ptr(addr(a)).ptr(addr(b)).ptr(addr(out)).i32(n));
        } else {
            dev.launch1d("binary_f32", n, new CudaDevice.Args().i32(code).ptr(addr(a)).ptr(addr(b)).ptr(addr(out)).i32(n)
                    .words(strided(out.shape(), a.strides(), b.strides())));
        }
    }

    @Override
    public void axpy(float alpha, Tensor src, Tensor dst) {
        int n = dst.numel();
        if (n == 0) return;
        dev.makeCurrent();
        dev.launch1d("axpy_f32", n, new CudaDevice.Args().f32(alpha).ptr(addr(src)).ptr(addr(dst)).i32(n));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int outer, int r, int inner, Tensor out, Tensor indices) {
        if (outer == 0 || inner == 0) return;
        dev.makeCurrent();
        var args = new CudaDevice.Args().i32(CudaOps.reduce(op)).ptr(addr(x)).i32(outer).i32(r);
        if (inner == 1) {
            args.ptr(addr(out)).ptr(addrOut(indices));
            if (r > 4096 && outer < 2 * dev.multiprocessors) {
                dev.launch("reduce_rows_block", Math.min(outer, 65535), 1, 1, 1024, 1, 1, args);
            } else {
                dev.launch("reduce_rows", warpBlocks(outer), 1, 1, CudaDevice.THREADS, 1, 1, args);
            }
        } else {
            args.i32(inner).ptr(addr(out)).ptr(addrOut(indices));
            dev.launch("reduce_cols", (inner + 31) / 32, Math.min(outer, 65535), 1, 32, 8, 1, args);
        }
    }

    /** Blocks for a warp-per-row kernel (8 warps a block). */
    private int warpBlocks(int rows) {
        return Math.max(1, Math.min((rows + 7) / 8, dev.multiprocessors * 64));
    }

    @Override
    public void scatterReduced(Tensor gy, Tensor indices, int outer, int r, int inner, Tensor gx) {
        long total = (long) outer * r * inner;
        if (total == 0) return;
        dev.makeCurrent();
        long gxAddr = addr(gx);
        dev.clear(ptr(gx), 0, total);
        dev.launch1d("scatter_reduced", (long) outer * inner, new CudaDevice.Args().ptr(addr(gy)).ptr(addr(indices))
                .i32(outer).i32(r).i32(inner).ptr(gxAddr));
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, int lda, Tensor b, int ldb,
                     float beta, Tensor c, int ldc, int batch, int strideA, int strideB, int strideC) {
        CudaGemm.gemm(this, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, batch, strideA, strideB, strideC);
    }

    @Override
    public void linear(boolean transA, boolean transB, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb, Tensor bias,
                       boolean relu, Tensor c) {
        if (k > 0 && dev.blas().blas() != null) {
            Backend.super.linear(transA, transB, m, n, k, a, lda, b, ldb, bias, relu, c);
        } else {
            CudaGemm.linear(this, transA, transB, m, n, k, a, lda, b, ldb, bias, relu, c);
        }
    }

    /**
     * The weight gradient's SGEMM also sums the bias gradient (gemm.cuh's _rowsum entries), and reads a ReLU's mask
     * as it loads the gradient (_rowsum_relumask), with our kernels.
     */
    @Override
    public Tensor[] linearGradients(Tensor g, Tensor reluOut, Tensor x, Tensor gwInto) {
        if (dev.blas().blas() != null) return null;
        return CudaGemm.linearGradients(this, g, reluOut, x, gwInto);
    }

    /** Our SGEMM's _relumask entries (where cuBLAS multiplies, the mask stays a launch of its own before it). */
    @Override
    public boolean gemmReluMasked(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor mask, int lda, Tensor b,
                                  int ldb, Tensor c, int ldc) {
        if (dev.blas().blas() != null) return false;
        CudaGemm.gemmReluMasked(this, transA, transB, m, n, k, a, mask, lda, b, ldb, c, ldc);
        return true;
    }

    /** Rows the fused cross entropy's one block takes; larger batches compose log_softmax and NLL over the whole GPU. */
    static final int CROSS_ENTROPY_MAX_ROWS = 8192;
    /**
     * Most logits whose gradient for a loss gradient of 1 the forward's one block also writes (an MLP's 64 × 10 costs it
     * nothing; beyond this the backward's grid-wide launch is the faster way).
     */
    static final int CROSS_ENTROPY_MAX_GRADIENT_FOR_ONE = 1 << 16;

    @Override
    public FusedGradient crossEntropy(Tensor x, Tensor t, Tensor lse, Tensor loss, float scale, boolean forOne) {
        int n = x.size(0), c = x.size(1);
        if (n > CROSS_ENTROPY_MAX_ROWS) return null;
        Tensor gxOne = forOne && (long) n * c <= CROSS_ENTROPY_MAX_GRADIENT_FOR_ONE
                ? Tensor.uninitialized(device(), DType.FLOAT32, n, c) : null;
        dev.makeCurrent();
        // One warp a row, up to 32 warps: a batch of 16 rows leaves no warp idle (1,024 threads had 16 with nothing to do).
        dev.launch("cross_entropy_fwd", 1, 1, 1, 32 * Math.max(1, Math.min(32, n)), 1, 1, new CudaDevice.Args().ptr(addr(x)).ptr(addr(t)).i32(n).i32(c).f32(scale)
                .ptr(addr(lse)).ptr(addr(loss)).ptr(gxOne == null ? 0L : addr(gxOne)));
        return new FusedGradient() {
            @Override
            public void backward(Tensor g, Tensor gx) {
                dev.makeCurrent();
                dev.launch1d("cross_entropy_bwd", (long) n * c, new CudaDevice.Args().ptr(addr(x)).ptr(addr(t)).ptr(addr(lse))
                        .ptr(addr(g)).i32(n).i32(c).f32(scale).ptr(addr(gx)));
            }

            @Override
            public Tensor forOne() {
                return gxOne;
            }
        };
    }

    @Override
    public void softmax(boolean log, Tensor x, Tensor y, int outer, int r, int inner) {
        if (outer == 0 || inner == 0 || r == 0) return;
        dev.makeCurrent();
        var args = new CudaDevice.Args().bool(log).ptr(addr(x)).ptr(addr(y)).i32(outer).i32(r);
        if (inner == 1) dev.launch("softmax_rows", warpBlocks(outer), 1, 1, CudaDevice.THREADS, 1, 1, args);
        else dev.launch1d("softmax_cols", (long) outer * inner, args.i32(inner));
    }

    @Override
    public void softmaxBackward(boolean log, Tensor y, Tensor gy, Tensor gx, int outer, int r, int inner) {
        if (outer == 0 || inner == 0 || r == 0) return;
        dev.makeCurrent();
        var args = new CudaDevice.Args().bool(log).ptr(addr(y)).ptr(addr(gy)).ptr(addr(gx)).i32(outer).i32(r);
        if (inner == 1) dev.launch("softmax_bwd_rows", warpBlocks(outer), 1, 1, CudaDevice.THREADS, 1, 1, args);
        else dev.launch1d("softmax_bwd_cols", (long) outer * inner, args.i32(inner));
    }

    @Override
    public void indexSelect(Tensor table, Tensor idx, Tensor out) {
        int v = table.size(0), d = table.size(1), n = idx.numel();
        if ((long) n * d == 0) return;
        dev.makeCurrent();
        // Indices whose bounds the storage knows from the host's write need no error slot, and no wait to read it.
        boolean known = idx.storage().indicesKnownWithin(v, -1);
        long err = known ? 0L : dev.resetErrorSlot();
        dev.launch1d("index_select", (long) n * d, new CudaDevice.Args().ptr(addr(table)).i32(v).i32(d).ptr(addr(idx)).i32(n)
                .ptr(addr(out)).ptr(err));
        int bad = known ? -1 : dev.readErrorSlot();
        if (bad >= 0) {
            throw new IndexOutOfBoundsException("index " + longAt(idx, bad) + " at position " + bad
                    + " is out of range for an embedding of " + v + " rows");
        }
    }

    @Override
    public void indexAdd(Tensor grad, Tensor idx, Tensor tableGrad, long skipIndex) {
        int v = tableGrad.size(0), d = tableGrad.size(1), n = idx.numel();
        if ((long) n * d == 0) return;
        dev.makeCurrent();
        dev.launch1d("index_add", (long) n * d, new CudaDevice.Args().ptr(addr(grad)).ptr(addr(idx)).i32(n).i32(d)
                .ptr(addr(tableGrad)).i32(v).i64(skipIndex));
    }

    @Override
    public void gather(Tensor x, Tensor idx, Tensor out, long skipIndex) {
        int rows = idx.numel(), c = x.size(1);
        if (rows == 0) return;
        dev.makeCurrent();
        boolean known = idx.storage().indicesKnownWithin(c, -1);
        long err = known ? 0L : dev.resetErrorSlot();
        dev.launch1d("gather_rows", rows, new CudaDevice.Args().ptr(addr(x)).ptr(addr(idx)).i32(rows).i32(c).i64(skipIndex)
                .ptr(addr(out)).ptr(err));
        int bad = known ? -1 : dev.readErrorSlot();
        if (bad >= 0) {
            throw new IndexOutOfBoundsException("target " + longAt(idx, bad) + " at position " + bad + " is out of range for " + c + " classes");
        }
    }

    private static long longAt(Tensor idx, int pos) {
        long[] v = new long[1];
        idx.storage().read(idx.offset() + pos, v, 0, 1);
        return v[0];
    }

    @Override
    public void scatterAdd(Tensor gy, Tensor idx, Tensor gx, long skipIndex) {
        int rows = idx.numel(), c = gx.size(1);
        if (rows == 0) return;
        dev.makeCurrent();
        dev.launch1d("scatter_add_rows", rows, new CudaDevice.Args().ptr(addr(gy)).ptr(addr(idx)).i32(rows).i32(c).i64(skipIndex)
                .ptr(addr(gx)));
    }

    @Override
    public OptimKernels optim() {
        return optim;
    }

    @Override
    public SpatialKernels spatial() {
        return spatial;
    }

    @Override
    public SequenceKernels sequence() {
        return sequence;
    }
}
