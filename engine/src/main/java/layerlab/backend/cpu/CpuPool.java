package layerlab.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.PoolGeometry;
import layerlab.backend.SpatialKernels.PadMode;

/**
 * Pooling and padding on the CPU, parallel over planes (batch × channels); one pass over the input per
 * op. The window rules are PyTorch's CPU kernels' (max: first maximum wins, NaN propagates; average: the
 * divisor counts the padding up to the padded border when {@code count_include_pad}).
 */
final class CpuPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuPool() {}

    static void maxForward(PoolGeometry g, float[] x, int xo, float[] y, int yo, long[] idx, int io) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int inVol = g.inVolume(), outVol = g.outVolume();
        boolean fast2x2 = in[0] == 1 && k[0] == 1 && k[1] == 2 && k[2] == 2 && s[1] == 2 && s[2] == 2
                && p[1] == 0 && p[2] == 0 && d[1] == 1 && d[2] == 1 && out[1] * 2 <= in[1] && out[2] * 2 <= in[2];
        Parallel.forRange(g.planes(), (long) outVol * k[0] * k[1] * k[2], (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * inVol, yp = yo + pl * outVol, ip = io + pl * outVol;
                if (fast2x2) {
                    if (idx == null) max2x2(in[2], out[1], out[2], x, xp, y, yp);
                    else max2x2(in[2], out[1], out[2], x, xp, y, yp, idx, ip);
                    continue;
                }
                int o = 0;
                for (int od = 0; od < out[0]; od++) {
                    int d0 = od * s[0] - p[0];
                    int d1 = Math.min(d0 + (k[0] - 1) * d[0] + 1, in[0]);
                    while (d0 < 0) d0 += d[0];
                    for (int oh = 0; oh < out[1]; oh++) {
                        int h0 = oh * s[1] - p[1];
                        int h1 = Math.min(h0 + (k[1] - 1) * d[1] + 1, in[1]);
                        while (h0 < 0) h0 += d[1];
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int w0 = ow * s[2] - p[2];
                            int w1 = Math.min(w0 + (k[2] - 1) * d[2] + 1, in[2]);
                            while (w0 < 0) w0 += d[2];
                            if (d[2] == 1 && w1 - w0 >= L) {
                                int at = firstMax(x, xp, in[1], in[2], d0, d1, d[0], h0, h1, d[1], w0, w1);
                                if (at >= 0) {
                                    y[yp + o] = x[xp + at];
                                    if (idx != null) idx[ip + o] = at;
                                    continue;
                                }
                            }
                            int best = (d0 * in[1] + h0) * in[2] + w0;
                            float max = Float.NEGATIVE_INFINITY;
                            for (int id = d0; id < d1; id += d[0]) {
                                for (int ih = h0; ih < h1; ih += d[1]) {
                                    int row = (id * in[1] + ih) * in[2];
                                    for (int iw = w0; iw < w1; iw += d[2]) {
                                        // PyTorch's rule (a later element wins if greater or NaN) as selects, as max2x2 does:
                                        // a branch on the data mispredicts about half the time (3×3 windows 2.4× faster).
                                        float v = x[xp + row + iw];
                                        best = (v > max) | (v != v) ? row + iw : best;
                                        max = Math.max(max, v);
                                    }
                                }
                            }
                            y[yp + o] = x[xp + best]; // the winner itself (max may be +0.0 where it is −0.0)
                            if (idx != null) idx[ip + o] = best;
                        }
                    }
                }
            }
        });
    }

    /**
     * The winner of a window whose rows hold at least one vector (a text CNN's max over 50 positions): its maximum on
     * the Vector API (lanewise max is {@code Math.max}'s: NaN wins, +0.0 over −0.0), then the first position, in the
     * scalar loop's row-major order, whose value equals it (a vector compare at a time): the scalar rule's winner (a
     * later element wins only if greater, so ties and −0.0 against +0.0 keep the first). −1 when the window holds a
     * NaN: the scalar loop then picks the last NaN, as PyTorch does. textcnn_train's MaxPool1d(50) over 4,096 planes, 2 threads: 0.29 → 0.12
     * ms on JDK 25, 0.31 → 0.22 on JDK 17.
     */
    private static int firstMax(float[] x, int xp, int h, int w, int d0, int d1, int dd, int h0, int h1, int dh, int w0, int w1) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        float tail = Float.NEGATIVE_INFINITY;
        for (int id = d0; id < d1; id += dd) {
            for (int ih = h0; ih < h1; ih += dh) {
                int row = xp + (id * h + ih) * w, iw = w0;
                for (; iw <= w1 - L; iw += L) acc = acc.max(FloatVector.fromArray(S, x, row + iw));
                for (; iw < w1; iw++) tail = Math.max(tail, x[row + iw]);
            }
        }
        float m = Math.max(acc.reduceLanes(VectorOperators.MAX), tail);
        if (m != m) return -1;
        for (int id = d0; id < d1; id += dd) {
            for (int ih = h0; ih < h1; ih += dh) {
                int row = (id * h + ih) * w, iw = w0;
                for (; iw <= w1 - L; iw += L) {
                    int lane = FloatVector.fromArray(S, x, xp + row + iw).compare(VectorOperators.EQ, m).firstTrue();
                    if (lane < L) return row + iw + lane;
                }
                for (; iw < w1; iw++) if (x[xp + row + iw] == m) return row + iw;
            }
        }
        return -1;
    }

    /**
     * The common 2×2, stride-2 window without padding: four loads, no bounds checks, and no branches — the
     * winner is picked with int selects (conditional moves) under PyTorch's rule (a later element wins if
     * greater or NaN); data-dependent branches here mispredict about half the time.
     */
    private static void max2x2(int w, int oh, int ow, float[] x, int xp, float[] y, int yp, long[] idx, int ip) {
        for (int i = 0; i < oh; i++) {
            int r0 = xp + 2 * i * w, o = i * ow;
            for (int j = 0; j < ow; j++) {
                int a = r0 + 2 * j;
                float v0 = x[a], v1 = x[a + 1], v2 = x[a + w], v3 = x[a + w + 1];
                // Math.max tracks the running maximum exactly as the comparisons see it (NaN sticks).
                int best = (v1 > v0) | (v1 != v1) ? 1 : 0;
                float m = Math.max(v0, v1);
                best = (v2 > m) | (v2 != v2) ? w : best;
                m = Math.max(m, v2);
                best = (v3 > m) | (v3 != v3) ? w + 1 : best;
                int at = a + best;
                y[yp + o + j] = x[at];
                idx[ip + o + j] = at - xp;
            }
        }
    }

    /** {@link #max2x2} without indices, for inference: the maximum (NaN if any) of each window. */
    private static void max2x2(int w, int oh, int ow, float[] x, int xp, float[] y, int yp) {
        for (int i = 0; i < oh; i++) {
            int r0 = xp + 2 * i * w, o = yp + i * ow;
            for (int j = 0; j < ow; j++) {
                int a = r0 + 2 * j;
                y[o + j] = Math.max(Math.max(x[a], x[a + 1]), Math.max(x[a + w], x[a + w + 1]));
            }
        }
    }

    static void maxBackward(int planes, int inVol, int outVol, float[] gy, int go, long[] idx, int io, float[] gx, int gxo) {
        Parallel.forRange(planes, inVol + outVol, (from, to) -> {
            Arrays.fill(gx, gxo + from * inVol, gxo + to * inVol, 0f);
            for (int pl = from; pl < to; pl++) {
                int xp = gxo + pl * inVol, yp = go + pl * outVol, ip = io + pl * outVol;
                for (int o = 0; o < outVol; o++) gx[xp + (int) idx[ip + o]] += gy[yp + o];
            }
        });
    }

    /** Calls {@code body} with each output index and its window {@code [lo, hi)} per dim (clipped) and divisor. */
    private interface AvgWindow {
        void apply(int o, int d0, int d1, int h0, int h1, int w0, int w1, float divisor);
    }

    private static void avgWindows(PoolGeometry g, boolean countIncludePad, int divisorOverride, AvgWindow body) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding();
        int o = 0;
        for (int od = 0; od < out[0]; od++) {
            int d0 = od * s[0] - p[0], d1 = Math.min(d0 + k[0], in[0] + p[0]);
            int dn = d1 - d0;
            d0 = Math.max(d0, 0);
            d1 = Math.min(d1, in[0]);
            for (int oh = 0; oh < out[1]; oh++) {
                int h0 = oh * s[1] - p[1], h1 = Math.min(h0 + k[1], in[1] + p[1]);
                int hn = h1 - h0;
                h0 = Math.max(h0, 0);
                h1 = Math.min(h1, in[1]);
                for (int ow = 0; ow < out[2]; ow++, o++) {
                    int w0 = ow * s[2] - p[2], w1 = Math.min(w0 + k[2], in[2] + p[2]);
                    int wn = w1 - w0;
                    w0 = Math.max(w0, 0);
                    w1 = Math.min(w1, in[2]);
                    if (d0 >= d1 || h0 >= h1 || w0 >= w1) {
                        body.apply(o, 0, 0, 0, 0, 0, 0, 0f);
                        continue;
                    }
                    int divisor = divisorOverride > 0 ? divisorOverride
                            : countIncludePad ? dn * hn * wn : (d1 - d0) * (h1 - h0) * (w1 - w0);
                    body.apply(o, d0, d1, h0, h1, w0, w1, divisor);
                }
            }
        }
    }

    static void avgForward(PoolGeometry g, boolean countIncludePad, int divisorOverride, float[] x, int xo, float[] y, int yo) {
        int[] in = g.in();
        int inVol = g.inVolume(), outVol = g.outVolume();
        int[] k = g.kernel();
        Parallel.forRange(g.planes(), (long) outVol * k[0] * k[1] * k[2], (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * inVol, yp = yo + pl * outVol;
                avgWindows(g, countIncludePad, divisorOverride, (o, d0, d1, h0, h1, w0, w1, div) -> {
                    if (div == 0f) {
                        y[yp + o] = 0f;
                        return;
                    }
                    float sum = 0f;
                    for (int id = d0; id < d1; id++) {
                        for (int ih = h0; ih < h1; ih++) {
                            int row = xp + (id * in[1] + ih) * in[2];
                            for (int iw = w0; iw < w1; iw++) sum += x[row + iw];
                        }
                    }
                    y[yp + o] = sum / div;
                });
            }
        });
    }

    static void avgBackward(PoolGeometry g, boolean countIncludePad, int divisorOverride, float[] gy, int go, float[] gx, int gxo) {
        int[] in = g.in();
        int inVol = g.inVolume(), outVol = g.outVolume();
        int[] k = g.kernel();
        Parallel.forRange(g.planes(), (long) outVol * k[0] * k[1] * k[2], (from, to) -> {
            Arrays.fill(gx, gxo + from * inVol, gxo + to * inVol, 0f);
            for (int pl = from; pl < to; pl++) {
                int xp = gxo + pl * inVol, yp = go + pl * outVol;
                avgWindows(g, countIncludePad, divisorOverride, (o, d0, d1, h0, h1, w0, w1, div) -> {
                    if (div == 0f) return;
                    float v = gy[yp + o] / div;
                    for (int id = d0; id < d1; id++) {
                        for (int ih = h0; ih < h1; ih++) {
                            int row = xp + (id * in[1] + ih) * in[2];
                            for (int iw = w0; iw < w1; iw++) gx[row + iw] += v;
                        }
                    }
                });
            }
        });
    }

    /** PyTorch's adaptive windows along one dim: {@code [floor(i·in/out), ceil((i+1)·in/out))}. */
    private static int[][] adaptiveBounds(int in, int out) {
        int[] lo = new int[out], hi = new int[out];
        for (int i = 0; i < out; i++) {
            lo[i] = (int) Math.floorDiv((long) i * in, out);
            hi[i] = (int) -Math.floorDiv(-(long) (i + 1) * in, out);
        }
        return new int[][] {lo, hi};
    }

    static void adaptiveForward(boolean max, int planes, int[] in, int[] out, float[] x, int xo, float[] y, int yo, long[] idx, int io) {
        if (!max && out[0] == 1 && out[1] == 1 && out[2] == 1) {
            // Global average (AdaptiveAvgPool2d(1), the usual head): one vectorised sum per plane.
            int vol = in[0] * in[1] * in[2];
            Parallel.forRange(planes, vol, (from, to) -> {
                for (int pl = from; pl < to; pl++) y[yo + pl] = CpuNorm.sum(x, xo + pl * vol, vol) / vol;
            });
            return;
        }
        int[][] bd = adaptiveBounds(in[0], out[0]), bh = adaptiveBounds(in[1], out[1]), bw = adaptiveBounds(in[2], out[2]);
        int inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
        Parallel.forRange(planes, inVol + outVol, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * inVol, o = pl * outVol;
                for (int od = 0; od < out[0]; od++) {
                    for (int oh = 0; oh < out[1]; oh++) {
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                            int best = (bd[0][od] * in[1] + bh[0][oh]) * in[2] + bw[0][ow];
                            for (int id = bd[0][od]; id < bd[1][od]; id++) {
                                for (int ih = bh[0][oh]; ih < bh[1][oh]; ih++) {
                                    int row = (id * in[1] + ih) * in[2];
                                    if (max) {
                                        for (int iw = bw[0][ow]; iw < bw[1][ow]; iw++) {
                                            float v = x[xp + row + iw];
                                            if (v > acc || Float.isNaN(v)) {
                                                acc = v;
                                                best = row + iw;
                                            }
                                        }
                                    } else {
                                        for (int iw = bw[0][ow]; iw < bw[1][ow]; iw++) acc += x[xp + row + iw];
                                    }
                                }
                            }
                            if (max) {
                                y[yo + o] = acc;
                                idx[io + o] = best;
                            } else {
                                int count = (bd[1][od] - bd[0][od]) * (bh[1][oh] - bh[0][oh]) * (bw[1][ow] - bw[0][ow]);
                                y[yo + o] = acc / count;
                            }
                        }
                    }
                }
            }
        });
    }

    static void adaptiveAvgBackward(int planes, int[] in, int[] out, float[] gy, int go, float[] gx, int gxo) {
        if (out[0] == 1 && out[1] == 1 && out[2] == 1) {
            int vol = in[0] * in[1] * in[2];
            Parallel.forRange(planes, vol, (from, to) -> {
                for (int pl = from; pl < to; pl++) Arrays.fill(gx, gxo + pl * vol, gxo + (pl + 1) * vol, gy[go + pl] / vol);
            });
            return;
        }
        int[][] bd = adaptiveBounds(in[0], out[0]), bh = adaptiveBounds(in[1], out[1]), bw = adaptiveBounds(in[2], out[2]);
        int inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
        Parallel.forRange(planes, inVol + outVol, (from, to) -> {
            Arrays.fill(gx, gxo + from * inVol, gxo + to * inVol, 0f);
            for (int pl = from; pl < to; pl++) {
                int xp = gxo + pl * inVol, o = go + pl * outVol;
                for (int od = 0; od < out[0]; od++) {
                    for (int oh = 0; oh < out[1]; oh++) {
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int count = (bd[1][od] - bd[0][od]) * (bh[1][oh] - bh[0][oh]) * (bw[1][ow] - bw[0][ow]);
                            float v = gy[o] / count;
                            for (int id = bd[0][od]; id < bd[1][od]; id++) {
                                for (int ih = bh[0][oh]; ih < bh[1][oh]; ih++) {
                                    int row = xp + (id * in[1] + ih) * in[2];
                                    for (int iw = bw[0][ow]; iw < bw[1][ow]; iw++) gx[row + iw] += v;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** Per output position along each dim, the input position it reads (or -1 for the constant). */
    private static int[][] padSources(PadMode mode, int[] in, int[] out, int[] lo) {
        int[][] src = new int[3][];
        for (int a = 0; a < 3; a++) {
            src[a] = new int[out[a]];
            for (int i = 0; i < out[a]; i++) src[a][i] = mode.source(i, lo[a], in[a]);
        }
        return src;
    }

    static void pad(PadMode mode, float value, int planes, int[] in, int[] out, int[] lo, float[] x, int xo, float[] y, int yo) {
        int[][] src = padSources(mode, in, out, lo);
        int inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
        Parallel.forRange(planes, outVol, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * inVol, o = yo + pl * outVol;
                for (int od = 0; od < out[0]; od++) {
                    int sd = src[0][od];
                    for (int oh = 0; oh < out[1]; oh++) {
                        int sh = src[1][oh];
                        if (sd < 0 || sh < 0) {
                            Arrays.fill(y, o, o + out[2], value);
                            o += out[2];
                            continue;
                        }
                        int row = xp + (sd * in[1] + sh) * in[2];
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int sw = src[2][ow];
                            y[o] = sw < 0 ? value : x[row + sw];
                        }
                    }
                }
            }
        });
    }

    static void padBackward(PadMode mode, int planes, int[] in, int[] out, int[] lo, float[] gy, int go, float[] gx, int gxo) {
        int[][] src = padSources(mode, in, out, lo);
        int inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
        Parallel.forRange(planes, outVol, (from, to) -> {
            Arrays.fill(gx, gxo + from * inVol, gxo + to * inVol, 0f);
            for (int pl = from; pl < to; pl++) {
                int xp = gxo + pl * inVol, o = go + pl * outVol;
                for (int od = 0; od < out[0]; od++) {
                    int sd = src[0][od];
                    for (int oh = 0; oh < out[1]; oh++) {
                        int sh = src[1][oh];
                        if (sd < 0 || sh < 0) {
                            o += out[2];
                            continue;
                        }
                        int row = xp + (sd * in[1] + sh) * in[2];
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int sw = src[2][ow];
                            if (sw >= 0) gx[row + sw] += gy[o];
                        }
                    }
                }
            }
        });
    }
}
