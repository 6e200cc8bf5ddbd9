package layerlab.backend.cuda;


import java.lang.ref.Reference;
import layerlab.backend.ConvGeometry;
import layerlab.backend.HostSpatial;
import layerlab.backend.PoolGeometry;
import layerlab.backend.SpatialKernels;
import layerlab.backend.UpsampleGeometry;
import layerlab.tensor.Tensor;

/**
 * The spatial kernels on the GPU (spatial.cuh). A convolution runs on a chunk of the batch at a time: im2col
 * builds the chunk's column matrix {@code [in/groups·k per group, images·outVolume]}, one SGEMM per group
 * multiplies it for the whole chunk, and a last kernel puts the result back batch-major (adding the bias).
 * The backward reuses the layout: the weight gradient is one SGEMM over every image of the chunk (summed
 * across chunks with beta 1), the input gradient an SGEMM then col2im, which gathers without atomics.
 * Scratch memory comes from the device's pool and goes back as soon as the launches are queued.
 */
final class CudaSpatial implements SpatialKernels {
    /**
     * Floats in one chunk's column matrix (256 MB): SimpleCNN's batch of 64 fits in one chunk many times over. The
     * property {@code layerlab.cuda.columnBudget} sets another (the emulated GPU's tests make every batch take chunks).
     */
    private static final long COLUMN_BUDGET = Math.max(1, Long.getLong("layerlab.cuda.columnBudget", 64L << 20));
    /** Threads of the block-reduction kernels (RED_THREADS in spatial.cuh). */
    private static final int RED_THREADS = 256;
    /** Block shape of layernorm_bwd_params_part (spatial.cuh): columns by interleaved row lanes. */
    private static final int LN_COLS = 32, LN_LANES = 8;

    private final CudaBackend be;
    private final CudaDevice dev;

    CudaSpatial(CudaBackend be) {
        this.be = be;
        this.dev = be.dev;
    }

    /** The Geo3 struct {in, out, k, s, p, d}. */
    private static int[] geo(int[] in, int[] out, int[] k, int[] s, int[] p, int[] d) {
        int[] w = new int[18];
        int[][] parts = {in, out, k, s, p, d};
        for (int i = 0; i < parts.length; i++) System.arraycopy(parts[i], 0, w, 3 * i, 3);
        return w;
    }

    private static int[] geo(ConvGeometry g) {
        return geo(g.in(), g.out(), g.kernel(), g.stride(), g.padding(), g.dilation());
    }

    private static int[] geo(PoolGeometry g) {
        return geo(g.in(), g.out(), g.kernel(), g.stride(), g.padding(), g.dilation());
    }

    /** Shapes only (adaptive pooling), or shapes and low-side padding (pad). */
    private static int[] geo(int[] in, int[] out, int[] padLo) {
        int[] zero = {0, 0, 0};
        return geo(in, out, zero, zero, padLo == null ? zero : padLo, zero);
    }

    /** Images per chunk: as many as keep the column matrix within budget (at least one). */
    private static int chunk(ConvGeometry g) {
        long perImage = (long) g.inChannels() * g.kernelVolume() * g.outVolume();
        return (int) Math.max(1, Math.min(g.batch(), COLUMN_BUDGET / Math.max(1, perImage)));
    }

    private CudaMemoryPool.Block take(long floats) {
        return dev.pool.take(4L * floats);
    }

    private void give(CudaMemoryPool.Block... blocks) {
        for (CudaMemoryPool.Block b : blocks) if (b != null) dev.pool.give(b);
    }

    private void clear(Tensor t) {
        dev.clear(((CudaStorage) t.storage()).blockPtr().withByteOffset(4L * t.offset()), 0, t.numel());
    }

    /** Block-per-channel (or per-row) reductions: enough blocks to fill the GPU, each looping over its items. */
    private void launchReduce(String kernel, int items, CudaDevice.Args args) {
        dev.launch(kernel, Math.max(1, Math.min(items, dev.multiprocessors * 16)), 1, 1, RED_THREADS, 1, 1, args);
    }

    @Override
    public void convForward(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) {
        int cin = g.inChannels(), cout = g.outChannels(), groups = g.groups(), outVol = g.outVolume();
        int kg = g.groupColumnRows(), mg = cout / groups, rows = cin * g.kernelVolume();
        if (y.numel() == 0) return;
        dev.makeCurrent();
        long px = be.addr(x), pw = be.addr(w), pb = be.addr(bias), py = be.addr(y);
        int chunk = chunk(g);
        int[] geo = geo(g);
        CudaMemoryPool.Block cols = take((long) rows * chunk * outVol), yt = take((long) cout * chunk * outVol);
        try {
            for (int b0 = 0; b0 < g.batch(); b0 += chunk) {
                int nb = Math.min(chunk, g.batch() - b0), n = nb * outVol;
                dev.launch1d("im2col_f32", (long) rows * n, new CudaDevice.Args().ptr(px).ptr(cols.address()).words(geo).i32(cin).i32(b0).i32(nb));
                // One product per group, as one batched launch (a depthwise convolution has as many groups as channels).
                CudaGemm.gemmAt(dev, false, false, mg, n, kg, 1f, pw, kg, cols.address(), n, 0f, yt.address(), n, groups, mg * kg, kg * n, mg * n);
                dev.launch1d("conv_unfold_out", (long) nb * cout * outVol, new CudaDevice.Args().ptr(yt.address()).ptr(pb).ptr(py)
                        .i32(cout).i32(outVol).i32(b0).i32(nb));
            }
        } finally {
            give(cols, yt);
            fence(x, w, bias, y);
        }
    }

    @Override
    public void convBackward(ConvGeometry g, Tensor x, Tensor w, Tensor gy, Tensor gx, Tensor gw, Tensor gb) {
        int cin = g.inChannels(), cout = g.outChannels(), groups = g.groups(), outVol = g.outVolume();
        int kg = g.groupColumnRows(), mg = cout / groups, rows = cin * g.kernelVolume();
        dev.makeCurrent();
        if (gb != null) {
            if (gy.numel() == 0) be.fill(gb, 0f);
            else launchReduce("channel_sum", cout, new CudaDevice.Args().ptr(be.addr(gy)).i32(g.batch()).i32(cout).i32(outVol).ptr(be.addr(gb)));
        }
        if (gx == null && gw == null) return;
        if (gy.numel() == 0) {
            if (gx != null) be.fill(gx, 0f);
            if (gw != null) be.fill(gw, 0f);
            return;
        }
        long px = be.addr(x), pw = be.addr(w), pgy = be.addr(gy), pgx = be.addr(gx), pgw = be.addr(gw);
        int chunk = chunk(g);
        int[] geo = geo(g);
        CudaMemoryPool.Block gyt = take((long) cout * chunk * outVol);
        CudaMemoryPool.Block cols = gw != null ? take((long) rows * chunk * outVol) : null;
        CudaMemoryPool.Block gcols = gx != null ? take((long) rows * chunk * outVol) : null;
        try {
            for (int b0 = 0; b0 < g.batch(); b0 += chunk) {
                int nb = Math.min(chunk, g.batch() - b0), n = nb * outVol;
                dev.launch1d("conv_fold_grad", (long) cout * n, new CudaDevice.Args().ptr(pgy).ptr(gyt.address()).i32(cout).i32(outVol)
                        .i32(b0).i32(nb));
                if (gw != null) {
                    dev.launch1d("im2col_f32", (long) rows * n, new CudaDevice.Args().ptr(px).ptr(cols.address()).words(geo).i32(cin)
                            .i32(b0).i32(nb));
                    CudaGemm.gemmAt(dev, false, true, mg, kg, n, 1f, gyt.address(), n, cols.address(), n, b0 == 0 ? 0f : 1f, pgw, kg, groups,
                            mg * n, kg * n, mg * kg);
                }
                if (gx != null) {
                    CudaGemm.gemmAt(dev, true, false, kg, n, mg, 1f, pw, kg, gyt.address(), n, 0f, gcols.address(), n, groups, mg * kg, mg * n,
                            kg * n);
                    dev.launch1d("col2im_f32", (long) nb * cin * g.inVolume(), new CudaDevice.Args().ptr(gcols.address()).ptr(pgx)
                            .words(geo).i32(cin).i32(b0).i32(nb));
                }
            }
        } finally {
            give(gyt, cols, gcols);
            fence(x, w, gy, gx, gw, gb);
        }
    }

    @Override
    public void pad(PadMode mode, float value, int planes, int[] in, int[] out, int[] padLo, Tensor x, Tensor y) {
        if (y.numel() == 0) return;
        dev.makeCurrent();
        dev.launch1d("pad_fwd", y.numel(), new CudaDevice.Args().i32(mode.ordinal()).f32(value).ptr(be.addr(x)).ptr(be.addr(y))
                .words(geo(in, out, padLo)).i32(planes));
    }

    @Override
    public void padBackward(PadMode mode, int planes, int[] in, int[] out, int[] padLo, Tensor gy, Tensor gx) {
        if (gx.numel() == 0) return;
        dev.makeCurrent();
        clear(gx);
        if (gy.numel() == 0) return;
        dev.launch1d("pad_bwd", gy.numel(), new CudaDevice.Args().i32(mode.ordinal()).ptr(be.addr(gy)).ptr(be.addr(gx))
                .words(geo(in, out, padLo)).i32(planes));
    }

    @Override
    public void maxPoolForward(PoolGeometry g, Tensor x, Tensor y, Tensor indices) {
        if (y.numel() == 0) return;
        dev.makeCurrent();
        dev.launch1d("maxpool_fwd", y.numel(), new CudaDevice.Args().ptr(be.addr(x)).ptr(be.addr(y)).ptr(be.addrOut(indices))
                .words(geo(g)).i32(g.planes()));
    }

    @Override
    public void maxPoolBackward(int planes, int inVolume, int outVolume, Tensor gy, Tensor indices, Tensor gx) {
        if (gx.numel() == 0) return;
        dev.makeCurrent();
        clear(gx);
        if (gy.numel() == 0) return;
        dev.launch1d("maxpool_bwd", (long) planes * outVolume, new CudaDevice.Args().ptr(be.addr(gy)).ptr(be.addr(indices))
                .ptr(be.addr(gx)).i32(planes).i32(inVolume).i32(outVolume));
    }

    @Override
    public void avgPoolForward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor x, Tensor y) {
        if (y.numel() == 0) return;
        dev.makeCurrent();
        dev.launch1d("avgpool_fwd", y.numel(), new CudaDevice.Args().ptr(be.addr(x)).ptr(be.addr(y)).words(geo(g)).i32(g.planes())
                .bool(countIncludePad).i32(divisorOverride));
    }

    @Override
    public void avgPoolBackward(PoolGeometry g, boolean countIncludePad, int divisorOverride, Tensor gy, Tensor gx) {
        if (gx.numel() == 0) return;
        dev.makeCurrent();
        dev.launch1d("avgpool_bwd", gx.numel(), new CudaDevice.Args().ptr(be.addr(gy)).ptr(be.addr(gx)).words(geo(g)).i32(g.planes())
                .bool(countIncludePad).i32(divisorOverride));
    }

    @Override
    public void adaptivePoolForward(boolean max, int planes, int[] in, int[] out, Tensor x, Tensor y, Tensor indices) {
        if (y.numel() == 0) return;
        dev.makeCurrent();
        dev.launch1d("adaptive_pool_fwd", y.numel(), new CudaDevice.Args().bool(max).ptr(be.addr(x)).ptr(be.addr(y))
                .ptr(max ? be.addrOut(indices) : 0L).words(geo(in, out, null)).i32(planes));
    }

    @Override
    public void adaptiveAvgPoolBackward(int planes, int[] in, int[] out, Tensor gy, Tensor gx) {
        if (gx.numel() == 0) return;
        dev.makeCurrent();
        dev.launch1d("adaptive_avgpool_bwd", gx.numel(), new CudaDevice.Args().ptr(be.addr(gy)).ptr(be.addr(gx))
                .words(geo(in, out, null)).i32(planes));
    }

    // No native kernel yet: upsampling is cheap next to the convolutions around it, so the host round trip is
    // the simple correct choice until a profile says otherwise.
    @Override
    public void upsampleForward(UpsampleGeometry g, Tensor x, Tensor y) {
        HostSpatial.INSTANCE.upsampleForward(g, x, y);
    }

    @Override
    public void upsampleBackward(UpsampleGeometry g, Tensor gy, Tensor gx) {
        HostSpatial.INSTANCE.upsampleBackward(g, gy, gx);
    }

    @Override
    public void batchNormForward(Tensor x, int n, int c, int inner, Tensor weight, Tensor bias, boolean training, double factor,
                                 float eps, Tensor runningMean, Tensor runningVar, Tensor saveMean, Tensor saveInvstd, Tensor y) {
        if (c == 0) return;
        dev.makeCurrent();
        launchReduce("batchnorm_fwd", c, new CudaDevice.Args().ptr(be.addr(x)).i32(n).i32(c).i32(inner).ptr(be.addr(weight))
                .ptr(be.addr(bias)).bool(training).f64(factor).f32(eps).ptr(be.addr(runningMean)).ptr(be.addr(runningVar))
                .ptr(be.addr(saveMean)).ptr(be.addr(saveInvstd)).ptr(be.addr(y)));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, int n, int c, int inner, Tensor weight, Tensor saveMean, Tensor saveInvstd,
                                  boolean training, Tensor gx, Tensor gw, Tensor gb) {
        if (c == 0) return;
        dev.makeCurrent();
        launchReduce("batchnorm_bwd", c, new CudaDevice.Args().ptr(be.addr(x)).ptr(be.addr(gy)).i32(n).i32(c).i32(inner)
                .ptr(be.addr(weight)).ptr(be.addr(saveMean)).ptr(be.addr(saveInvstd)).bool(training).ptr(be.addr(gx))
                .ptr(be.addr(gw)).ptr(be.addr(gb)));
    }

    @Override
    public void layerNormForward(Tensor x, int rows, int d, Tensor weight, Tensor bias, float eps, Tensor y, Tensor mean, Tensor rstd) {
        if (rows == 0) return;
        dev.makeCurrent();
        launchReduce("layernorm_fwd", rows, new CudaDevice.Args().ptr(be.addr(x)).i32(rows).i32(d).ptr(be.addr(weight))
                .ptr(be.addr(bias)).f32(eps).ptr(be.addr(y)).ptr(be.addr(mean)).ptr(be.addr(rstd)));
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gy, int rows, int d, Tensor weight, Tensor mean, Tensor rstd, Tensor gx, Tensor gw,
                                  Tensor gb) {
        dev.makeCurrent();
        if (rows == 0) {
            if (gw != null) be.fill(gw, 0f);
            if (gb != null) be.fill(gb, 0f);
            return;
        }
        CudaMemoryPool.Block corr = take(rows), part = null;
        try {
            long px = be.addr(x), pgy = be.addr(gy), pm = be.addr(mean), pr = be.addr(rstd);
            launchReduce("layernorm_bwd_x", rows, new CudaDevice.Args().ptr(px).ptr(pgy).i32(rows).i32(d).ptr(be.addr(weight))
                    .ptr(pm).ptr(pr).ptr(corr.address()).ptr(be.addr(gx)));
            if (gw != null || gb != null) {
                // Chunks of at least 64 rows, enough of them that the column blocks fill the GPU twice over.
                int colBlocks = (d + LN_COLS - 1) / LN_COLS;
                int chunks = (int) Math.max(1, Math.min((rows + 63) / 64, (2L * dev.multiprocessors + colBlocks - 1) / colBlocks));
                int per = (rows + chunks - 1) / chunks;
                chunks = (rows + per - 1) / per;
                part = take(4L * chunks * d); // two doubles per column and chunk
                dev.launch("layernorm_bwd_params_part", colBlocks, chunks, 1, LN_COLS, LN_LANES, 1, new CudaDevice.Args().ptr(px).ptr(pgy)
                        .i32(rows).i32(d).ptr(pm).ptr(pr).ptr(corr.address()).i32(per).ptr(part.address()));
                dev.launch1d("layernorm_bwd_params_sum", d, new CudaDevice.Args().ptr(part.address()).i32(chunks).i32(d)
                        .ptr(be.addr(gw)).ptr(be.addr(gb)));
            }
        } finally {
            give(corr, part);
            fence(x, gy, weight, mean, rstd, gx, gw, gb);
        }
    }

    @Override
    public void dropoutMask(Tensor mask, float p, float scale, long seed) {
        int n = mask.numel();
        if (n == 0) return;
        dev.makeCurrent();
        dev.launch1d("dropout_mask", n, new CudaDevice.Args().ptr(be.addr(mask)).i32(n).f32(p).f32(scale).i64(seed));
    }

    /** Keeps tensors (and so their device blocks) reachable until the launches that use them are queued. */
    private static void fence(Tensor... ts) {
        Reference.reachabilityFence(ts);
    }
}
