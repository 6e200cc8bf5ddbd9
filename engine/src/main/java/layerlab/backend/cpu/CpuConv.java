package layerlab.backend.cpu;

import java.util.Arrays;
import layerlab.backend.ConvGeometry;

/**
 * Convolution as im2col + GEMM, both passes. Each image's column matrix is built in a per-thread scratch
 * buffer (kept between calls, so repeated shapes allocate nothing) and multiplied right away while it is
 * still in cache. With at least as many images as threads the batch is split across threads and every
 * GEMM runs single-threaded inside its chunk ({@link Parallel} runs nested loops inline); with fewer
 * images, the images go one by one and the GEMM itself is parallel.
 */
final class CpuConv {
    /**
     * Slots of the per-thread scratch: the forward/weight-gradient column matrix, the input-gradient one, a block of
     * images' outputs or output gradients laid out {@code [channels, images·positions]}, and the weight and weight
     * gradient of the kernel taps that meet the input ({@link #liveTaps}).
     */
    private static final int COLS = 0, DCOLS = 1, BLOCK = 2, LIVE_W = 3, LIVE_GW = 4;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);
    /**
     * Below this many output positions an image's GEMM is too narrow to be fast: its columns go side by side with other
     * images' until a block has about this many. A ResNet's last stage at 28×28 input has one position per image, so
     * each image's GEMM would be a matrix-vector product reading the whole 512×4608 weight for one column.
     */
    static final int BLOCK_COLUMNS = 64;
    /**
     * Up to this many output positions in the whole batch, the backward goes block after block with each GEMM on all
     * threads (a ResNet-18's last two stages at 28×28 input: 64 and 256); above, each thread its share of the images in
     * blocks of its own ({@link #CHUNK_BLOCK_FLOATS}) with partial weight-gradient sums, which measured faster for its 4×4
     * and 7×7 stages.
     */
    static final int BLOCKED_BACKWARD_COLUMNS = 256;
    /**
     * The most floats the column matrix of a thread's block of images may take in a backward above {@link
     * #BLOCKED_BACKWARD_COLUMNS} (640 KB, with the block's other matrices about a 1 MB L2). ResNet-18's 7×7 and 4×4 stages,
     * 64 images, two threads, each backward timed 60 times alternating: 7×7 at 64 channels 10.8 ms image by image, 7.2 at
     * 192 columns a block, 6.6 at 256 (this budget: 245), 6.2 at 384 and more; 4×4 at 128 channels 12.8 image by image,
     * 7.6 at 96, 7.3 at 128 (this budget), 9.2 at 160, 10.2 at 256 — past the L2, wider blocks are slower.
     */
    static final int CHUNK_BLOCK_FLOATS = 5 << 15;
    /** The most floats a block's column matrix may take (16 MB). */
    private static final long BLOCK_FLOATS = 1 << 22;
    /**
     * The weight-gradient sums of the chunks of a backward, cached on the calling thread: one worker may run
     * several chunks, so these belong to the call, not to the worker.
     */
    private static final ThreadLocal<float[][]> W_PARTS = ThreadLocal.withInitial(() -> new float[0][0]);
    /** The transposed weight of a backward (per group {@code [k, out/groups]}), cached on the calling thread. */
    private static final ThreadLocal<float[][]> W_T = ThreadLocal.withInitial(() -> new float[1][0]);

    private CpuConv() {}

    static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) s[slot] = new float[Math.max(n, s[slot].length + (s[slot].length >> 1))];
        return s[slot];
    }

    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] b, int bo, float[] y, int yo) {
        if (CpuDepthwiseConv.applies(g)) {
            CpuDepthwiseConv.forward(g, x, xo, w, wo, false, b, bo, y, yo);
            return;
        }
        if (CpuDirectConv.applies(g)) {
            CpuDirectConv.forward(g, x, xo, w, wo, false, b, bo, y, yo);
            return;
        }
        gemmForward(g, x, xo, w, wo, b, bo, y, yo);
    }

    /** The forward as im2col + GEMM, image by image or in blocks of images. */
    static void gemmForward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] b, int bo, float[] y, int yo) {
        int n = g.batch(), per = imagesPerForwardBlock(g);
        if (per > 1) {
            // A block per thread (each GEMM on its own thread): 1.6× faster here than the blocks one after another with
            // each GEMM on all threads (ResNet-18's 512-channel convolutions at 1×1, two threads).
            int blocks = (n + per - 1) / per, chunks = Parallel.batchChunks(blocks);
            int[] map = tapMap(g), taps = liveTaps(g, map);
            float[] wl = liveWeight(g, taps, w, wo);
            int wlo = wl == w ? wo : 0;
            Parallel.forRange(chunks, Parallel.MIN_PARALLEL_WORK, (cf, ct) -> {
                for (int c = cf; c < ct; c++) {
                    for (int k = blocks * c / chunks, end = blocks * (c + 1) / chunks; k < end; k++) {
                        forwardBlock(g, map, taps, k * per, Math.min(per, n - k * per), x, xo, wl, wlo, b, bo, y, yo);
                    }
                }
            });
            return;
        }
        int chunks = Parallel.batchChunks(n);
        Parallel.forRange(chunks, Parallel.MIN_PARALLEL_WORK, (cf, ct) -> {
            for (int c = cf; c < ct; c++) {
                for (int img = n * c / chunks, end = n * (c + 1) / chunks; img < end; img++) forwardImage(g, img, x, xo, w, wo, b, bo, y, yo);
            }
        });
    }

    /**
     * How many images share one GEMM: 1 where an image has {@link #BLOCK_COLUMNS} output positions or more; else as many
     * as their column matrix (or their outputs) fits in {@link #BLOCK_FLOATS}, the whole batch where it does. The blocks
     * then go one after another, each GEMM on all threads: the weight is read once per block, and the weight gradient
     * needs no per-thread partial sums (for a 512×4608 weight, summing those cost more than the GEMMs).
     */
    static int imagesPerBlock(ConvGeometry g) {
        int l = g.outVolume(), n = g.batch();
        if (l >= BLOCK_COLUMNS || n < 2 || l == 0) return 1;
        long perImage = (long) Math.max(g.inChannels() * g.kernelVolume(), g.outChannels()) * l;
        return (int) Math.max(1, Math.min(n, BLOCK_FLOATS / perImage));
    }

    /** Images per block in a forward: as {@link #imagesPerBlock}, but no more than leaves a block for every thread. */
    static int imagesPerForwardBlock(ConvGeometry g) {
        int t = Parallel.threads();
        return Math.min(imagesPerBlock(g), Math.max(1, (g.batch() + t - 1) / t));
    }

    /**
     * {@link #forwardImage} for {@code count} images from {@code img0}, their columns side by side in one GEMM per group:
     * the column matrix holds only the kernel taps {@code taps} ({@link #liveTaps}), and {@code w} is the weight of those
     * taps ({@link #liveWeight}).
     */
    private static void forwardBlock(ConvGeometry g, int[] map, int[] taps, int img0, int count, float[] x, int xo, float[] w, int wo,
                                     float[] b, int bo, float[] y, int yo) {
        int cin = g.inChannels(), cout = g.outChannels(), groups = g.groups();
        int l = g.outVolume(), kg = cin / groups * taps.length, mg = cout / groups, cl = count * l, inImg = cin * g.inVolume();
        float[] cols = scratch(COLS, cin * taps.length * cl);
        im2colBlock(g, map, taps, x, xo + img0 * inImg, count, cols);
        float[] out = scratch(BLOCK, cout * cl);
        for (int gi = 0; gi < groups; gi++) {
            Gemm.sgemm(false, false, mg, cl, kg, 1f, w, wo + gi * mg * kg, kg, cols, gi * kg * cl, cl, 0f, out, gi * mg * cl, cl);
        }
        for (int j = 0; j < count; j++) {
            for (int o = 0; o < cout; o++) {
                int dst = yo + ((img0 + j) * cout + o) * l, src = o * cl + j * l;
                float bias = b == null ? 0f : b[bo + o];
                for (int i = 0; i < l; i++) y[dst + i] = out[src + i] + bias;
            }
        }
    }

    private static void forwardImage(ConvGeometry g, int img, float[] x, int xo, float[] w, int wo, float[] b, int bo, float[] y, int yo) {
        int cin = g.inChannels(), cout = g.outChannels(), groups = g.groups();
        int l = g.outVolume(), kg = g.groupColumnRows(), mg = cout / groups;
        float[] cols;
        int co;
        int xImg = xo + img * cin * g.inVolume();
        if (g.isPointwise()) {
            cols = x;
            co = xImg;
        } else {
            cols = scratch(COLS, cin * g.kernelVolume() * l);
            co = 0;
            im2col(g, x, xImg, cols, 0);
        }
        for (int gi = 0; gi < groups; gi++) {
            int yOff = yo + (img * cout + gi * mg) * l;
            float beta = 0f;
            if (b != null) {
                for (int m = 0; m < mg; m++) Arrays.fill(y, yOff + m * l, yOff + (m + 1) * l, b[bo + gi * mg + m]);
                beta = 1f;
            }
            Gemm.sgemm(false, false, mg, l, kg, 1f, w, wo + gi * mg * kg, kg, cols, co + gi * kg * l, l, beta, y, yOff, l);
        }
    }

    /**
     * Gradients for upstream {@code gy}: {@code gx} (needs {@code w}), {@code gw} and {@code gb} (need {@code x} for
     * gw); null outputs are skipped. Each chunk of images sums its weight gradient into a buffer of its own; the
     * buffers are added at the end. When a group's weight is taller than wide ({@code in/groups·k > out/groups}),
     * the chunks compute its transpose {@code colsᵀ·gyᵀ} instead: the GEMM then packs the small gy rather than
     * the large column matrix (3× faster for NetWithResBlock's 16-channel convolutions).
     */
    static void backward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] gy, int gyo,
                         float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo) {
        if (CpuDepthwiseConv.applies(g)) {
            if (gx != null) CpuDepthwiseConv.forward(CpuDepthwiseConv.adjoint(g), gy, gyo, w, wo, true, null, 0, gx, gxo);
            if (gw != null) CpuDepthwiseConv.weightGrad(g, x, xo, gy, gyo, gw, gwo);
            if (gb != null) biasGrad(g, gy, gyo, gb, gbo);
            return;
        }
        ConvGeometry adjoint = gx != null ? strideOneAdjoint(g) : null;
        if (adjoint != null) {
            // A stride-1 convolution's input gradient is itself a stride-1 convolution of gy (rotated kernel,
            // channels swapped): computed directly, it needs neither the column matrix nor col2im.
            CpuDirectConv.forward(adjoint, gy, gyo, w, wo, true, null, 0, gx, gxo);
            gx = null;
        }
        if (gw != null && CpuDirectConv.appliesToWeightGrad(g)) {
            CpuDirectConv.weightGrad(g, x, xo, gy, gyo, gw, gwo);
            gw = null;
        }
        if (gx == null && gw == null) {
            if (gb != null) biasGrad(g, gy, gyo, gb, gbo);
            return;
        }
        gemmBackward(g, x, xo, w, wo, gy, gyo, gx, gxo, gw, gwo, gb, gbo);
    }

    /** {@code gb[c] = Σ gy[n, c, …]}, summed per image in float and across images in double. */
    private static void biasGrad(ConvGeometry g, float[] gy, int gyo, float[] gb, int gbo) {
        int n = g.batch(), cout = g.outChannels(), l = g.outVolume();
        Parallel.forRange(cout, (long) n * l, (from, to) -> {
            for (int o = from; o < to; o++) {
                double s = 0;
                for (int img = 0; img < n; img++) s += CpuNorm.sum(gy, gyo + (img * cout + o) * l, l);
                gb[gbo + o] = (float) s;
            }
        });
    }

    /** The gradients as im2col + GEMM (and col2im), image by image or in blocks of images. */
    static void gemmBackward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] gy, int gyo,
                                     float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo) {
        int n = g.batch(), cout = g.outChannels(), groups = g.groups();
        int kg = g.groupColumnRows(), mg = cout / groups;
        int wSize = cout * kg;
        int per = imagesPerBlock(g);
        if (per > 1 && (long) g.batch() * g.outVolume() <= BLOCKED_BACKWARD_COLUMNS) {
            blockedBackward(g, per, x, xo, w, wo, gy, gyo, gx, gxo, gw, gwo, gb, gbo);
            return;
        }
        boolean transposed = kg > mg;
        // Weight gradients sum per chunk into parts reduced below: one chunk per thread then.
        int chunks = gw != null ? Parallel.partialSumChunks(n) : Parallel.batchChunks(n);
        float[][] wParts = gw != null ? weightParts(chunks, wSize) : null;
        double[][] bParts = new double[chunks][];
        // The input gradient multiplies by Wᵀ once per image: transpose W once here rather than in every GEMM.
        float[] wt = gx != null ? transposeWeight(w, wo, groups, mg, kg) : null;
        // Small planes: each chunk's images in blocks side by side (a GEMM per block rather than per image).
        int[] map = per > 1 ? tapMap(g) : null, taps = per > 1 ? allTaps(g) : null;
        int blockImages = per > 1 ? (int) Math.max(1, Math.min(per, CHUNK_BLOCK_FLOATS / ((long) g.inChannels() * g.kernelVolume() * g.outVolume()))) : 1;
        Parallel.forRange(chunks, Parallel.MIN_PARALLEL_WORK, (cf, ct) -> {
            for (int c = cf; c < ct; c++) {
                float[] wp = gw != null ? wParts[c] : null;
                double[] bp = gb != null ? (bParts[c] = new double[cout]) : null;
                int end = n * (c + 1) / chunks;
                // The chunk's first GEMM overwrites its part (beta 0) rather than adding to a zeroed one.
                float beta = 0f;
                if (wp != null && end == n * c / chunks) Arrays.fill(wp, 0, wSize, 0f);
                if (map != null) {
                    for (int img = n * c / chunks; img < end; img += blockImages, beta = 1f) {
                        backwardBlock(g, map, taps, img, Math.min(blockImages, end - img), x, xo, wt, 0, true, gy, gyo, gx, gxo, wp, 0, transposed, beta, bp);
                    }
                } else {
                    for (int img = n * c / chunks; img < end; img++, beta = 1f) backwardImage(g, img, x, xo, wt, gy, gyo, gx, gxo, wp, transposed, beta, bp);
                }
            }
        });
        if (gw != null) {
            sumParts(wParts, chunks, wSize, groups, mg, kg, transposed, gw, gwo);
        }
        if (gb != null) {
            for (int o = 0; o < cout; o++) {
                double s = 0;
                for (int c = 0; c < chunks; c++) s += bParts[c][o];
                gb[gbo + o] = (float) s;
            }
        }
    }

    /**
     * For a stride-1 convolution, the convolution whose forward is its input gradient: from the output's space to
     * the input's, padding {@code dilation·(k-1) - padding}; null when that does not apply.
     */
    static ConvGeometry strideOneAdjoint(ConvGeometry g) {
        int[] k = g.kernel(), d = g.dilation(), p = g.padding(), s = g.stride();
        int[] pad = new int[3];
        for (int i = 0; i < 3; i++) {
            if (s[i] != 1) return null;
            pad[i] = d[i] * (k[i] - 1) - p[i];
            if (pad[i] < 0) return null;
        }
        ConvGeometry a = new ConvGeometry(g.batch(), g.outChannels(), g.inChannels(), g.groups(), g.out(), g.in(), k, s, pad, d);
        return CpuDirectConv.applies(a) ? a : null;
    }

    /**
     * Adds the weight gradient's parts up, element by element in part order (the same bits on any thread count), into
     * {@code gw}: parts stored as gw is are summed straight into it; per group transposed ones into part 0, then copied across.
     */
    private static void sumParts(float[][] parts, int count, int size, int groups, int mg, int kg, boolean transposed, float[] gw, int gwo) {
        float[] first = parts[0];
        float[] dst = transposed ? first : gw;
        int off = transposed ? 0 : gwo;
        Parallel.forRange(size, count, (from, to) -> {
            for (int i = from; i < to; i++) {
                float s = first[i];
                for (int c = 1; c < count; c++) s += parts[c][i];
                dst[off + i] = s;
            }
        });
        if (transposed) {
            Parallel.forRange(groups * mg, kg, (from, to) -> {
                for (int q = from; q < to; q++) {
                    int gi = q / mg, m = q % mg, base = gi * mg * kg;
                    for (int r = 0; r < kg; r++) gw[gwo + base + m * kg + r] = first[base + r * mg + m];
                }
            });
        }
    }

    private static float[][] weightParts(int chunks, int size) {
        float[][] parts = W_PARTS.get();
        if (parts.length < chunks) {
            parts = Arrays.copyOf(parts, chunks);
            W_PARTS.set(parts);
        }
        for (int c = 0; c < chunks; c++) if (parts[c] == null || parts[c].length < size) parts[c] = new float[size];
        return parts;
    }

    private static float[] transposeWeight(float[] w, int wo, int groups, int mg, int kg) {
        float[][] slot = W_T.get();
        if (slot[0].length < groups * mg * kg) slot[0] = new float[groups * mg * kg];
        float[] wt = slot[0];
        for (int gi = 0; gi < groups; gi++) {
            int base = gi * mg * kg;
            for (int m = 0; m < mg; m++) {
                for (int r = 0; r < kg; r++) wt[base + r * mg + m] = w[wo + base + m * kg + r];
            }
        }
        return wt;
    }

    /**
     * One image's share of the gradients; {@code wt} is the per-group transposed weight, {@code wp} accumulates the
     * weight gradient, per group transposed when asked.
     */
    private static void backwardImage(ConvGeometry g, int img, float[] x, int xo, float[] wt, float[] gy, int gyo,
                                      float[] gx, int gxo, float[] wp, boolean transposed, float beta, double[] bp) {
        int cin = g.inChannels(), cout = g.outChannels(), groups = g.groups();
        int l = g.outVolume(), kg = g.groupColumnRows(), mg = cout / groups;
        int inImg = cin * g.inVolume();
        int gyImg = gyo + img * cout * l;
        boolean pointwise = g.isPointwise();
        if (wp != null) {
            float[] cols;
            int co;
            if (pointwise) {
                cols = x;
                co = xo + img * inImg;
            } else {
                cols = scratch(COLS, cin * g.kernelVolume() * l);
                co = 0;
                im2col(g, x, xo + img * inImg, cols, 0);
            }
            for (int gi = 0; gi < groups; gi++) {
                int a = gyImg + gi * mg * l, b = co + gi * kg * l, out = gi * mg * kg;
                if (transposed) Gemm.sgemm(false, true, kg, mg, l, 1f, cols, b, l, gy, a, l, beta, wp, out, mg);
                else Gemm.sgemm(false, true, mg, kg, l, 1f, gy, a, l, cols, b, l, beta, wp, out, kg);
            }
        }
        if (bp != null) {
            for (int o = 0; o < cout; o++) {
                float s = 0f;
                for (int i = gyImg + o * l, e = i + l; i < e; i++) s += gy[i];
                bp[o] += s;
            }
        }
        if (gx != null) {
            int gxImg = gxo + img * inImg;
            if (pointwise) {
                for (int gi = 0; gi < groups; gi++) {
                    Gemm.sgemm(false, false, kg, l, mg, 1f, wt, gi * mg * kg, mg, gy, gyImg + gi * mg * l, l, 0f,
                            gx, gxImg + gi * kg * l, l);
                }
            } else {
                float[] dcols = scratch(DCOLS, cin * g.kernelVolume() * l);
                for (int gi = 0; gi < groups; gi++) {
                    Gemm.sgemm(false, false, kg, l, mg, 1f, wt, gi * mg * kg, mg, gy, gyImg + gi * mg * l, l, 0f,
                            dcols, gi * kg * l, l);
                }
                Arrays.fill(gx, gxImg, gxImg + inImg, 0f);
                col2im(g, dcols, 0, gx, gxImg);
            }
        }
    }

    /**
     * The gradients of {@code count} images from {@code img0}, their columns side by side (from {@link #tapMap}): the
     * weight-gradient GEMM sums over {@code count·positions} columns at once into {@code gws} from {@code gwo} (per group
     * transposed when {@code gwT}), the input gradient's GEMM makes them all from W (as stored, or per group transposed
     * when {@code wT}), and {@code bp} gets the bias gradient. Each GEMM runs on the threads it is given: all of them from
     * the calling thread ({@link #blockedBackward}), one inside a worker's chunk ({@link #gemmBackward}).
     */
    private static void backwardBlock(ConvGeometry g, int[] map, int[] taps, int img0, int count, float[] x, int xo, float[] w, int wo, boolean wT,
                                      float[] gy, int gyo, float[] gx, int gxo, float[] gws, int gwo, boolean gwT, float gwBeta, double[] bp) {
        int cin = g.inChannels(), cout = g.outChannels(), groups = g.groups();
        int l = g.outVolume(), kg = cin / groups * taps.length, mg = cout / groups, inImg = cin * g.inVolume(), rows = cin * taps.length;
        int cl = count * l;
        // The block's output gradient as [cout, count·l]: each channel's row holds the images' positions side by side.
        float[] gyb = scratch(BLOCK, cout * cl);
        for (int j = 0; j < count; j++) {
            for (int o = 0; o < cout; o++) System.arraycopy(gy, gyo + ((img0 + j) * cout + o) * l, gyb, o * cl + j * l, l);
        }
        if (gws != null) {
            float[] cols = scratch(COLS, rows * cl);
            im2colBlock(g, map, taps, x, xo + img0 * inImg, count, cols);
            for (int gi = 0; gi < groups; gi++) {
                int a = gi * mg * cl, b = gi * kg * cl, out = gwo + gi * mg * kg;
                if (gwT) Gemm.sgemm(false, true, kg, mg, cl, 1f, cols, b, cl, gyb, a, cl, gwBeta, gws, out, mg);
                else Gemm.sgemm(false, true, mg, kg, cl, 1f, gyb, a, cl, cols, b, cl, gwBeta, gws, out, kg);
            }
        }
        if (bp != null) {
            for (int o = 0; o < cout; o++) bp[o] += CpuNorm.sum(gyb, o * cl, cl);
        }
        if (gx != null) {
            float[] dcols = scratch(DCOLS, rows * cl);
            for (int gi = 0; gi < groups; gi++) {
                if (wT) Gemm.sgemm(false, false, kg, cl, mg, 1f, w, wo + gi * mg * kg, mg, gyb, gi * mg * cl, cl, 0f, dcols, gi * kg * cl, cl);
                else Gemm.sgemm(true, false, kg, cl, mg, 1f, w, wo + gi * mg * kg, kg, gyb, gi * mg * cl, cl, 0f, dcols, gi * kg * cl, cl);
            }
            Arrays.fill(gx, gxo + img0 * inImg, gxo + (img0 + count) * inImg, 0f);
            col2imBlock(g, map, taps, dcols, count, gx, gxo + img0 * inImg);
        }
    }

    /**
     * The gradients for blocks of {@link #imagesPerBlock} images, one block after another on this thread, each GEMM on
     * all threads: the weight gradient sums straight into {@code gw} (no per-thread parts to add up: for a 512×4608
     * weight that sum, and the transposed copy of W the image-by-image path makes, cost more than the GEMMs), and W is
     * read as it is stored. Only the kernel taps that meet the input somewhere ({@link #liveTaps}) take part: the
     * weight gradient of the others is 0.
     */
    private static void blockedBackward(ConvGeometry g, int per, float[] x, int xo, float[] w, int wo, float[] gy, int gyo,
                                        float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo) {
        int n = g.batch(), cout = g.outChannels();
        if (gw != null && n == 0) Arrays.fill(gw, gwo, gwo + cout * g.groupColumnRows(), 0f);
        double[] bp = gb != null ? new double[cout] : null;
        int[] map = tapMap(g), taps = liveTaps(g, map);
        float[] wl = gx != null ? liveWeight(g, taps, w, wo) : null;
        int wlo = wl == w ? wo : 0;
        boolean compact = taps.length < g.kernelVolume();
        // The live taps' weight gradient first, in a matrix of its own, then spread into gw.
        float[] gwl = gw == null || !compact ? gw : liveWeightGradient(g, taps);
        int gwlo = gwl == gw ? gwo : 0;
        for (int img0 = 0; img0 < n; img0 += per) {
            backwardBlock(g, map, taps, img0, Math.min(per, n - img0), x, xo, wl, wlo, false, gy, gyo, gx, gxo, gwl, gwlo, false, img0 == 0 ? 0f : 1f, bp);
        }
        if (gw != null && compact && n > 0) spreadTaps(g, taps, gwl, gw, gwo);
        if (gb != null) {
            for (int o = 0; o < cout; o++) gb[gbo + o] = (float) bp[o];
        }
    }

    /**
     * For each kernel tap and output position (tap-major, positions in order): the input element within one channel that
     * the tap meets there, or −1 in the padding. Small planes' column matrices are built from it: row by row, as
     * {@link #im2col} goes, a 1×1 plane's 4,608 rows of one element each cost more in loop overhead than the GEMM.
     */
    static int[] tapMap(ConvGeometry g) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int[] map = new int[g.kernelVolume() * g.outVolume()];
        int i = 0;
        for (int a = 0; a < k[0]; a++) {
            for (int bb = 0; bb < k[1]; bb++) {
                for (int e = 0; e < k[2]; e++) {
                    for (int od = 0; od < out[0]; od++) {
                        int id = od * s[0] - p[0] + a * d[0];
                        for (int oh = 0; oh < out[1]; oh++) {
                            int ih = oh * s[1] - p[1] + bb * d[1];
                            for (int ow = 0; ow < out[2]; ow++) {
                                int iw = ow * s[2] - p[2] + e * d[2];
                                boolean inside = id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && iw >= 0 && iw < in[2];
                                map[i++] = inside ? (id * in[1] + ih) * in[2] + iw : -1;
                            }
                        }
                    }
                }
            }
        }
        return map;
    }

    /**
     * The kernel taps (in order) that meet the input at some output position of {@code map} ({@link #tapMap}): all of
     * them but on planes smaller than the kernel's reach. A 3×3 convolution on a 1×1 plane (a ResNet's last stage at
     * 32×32 input) meets it only with its centre: its column matrix, GEMMs and weight read shrink to a ninth.
     */
    static int[] liveTaps(ConvGeometry g, int[] map) {
        int kvol = g.kernelVolume(), l = g.outVolume(), count = 0;
        int[] live = new int[kvol];
        for (int t = 0; t < kvol; t++) {
            for (int q = 0; q < l; q++) {
                if (map[t * l + q] >= 0) {
                    live[count++] = t;
                    break;
                }
            }
        }
        return count == kvol ? live : Arrays.copyOf(live, count);
    }

    /** Every kernel tap, in order. */
    private static int[] allTaps(ConvGeometry g) {
        int[] taps = new int[g.kernelVolume()];
        Arrays.setAll(taps, t -> t);
        return taps;
    }

    /**
     * The weight's columns of the kernel taps {@code taps} ({@code [out, in/groups·taps]}, in a per-thread scratch), or
     * {@code w} itself where those are all of them.
     */
    private static float[] liveWeight(ConvGeometry g, int[] taps, float[] w, int wo) {
        int kvol = g.kernelVolume(), nt = taps.length;
        if (nt == kvol) return w;
        int rows = g.outChannels() * (g.inChannels() / g.groups());
        float[] wl = scratch(LIVE_W, rows * nt);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < nt; t++) wl[r * nt + t] = w[wo + r * kvol + taps[t]];
        }
        return wl;
    }

    /** A per-thread matrix for the weight gradient of the kernel taps of {@link #liveTaps}. */
    private static float[] liveWeightGradient(ConvGeometry g, int[] taps) {
        return scratch(LIVE_GW, g.outChannels() * (g.inChannels() / g.groups()) * taps.length);
    }

    /** Writes the weight gradient {@code gwl} of the kernel taps {@code taps} into {@code gw}, and 0 for the other taps. */
    private static void spreadTaps(ConvGeometry g, int[] taps, float[] gwl, float[] gw, int gwo) {
        int kvol = g.kernelVolume(), nt = taps.length, rows = g.outChannels() * (g.inChannels() / g.groups());
        Arrays.fill(gw, gwo, gwo + rows * kvol, 0f);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < nt; t++) gw[gwo + r * kvol + taps[t]] = gwl[r * nt + t];
        }
    }

    /**
     * The column matrix of {@code count} images from {@code xo}, side by side: row {@code (c, tap)} for the kernel taps
     * {@code taps}, column {@code (image, position)}, rows {@code count·positions} apart; from {@link #tapMap}.
     */
    static void im2colBlock(ConvGeometry g, int[] map, int[] taps, float[] x, int xo, int count, float[] cols) {
        int cin = g.inChannels(), nt = taps.length, l = g.outVolume(), inVol = g.inVolume(), inImg = cin * inVol, cl = count * l;
        for (int c = 0; c < cin; c++) {
            for (int ti = 0; ti < nt; ti++) {
                int t = taps[ti], row = (c * nt + ti) * cl;
                for (int q = 0; q < l; q++) {
                    int v = map[t * l + q];
                    if (v < 0) {
                        for (int j = 0; j < count; j++) cols[row + j * l + q] = 0f;
                    } else {
                        int src = xo + c * inVol + v;
                        for (int j = 0; j < count; j++) cols[row + j * l + q] = x[src + j * inImg];
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2colBlock}: adds each column entry into the input element it was read from. */
    static void col2imBlock(ConvGeometry g, int[] map, int[] taps, float[] cols, int count, float[] x, int xo) {
        int cin = g.inChannels(), nt = taps.length, l = g.outVolume(), inVol = g.inVolume(), inImg = cin * inVol, cl = count * l;
        for (int c = 0; c < cin; c++) {
            for (int ti = 0; ti < nt; ti++) {
                int t = taps[ti], row = (c * nt + ti) * cl;
                for (int q = 0; q < l; q++) {
                    int v = map[t * l + q];
                    if (v < 0) continue;
                    int dst = xo + c * inVol + v;
                    for (int j = 0; j < count; j++) x[dst + j * inImg] += cols[row + j * l + q];
                }
            }
        }
    }

    /**
     * Writes the column matrix of one image: row {@code (c, kd, kh, kw)}, column {@code (od, oh, ow)} holds the input
     * element that kernel tap meets at that output position, 0 in the padding.
     */
    static void im2col(ConvGeometry g, float[] x, int xo, float[] cols, int colo) {
        im2col(g, x, xo, cols, colo, g.outVolume());
    }

    /** {@link #im2col} into a matrix whose rows are {@code ld} apart (several images' columns side by side). */
    static void im2col(ConvGeometry g, float[] x, int xo, float[] cols, int colo, int ld) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int cin = g.inChannels(), l = g.outVolume(), ow = out[2], plane = out[1] * out[2];
        int row = 0;
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < k[0]; a++) {
                for (int bb = 0; bb < k[1]; bb++) {
                    for (int e = 0; e < k[2]; e++) {
                        int dst = colo + row++ * ld;
                        int iw0 = e * d[2] - p[2];
                        int lo = firstInside(iw0, s[2]), hi = endInside(iw0, s[2], in[2], ow);
                        for (int od = 0; od < out[0]; od++) {
                            int id = od * s[0] - p[0] + a * d[0];
                            if (id < 0 || id >= in[0]) {
                                Arrays.fill(cols, dst, dst + plane, 0f);
                                dst += plane;
                                continue;
                            }
                            for (int oh = 0; oh < out[1]; oh++, dst += ow) {
                                int ih = oh * s[1] - p[1] + bb * d[1];
                                if (ih < 0 || ih >= in[1] || hi <= lo) {
                                    Arrays.fill(cols, dst, dst + ow, 0f);
                                    continue;
                                }
                                int src = xo + ((c * in[0] + id) * in[1] + ih) * in[2] + iw0;
                                for (int j = 0; j < lo; j++) cols[dst + j] = 0f;
                                if (s[2] == 1) System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                                else for (int j = lo; j < hi; j++) cols[dst + j] = x[src + j * s[2]];
                                for (int j = hi; j < ow; j++) cols[dst + j] = 0f;
                            }
                        }
                    }
                }
            }
        }
        assert row == cin * g.kernelVolume() && l == out[0] * plane;
    }

    /** The adjoint of {@link #im2col}: adds each column entry into the input element it was read from. */
    static void col2im(ConvGeometry g, float[] cols, int colo, float[] x, int xo) {
        col2im(g, cols, colo, g.outVolume(), x, xo);
    }

    /** {@link #col2im} from a matrix whose rows are {@code ld} apart. */
    static void col2im(ConvGeometry g, float[] cols, int colo, int ld, float[] x, int xo) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int cin = g.inChannels(), ow = out[2], plane = out[1] * out[2];
        int row = 0;
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < k[0]; a++) {
                for (int bb = 0; bb < k[1]; bb++) {
                    for (int e = 0; e < k[2]; e++) {
                        int src = colo + row++ * ld;
                        int iw0 = e * d[2] - p[2];
                        int lo = firstInside(iw0, s[2]), hi = endInside(iw0, s[2], in[2], ow);
                        for (int od = 0; od < out[0]; od++) {
                            int id = od * s[0] - p[0] + a * d[0];
                            if (id < 0 || id >= in[0]) {
                                src += plane;
                                continue;
                            }
                            for (int oh = 0; oh < out[1]; oh++, src += ow) {
                                int ih = oh * s[1] - p[1] + bb * d[1];
                                if (ih < 0 || ih >= in[1]) continue;
                                int dst = xo + ((c * in[0] + id) * in[1] + ih) * in[2] + iw0;
                                if (s[2] == 1) for (int j = lo; j < hi; j++) x[dst + j] += cols[src + j];
                                else for (int j = lo; j < hi; j++) x[dst + j * s[2]] += cols[src + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first output column whose input column {@code iw0 + j·stride} is not left of the input. */
    private static int firstInside(int iw0, int stride) {
        return iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride;
    }

    /** One past the last output column (at most {@code ow}) whose input column is inside a row of {@code w}. */
    private static int endInside(int iw0, int stride, int w, int ow) {
        if (w - 1 - iw0 < 0) return 0;
        return Math.min(ow, (w - 1 - iw0) / stride + 1);
    }
}
