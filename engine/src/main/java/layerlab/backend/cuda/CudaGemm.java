package layerlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.SplittableRandom;
import jcuda.Pointer;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Chooses the tile shape and K split of the SGEMM kernels (gemm.cuh) for one call. Big products use 128x128
 * tiles (8x8 outputs a thread); when those would leave SMs idle, 64x64 or 32x32 tiles make more blocks, and if
 * that is still too few (an MLP layer on a small batch: M = 64) K is split across blocks whose partial sums a
 * second kernel adds in a fixed order.
 */
final class CudaGemm {
    private CudaGemm() {}

    private record Tile(String kernel, int bm, int bn) {}

    private static final Tile T128 = new Tile("sgemm_128x128", 128, 128);
    private static final Tile T64 = new Tile("sgemm_64x64", 64, 64);
    private static final Tile T32 = new Tile("sgemm_32x32", 32, 32);
    private static final int MAX_GRID_YZ = 65535;
    /**
     * Most K splits of one product. A convolution's weight gradient is a tiny output over a long K (SimpleCNN's first:
     * 32 x 9 over 64·28·28 = 50,176): at most 16 splits left 16 blocks of the GPU's 132 busy for 179 us on an H200.
     */
    private static final int MAX_SPLITS = 64;

    private static long tiles(Tile t, int m, int n, int batch) {
        return (long) ((m + t.bm - 1) / t.bm) * ((n + t.bn - 1) / t.bn) * batch;
    }

    static void gemm(CudaBackend be, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, int lda,
                     Tensor b, int ldb, float beta, Tensor c, int ldc, int batch, int strideA, int strideB, int strideC) {
        if (m == 0 || n == 0 || batch == 0) return;
        try {
            gemmAt(be.dev, transA, transB, m, n, k, alpha, be.addr(a), lda, be.addr(b), ldb, beta, be.addr(c), ldc, batch, strideA,
                    strideB, strideC);
        } finally {
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(c);
        }
    }

    /**
     * {@link #gemm} on device addresses (operands that are not tensors: the convolution's column matrices); the
     * caller keeps the memory alive until the launches are queued.
     */
    static void gemmAt(CudaDevice dev, boolean transA, boolean transB, int m, int n, int k, float alpha, long pa, int lda, long pb,
                       int ldb, float beta, long pc, int ldc, int batch, int strideA, int strideB, int strideC) {
        if (m == 0 || n == 0 || batch == 0) return;
        dev.makeCurrent();
        CudaBlas blas = k > 0 ? dev.blas().blas() : null; // cuBLAS refuses a leading dimension of 0
        if (blas != null) {
            blas.gemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, batch, strideA, strideB, strideC);
            dev.queuedOutside(); // cuBLAS queued on the device's stream
            return;
        }
        ownGemmAt(dev, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, batch, strideA, strideB, strideC, 0L, false);
    }

    /**
     * A Linear layer's {@code C = op(A)·op(B) + bias} (bias null: none), then ReLU when {@code relu}: with our kernels,
     * one product whose epilogue adds the bias and applies the ReLU (where the generic path copies the bias into C,
     * multiplies with beta = 1 and runs the ReLU as a kernel of its own: the same operations in the same order, two
     * launches more); with cuBLAS, that generic path.
     */
    static void linear(CudaBackend be, boolean transA, boolean transB, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb,
                       Tensor bias, boolean relu, Tensor c) {
        if (m == 0 || n == 0) return;
        try {
            ownGemmAt(be.dev, transA, transB, m, n, k, 1f, be.addr(a), lda, be.addr(b), ldb, 0f, be.addr(c), n, 1, 0, 0, 0,
                    be.addr(bias), relu);
        } finally {
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(bias);
            Reference.reachabilityFence(c);
        }
    }

    /**
     * {@code C = op(A · (mask > 0 ? 1 : 0))·op(B)} (beta = 0) with our kernels' _relumask entries: {@code mask} laid out
     * as A, read as the tiles of A load (gemm.cuh), split along K like any product.
     */
    static void gemmReluMasked(CudaBackend be, boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor mask, int lda,
                               Tensor b, int ldb, Tensor c, int ldc) {
        if (m == 0 || n == 0) return;
        try {
            ownGemmAt(be.dev, transA, transB, m, n, k, 1f, be.addr(a), lda, be.addr(b), ldb, 0f, be.addr(c), ldc, 1, 0, 0, 0, 0L, false,
                    be.addr(mask));
        } finally {
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(mask);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(c);
        }
    }

    /**
     * cuBLAS as {@link CudaBlas#open} found it, kept only if it agrees with our kernels on a few small products
     * (every transpose pair, a batch, alpha and beta): a binding that computed something else would otherwise
     * change every result on the machines that have it.
     */
    static CudaBlas.Probe verify(CudaDevice dev, CudaBlas.Probe probe) {
        if (probe.blas() == null) return probe;
        int m = 37, n = 29, k = 53, batch = 3, size = 64 * 64;
        float[] a = new float[batch * size], b = new float[batch * size], c = new float[batch * size];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
            c[i] = (float) r.nextGaussian();
        }
        CudaMemoryPool.Block da = dev.pool.take(4L * a.length), db = dev.pool.take(4L * b.length);
        CudaMemoryPool.Block ours = dev.pool.take(4L * c.length), theirs = dev.pool.take(4L * c.length);
        try {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int lda = 64, ldb = 64, ldc = 64;
                write(da, a);
                write(db, b);
                write(ours, c);
                write(theirs, c);
                ownGemmAt(dev, ta, tb, m, n, k, 0.5f, da.address(), lda, db.address(), ldb, 0.25f, ours.address(), ldc, batch, size, size, size,
                        0L, false);
                probe.blas().gemm(ta, tb, m, n, k, 0.5f, da.address(), lda, db.address(), ldb, 0.25f, theirs.address(), ldc, batch, size, size, size);
                float[] x = read(dev, ours, c.length), y = read(dev, theirs, c.length);
                for (int i = 0; i < x.length; i++) {
                    if (!(Math.abs(x[i] - y[i]) <= 1e-4 * Math.abs(x[i]) + 1e-4)) {
                        return new CudaBlas.Probe(null, String.format(java.util.Locale.ROOT, "cuBLAS disagreed with LayerLab's SGEMM on a self-check (transA=%b, "
                                + "transB=%b, element %d: %s vs %s); using LayerLab's own kernels", ta, tb, i, y[i], x[i]));
                    }
                }
            }
            return probe;
        } catch (RuntimeException e) {
            return new CudaBlas.Probe(null, "cuBLAS failed its self-check (" + e.getMessage() + "); using LayerLab's own kernels");
        } finally {
            for (CudaMemoryPool.Block blk : new CudaMemoryPool.Block[] {da, db, ours, theirs}) dev.pool.give(blk);
        }
    }

    private static void write(CudaMemoryPool.Block to, float[] v) {
        CudaError.check(cuMemcpyHtoD(to.ptr(), Pointer.to(v), 4L * v.length), "cuMemcpyHtoD");
    }

    private static float[] read(CudaDevice dev, CudaMemoryPool.Block from, int n) {
        dev.synchronize();
        float[] v = new float[n];
        CudaError.check(cuMemcpyDtoH(Pointer.to(v), from.ptr(), 4L * n), "cuMemcpyDtoH");
        return v;
    }

    /**
     * Whether split products finish in their tiles' last blocks (serial split K) rather than a reduce launch; the
     * property {@code layerlab.cuda.serialSplitK=false} turns it off (to time or rule out one against the other).
     */
    static final boolean SERIAL_SPLIT_K = !"false".equals(System.getProperty("layerlab.cuda.serialSplitK"));

    /** The tile our SGEMM takes for a product: the largest that still gives the GPU's multiprocessors work. */
    private static Tile tileFor(CudaDevice dev, int m, int n, int batch) {
        int sms = dev.multiprocessors;
        return tiles(T128, m, n, batch) >= sms ? T128 : tiles(T64, m, n, batch) >= sms / 2 ? T64 : T32;
    }

    /** K splits for a product whose grid of tiles leaves multiprocessors idle (1: none). */
    private static int splitsFor(CudaDevice dev, Tile t, int m, int n, int k, int batch) {
        int sms = dev.multiprocessors;
        long blocks = tiles(t, m, n, batch);
        return blocks < sms && k >= 256 ? (int) Math.min(Math.min((2L * sms + blocks - 1) / blocks, k / 128), MAX_SPLITS) : 1;
    }

    /**
     * A Linear's {@code gw = gᵀ·x} (into {@code gwInto} with beta = 1 when given) and {@code gb = Σ rows of g} in one
     * launch (the tile kernel's _rowsum entry, which sums op(A)'s rows from the tiles it loads); null where the product
     * would be split along K or the tensors are not contiguous (the caller computes them apart).
     */
    static Tensor[] linearGradients(CudaBackend be, Tensor g, Tensor reluOut, Tensor x, Tensor gwInto) {
        int rows = g.size(0), m = g.size(1), n = x.size(1);
        if (g.dim() != 2 || x.dim() != 2 || x.size(0) != rows || !g.isContiguous() || !x.isContiguous()) return null;
        if (reluOut != null && (!reluOut.isContiguous() || !Arrays.equals(reluOut.shape(), g.shape()))) return null;
        if (gwInto != null && (!gwInto.isContiguous() || gwInto.size(0) != m || gwInto.size(1) != n)) return null;
        CudaDevice dev = be.dev;
        Tile t = tileFor(dev, m, n, 1);
        if (rows == 0 || m == 0 || n == 0 || splitsFor(dev, t, m, n, rows, 1) > 1 || (m + t.bm - 1) / t.bm > MAX_GRID_YZ) return null;
        Tensor gw = gwInto != null ? gwInto : Tensor.uninitialized(be.device(), DType.FLOAT32, m, n);
        Tensor gb = Tensor.uninitialized(be.device(), DType.FLOAT32, m);
        dev.makeCurrent();
        try {
            String tag = dev.profiling() ? String.format(java.util.Locale.ROOT, "TN %dx%dx%d + row sums", m, n, rows) : null;
            var args = new CudaDevice.Args().bool(true).bool(false).i32(m).i32(n).i32(rows).f32(1f).ptr(be.addr(g)).i32(m)
                    .ptr(be.addr(x)).i32(n).f32(gwInto != null ? 1f : 0f).ptr(be.addr(gw)).i32(n).ptr(be.addr(gb));
            if (reluOut != null) args.ptr(be.addr(reluOut));
            dev.launch(t.kernel + (reluOut != null ? "_rowsum_relumask" : "_rowsum"), tag, (n + t.bn - 1) / t.bn, (m + t.bm - 1) / t.bm,
                    1, 256, 1, 1, args);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(reluOut);
            Reference.reachabilityFence(x);
        }
        return new Tensor[] {gw, gb};
    }

    static void ownGemmAt(CudaDevice dev, boolean transA, boolean transB, int m, int n, int k, float alpha, long pa, int lda, long pb,
                          int ldb, float beta, long pc, int ldc, int batch, int strideA, int strideB, int strideC, long bias,
                          boolean relu) {
        ownGemmAt(dev, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, batch, strideA, strideB, strideC, bias, relu, 0L);
    }

    /**
     * Our SGEMM kernels, whatever cuBLAS's availability; {@code bias} (a device address, 0 for none) and {@code relu}
     * are the epilogue, {@code maskA} (0 for none) a ReLU's output laid out as A that A is read through (gemm.cuh).
     */
    static void ownGemmAt(CudaDevice dev, boolean transA, boolean transB, int m, int n, int k, float alpha, long pa, int lda, long pb,
                          int ldb, float beta, long pc, int ldc, int batch, int strideA, int strideB, int strideC, long bias,
                          boolean relu, long maskA) {
        if (m == 0 || n == 0 || batch == 0) return;
        dev.makeCurrent();
        Tile t = tileFor(dev, m, n, batch);
        int splits = splitsFor(dev, t, m, n, k, batch);
        int kPer = k;
        if (splits > 1) {
            kPer = ((k + splits - 1) / splits + 7) / 8 * 8;
            splits = (k + kPer - 1) / kPer;
            if ((long) splits * batch * m * n > Integer.MAX_VALUE) {
                splits = 1;
                kPer = k;
            }
        }
        CudaMemoryPool.Block work = splits > 1 ? dev.pool.take(4L * splits * batch * m * n) : null;
        try {
            int rowsPerLaunch = MAX_GRID_YZ * t.bm;
            int batchPerLaunch = MAX_GRID_YZ / splits;
            for (int b0 = 0; b0 < batch; b0 += batchPerLaunch) {
                int nb = Math.min(batchPerLaunch, batch - b0);
                for (int r0 = 0; r0 < m; r0 += rowsPerLaunch) {
                    int mr = Math.min(rowsPerLaunch, m - r0);
                    long aOff = 4L * ((long) b0 * strideA + (transA ? r0 : (long) r0 * lda));
                    long cOff = 4L * ((long) b0 * strideC + (long) r0 * ldc);
                    long bOff = 4L * b0 * strideB;
                    long wOff = 4L * ((long) b0 * splits * m * n);
                    // With splits the partial sums of rows r0.. land in the workspace laid out [batch·splits, m, n];
                    // the kernel indexes it with its own (chunk-local) m, so chunk rows only when unsplit.
                    int mk = splits > 1 ? m : mr;
                    // Serial split K where every tile has a counter: the tile's last block sums the splits into C,
                    // no reduce launch (gemm.cuh).
                    long tilesHere = (long) ((n + t.bn - 1) / t.bn) * ((mk + t.bm - 1) / t.bm) * nb;
                    boolean serial = SERIAL_SPLIT_K && splits > 1 && tilesHere <= CudaDevice.SPLIT_COUNTERS;
                    var args = new CudaDevice.Args().bool(transA).bool(transB).i32(mk).i32(n).i32(k).f32(alpha)
                            .ptr(pa + aOff).i32(lda).ptr(pb + bOff).i32(ldb).f32(beta).ptr(pc + cOff).i32(ldc)
                            .i64(strideA).i64(strideB).i64(strideC).i32(splits).i32(kPer).ptr(work == null ? 0 : work.address() + wOff)
                            .ptr(bias).bool(relu).ptr(serial ? dev.splitCounters() : 0L);
                    if (maskA != 0L) args.ptr(maskA + aOff);
                    String tag = dev.profiling() ? String.format(java.util.Locale.ROOT, "%s%s %dx%dx%d%s%s", transA ? "T" : "N", transB ? "T" : "N", mk, n, k,
                            nb > 1 ? " batch " + nb : "", splits > 1 ? " splits " + splits + (serial ? " serial" : "") : "") : null;
                    dev.launch(maskA != 0L ? t.kernel + "_relumask" : t.kernel, tag, (n + t.bn - 1) / t.bn, (mk + t.bm - 1) / t.bm,
                            nb * splits, 256, 1, 1, args);
                    if (serial) break;
                    if (splits > 1) {
                        dev.launch1d("gemm_splitk_reduce", (long) nb * m * n, new CudaDevice.Args().i32(m).i32(n).i32(splits).i32(nb)
                                .ptr(work.address() + wOff).f32(alpha).f32(beta).ptr(pc + 4L * b0 * strideC).i32(ldc).i64(strideC)
                                .ptr(bias).bool(relu));
                        break; // split launches cover all rows (splits > 1 only when the grid is small)
                    }
                }
            }
        } finally {
            // Launches are ordered on the stream, so the workspace may go back to the pool at once.
            if (work != null) dev.pool.give(work);
        }
    }
}
