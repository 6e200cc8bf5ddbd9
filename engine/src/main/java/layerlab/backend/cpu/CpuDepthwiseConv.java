package layerlab.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.ConvGeometry;

/**
 * Depthwise convolution (one filter per channel: {@code groups = in = out channels}), stride 1, as MobileNet's,
 * EfficientNet's and ConvNeXt's 3×3 to 7×7 layers are. The general kernels give each channel a GEMM of one row (or a
 * register block of 8 output channels of which one is used): 6 GFLOP/s for ConvNeXt's 7×7. Here each channel's plane is
 * copied once with zero borders, {@code Wp} wide, and its output is computed on the same {@code Wp}-wide grid, so that a
 * tap (r, s) is the plane read from {@code r·Wp + s} on: every tap one vector multiply-add per {@code L} positions, the
 * columns past the output's width computed and dropped. The input gradient is the same with the kernel rotated (the
 * adjoint of a stride-1 convolution), the weight gradient per channel a sum over images of gy times the shifted plane,
 * in vector lanes, reduced once per channel; threads take whole planes (forward) or whole channels (weight gradient).
 */
final class CpuDepthwiseConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** The largest bordered plane (floats) kept per thread; beyond it the general kernels run. */
    static final int MAX_PLANE = 1 << 20;
    /** Per thread: the bordered plane, the output grid (or gy on the grid), the weight gradient's lanes. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private CpuDepthwiseConv() {}

    /** Whether {@code g} is a 2-D (or 1-D) depthwise convolution of stride and dilation 1 with padding below the kernel's size. */
    static boolean applies(ConvGeometry g) {
        int[] k = g.kernel(), s = g.stride(), d = g.dilation(), p = g.padding(), in = g.in();
        int c = g.inChannels();
        if (c < 2 || g.groups() != c || g.outChannels() != c || in[0] != 1 || k[0] != 1 || g.out()[0] != 1) return false;
        if (s[1] != 1 || s[2] != 1 || d[1] != 1 || d[2] != 1 || p[1] >= k[1] || p[2] >= k[2]) return false;
        long plane = (long) (in[1] + 2 * p[1]) * (in[2] + 2 * p[2]) + k[2] + 2L * L;
        return g.out()[1] > 0 && g.out()[2] > 0 && plane <= MAX_PLANE;
    }

    /** The geometry of the input gradient: gy convolved with the rotated kernel, padded by k − 1 − p. */
    static ConvGeometry adjoint(ConvGeometry g) {
        int[] k = g.kernel(), p = g.padding();
        int[] pad = {0, k[1] - 1 - p[1], k[2] - 1 - p[2]};
        return new ConvGeometry(g.batch(), g.outChannels(), g.inChannels(), g.groups(), g.out(), g.in(), k, g.stride(), pad, g.dilation());
    }

    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) s[slot] = new float[n];
        return s[slot];
    }

    /**
     * {@code y[n, c] = b[c] + Σ w[c, r, s]·x[n, c] at (r, s) from each output position}; with {@code rotated}, the kernel
     * read turned by 180° (the input gradient, through {@link #adjoint}). {@code b} may be null.
     */
    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, boolean rotated, float[] b, int bo, float[] y, int yo) {
        int c = g.inChannels(), planes = g.batch() * c;
        int h = g.in()[1], wd = g.in()[2], kh = g.kernel()[1], kw = g.kernel()[2], ph = g.padding()[1], pw = g.padding()[2];
        int oh = g.out()[1], ow = g.out()[2], wp = wd + 2 * pw, hp = h + 2 * ph, taps = kh * kw;
        int grid = roundUp(oh * wp, L), padded = hp * wp + kw + L;
        int[] offs = offsets(taps, kw, wp);
        Parallel.forRange(planes, (long) grid * taps, (from, to) -> {
            float[] pad = scratch(0, padded), out = scratch(1, grid);
            Arrays.fill(pad, 0, padded, 0f);
            for (int pl = from; pl < to; pl++) {
                int ch = pl % c, wc = wo + ch * taps;
                border(x, xo + pl * h * wd, h, wd, pad, ph, pw, wp);
                float bias = b == null ? 0f : b[bo + ch];
                int v = 0;
                // Four vectors of the grid at once: four independent chains of multiply-adds (one chain is bound by the
                // FMA's latency), each tap's weight broadcast once for the four; every lane still sums its taps in order.
                // The taps go in one flat loop (offsets precomputed): across nested loops JDK 17's C2 boxes the sums
                // (the forward took 17 ms where JDK 25 took 0.9).
                for (; v + 4 * L <= grid; v += 4 * L) {
                    FloatVector a0 = FloatVector.broadcast(S, bias), a1 = a0, a2 = a0, a3 = a0;
                    for (int t = 0; t < taps; t++) {
                        FloatVector wt = FloatVector.broadcast(S, w[wc + (rotated ? taps - 1 - t : t)]);
                        int at = v + offs[t];
                        a0 = FloatVector.fromArray(S, pad, at).fma(wt, a0);
                        a1 = FloatVector.fromArray(S, pad, at + L).fma(wt, a1);
                        a2 = FloatVector.fromArray(S, pad, at + 2 * L).fma(wt, a2);
                        a3 = FloatVector.fromArray(S, pad, at + 3 * L).fma(wt, a3);
                    }
                    a0.intoArray(out, v);
                    a1.intoArray(out, v + L);
                    a2.intoArray(out, v + 2 * L);
                    a3.intoArray(out, v + 3 * L);
                }
                for (; v + 2 * L <= grid; v += 2 * L) {
                    FloatVector a0 = FloatVector.broadcast(S, bias), a1 = a0;
                    for (int t = 0; t < taps; t++) {
                        FloatVector wt = FloatVector.broadcast(S, w[wc + (rotated ? taps - 1 - t : t)]);
                        int at = v + offs[t];
                        a0 = FloatVector.fromArray(S, pad, at).fma(wt, a0);
                        a1 = FloatVector.fromArray(S, pad, at + L).fma(wt, a1);
                    }
                    a0.intoArray(out, v);
                    a1.intoArray(out, v + L);
                }
                for (; v < grid; v += L) {
                    FloatVector acc = FloatVector.broadcast(S, bias);
                    for (int t = 0; t < taps; t++) {
                        float wt = w[wc + (rotated ? taps - 1 - t : t)];
                        acc = FloatVector.fromArray(S, pad, v + offs[t]).fma(FloatVector.broadcast(S, wt), acc);
                    }
                    acc.intoArray(out, v);
                }
                int dst = yo + pl * oh * ow;
                for (int i = 0; i < oh; i++) System.arraycopy(out, i * wp, y, dst + i * ow, ow);
            }
        });
    }

    /** {@code gw[c, r, s] = Σ_n Σ_positions gy[n, c, position]·x[n, c, position + (r, s)]}: whole channels per thread. */
    static void weightGrad(ConvGeometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        int c = g.inChannels(), n = g.batch();
        int h = g.in()[1], wd = g.in()[2], kh = g.kernel()[1], kw = g.kernel()[2], ph = g.padding()[1], pw = g.padding()[2];
        int oh = g.out()[1], ow = g.out()[2], wp = wd + 2 * pw, hp = h + 2 * ph, taps = kh * kw;
        int grid = roundUp(oh * wp, L), padded = hp * wp + kw + L;
        int[] offs = offsets(taps, kw, wp);
        Parallel.forRange(c, (long) n * grid * taps, (from, to) -> {
            float[] pad = scratch(0, padded), gg = scratch(1, grid), sums = scratch(2, taps * L);
            Arrays.fill(pad, 0, padded, 0f);
            Arrays.fill(gg, 0, grid, 0f);
            for (int ch = from; ch < to; ch++) {
                Arrays.fill(sums, 0, taps * L, 0f);
                for (int img = 0; img < n; img++) {
                    int pl = img * c + ch;
                    border(x, xo + pl * h * wd, h, wd, pad, ph, pw, wp);
                    // gy on the Wp-wide grid, zero past each row's end, so those lanes add nothing.
                    for (int i = 0; i < oh; i++) System.arraycopy(gy, gyo + pl * oh * ow + i * ow, gg, i * wp, ow);
                    // Four taps at once (four independent chains over the grid), then the rest one by one; each tap's
                    // lanes still add the grid's vectors in order, image after image.
                    int t = 0;
                    for (; t + 4 <= taps; t += 4) {
                        int s0 = offs[t], s1 = offs[t + 1], s2 = offs[t + 2], s3 = offs[t + 3];
                        FloatVector a0 = FloatVector.fromArray(S, sums, t * L), a1 = FloatVector.fromArray(S, sums, (t + 1) * L);
                        FloatVector a2 = FloatVector.fromArray(S, sums, (t + 2) * L), a3 = FloatVector.fromArray(S, sums, (t + 3) * L);
                        for (int v = 0; v < grid; v += L) {
                            FloatVector gv = FloatVector.fromArray(S, gg, v);
                            a0 = gv.fma(FloatVector.fromArray(S, pad, v + s0), a0);
                            a1 = gv.fma(FloatVector.fromArray(S, pad, v + s1), a1);
                            a2 = gv.fma(FloatVector.fromArray(S, pad, v + s2), a2);
                            a3 = gv.fma(FloatVector.fromArray(S, pad, v + s3), a3);
                        }
                        a0.intoArray(sums, t * L);
                        a1.intoArray(sums, (t + 1) * L);
                        a2.intoArray(sums, (t + 2) * L);
                        a3.intoArray(sums, (t + 3) * L);
                    }
                    for (; t < taps; t++) {
                        int shift = offs[t];
                        FloatVector acc = FloatVector.fromArray(S, sums, t * L);
                        for (int v = 0; v < grid; v += L) acc = FloatVector.fromArray(S, gg, v).fma(FloatVector.fromArray(S, pad, v + shift), acc);
                        acc.intoArray(sums, t * L);
                    }
                }
                // The lanes summed in lane order (not reduceLanes(ADD), whose order is the JIT's: CpuNorm.sumLanes says why).
                for (int t = 0; t < taps; t++) {
                    float sum = 0f;
                    for (int l = 0; l < L; l++) sum += sums[t * L + l];
                    gw[gwo + ch * taps + t] = sum;
                }
            }
        });
    }

    /** The {@code h × w} plane at {@code src} into {@code pad}'s interior ({@code wp} wide, {@code ph}, {@code pw} of zeros around). */
    private static void border(float[] src, int at, int h, int w, float[] pad, int ph, int pw, int wp) {
        for (int i = 0; i < h; i++) System.arraycopy(src, at + i * w, pad, (i + ph) * wp + pw, w);
    }

    /** Where each of the {@code taps} of a kernel {@code kw} wide reads the {@code wp}-wide bordered plane, from an output position. */
    private static int[] offsets(int taps, int kw, int wp) {
        int[] offs = new int[taps];
        for (int t = 0; t < taps; t++) offs[t] = t / kw * wp + t % kw;
        return offs;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
