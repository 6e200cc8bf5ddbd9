package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch and layer normalisation on the CPU. Statistics are summed in float vector lanes over runs of at
 * most one plane (a few hundred elements) and in double across them, the precision PyTorch's CPU kernels
 * get from their double accumulators; the variance is the two-pass {@code Σ(x - mean)²}, never
 * {@code E[x²] - mean²}.
 */
final class CpuNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CpuNorm() {}

    /**
     * The lanes' sum in lane order. Not {@code reduceLanes(ADD)}: its order is the JIT's to choose, and its compiled and
     * interpreted forms round differently, so a training run's numbers depended on when C2 compiled the kernel (two
     * runs from one seed differed after one step on JDK 25).
     */
    static float sumLanes(FloatVector v) {
        // Each lane by a constant index: v.lane(l) in a loop took a slow path (bounds check and a lane-by-lane load), a
        // quarter of a LayerNorm's time.
        float s = 0f + v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3);
        if (L == 4) return s;
        s = s + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7);
        if (L == 8) return s;
        s = s + v.lane(8) + v.lane(9) + v.lane(10) + v.lane(11) + v.lane(12) + v.lane(13) + v.lane(14) + v.lane(15);
        if (L == 16) return s;
        for (int l = 16; l < L; l++) s += v.lane(l);
        return s;
    }

    private static final int L = S.length();

    static float sum(float[] a, int off, int n) {
        return sumDev(a, off, n, 0f);
    }

    /** {@code Σ (a - shift)}: with a shift near the mean, a float sum keeps its precision when |mean| ≫ std. */
    static float sumDev(float[] a, int off, int n, float shift) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        FloatVector sv = FloatVector.broadcast(S, shift);
        for (int e = S.loopBound(n); i < e; i += S.length()) acc = acc.add(FloatVector.fromArray(S, a, off + i).sub(sv));
        float s = sumLanes(acc);
        for (; i < n; i++) s += a[off + i] - shift;
        return s;
    }

    /** {@code Σ (a - m)²}. */
    static float sumSqDev(float[] a, int off, int n, float m) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        FloatVector mv = FloatVector.broadcast(S, m);
        for (int e = S.loopBound(n); i < e; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, a, off + i).sub(mv);
            acc = d.fma(d, acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            float d = a[off + i] - m;
            s += d * d;
        }
        return s;
    }

    /**
     * {@code Σ g} (summed as {@link #sum} sums) and {@code Σ g·(a - m)} in one pass over {@code g}: {@code out[0]},
     * {@code out[1]}.
     */
    static void sumAndDotDev(float[] g, int go, float[] a, int off, int n, float m, float[] out) {
        int i = 0;
        FloatVector sg = FloatVector.zero(S), sd = FloatVector.zero(S);
        FloatVector mv = FloatVector.broadcast(S, m);
        for (int e = S.loopBound(n); i < e; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            sg = sg.add(gv);
            sd = FloatVector.fromArray(S, a, off + i).sub(mv).fma(gv, sd);
        }
        float s1 = sumLanes(sg), s2 = sumLanes(sd);
        for (; i < n; i++) {
            s1 += g[go + i];
            s2 += g[go + i] * (a[off + i] - m);
        }
        out[0] = s1;
        out[1] = s2;
    }

    /** {@code y = x·scale + shift}. */
    static void affine(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        int i = 0;
        FloatVector sv = FloatVector.broadcast(S, scale), bv = FloatVector.broadcast(S, shift);
        for (int e = S.loopBound(n); i < e; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(sv, bv).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = x[xo + i] * scale + shift;
    }

    static void batchNormForward(float[] x, int xo, int n, int c, int inner, float[] w, int wo, float[] b, int bo,
                                 boolean training, double factor, float eps, float[] rm, int rmo, float[] rv, int rvo,
                                 float[] sm, int smo, float[] si, int sio, float[] y, int yo) {
        long count = (long) n * inner;
        Parallel.forRange(c, 3L * count, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mean, invstd;
                if (training) {
                    float shift = x[xo + ch * inner];
                    double s = 0;
                    for (int i = 0; i < n; i++) s += sumDev(x, xo + (i * c + ch) * inner, inner, shift);
                    double m = shift + s / count;
                    double v = 0;
                    for (int i = 0; i < n; i++) v += sumSqDev(x, xo + (i * c + ch) * inner, inner, (float) m);
                    // Σ(x - m₃₂)² where m₃₂ is m rounded: add back the rounding's share, count·(m - m₃₂)².
                    double dm = m - (float) m;
                    v -= count * dm * dm;
                    double biased = v / count;
                    mean = (float) m;
                    invstd = (float) (1.0 / Math.sqrt(biased + eps));
                    if (rm != null) {
                        rm[rmo + ch] = (float) ((1 - factor) * rm[rmo + ch] + factor * m);
                        double unbiased = count > 1 ? v / (count - 1) : Double.NaN;
                        rv[rvo + ch] = (float) ((1 - factor) * rv[rvo + ch] + factor * unbiased);
                    }
                } else {
                    mean = rm[rmo + ch];
                    invstd = (float) (1.0 / Math.sqrt((double) rv[rvo + ch] + eps));
                }
                sm[smo + ch] = mean;
                si[sio + ch] = invstd;
                float scale = w == null ? invstd : w[wo + ch] * invstd;
                float shift = (b == null ? 0f : b[bo + ch]) - mean * scale;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * inner;
                    affine(x, xo + off, y, yo + off, inner, scale, shift);
                }
            }
        });
    }

    static void batchNormBackward(float[] x, int xo, float[] gy, int go, int n, int c, int inner, float[] w, int wo,
                                  float[] sm, int smo, float[] si, int sio, boolean training,
                                  float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo) {
        long count = (long) n * inner;
        Parallel.forRange(c, 3L * count, (from, to) -> {
            float[] sums = new float[2];
            for (int ch = from; ch < to; ch++) {
                float mean = sm[smo + ch], invstd = si[sio + ch];
                double sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * inner;
                    sumAndDotDev(gy, go + off, x, xo + off, inner, mean, sums);
                    sg += sums[0];
                    sgx += sums[1];
                }
                // Σ gy·x̂ = invstd · Σ gy·(x - mean)
                double sgxhat = sgx * invstd;
                if (gw != null) gw[gwo + ch] = (float) sgxhat;
                if (gb != null) gb[gbo + ch] = (float) sg;
                if (gx == null) continue;
                float wv = w == null ? 1f : w[wo + ch];
                if (training) {
                    // gx = w·invstd·(gy - mean(gy) - x̂·mean(gy·x̂)),  x̂ = (x - mean)·invstd
                    float k = (float) (sgxhat / count) * invstd;
                    float gMean = (float) (sg / count);
                    float scale = wv * invstd;
                    for (int i = 0; i < n; i++) {
                        int off = (i * c + ch) * inner;
                        int xb = xo + off, gb2 = go + off, ob = gxo + off;
                        int j = 0;
                        // Vector ops in the scalar form's order, so both round alike (JDK 17 leaves this loop scalar).
                        for (int e = S.loopBound(inner); j < e; j += S.length()) {
                            FloatVector xv = FloatVector.fromArray(S, x, xb + j).sub(mean).mul(k);
                            FloatVector.fromArray(S, gy, gb2 + j).sub(gMean).sub(xv).mul(scale).intoArray(gx, ob + j);
                        }
                        for (; j < inner; j++) {
                            gx[ob + j] = (gy[gb2 + j] - gMean - (x[xb + j] - mean) * k) * scale;
                        }
                    }
                } else {
                    float scale = wv * invstd;
                    for (int i = 0; i < n; i++) {
                        int off = (i * c + ch) * inner;
                        affine(gy, go + off, gx, gxo + off, inner, scale, 0f);
                    }
                }
            }
        });
    }

    /** A row's mean in double, from a float sum of its deviations from its first element. */
    private static double rowMean(float[] x, int off, int d) {
        float shift = x[off];
        return shift + (double) sumDev(x, off, d, shift) / d;
    }

    /*
     * Layer norm normalises as (x - m₃₂)·rstd - (m - m₃₂)·rstd, where m₃₂ is the mean rounded to float: the
     * correction keeps full precision when |mean| ≫ std (PyTorch's float kernel computes x·rstd - m·rstd and
     * loses digits there; the fixtures' reference for that case is float64).
     */

    static void layerNormForward(float[] x, int xo, int rows, int d, float[] w, int wo, float[] b, int bo, float eps,
                                 float[] y, int yo, float[] mean, int mo, float[] rstd, int ro) {
        Parallel.forRange(rows, 3L * d, (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = xo + r * d;
                double m = rowMean(x, off, d);
                float mf = (float) m;
                double dm = m - mf;
                double v = sumSqDev(x, off, d, mf) / d - dm * dm;
                float rs = (float) (1.0 / Math.sqrt(v + eps));
                float corr = (float) (dm * rs);
                mean[mo + r] = mf;
                rstd[ro + r] = rs;
                int yOff = yo + r * d, j = 0;
                // In lanes, each value's operations as the one-by-one loop's (no fused multiply-add): the same bits.
                FloatVector mv = FloatVector.broadcast(S, mf), rv = FloatVector.broadcast(S, rs), cv = FloatVector.broadcast(S, corr);
                for (int e = S.loopBound(d); j < e; j += S.length()) {
                    FloatVector xh = FloatVector.fromArray(S, x, off + j).sub(mv).mul(rv).sub(cv);
                    if (w != null) xh = xh.mul(FloatVector.fromArray(S, w, wo + j));
                    xh = b == null ? xh.add(0f) : xh.add(FloatVector.fromArray(S, b, bo + j));
                    xh.intoArray(y, yOff + j);
                }
                for (; j < d; j++) {
                    float xh = (x[off + j] - mf) * rs - corr;
                    y[yOff + j] = (w == null ? xh : xh * w[wo + j]) + (b == null ? 0f : b[bo + j]);
                }
            }
        });
    }

    static void layerNormBackward(float[] x, int xo, float[] gy, int go, int rows, int d, float[] w, int wo,
                                  float[] mean, int mo, float[] rstd, int ro, float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo) {
        int chunks = Parallel.partialSumChunks(rows);
        double[][] wParts = new double[chunks][], bParts = new double[chunks][];
        Parallel.forRange(chunks, Parallel.MIN_PARALLEL_WORK, (cf, ct) -> {
            // Per row: x̂, ĝ = gy·w, ĝ·x̂ and gy·x̂ (gyx: the weight's gradient's terms) in lanes, then the sums one by one in order of j (in double, as
            // before: the same bits), then gx in lanes; each value's operations as the one-by-one loop's.
            float[] xhat = new float[d], gh = new float[d], ghx = new float[d], gyx = new float[d];
            int bound = S.loopBound(d);
            for (int c = cf; c < ct; c++) {
                double[] pw = gw != null ? (wParts[c] = new double[d]) : null;
                double[] pb = gb != null ? (bParts[c] = new double[d]) : null;
                for (int r = (int) ((long) rows * c / chunks), end = (int) ((long) rows * (c + 1) / chunks); r < end; r++) {
                    int off = xo + r * d, g0 = go + r * d;
                    float mf = mean[mo + r], rs = rstd[ro + r];
                    // The saved mean is rounded; its remainder comes back from the row (see the forward).
                    float corr = (float) ((rowMean(x, off, d) - mf) * rs);
                    FloatVector mv = FloatVector.broadcast(S, mf), rv = FloatVector.broadcast(S, rs), cv = FloatVector.broadcast(S, corr);
                    int j = 0;
                    for (; j < bound; j += S.length()) {
                        FloatVector xh = FloatVector.fromArray(S, x, off + j).sub(mv).mul(rv).sub(cv);
                        FloatVector g = FloatVector.fromArray(S, gy, g0 + j);
                        FloatVector h = w == null ? g : g.mul(FloatVector.fromArray(S, w, wo + j));
                        xh.intoArray(xhat, j);
                        h.intoArray(gh, j);
                        h.mul(xh).intoArray(ghx, j);
                        g.mul(xh).intoArray(gyx, j);
                    }
                    for (; j < d; j++) {
                        float xh = (x[off + j] - mf) * rs - corr, g = gy[g0 + j];
                        float h = w == null ? g : g * w[wo + j];
                        xhat[j] = xh;
                        gh[j] = h;
                        ghx[j] = h * xh;
                        gyx[j] = g * xh;
                    }
                    double s1 = 0, s2 = 0;
                    for (j = 0; j < d; j++) {
                        s1 += gh[j];
                        s2 += ghx[j];
                    }
                    if (pw != null) for (j = 0; j < d; j++) pw[j] += gyx[j];
                    if (pb != null) for (j = 0; j < d; j++) pb[j] += gy[g0 + j];
                    if (gx == null) continue;
                    // gx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)) with ĝ = gy·w
                    float m1 = (float) (s1 / d), m2 = (float) (s2 / d);
                    int xg = gxo + r * d;
                    FloatVector m1v = FloatVector.broadcast(S, m1), m2v = FloatVector.broadcast(S, m2);
                    for (j = 0; j < bound; j += S.length()) {
                        FloatVector.fromArray(S, gh, j).sub(m1v).sub(FloatVector.fromArray(S, xhat, j).mul(m2v)).mul(rv).intoArray(gx, xg + j);
                    }
                    for (; j < d; j++) gx[xg + j] = rs * (gh[j] - m1 - xhat[j] * m2);
                }
            }
        });
        for (int j = 0; j < d; j++) {
            double sw = 0, sb = 0;
            for (int c = 0; c < chunks; c++) {
                if (gw != null) sw += wParts[c][j];
                if (gb != null) sb += bParts[c][j];
            }
            if (gw != null) gw[gwo + j] = (float) sw;
            if (gb != null) gb[gbo + j] = (float) sb;
        }
    }
}
