package layerlab.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.ConvGeometry;

/**
 * Direct convolution for the stride-1 1-D and 2-D case, the shape of most small CNNs. im2col + GEMM spends
 * more time copying than multiplying when a layer has few output channels (the column matrix is built, then
 * packed again by the GEMM, for 16 multiply-adds per element with 16 channels); here each image is copied
 * once into a zero-bordered scratch and the kernel reads it in place: per kernel tap it loads two vectors (along an
 * output row, from two rows when rows are narrow, or along the whole plane for small planes) and multiplies them into
 * a block of output channels held in registers (8 with AVX-512's 32 vector registers, 5 or 4 with AVX2's 16:
 * {@link #channelBlock}), which start at the bias and are stored into the output. Weights are
 * packed once per call so a tap's channel block is contiguous. Used for the forward pass and, with the kernel flipped
 * and the channel roles swapped, for the input gradient ({@link CpuConv}); the weight gradient has kernels of its own.
 */
final class CpuDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels per kernel call where the CPU has 32 vector registers (AVX-512); see {@link #channelBlock}. */
    private static final int CB = 8;
    /** Per-thread scratch: the zero-bordered image, the output tile; for the weight gradient images, gy and sums. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);
    /** The packed weights of a call, on the calling thread. */
    private static final ThreadLocal<float[][]> PACKED = ThreadLocal.withInitial(() -> new float[1][0]);

    private CpuDirectConv() {}

    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) s[slot] = new float[n];
        return s[slot];
    }

    /**
     * Fewer output positions than this per image leave most of a vector's lanes idle; im2col + GEMM with the images side
     * by side does better there (ResNet-18 at 32×32, two threads: its 256 channels at 2×2 22 → 90 GFLOP/s, its 128 at
     * 4×4 forward 3.96 → 2.95 ms; its 64 at 8×8 stay here: 1.9 ms against 5.0).
     */
    static final int MIN_OUTPUTS = 32;

    /**
     * Whether {@code g} is a stride-1 1-D/2-D convolution this kernel serves, with a per-group weight panel that
     * stays in L1/L2 (beyond that im2col + GEMM blocks better), and enough output positions to fill its vectors.
     */
    static boolean applies(ConvGeometry g) {
        int[] in = g.in(), k = g.kernel(), s = g.stride();
        return L >= 8 && in[0] == 1 && k[0] == 1 && g.out()[0] == 1 && s[1] == 1 && s[2] == 1
                && g.groupColumnRows() <= 2304 && g.outVolume() >= MIN_OUTPUTS;
    }

    /**
     * {@code y = conv(x, w) + bias}, where {@code w} is {@code [out, in/groups, kh, kw]} as a convolution stores it;
     * with {@code flipped}, {@code w} is instead the weight of the convolution this one is the input gradient of
     * ({@code [in, out/groups, kh, kw]} for this geometry's in/out), read transposed and rotated by 180°.
     */
    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, boolean flipped, float[] b, int bo, float[] y, int yo) {
        forward(g, x, xo, w, wo, flipped, b, bo, y, yo, channelBlock(g.outChannels() / g.groups()));
    }

    /** {@link #forward} in blocks of {@code cb} output channels (4, 5 or 8: tests try each on any CPU). */
    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, boolean flipped, float[] b, int bo, float[] y, int yo, int cb) {
        float[] wp = pack(g, w, wo, flipped, cb);
        int n = g.batch();
        int chunks = Parallel.batchChunks(n);
        // One image at a time when there are fewer images than threads: then its channel blocks go parallel.
        Parallel.forRange(chunks, Parallel.MIN_PARALLEL_WORK, (cf, ct) -> {
            for (int c = cf; c < ct; c++) {
                for (int img = n * c / chunks, end = n * (c + 1) / chunks; img < end; img++) {
                    image(g, cb, img, x, xo, wp, b, bo, y, yo, chunks == 1);
                }
            }
        });
    }

    /**
     * Output channels per kernel call for {@code coutG} channels a group: {@link #CB} with AVX-512's 32 vector registers.
     * With AVX2's 16, {@link #k8x2}'s 16 sums, two inputs and the broadcasts do not fit: C2 keeps five sums and an input
     * on the stack, each tap then waits on a store and a load per sum, and how long depends on where the scratch lies
     * (SimpleCNN's conv2 forward, one thread: 11 or 22 ms from one process to the next). Six channels (12 sums) still
     * spill one; five (10 sums) and four (8) fit: 7.6 and 8.4 ms. Where both take as many calls, four is faster (16
     * channels, NetWithResBlock's forward: 4.9 against 5.5 ms), so: the fewer kernel calls, four on a tie.
     */
    static int channelBlock(int coutG) {
        if (L >= 16) return CB;
        return (coutG + 4) / 5 < (coutG + 3) / 4 ? 5 : 4;
    }

    /** Packed weights: per group and block of {@code cb} output channels, {@code [in/groups][kh][kw][cb]}, zero past the last channel. */
    private static float[] pack(ConvGeometry g, float[] w, int wo, boolean flipped, int cb) {
        int groups = g.groups(), cinG = g.inChannels() / groups, coutG = g.outChannels() / groups;
        int kh = g.kernel()[1], kw = g.kernel()[2], taps = kh * kw;
        int blocks = (coutG + cb - 1) / cb;
        int size = groups * blocks * cinG * taps * cb;
        float[][] slot = PACKED.get();
        if (slot[0].length < size) slot[0] = new float[size];
        float[] p = slot[0];
        Arrays.fill(p, 0, size, 0f);
        for (int gi = 0; gi < groups; gi++) {
            for (int co = 0; co < coutG; co++) {
                int blockBase = ((gi * blocks + co / cb) * cinG) * taps * cb;
                for (int ci = 0; ci < cinG; ci++) {
                    for (int tap = 0; tap < taps; tap++) {
                        float v;
                        if (!flipped) {
                            v = w[wo + ((gi * coutG + co) * cinG + ci) * taps + tap];
                        } else {
                            // The forward convolution's weight is [this in = its out, this out/groups = its in/groups, k]:
                            // element (ci → co) is its (co ← ci) at the rotated tap.
                            v = w[wo + ((gi * cinG + ci) * coutG + co) * taps + (taps - 1 - tap)];
                        }
                        p[blockBase + (ci * taps + tap) * cb + co % cb] = v;
                    }
                }
            }
        }
        return p;
    }

    private static void image(ConvGeometry g, int cb, int img, float[] x, int xo, float[] wp, float[] b, int bo, float[] y, int yo,
                              boolean parallelBlocks) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), pad = g.padding(), dil = g.dilation();
        int groups = g.groups(), cin = g.inChannels(), cinG = cin / groups, coutG = g.outChannels() / groups;
        int oh = out[1], ow = out[2], kh = k[1], kw = k[2], dh = dil[1], dw = dil[2], taps = kh * kw;
        int blocks = (coutG + cb - 1) / cb, plane = oh * ow;
        // By rows: wide rows two vectors at a time along the row, rows of one vector in pairs of rows. Flat: the plane's
        // positions one after another (see shiftedPlanes), which spends no lanes on rows' ends but reads kw copies of the
        // input, more than L1 holds: it pays where rows waste many lanes (7×7: half the calls), not at 14×14 or 28×28.
        boolean narrow = ow <= L;
        int vw = narrow ? L : (ow + 2 * L - 1) / (2 * L) * (2 * L);
        int ohPad = narrow ? oh + (oh & 1) : oh;
        int rowCalls = narrow ? ohPad / 2 : oh * vw / (2 * L), flatCalls = (plane + 2 * L - 1) / (2 * L);
        boolean flat = flatCalls * 4 <= rowCalls * 3;
        int ph = (flat ? oh : ohPad) + (kh - 1) * dh, pw = vw + (kw - 1) * dw, xPlane = ph * ow + 2 * L;
        int xImg = xo + img * cin * in[1] * in[2];
        float[] xs = flat ? shiftedPlanes(0, x, xImg, cin, in[1], in[2], pad[1], pad[2], kw, dw, ow, ph, xPlane)
                : padded(x, xImg, cin, in[1], in[2], pad[1], pad[2], ph, pw);
        int yImg = yo + img * g.outChannels() * plane;
        int jobs = groups * blocks;
        int[] offs = new int[cinG * taps];
        for (int c = 0; c < cinG; c++) {
            for (int r = 0; r < kh; r++) {
                for (int q = 0; q < kw; q++) {
                    offs[(c * kh + r) * kw + q] = flat ? (c * kw + q) * xPlane + r * dh * ow : c * ph * pw + r * dh * pw + q * dw;
                }
            }
        }
        int channelSize = flat ? kw * xPlane : ph * pw;
        Parallel.RangeBody body = (from, to) -> {
            float[] tile = scratch(1, CB * 2 * L);
            for (int job = from; job < to; job++) {
                int gi = job / blocks, blk = job % blocks;
                int wBase = job * cinG * taps * cb;
                int xBase = gi * cinG * channelSize;
                int co0 = gi * coutG + blk * cb, count = Math.min(cb, coutG - blk * cb), yBlock = yImg + co0 * plane;
                if (flat) {
                    for (int p = 0; p < plane; p += 2 * L) {
                        block(cb, xs, xBase + p, L, offs, wp, wBase, b, bo + co0, count, y, yBlock, p, L, plane,
                                Math.min(L, plane - p), Math.max(0, Math.min(L, plane - p - L)), tile);
                    }
                } else if (narrow) {
                    // Rows r and r + 1; an odd last row has no partner.
                    for (int r = 0; r < ohPad; r += 2) {
                        block(cb, xs, xBase + r * pw, pw, offs, wp, wBase, b, bo + co0, count, y, yBlock, r * ow, ow, plane,
                                ow, r + 1 < oh ? ow : 0, tile);
                    }
                } else {
                    for (int r = 0; r < oh; r++) {
                        for (int c0 = 0; c0 < vw; c0 += 2 * L) {
                            int left = ow - c0;
                            block(cb, xs, xBase + r * pw + c0, L, offs, wp, wBase, b, bo + co0, count, y, yBlock, r * ow + c0, L, plane,
                                    Math.min(L, left), Math.max(0, Math.min(L, left - L)), tile);
                        }
                    }
                }
            }
        };
        if (parallelBlocks) Parallel.forRange(jobs, (long) Math.min(flatCalls, rowCalls) * 2 * L * cinG * taps * cb * 2, body);
        else body.run(0, jobs);
    }

    /**
     * The image's {@code c} planes of {@code h × w} in the per-thread scratch as planes of {@code ph × pw}, at
     * ({@code padH}, {@code padW}), zero around them, row by row.
     */
    private static float[] padded(float[] x, int xImg, int c, int h, int w, int padH, int padW, int ph, int pw) {
        float[] xp = scratch(0, c * ph * pw);
        Arrays.fill(xp, 0, c * ph * pw, 0f);
        int c0 = Math.max(0, -padW), c1 = Math.min(w, pw - padW);
        if (c1 <= c0) return xp;
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) {
                int pr = r + padH;
                if (pr < 0 || pr >= ph) continue;
                System.arraycopy(x, xImg + (ch * h + r) * w + c0, xp, (ch * ph + pr) * pw + padW + c0, c1 - c0);
            }
        }
        return xp;
    }

    /**
     * An image's input for flat positions, in the per-thread scratch {@code slot}: per channel c and kernel column q a
     * plane of {@code xPlane} floats whose first {@code ph} rows of {@code ow} hold the input's channel c moved
     * {@code padH} rows down and {@code q·dw − padW} columns left, zero where that leaves the input; zeros after them.
     * Then the output's position p (row-major over rows of {@code ow}) reads tap (c, r, q) at {@code p + r·dh·ow} of
     * plane (c, q), for every p alike: no lane is spent on a row's end. Every place is written, so the scratch needs no
     * clearing.
     */
    private static float[] shiftedPlanes(int slot, float[] x, int xImg, int cin, int h, int w, int padH, int padW, int kw, int dw, int ow,
                                         int ph, int xPlane) {
        float[] xs = scratch(slot, cin * kw * xPlane);
        int rows = Math.max(0, Math.min(h, ph - padH));
        for (int c = 0; c < cin; c++) {
            int src = xImg + c * h * w;
            for (int q = 0; q < kw; q++) {
                // Column col of the plane is the input's column col + shift.
                int shift = q * dw - padW, dst = (c * kw + q) * xPlane, top = dst + padH * ow;
                Arrays.fill(xs, dst, top, 0f);
                if (w == ow) {
                    // Whole rows at once: the channel moved by shift floats, then the columns that came from the row
                    // before or after set to zero.
                    int from = Math.max(0, -shift), to = Math.min(rows * ow, rows * w - shift);
                    if (to > from) System.arraycopy(x, src + from + shift, xs, top + from, to - from);
                    Arrays.fill(xs, top + Math.max(from, to), top + rows * ow, 0f);
                    for (int r = 0; r < rows; r++) {
                        int row = top + r * ow;
                        for (int col = 0; col < -shift && col < ow; col++) xs[row + col] = 0f;
                        for (int col = Math.max(0, ow - shift); col < ow; col++) xs[row + col] = 0f;
                    }
                } else {
                    int c0 = Math.min(ow, Math.max(0, -shift)), c1 = Math.max(c0, Math.min(ow, w - shift));
                    for (int r = 0; r < rows; r++) {
                        int row = top + r * ow;
                        Arrays.fill(xs, row, row + c0, 0f);
                        if (c1 > c0) System.arraycopy(x, src + r * w + c0 + shift, xs, row + c0, c1 - c0);
                        Arrays.fill(xs, row + c1, row + ow, 0f);
                    }
                }
                Arrays.fill(xs, top + rows * ow, dst + xPlane, 0f);
            }
        }
        return xs;
    }

    /**
     * One call of {@link #k8x2} for output elements {@code at} (first vector, {@code n0} lanes) and {@code at + y2}
     * (second, {@code n1} lanes) of the block's channel planes from {@code yBlock}. Its whole vectors go straight into
     * {@code y} when they stay inside the channel's plane: the lanes past a row's end land on later rows (or later
     * columns), which later calls write over, as they go in order. At a plane's end they would reach the next
     * channel's plane (or past the output), so there the sums go to {@code tile} and only their lanes are copied.
     * (Masked stores would do, but C2 compiles them to a slow path here: 5× slower in all.)
     */
    private static void block(int cb, float[] xp, int xi, int x2, int[] offs, float[] wp, int wi, float[] b, int bi, int count, float[] y,
                              int yBlock, int at, int y2, int plane, int n0, int n1, float[] tile) {
        if (at + y2 + L <= plane) {
            kernel(cb, xp, xi, x2, offs, wp, wi, b, bi, count, y, yBlock + at, y2, plane);
            return;
        }
        kernel(cb, xp, xi, x2, offs, wp, wi, b, bi, count, tile, 0, L, 2 * L);
        for (int j = 0; j < count; j++) {
            int dst = yBlock + j * plane + at;
            System.arraycopy(tile, j * 2 * L, y, dst, n0);
            if (n1 > 0) System.arraycopy(tile, j * 2 * L + L, y, dst + y2, n1);
        }
    }

    /** The kernel for blocks of {@code cb} output channels ({@link #channelBlock}). */
    private static void kernel(int cb, float[] x, int xi, int x2, int[] offs, float[] w, int wi, float[] b, int bi, int count,
                               float[] t, int ti, int t2, int tStride) {
        switch (cb) {
            case 8 -> k8x2(x, xi, x2, offs, offs.length, w, wi, b, bi, count, t, ti, t2, tStride);
            case 5 -> k5x2(x, xi, x2, offs, offs.length, w, wi, b, bi, count, t, ti, t2, tStride);
            case 4 -> k4x2(x, xi, x2, offs, offs.length, w, wi, b, bi, count, t, ti, t2, tStride);
            default -> throw new IllegalArgumentException("no kernel for blocks of " + cb + " channels");
        }
    }


    /** {@link #k8x2} for 4 output channels (AVX2, where 8 would spill: {@link #channelBlock}). */
    private static void k4x2(float[] x, int xi, int x2, int[] offs, int n, float[] w, int wi, float[] b, int bi, int count,
                             float[] t, int ti, int t2, int tStride) {
        FloatVector a0 = bias(b, bi, 0, count), b0 = bias(b, bi, 1, count), c0 = bias(b, bi, 2, count), d0 = bias(b, bi, 3, count);
        FloatVector a1 = a0, b1 = b0, c1 = c0, d1 = d0;
        for (int tap = 0; tap < n; tap++, wi += 4) {
            int xq = xi + offs[tap];
            FloatVector v0 = FloatVector.fromArray(S, x, xq), v1 = FloatVector.fromArray(S, x, xq + x2);
            FloatVector s = FloatVector.broadcast(S, w[wi]);
            a0 = s.fma(v0, a0);
            a1 = s.fma(v1, a1);
            s = FloatVector.broadcast(S, w[wi + 1]);
            b0 = s.fma(v0, b0);
            b1 = s.fma(v1, b1);
            s = FloatVector.broadcast(S, w[wi + 2]);
            c0 = s.fma(v0, c0);
            c1 = s.fma(v1, c1);
            s = FloatVector.broadcast(S, w[wi + 3]);
            d0 = s.fma(v0, d0);
            d1 = s.fma(v1, d1);
        }
        a0.intoArray(t, ti);
        a1.intoArray(t, ti + t2);
        if (count > 1) {
            b0.intoArray(t, ti += tStride);
            b1.intoArray(t, ti + t2);
        }
        if (count > 2) {
            c0.intoArray(t, ti += tStride);
            c1.intoArray(t, ti + t2);
        }
        if (count > 3) {
            d0.intoArray(t, ti += tStride);
            d1.intoArray(t, ti + t2);
        }
    }

    /** {@link #k8x2} for 5 output channels (AVX2: 10 sums, two inputs and the broadcasts in 16 registers). */
    private static void k5x2(float[] x, int xi, int x2, int[] offs, int n, float[] w, int wi, float[] b, int bi, int count,
                             float[] t, int ti, int t2, int tStride) {
        FloatVector a0 = bias(b, bi, 0, count), b0 = bias(b, bi, 1, count), c0 = bias(b, bi, 2, count), d0 = bias(b, bi, 3, count);
        FloatVector e0 = bias(b, bi, 4, count);
        FloatVector a1 = a0, b1 = b0, c1 = c0, d1 = d0, e1 = e0;
        for (int tap = 0; tap < n; tap++, wi += 5) {
            int xq = xi + offs[tap];
            FloatVector v0 = FloatVector.fromArray(S, x, xq), v1 = FloatVector.fromArray(S, x, xq + x2);
            FloatVector s = FloatVector.broadcast(S, w[wi]);
            a0 = s.fma(v0, a0);
            a1 = s.fma(v1, a1);
            s = FloatVector.broadcast(S, w[wi + 1]);
            b0 = s.fma(v0, b0);
            b1 = s.fma(v1, b1);
            s = FloatVector.broadcast(S, w[wi + 2]);
            c0 = s.fma(v0, c0);
            c1 = s.fma(v1, c1);
            s = FloatVector.broadcast(S, w[wi + 3]);
            d0 = s.fma(v0, d0);
            d1 = s.fma(v1, d1);
            s = FloatVector.broadcast(S, w[wi + 4]);
            e0 = s.fma(v0, e0);
            e1 = s.fma(v1, e1);
        }
        a0.intoArray(t, ti);
        a1.intoArray(t, ti + t2);
        if (count > 1) {
            b0.intoArray(t, ti += tStride);
            b1.intoArray(t, ti + t2);
        }
        if (count > 2) {
            c0.intoArray(t, ti += tStride);
            c1.intoArray(t, ti + t2);
        }
        if (count > 3) {
            d0.intoArray(t, ti += tStride);
            d1.intoArray(t, ti + t2);
        }
        if (count > 4) {
            e0.intoArray(t, ti += tStride);
            e1.intoArray(t, ti + t2);
        }
    }

    /**
     * 8 output channels × two vectors — the second {@code x2} after the first in the input and {@code t2} in the
     * output: the next 16 columns of a wide row, or the same columns of the next row when rows are narrow — summed
     * over every (input channel, tap) in one flat loop over precomputed input offsets, because C2 keeps vector
     * accumulators in registers across a single loop but boxes them across nested ones. The sums start at the
     * channels' biases ({@code b} null: 0); the first {@code count} channels' go to {@code t} ({@code tStride} apart),
     * the first vector before the second.
     */
    private static void k8x2(float[] x, int xi, int x2, int[] offs, int n, float[] w, int wi, float[] b, int bi, int count,
                             float[] t, int ti, int t2, int tStride) {
        FloatVector a0 = bias(b, bi, 0, count), b0 = bias(b, bi, 1, count), c0 = bias(b, bi, 2, count), d0 = bias(b, bi, 3, count);
        FloatVector e0 = bias(b, bi, 4, count), f0 = bias(b, bi, 5, count), g0 = bias(b, bi, 6, count), h0 = bias(b, bi, 7, count);
        FloatVector a1 = a0, b1 = b0, c1 = c0, d1 = d0, e1 = e0, f1 = f0, g1 = g0, h1 = h0;
        for (int tap = 0; tap < n; tap++, wi += 8) {
            int xq = xi + offs[tap];
            FloatVector v0 = FloatVector.fromArray(S, x, xq), v1 = FloatVector.fromArray(S, x, xq + x2);
            FloatVector s = FloatVector.broadcast(S, w[wi]);
            a0 = s.fma(v0, a0);
            a1 = s.fma(v1, a1);
            s = FloatVector.broadcast(S, w[wi + 1]);
            b0 = s.fma(v0, b0);
            b1 = s.fma(v1, b1);
            s = FloatVector.broadcast(S, w[wi + 2]);
            c0 = s.fma(v0, c0);
            c1 = s.fma(v1, c1);
            s = FloatVector.broadcast(S, w[wi + 3]);
            d0 = s.fma(v0, d0);
            d1 = s.fma(v1, d1);
            s = FloatVector.broadcast(S, w[wi + 4]);
            e0 = s.fma(v0, e0);
            e1 = s.fma(v1, e1);
            s = FloatVector.broadcast(S, w[wi + 5]);
            f0 = s.fma(v0, f0);
            f1 = s.fma(v1, f1);
            s = FloatVector.broadcast(S, w[wi + 6]);
            g0 = s.fma(v0, g0);
            g1 = s.fma(v1, g1);
            s = FloatVector.broadcast(S, w[wi + 7]);
            h0 = s.fma(v0, h0);
            h1 = s.fma(v1, h1);
        }
        a0.intoArray(t, ti);
        a1.intoArray(t, ti + t2);
        if (count > 1) {
            b0.intoArray(t, ti += tStride);
            b1.intoArray(t, ti + t2);
        }
        if (count > 2) {
            c0.intoArray(t, ti += tStride);
            c1.intoArray(t, ti + t2);
        }
        if (count > 3) {
            d0.intoArray(t, ti += tStride);
            d1.intoArray(t, ti + t2);
        }
        if (count > 4) {
            e0.intoArray(t, ti += tStride);
            e1.intoArray(t, ti + t2);
        }
        if (count > 5) {
            f0.intoArray(t, ti += tStride);
            f1.intoArray(t, ti + t2);
        }
        if (count > 6) {
            g0.intoArray(t, ti += tStride);
            g1.intoArray(t, ti + t2);
        }
        if (count > 7) {
            h0.intoArray(t, ti += tStride);
            h1.intoArray(t, ti + t2);
        }
    }

    /** Channel {@code j}'s bias in every lane: 0 without biases and past the block's {@code count} channels. */
    private static FloatVector bias(float[] b, int bi, int j, int count) {
        return FloatVector.broadcast(S, b == null || j >= count ? 0f : b[bi + j]);
    }

    /** The most floats of per-thread sums the weight gradient keeps. */
    private static final int WG_FLOATS = 1 << 20;
    /** The fewest positions (vectors of an output row) a block of weight-gradient sums runs over between loading and storing them. */
    private static final int MIN_POSITIONS = 48;
    /**
     * The most floats of an image's column-shifted copies the flat weight gradient keeps per thread (16 MB; 64 channels
     * of 56×56 take 2.5 MB). Larger images go row by row, with one bordered copy, a third of the size.
     */
    private static final int FLAT_FLOATS = 1 << 22;

    /**
     * Whether {@link #weightGrad} serves {@code g}: {@link #applies}, at most 32 output channels per group (with more,
     * the GEMM's packed panels reuse each loaded column more often than these sums, which stream from L2), and a
     * bounded sum buffer.
     */
    static boolean appliesToWeightGrad(ConvGeometry g) {
        int groups = g.groups(), coutG = g.outChannels() / groups;
        int coutP = roundUp(coutG, 4), ktP = roundUp(g.groupColumnRows(), 4);
        return applies(g) && coutG <= 32 && (long) groups * coutP * ktP * L <= WG_FLOATS;
    }

    /**
     * The weight gradient {@code gw[co][ci][tap] = Σ gy[n,co,p]·x[n,ci,p+tap]} computed directly: each image is
     * copied with zero borders (x) and zero tails (gy, so lanes past the row end add nothing) into a scratch that
     * stays in L2, then 4 output × 4 (input channel, tap) sums are kept in vector lanes across every position of
     * the image, for every block in turn, and reduced at the end. No column matrix, no packing.
     */
    static void weightGrad(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        weightGrad(g, x, xo, gy, gyo, gw, gwo, L >= 16);
    }

    /**
     * {@link #weightGrad} with blocks of 4 output channels × 4 taps ({@code fourTaps}: {@link #k4x4}, for AVX-512's 32
     * registers) or × 2 taps ({@link #k4x4Half}, for AVX2's 16); the same sums in the same order (tests try both on any CPU).
     */
    static void weightGrad(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo, boolean fourTaps) {
        int n = g.batch();
        int chunks = Parallel.partialSumChunks(n);
        int groups = g.groups(), coutG = g.outChannels() / groups, kg = g.groupColumnRows();
        int coutP = roundUp(coutG, 4), ktP = roundUp(kg, 4);
        int partSize = groups * coutP * ktP * L;
        float[][] parts = new float[chunks][];
        Parallel.forRange(chunks, Parallel.MIN_PARALLEL_WORK, (cf, ct) -> {
            for (int c = cf; c < ct; c++) {
                float[] part = new float[partSize];
                weightGradChunk(g, n * c / chunks, n * (c + 1) / chunks, x, xo, gy, gyo, part, chunks == 1, fourTaps);
                parts[c] = part;
            }
        });
        // Each element's sum in the same order whatever the thread count; the rows of elements spread over the threads.
        Parallel.forRange(groups * coutG, (long) kg * chunks * L, (from, to) -> {
            for (int q = from; q < to; q++) {
                int gi = q / coutG, co = q % coutG;
                for (int k = 0; k < kg; k++) {
                    int at = ((gi * coutP + co) * ktP + k) * L;
                    double sum = 0;
                    for (float[] part : parts) for (int lane = 0; lane < L; lane++) sum += part[at + lane];
                    gw[gwo + (gi * coutG + co) * kg + k] = (float) sum;
                }
            }
        });
    }

    private static void weightGradChunk(ConvGeometry g, int from, int to, float[] x, int xo, float[] gy, int gyo, float[] part,
                                        boolean parallelBlocks, boolean fourTaps) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), pad = g.padding(), dil = g.dilation();
        int groups = g.groups(), cin = g.inChannels(), cout = g.outChannels(), cinG = cin / groups, coutG = cout / groups;
        int oh = out[1], ow = out[2], kh = k[1], kw = k[2], dh = dil[1], dw = dil[2], taps = kh * kw, kg = cinG * taps;
        int coutP = roundUp(coutG, 4), ktP = roundUp(kg, 4);
        int vw = roundUp(ow, L);
        int ph = oh + (kh - 1) * dh, pw = vw + (kw - 1) * dw;
        int xImgSize = cin * ph * pw, gImgSize = cout * oh * vw;
        int[] toff = new int[kg];
        for (int c = 0; c < cinG; c++) {
            for (int r = 0; r < kh; r++) {
                for (int q = 0; q < kw; q++) toff[(c * kh + r) * kw + q] = c * ph * pw + r * dh * pw + q * dw;
            }
        }
        // A few images at a time — one when its rows give a block of sums enough positions to outweigh loading and storing
        // them, more for small images: their bordered copies stay in L2 and every block of sums reads them from there.
        int perImage = oh * (vw / L);
        if (perImage >= MIN_POSITIONS && (long) cin * kw * ((oh + (kh - 1) * dh) * ow + L) <= FLAT_FLOATS) {
            weightGradFlat(g, from, to, x, xo, gy, gyo, part, parallelBlocks, fourTaps);
            return;
        }
        int together = Math.max(1, Math.min(to - from, (MIN_POSITIONS + perImage - 1) / perImage));
        // Positions: every vector of every output row of every image copied together.
        int[] gpos = new int[together * perImage], xpos = new int[together * perImage];
        for (int i = 0, q = 0; i < together; i++) {
            for (int r = 0; r < oh; r++) {
                for (int c0 = 0; c0 < vw; c0 += L, q++) {
                    gpos[q] = i * gImgSize + r * vw + c0;
                    xpos[q] = i * xImgSize + r * pw + c0;
                }
            }
        }
        int coBlocks = coutP / 4, tBlocks = ktP / 4, jobs = groups * coBlocks * tBlocks;
        float[] xs = scratch(2, together * xImgSize), gs = scratch(3, together * gImgSize);
        // Zeroed once: each image overwrites the same inside, so the borders and row tails stay zero.
        Arrays.fill(xs, 0, together * xImgSize, 0f);
        Arrays.fill(gs, 0, together * gImgSize, 0f);
        for (int first = from; first < to; first += together) {
            int images = Math.min(together, to - first);
            for (int i = 0; i < images; i++) {
                int img = first + i;
                for (int c = 0; c < cin; c++) {
                    for (int r = 0; r < in[1]; r++) {
                        int pr = r + pad[1];
                        int c1 = Math.min(in[2], pw - pad[2]);
                        if (pr < ph && c1 > 0) {
                            System.arraycopy(x, xo + ((img * cin + c) * in[1] + r) * in[2], xs, i * xImgSize + (c * ph + pr) * pw + pad[2], c1);
                        }
                    }
                }
                if (vw == ow) {
                    System.arraycopy(gy, gyo + img * gImgSize, gs, i * gImgSize, gImgSize);
                } else {
                    for (int row = 0; row < cout * oh; row++) {
                        System.arraycopy(gy, gyo + (img * cout * oh + row) * ow, gs, i * gImgSize + row * vw, ow);
                    }
                }
            }
            int positions = images * perImage;
            Parallel.RangeBody body = (jf, jt) -> {
                int[] ga = new int[4], xa = new int[4];
                for (int job = jf; job < jt; job++) {
                    int gi = job / (coBlocks * tBlocks), rest = job % (coBlocks * tBlocks), cb = rest / tBlocks, tb = rest % tBlocks;
                    for (int j = 0; j < 4; j++) {
                        int co = Math.min(cb * 4 + j, coutG - 1), tt = Math.min(tb * 4 + j, kg - 1);
                        ga[j] = (gi * coutG + co) * oh * vw;
                        xa[j] = gi * cinG * ph * pw + toff[tt];
                    }
                    int pOff = ((gi * coutP + cb * 4) * ktP + tb * 4) * L;
                    if (fourTaps) {
                        k4x4(gs, ga, xs, xa, gpos, xpos, positions, part, pOff, ktP * L);
                    } else {
                        k4x4Half(gs, ga, xs, xa[0], xa[1], gpos, xpos, positions, part, pOff, ktP * L);
                        k4x4Half(gs, ga, xs, xa[2], xa[3], gpos, xpos, positions, part, pOff + 2 * L, ktP * L);
                    }
                }
            };
            if (parallelBlocks) Parallel.forRange(jobs, 32L * positions, body);
            else body.run(0, jobs);
        }
    }

    /**
     * {@link #weightGradChunk} for images large enough to go one at a time, with the positions flat: the output's
     * {@code oh·ow} positions one after another, as gy holds them (read in place when they fill whole vectors, else
     * copied with a zero tail), and the input as {@link #shiftedPlanes}. Then a tap and gy read the same offset from
     * their starts at every position, one index for all loads ({@link #k4x4}'s linear form).
     */
    private static void weightGradFlat(ConvGeometry g, int from, int to, float[] x, int xo, float[] gy, int gyo, float[] part,
                                       boolean parallelBlocks, boolean fourTaps) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), pad = g.padding(), dil = g.dilation();
        int groups = g.groups(), cin = g.inChannels(), cout = g.outChannels(), cinG = cin / groups, coutG = cout / groups;
        int h = in[1], w = in[2], oh = out[1], ow = out[2], kh = k[1], kw = k[2], dh = dil[1], dw = dil[2], taps = kh * kw, kg = cinG * taps;
        int coutP = roundUp(coutG, 4), ktP = roundUp(kg, 4);
        int ph = oh + (kh - 1) * dh, positions = oh * ow, n = (positions + L - 1) / L, tail = n * L - positions;
        // A plane: ph rows of ow, then the zeros the last vector reads past the output's last position.
        int xPlane = ph * ow + tail;
        boolean gyInPlace = tail == 0;
        int gPlane = gyInPlace ? positions : n * L;
        int[] toff = new int[kg];
        for (int c = 0; c < cinG; c++) {
            for (int r = 0; r < kh; r++) {
                for (int q = 0; q < kw; q++) toff[(c * kh + r) * kw + q] = (c * kw + q) * xPlane + r * dh * ow;
            }
        }
        int coBlocks = coutP / 4, tBlocks = ktP / 4, jobs = groups * coBlocks * tBlocks;
        float[] gs = gyInPlace ? gy : scratch(3, cout * gPlane);
        // Zeroed once: each image writes the same places, so the tails stay zero.
        if (!gyInPlace) Arrays.fill(gs, 0, cout * gPlane, 0f);
        for (int img = from; img < to; img++) {
            float[] xs = shiftedPlanes(2, x, xo + img * cin * h * w, cin, h, w, pad[1], pad[2], kw, dw, ow, ph, xPlane);
            int gBase = gyInPlace ? gyo + img * cout * positions : 0;
            if (!gyInPlace) {
                for (int c = 0; c < cout; c++) System.arraycopy(gy, gyo + (img * cout + c) * positions, gs, c * gPlane, positions);
            }
            Parallel.RangeBody body = (jf, jt) -> {
                int[] ga = new int[4], xa = new int[4];
                for (int job = jf; job < jt; job++) {
                    int gi = job / (coBlocks * tBlocks), rest = job % (coBlocks * tBlocks), cb = rest / tBlocks, tb = rest % tBlocks;
                    for (int j = 0; j < 4; j++) {
                        int co = Math.min(cb * 4 + j, coutG - 1), tt = Math.min(tb * 4 + j, kg - 1);
                        ga[j] = gBase + (gi * coutG + co) * gPlane;
                        xa[j] = gi * cinG * kw * xPlane + toff[tt];
                    }
                    int pOff = ((gi * coutP + cb * 4) * ktP + tb * 4) * L;
                    if (fourTaps) {
                        k4x4(gs, ga, xs, xa, n, part, pOff, ktP * L);
                    } else {
                        k4x4Half(gs, ga, xs, xa[0], xa[1], n, part, pOff, ktP * L);
                        k4x4Half(gs, ga, xs, xa[2], xa[3], n, part, pOff + 2 * L, ktP * L);
                    }
                }
            };
            if (parallelBlocks) Parallel.forRange(jobs, 32L * n, body);
            else body.run(0, jobs);
        }
    }

    /**
     * {@link #k4x4} for two of the block's taps (x rows at {@code x0} and {@code x1}, their sums from {@code pOff}): with
     * AVX2's 16 vector registers, k4x4's 16 sums, four inputs and gy spill (the same sums, in the same order, twice as
     * many passes over gy).
     */
    private static void k4x4Half(float[] gy, int[] ga, float[] x, int x0, int x1, int[] gpos, int[] xpos, int n, float[] part, int pOff, int pRow) {
        int g0 = ga[0], g1 = ga[1], g2 = ga[2], g3 = ga[3];
        int r0 = pOff, r1 = r0 + pRow, r2 = r1 + pRow, r3 = r2 + pRow;
        FloatVector a0 = FloatVector.fromArray(S, part, r0), a1 = FloatVector.fromArray(S, part, r0 + L);
        FloatVector b0 = FloatVector.fromArray(S, part, r1), b1 = FloatVector.fromArray(S, part, r1 + L);
        FloatVector c0 = FloatVector.fromArray(S, part, r2), c1 = FloatVector.fromArray(S, part, r2 + L);
        FloatVector d0 = FloatVector.fromArray(S, part, r3), d1 = FloatVector.fromArray(S, part, r3 + L);
        for (int q = 0; q < n; q++) {
            int gp = gpos[q], xp = xpos[q];
            FloatVector v0 = FloatVector.fromArray(S, x, x0 + xp), v1 = FloatVector.fromArray(S, x, x1 + xp);
            FloatVector u = FloatVector.fromArray(S, gy, g0 + gp);
            a0 = u.fma(v0, a0);
            a1 = u.fma(v1, a1);
            u = FloatVector.fromArray(S, gy, g1 + gp);
            b0 = u.fma(v0, b0);
            b1 = u.fma(v1, b1);
            u = FloatVector.fromArray(S, gy, g2 + gp);
            c0 = u.fma(v0, c0);
            c1 = u.fma(v1, c1);
            u = FloatVector.fromArray(S, gy, g3 + gp);
            d0 = u.fma(v0, d0);
            d1 = u.fma(v1, d1);
        }
        a0.intoArray(part, r0);
        a1.intoArray(part, r0 + L);
        b0.intoArray(part, r1);
        b1.intoArray(part, r1 + L);
        c0.intoArray(part, r2);
        c1.intoArray(part, r2 + L);
        d0.intoArray(part, r3);
        d1.intoArray(part, r3 + L);
    }

    /** {@link #k4x4Half} over positions {@code q·L} of both gy and x (the flat layout). */
    private static void k4x4Half(float[] gy, int[] ga, float[] x, int x0, int x1, int n, float[] part, int pOff, int pRow) {
        int g0 = ga[0], g1 = ga[1], g2 = ga[2], g3 = ga[3];
        int r0 = pOff, r1 = r0 + pRow, r2 = r1 + pRow, r3 = r2 + pRow;
        FloatVector a0 = FloatVector.fromArray(S, part, r0), a1 = FloatVector.fromArray(S, part, r0 + L);
        FloatVector b0 = FloatVector.fromArray(S, part, r1), b1 = FloatVector.fromArray(S, part, r1 + L);
        FloatVector c0 = FloatVector.fromArray(S, part, r2), c1 = FloatVector.fromArray(S, part, r2 + L);
        FloatVector d0 = FloatVector.fromArray(S, part, r3), d1 = FloatVector.fromArray(S, part, r3 + L);
        for (int q = 0; q < n; q++) {
            int p = q * L;
            FloatVector v0 = FloatVector.fromArray(S, x, x0 + p), v1 = FloatVector.fromArray(S, x, x1 + p);
            FloatVector u = FloatVector.fromArray(S, gy, g0 + p);
            a0 = u.fma(v0, a0);
            a1 = u.fma(v1, a1);
            u = FloatVector.fromArray(S, gy, g1 + p);
            b0 = u.fma(v0, b0);
            b1 = u.fma(v1, b1);
            u = FloatVector.fromArray(S, gy, g2 + p);
            c0 = u.fma(v0, c0);
            c1 = u.fma(v1, c1);
            u = FloatVector.fromArray(S, gy, g3 + p);
            d0 = u.fma(v0, d0);
            d1 = u.fma(v1, d1);
        }
        a0.intoArray(part, r0);
        a1.intoArray(part, r0 + L);
        b0.intoArray(part, r1);
        b1.intoArray(part, r1 + L);
        c0.intoArray(part, r2);
        c1.intoArray(part, r2 + L);
        d0.intoArray(part, r3);
        d1.intoArray(part, r3 + L);
    }

    /**
     * Adds, lane-wise, {@code Σ_q gy[ga[i] + gpos[q]]·x[xa[j] + xpos[q]]} for a 4×4 block into {@code part}
     * (row i at {@code pOff + i·pRow}, column j {@code L} floats apart) — one flat loop, accumulators in registers.
     */
    private static void k4x4(float[] gy, int[] ga, float[] x, int[] xa, int[] gpos, int[] xpos, int n, float[] part, int pOff, int pRow) {
        int g0 = ga[0], g1 = ga[1], g2 = ga[2], g3 = ga[3], x0 = xa[0], x1 = xa[1], x2 = xa[2], x3 = xa[3];
        int r0 = pOff, r1 = r0 + pRow, r2 = r1 + pRow, r3 = r2 + pRow;
        FloatVector a0 = FloatVector.fromArray(S, part, r0), a1 = FloatVector.fromArray(S, part, r0 + L);
        FloatVector a2 = FloatVector.fromArray(S, part, r0 + 2 * L), a3 = FloatVector.fromArray(S, part, r0 + 3 * L);
        FloatVector b0 = FloatVector.fromArray(S, part, r1), b1 = FloatVector.fromArray(S, part, r1 + L);
        FloatVector b2 = FloatVector.fromArray(S, part, r1 + 2 * L), b3 = FloatVector.fromArray(S, part, r1 + 3 * L);
        FloatVector c0 = FloatVector.fromArray(S, part, r2), c1 = FloatVector.fromArray(S, part, r2 + L);
        FloatVector c2 = FloatVector.fromArray(S, part, r2 + 2 * L), c3 = FloatVector.fromArray(S, part, r2 + 3 * L);
        FloatVector d0 = FloatVector.fromArray(S, part, r3), d1 = FloatVector.fromArray(S, part, r3 + L);
        FloatVector d2 = FloatVector.fromArray(S, part, r3 + 2 * L), d3 = FloatVector.fromArray(S, part, r3 + 3 * L);
        for (int q = 0; q < n; q++) {
            int gp = gpos[q], xp = xpos[q];
            FloatVector v0 = FloatVector.fromArray(S, x, x0 + xp), v1 = FloatVector.fromArray(S, x, x1 + xp);
            FloatVector v2 = FloatVector.fromArray(S, x, x2 + xp), v3 = FloatVector.fromArray(S, x, x3 + xp);
            FloatVector u = FloatVector.fromArray(S, gy, g0 + gp);
            a0 = u.fma(v0, a0);
            a1 = u.fma(v1, a1);
            a2 = u.fma(v2, a2);
            a3 = u.fma(v3, a3);
            u = FloatVector.fromArray(S, gy, g1 + gp);
            b0 = u.fma(v0, b0);
            b1 = u.fma(v1, b1);
            b2 = u.fma(v2, b2);
            b3 = u.fma(v3, b3);
            u = FloatVector.fromArray(S, gy, g2 + gp);
            c0 = u.fma(v0, c0);
            c1 = u.fma(v1, c1);
            c2 = u.fma(v2, c2);
            c3 = u.fma(v3, c3);
            u = FloatVector.fromArray(S, gy, g3 + gp);
            d0 = u.fma(v0, d0);
            d1 = u.fma(v1, d1);
            d2 = u.fma(v2, d2);
            d3 = u.fma(v3, d3);
        }
        a0.intoArray(part, r0);
        a1.intoArray(part, r0 + L);
        a2.intoArray(part, r0 + 2 * L);
        a3.intoArray(part, r0 + 3 * L);
        b0.intoArray(part, r1);
        b1.intoArray(part, r1 + L);
        b2.intoArray(part, r1 + 2 * L);
        b3.intoArray(part, r1 + 3 * L);
        c0.intoArray(part, r2);
        c1.intoArray(part, r2 + L);
        c2.intoArray(part, r2 + 2 * L);
        c3.intoArray(part, r2 + 3 * L);
        d0.intoArray(part, r3);
        d1.intoArray(part, r3 + L);
        d2.intoArray(part, r3 + 2 * L);
        d3.intoArray(part, r3 + 3 * L);
    }

    /**
     * {@link #k4x4} over positions that lie one after another in both arrays ({@code gpos[q] = xpos[q] = q·L}): one
     * index for every load, so C2 checks the bounds once before the loop, not per load (45% faster alone).
     */
    private static void k4x4(float[] gy, int[] ga, float[] x, int[] xa, int n, float[] part, int pOff, int pRow) {
        int g0 = ga[0], g1 = ga[1], g2 = ga[2], g3 = ga[3], x0 = xa[0], x1 = xa[1], x2 = xa[2], x3 = xa[3];
        int r0 = pOff, r1 = r0 + pRow, r2 = r1 + pRow, r3 = r2 + pRow;
        FloatVector a0 = FloatVector.fromArray(S, part, r0), a1 = FloatVector.fromArray(S, part, r0 + L);
        FloatVector a2 = FloatVector.fromArray(S, part, r0 + 2 * L), a3 = FloatVector.fromArray(S, part, r0 + 3 * L);
        FloatVector b0 = FloatVector.fromArray(S, part, r1), b1 = FloatVector.fromArray(S, part, r1 + L);
        FloatVector b2 = FloatVector.fromArray(S, part, r1 + 2 * L), b3 = FloatVector.fromArray(S, part, r1 + 3 * L);
        FloatVector c0 = FloatVector.fromArray(S, part, r2), c1 = FloatVector.fromArray(S, part, r2 + L);
        FloatVector c2 = FloatVector.fromArray(S, part, r2 + 2 * L), c3 = FloatVector.fromArray(S, part, r2 + 3 * L);
        FloatVector d0 = FloatVector.fromArray(S, part, r3), d1 = FloatVector.fromArray(S, part, r3 + L);
        FloatVector d2 = FloatVector.fromArray(S, part, r3 + 2 * L), d3 = FloatVector.fromArray(S, part, r3 + 3 * L);
        for (int q = 0; q < n; q++) {
            int gp = q * L, xp = gp;
            FloatVector v0 = FloatVector.fromArray(S, x, x0 + xp), v1 = FloatVector.fromArray(S, x, x1 + xp);
            FloatVector v2 = FloatVector.fromArray(S, x, x2 + xp), v3 = FloatVector.fromArray(S, x, x3 + xp);
            FloatVector u = FloatVector.fromArray(S, gy, g0 + gp);
            a0 = u.fma(v0, a0);
            a1 = u.fma(v1, a1);
            a2 = u.fma(v2, a2);
            a3 = u.fma(v3, a3);
            u = FloatVector.fromArray(S, gy, g1 + gp);
            b0 = u.fma(v0, b0);
            b1 = u.fma(v1, b1);
            b2 = u.fma(v2, b2);
            b3 = u.fma(v3, b3);
            u = FloatVector.fromArray(S, gy, g2 + gp);
            c0 = u.fma(v0, c0);
            c1 = u.fma(v1, c1);
            c2 = u.fma(v2, c2);
            c3 = u.fma(v3, c3);
            u = FloatVector.fromArray(S, gy, g3 + gp);
            d0 = u.fma(v0, d0);
            d1 = u.fma(v1, d1);
            d2 = u.fma(v2, d2);
            d3 = u.fma(v3, d3);
        }
        a0.intoArray(part, r0);
        a1.intoArray(part, r0 + L);
        a2.intoArray(part, r0 + 2 * L);
        a3.intoArray(part, r0 + 3 * L);
        b0.intoArray(part, r1);
        b1.intoArray(part, r1 + L);
        b2.intoArray(part, r1 + 2 * L);
        b3.intoArray(part, r1 + 3 * L);
        c0.intoArray(part, r2);
        c1.intoArray(part, r2 + L);
        c2.intoArray(part, r2 + 2 * L);
        c3.intoArray(part, r2 + 3 * L);
        d0.intoArray(part, r3);
        d1.intoArray(part, r3 + L);
        d2.intoArray(part, r3 + 2 * L);
        d3.intoArray(part, r3 + 3 * L);
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
