package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.ReduceOp;

/** Reductions and softmax over the middle axis of {@code [outer, r, inner]}, in single passes. */
final class Reduce {
    private Reduce() {}

    static void reduce(ReduceOp op, float[] x, int xo, int outer, int r, int inner, float[] out, int oo, long[] idx, int io) {
        if (inner == 1) {
            Parallel.forRange(outer, r, (from, to) -> {
                for (int o = from; o < to; o++) {
                    int base = xo + o * r;
                    switch (op) {
                        case SUM, MEAN -> {
                            // Four partial sums in double: accurate and still pipelined.
                            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                            int j = 0;
                            for (; j + 3 < r; j += 4) {
                                s0 += x[base + j];
                                s1 += x[base + j + 1];
                                s2 += x[base + j + 2];
                                s3 += x[base + j + 3];
                            }
                            for (; j < r; j++) s0 += x[base + j];
                            double s = (s0 + s1) + (s2 + s3);
                            out[oo + o] = (float) (op == ReduceOp.MEAN ? s / r : s);
                        }
                        case MAX, MIN -> {
                            boolean max = op == ReduceOp.MAX;
                            float best = x[base];
                            int bi = 0;
                            for (int j = 1; j < r; j++) {
                                float v = x[base + j];
                                if (max ? (v > best || (Float.isNaN(v) && !Float.isNaN(best))) : (v < best || (Float.isNaN(v) && !Float.isNaN(best)))) {
                                    best = v;
                                    bi = j;
                                }
                            }
                            out[oo + o] = best;
                            if (idx != null) idx[io + o] = bi;
                        }
                    }
                }
            });
            return;
        }
        // inner > 1: walk rows of length 'inner', vectorisable across i.
        Parallel.forRange(outer * inner, r, (from, to) -> {
            // Split by outer when possible, by inner columns otherwise.
            for (int o = from / inner; o <= (to - 1) / inner; o++) {
                int i0 = Math.max(from - o * inner, 0), i1 = Math.min(to - o * inner, inner);
                int ob = oo + o * inner, xb = xo + o * r * inner;
                switch (op) {
                    case SUM, MEAN -> {
                        // Four vectors of columns summed down all r rows in registers (a bias's gradient: [rows, features]
                        // summed over the rows), then the columns left one vector or one at a time; each column in row order.
                        int i = i0;
                        for (; i + 4 * L <= i1; i += 4 * L) {
                            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                            for (int j = 0, row = xb + i; j < r; j++, row += inner) {
                                s0 = s0.add(FloatVector.fromArray(S, x, row));
                                s1 = s1.add(FloatVector.fromArray(S, x, row + L));
                                s2 = s2.add(FloatVector.fromArray(S, x, row + 2 * L));
                                s3 = s3.add(FloatVector.fromArray(S, x, row + 3 * L));
                            }
                            s0.intoArray(out, ob + i);
                            s1.intoArray(out, ob + i + L);
                            s2.intoArray(out, ob + i + 2 * L);
                            s3.intoArray(out, ob + i + 3 * L);
                        }
                        for (; i + L <= i1; i += L) {
                            FloatVector s0 = FloatVector.zero(S);
                            for (int j = 0, row = xb + i; j < r; j++, row += inner) s0 = s0.add(FloatVector.fromArray(S, x, row));
                            s0.intoArray(out, ob + i);
                        }
                        for (int t = i; t < i1; t++) out[ob + t] = 0f;
                        for (int j = 0; j < r && i < i1; j++) {
                            int row = xb + j * inner;
                            for (int t = i; t < i1; t++) out[ob + t] += x[row + t];
                        }
                        if (op == ReduceOp.MEAN) {
                            float inv = 1f / r;
                            for (int t = i0; t < i1; t++) out[ob + t] *= inv;
                        }
                    }
                    case MAX, MIN -> {
                        boolean max = op == ReduceOp.MAX;
                        for (int i = i0; i < i1; i++) {
                            out[ob + i] = x[xb + i];
                            if (idx != null) idx[io + o * inner + i] = 0;
                        }
                        for (int j = 1; j < r; j++) {
                            int row = xb + j * inner;
                            for (int i = i0; i < i1; i++) {
                                float v = x[row + i], best = out[ob + i];
                                // A NaN wins (the first one), as in the inner == 1 path and PyTorch.
                                if (max ? (v > best || (v != v && best == best)) : (v < best || (v != v && best == best))) {
                                    out[ob + i] = v;
                                    if (idx != null) idx[io + o * inner + i] = j;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static void softmax(boolean log, float[] x, int xo, float[] y, int yo, int outer, int r, int inner) {
        if (inner == 1) {
            softmaxRows(log, x, xo, y, yo, outer, r);
            return;
        }
        Parallel.forRange(outer * inner, r * 4L, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / inner, i = t % inner;
                int xb = xo + o * r * inner + i, yb = yo + o * r * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < r; j++) max = Math.max(max, x[xb + j * inner]);
                double sum = 0;
                for (int j = 0; j < r; j++) {
                    float e = (float) Math.exp(x[xb + j * inner] - max);
                    sum += e;
                    if (!log) y[yb + j * inner] = e;
                }
                if (log) {
                    float lse = (float) Math.log(sum);
                    for (int j = 0; j < r; j++) y[yb + j * inner] = x[xb + j * inner] - max - lse;
                } else {
                    float inv = (float) (1 / sum);
                    for (int j = 0; j < r; j++) y[yb + j * inner] *= inv;
                }
            }
        });
    }

    /**
     * Softmax over contiguous rows (the last dim: attention's scores, a classifier's logits) in float lanes: the row's max,
     * {@code x − max} written to {@code y}, {@link FloatMath#exp} over it in place (relative error below 3e-7, where
     * {@link Math#exp} one value at a time took ~6 ns a value), the sum, then the scale (softmax) or {@code x − max − log
     * sum} (log-softmax). A {@code -inf} score (a mask) gives 0. Each row's result is the same whatever the threads, and
     * whether the JIT has compiled this yet.
     */
    private static void softmaxRows(boolean log, float[] x, int xo, float[] y, int yo, int rows, int r) {
        int bound = S.loopBound(r), lanes = S.length();
        // Rows in blocks, each block in three passes: the rows' maxima and x − max, exp over the whole block at once (its
        // rows lie one after another: whole vectors across their ends, no value left to a one-value exp), then each row's
        // sum and scale. Every value's operations and every row's order of sums are the one-row-at-a-time loop's.
        int block = Math.max(1, Math.min(SOFTMAX_BLOCK_VALUES / Math.max(r, 1), 256));
        Parallel.forRange(rows, r * 4L, (from, to) -> {
            float[] maxes = new float[block];
            for (int b0 = from; b0 < to; b0 += block) {
                int b1 = Math.min(to, b0 + block);
                for (int o = b0; o < b1; o++) {
                    int xb = xo + o * r, yb = yo + o * r;
                    float max = Float.NEGATIVE_INFINITY;
                    int j = 0;
                    if (bound > 0) {
                        FloatVector m = FloatVector.fromArray(S, x, xb);
                        for (j = lanes; j < bound; j += lanes) m = m.max(FloatVector.fromArray(S, x, xb + j));
                        max = m.reduceLanes(VectorOperators.MAX);
                    }
                    for (; j < r; j++) max = Math.max(max, x[xb + j]);
                    maxes[o - b0] = max;
                    // A row of -inf (every position masked) has no max to take away: its values stay -inf - -inf = NaN, as PyTorch's.
                    for (j = 0; j < bound; j += lanes) FloatVector.fromArray(S, x, xb + j).sub(max).intoArray(y, yb + j);
                    for (; j < r; j++) y[yb + j] = x[xb + j] - max;
                }
                FloatMath.exp(y, yo + b0 * r, y, yo + b0 * r, (b1 - b0) * r);
                for (int o = b0; o < b1; o++) {
                    int xb = xo + o * r, yb = yo + o * r, j;
                    double sum = 0;
                    FloatVector acc = FloatVector.zero(S);
                    for (j = 0; j < bound; j += lanes) acc = acc.add(FloatVector.fromArray(S, y, yb + j));
                    // In lane order, not reduceLanes(ADD): a seeded run must repeat whenever the JIT compiles this (CpuNorm.sumLanes).
                    sum += CpuNorm.sumLanes(acc);
                    for (; j < r; j++) sum += y[yb + j];
                    if (log) {
                        float max = maxes[o - b0], lse = (float) Math.log(sum);
                        for (j = 0; j < bound; j += lanes) FloatVector.fromArray(S, x, xb + j).sub(max).sub(lse).intoArray(y, yb + j);
                        for (; j < r; j++) y[yb + j] = x[xb + j] - max - lse;
                    } else {
                        float inv = (float) (1 / sum);
                        for (j = 0; j < bound; j += lanes) FloatVector.fromArray(S, y, yb + j).mul(inv).intoArray(y, yb + j);
                        for (; j < r; j++) y[yb + j] *= inv;
                    }
                }
            }
        });
    }

    /** About how many values {@link #softmaxRows} takes in one block of rows (16 KiB of floats: they stay in L1). */
    private static final int SOFTMAX_BLOCK_VALUES = 4096;

    static void softmaxBackward(boolean log, float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int outer, int r, int inner) {
        if (inner == 1 && !log) {
            softmaxRowsBackward(y, yo, gy, go, gx, gxo, outer, r);
            return;
        }
        Parallel.forRange(outer * inner, r * 3L, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / inner, i = t % inner;
                int base = o * r * inner + i;
                double s = 0;
                if (log) {
                    for (int j = 0; j < r; j++) s += gy[go + base + j * inner];
                    float sf = (float) s;
                    for (int j = 0; j < r; j++) {
                        int k = base + j * inner;
                        gx[gxo + k] = gy[go + k] - (float) Math.exp(y[yo + k]) * sf;
                    }
                } else {
                    for (int j = 0; j < r; j++) s += gy[go + base + j * inner] * y[yo + base + j * inner];
                    float sf = (float) s;
                    for (int j = 0; j < r; j++) {
                        int k = base + j * inner;
                        gx[gxo + k] = y[yo + k] * (gy[go + k] - sf);
                    }
                }
            }
        });
    }

    /** {@code gx = y·(gy − Σ gy·y)} over contiguous rows, in float lanes (the sum in double, as the general path). */
    private static void softmaxRowsBackward(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int rows, int r) {
        int bound = S.loopBound(r), lanes = S.length();
        Parallel.forRange(rows, r * 3L, (from, to) -> {
            for (int o = from; o < to; o++) {
                int yb = yo + o * r, gb = go + o * r, xb = gxo + o * r;
                FloatVector acc = FloatVector.zero(S);
                int j = 0;
                for (; j < bound; j += lanes) acc = FloatVector.fromArray(S, gy, gb + j).fma(FloatVector.fromArray(S, y, yb + j), acc);
                double sum = CpuNorm.sumLanes(acc);
                for (; j < r; j++) sum += gy[gb + j] * y[yb + j];
                float sf = (float) sum;
                for (j = 0; j < bound; j += lanes) {
                    FloatVector.fromArray(S, y, yb + j).mul(FloatVector.fromArray(S, gy, gb + j).sub(sf)).intoArray(gx, xb + j);
                }
                for (; j < r; j++) gx[xb + j] = y[yb + j] * (gy[gb + j] - sf);
            }
        });
    }
}
