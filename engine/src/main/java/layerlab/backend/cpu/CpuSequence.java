package layerlab.backend.cpu;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.SequenceKernels;
import layerlab.tensor.Tensor;

/**
 * The recurrent cells on the CPU: one pass per row over the hidden units, the activations on the Vector
 * API ({@link FloatMath}: polynomials in plain arithmetic, the same bits in every JIT tier, where the API's own SVML
 * {@code EXP} and {@code TANH} were not), a scalar loop for the last {@code H mod lanes} units (masked vector loads are
 * not intrinsified on JDK 17 and cost more than the scalar tail). Rows are split across threads.
 */
public final class CpuSequence implements SequenceKernels {
    public static final CpuSequence INSTANCE = new CpuSequence();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private CpuSequence() {}

    @Override
    public void runIndependent(int count, IntConsumer task) {
        // One chunk per thread; kernels called inside a pool thread run inline (Parallel's rule), so each
        // task is single-threaded and the tasks share the cores without a hand-off per time step.
        Parallel.forChunks(count, (from, to) -> {
            for (int i = from; i < to; i++) task.accept(i);
        });
    }

    @Override
    public void stepLoop(Runnable steps) {
        Parallel.serially(steps);
    }

    // ------------------------------------------------------------------ shared pieces

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    private static boolean live(long[] len, int lo, int b, int t) {
        return len == null || t < len[lo + b];
    }

    private static long[] lengths(Tensor lengths) {
        return lengths == null ? null : CpuBackend.l(lengths);
    }

    private static int rowStride(Tensor t, int h) {
        return t == null ? 0 : (t.dim() < 2 || t.size(0) == 1 ? h : t.strides()[0]);
    }

    private static int units(Tensor state) {
        return state.size(state.dim() - 1);
    }

    /**
     * Below this many units a step runs on the calling thread: a 32×128 LSTM step takes ~9 µs on one core, less
     * than a fork-join hand-off costs on a busy machine (measured 3× slower on two threads).
     */
    private static final int PARALLEL_UNITS = 1 << 16;

    /** Splits rows over the threads when a step is big enough to pay for the hand-off. */
    private static void rows(int batch, int h, int costPerUnit, Parallel.RangeBody body) {
        if ((long) batch * h < PARALLEL_UNITS) body.run(0, batch);
        else Parallel.forRange(batch, (long) h * costPerUnit, body);
    }

    /** Copies a padded row's state through and zeroes its output. */
    private static void passThrough(float[] prev, int pb, float[] next, int nb, float[] o, int ob, int h) {
        System.arraycopy(prev, pb, next, nb, h);
        if (o != null) Arrays.fill(o, ob, ob + h, 0f);
    }

    // ------------------------------------------------------------------ Elman RNN

    @Override
    public void rnnCell(boolean relu, Tensor gates, Tensor hPrev, Tensor hNext, Tensor out, Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        float[] g = CpuBackend.f(gates), hp = CpuBackend.f(hPrev), hn = CpuBackend.f(hNext);
        float[] o = out == null ? null : CpuBackend.f(out);
        int go = gates.offset(), hpo = hPrev.offset(), hno = hNext.offset(), oo = out == null ? 0 : out.offset();
        int os = rowStride(out, h);
        long[] len = lengths(lengths);
        int lo = lengths == null ? 0 : lengths.offset();
        int bound = S.loopBound(h);
        rows(b, h, 8, (from, to) -> {
            for (int r = from; r < to; r++) {
                int gb = go + r * h, pb = hpo + r * h, nb = hno + r * h, ob = oo + r * os;
                if (!live(len, lo, r, t)) {
                    passThrough(hp, pb, hn, nb, o, ob, h);
                    continue;
                }
                if (!relu) {
                    FloatMath.tanh(g, gb, hn, nb, h);
                    if (o != null) System.arraycopy(hn, nb, o, ob, h);
                    continue;
                }
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector y = load(g, gb + j).max(0f);
                    y.intoArray(hn, nb + j);
                    if (o != null) y.intoArray(o, ob + j);
                }
                for (; j < h; j++) {
                    float y = Math.max(g[gb + j], 0f); // NaN stays NaN, as the vector body's max and torch.relu
                    hn[nb + j] = y;
                    if (o != null) o[ob + j] = y;
                }
            }
        });
    }

    @Override
    public void rnnCellBackward(boolean relu, Tensor hNext, Tensor gh, Tensor gOut, Tensor dGates, Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        float[] hn = CpuBackend.f(hNext), dh = CpuBackend.f(gh), dg = CpuBackend.f(dGates);
        float[] go = gOut == null ? null : CpuBackend.f(gOut);
        int hno = hNext.offset(), gho = gh.offset(), dgo = dGates.offset(), goo = gOut == null ? 0 : gOut.offset();
        int gs = rowStride(gOut, h);
        long[] len = lengths(lengths);
        int lo = lengths == null ? 0 : lengths.offset();
        int bound = S.loopBound(h);
        rows(b, h, 6, (from, to) -> {
            for (int r = from; r < to; r++) {
                int yb = hno + r * h, hb = gho + r * h, db = dgo + r * h, ob = goo + r * gs;
                if (!live(len, lo, r, t)) {
                    Arrays.fill(dg, db, db + h, 0f);
                    continue;
                }
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector gy = load(dh, hb + j);
                    if (go != null) gy = gy.add(load(go, ob + j));
                    FloatVector y = load(hn, yb + j);
                    FloatVector d = relu ? gy.blend(0f, y.compare(VectorOperators.LE, 0f)) : gy.mul(y.mul(y).neg().add(1f));
                    d.intoArray(dg, db + j);
                }
                for (; j < h; j++) {
                    float gy = dh[hb + j] + (go == null ? 0f : go[ob + j]);
                    float y = hn[yb + j];
                    // PyTorch's threshold_backward (y <= 0 ? 0 : g): a NaN pre-activation passes the gradient.
                    dg[db + j] = relu ? (y <= 0f ? 0f : gy) : gy * (1f - y * y);
                }
                Arrays.fill(dh, hb, hb + h, 0f);
            }
        });
    }

    // ------------------------------------------------------------------ LSTM

    @Override
    public void lstmCell(Tensor gates, Tensor cPrev, Tensor hPrev, Tensor cNext, Tensor hNext, Tensor tanhC, Tensor out,
                         Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        float[] g = CpuBackend.f(gates), cp = CpuBackend.f(cPrev), hp = CpuBackend.f(hPrev);
        float[] cn = CpuBackend.f(cNext), hn = CpuBackend.f(hNext), tc = CpuBackend.f(tanhC);
        float[] o = out == null ? null : CpuBackend.f(out);
        int go = gates.offset(), cpo = cPrev.offset(), hpo = hPrev.offset(), cno = cNext.offset(), hno = hNext.offset();
        int tco = tanhC.offset(), oo = out == null ? 0 : out.offset();
        int os = rowStride(out, h);
        long[] len = lengths(lengths);
        int lo = lengths == null ? 0 : lengths.offset();
        int bound = S.loopBound(h);
        rows(b, h, 24, (from, to) -> {
            for (int r = from; r < to; r++) {
                int gi = go + r * 4 * h, gf = gi + h, gg = gf + h, goo = gg + h;
                int sb = r * h, ob = oo + r * os;
                if (!live(len, lo, r, t)) {
                    passThrough(hp, hpo + sb, hn, hno + sb, o, ob, h);
                    System.arraycopy(cp, cpo + sb, cn, cno + sb, h);
                    continue;
                }
                // The gates' activations in place (the backward pass reads them there): i and f, g, o.
                FloatMath.sigmoid(g, gi, g, gi, 2 * h);
                FloatMath.tanh(g, gg, g, gg, h);
                FloatMath.sigmoid(g, goo, g, goo, h);
                int j = 0;
                for (; j < bound; j += L) load(g, gf + j).mul(load(cp, cpo + sb + j)).add(load(g, gi + j).mul(load(g, gg + j))).intoArray(cn, cno + sb + j);
                for (; j < h; j++) cn[cno + sb + j] = g[gf + j] * cp[cpo + sb + j] + g[gi + j] * g[gg + j];
                FloatMath.tanh(cn, cno + sb, tc, tco + sb, h);
                for (j = 0; j < bound; j += L) {
                    FloatVector hv = load(g, goo + j).mul(load(tc, tco + sb + j));
                    hv.intoArray(hn, hno + sb + j);
                    if (o != null) hv.intoArray(o, ob + j);
                }
                for (; j < h; j++) {
                    float hv = g[goo + j] * tc[tco + sb + j];
                    hn[hno + sb + j] = hv;
                    if (o != null) o[ob + j] = hv;
                }
            }
        });
    }

    @Override
    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor tanhC, Tensor gh, Tensor gc, Tensor gOut, Tensor dGates,
                                 Tensor lengths, int t) {
        int b = gh.size(0), h = units(gh);
        float[] g = CpuBackend.f(gates), cp = CpuBackend.f(cPrev), tc = CpuBackend.f(tanhC);
        float[] dh = CpuBackend.f(gh), dc = CpuBackend.f(gc), dg = CpuBackend.f(dGates);
        float[] gy = gOut == null ? null : CpuBackend.f(gOut);
        int go = gates.offset(), cpo = cPrev.offset(), tco = tanhC.offset(), gho = gh.offset(), gco = gc.offset();
        int dgo = dGates.offset(), gyo = gOut == null ? 0 : gOut.offset();
        int gs = rowStride(gOut, h);
        long[] len = lengths(lengths);
        int lo = lengths == null ? 0 : lengths.offset();
        int bound = S.loopBound(h);
        rows(b, h, 20, (from, to) -> {
            for (int r = from; r < to; r++) {
                int gi = go + r * 4 * h, di = dgo + r * 4 * h;
                int sb = r * h, yb = gyo + r * gs;
                if (!live(len, lo, r, t)) {
                    Arrays.fill(dg, di, di + 4 * h, 0f);
                    continue;
                }
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector dhv = load(dh, gho + sb + j);
                    if (gy != null) dhv = dhv.add(load(gy, yb + j));
                    FloatVector i = load(g, gi + j), f = load(g, gi + h + j), c = load(g, gi + 2 * h + j);
                    FloatVector og = load(g, gi + 3 * h + j), th = load(tc, tco + sb + j);
                    FloatVector dcv = load(dc, gco + sb + j).add(dhv.mul(og).mul(th.mul(th).neg().add(1f)));
                    FloatVector dO = dhv.mul(th);
                    dcv.mul(c).mul(i).mul(i.neg().add(1f)).intoArray(dg, di + j);
                    dcv.mul(load(cp, cpo + sb + j)).mul(f).mul(f.neg().add(1f)).intoArray(dg, di + h + j);
                    dcv.mul(i).mul(c.mul(c).neg().add(1f)).intoArray(dg, di + 2 * h + j);
                    dO.mul(og).mul(og.neg().add(1f)).intoArray(dg, di + 3 * h + j);
                    dcv.mul(f).intoArray(dc, gco + sb + j);
                }
                for (; j < h; j++) {
                    float dhv = dh[gho + sb + j] + (gy == null ? 0f : gy[yb + j]);
                    float i = g[gi + j], f = g[gi + h + j], c = g[gi + 2 * h + j], og = g[gi + 3 * h + j];
                    float th = tc[tco + sb + j];
                    float dcv = dc[gco + sb + j] + dhv * og * (1f - th * th);
                    dg[di + j] = dcv * c * i * (1f - i);
                    dg[di + h + j] = dcv * cp[cpo + sb + j] * f * (1f - f);
                    dg[di + 2 * h + j] = dcv * i * (1f - c * c);
                    dg[di + 3 * h + j] = dhv * th * og * (1f - og);
                    dc[gco + sb + j] = dcv * f;
                }
                Arrays.fill(dh, gho + sb, gho + sb + h, 0f);
            }
        });
    }

    // ------------------------------------------------------------------ GRU

    @Override
    public void gruCell(Tensor xg, Tensor hg, Tensor bhh, Tensor hPrev, Tensor hNext, Tensor saved, Tensor out,
                        Tensor lengths, int t) {
        int b = hNext.size(0), h = units(hNext);
        float[] x = CpuBackend.f(xg), rg = CpuBackend.f(hg), hp = CpuBackend.f(hPrev), hn = CpuBackend.f(hNext);
        float[] sv = CpuBackend.f(saved);
        float[] bias = bhh == null ? null : CpuBackend.f(bhh);
        float[] o = out == null ? null : CpuBackend.f(out);
        int xo = xg.offset(), ro = hg.offset(), bo = bhh == null ? 0 : bhh.offset(), hpo = hPrev.offset(), hno = hNext.offset();
        int so = saved.offset(), oo = out == null ? 0 : out.offset();
        int os = rowStride(out, h);
        long[] len = lengths(lengths);
        int lo = lengths == null ? 0 : lengths.offset();
        int bound = S.loopBound(h);
        rows(b, h, 20, (from, to) -> {
            for (int r = from; r < to; r++) {
                int xb = xo + r * 3 * h, rb = ro + r * 3 * h, sb = so + r * 4 * h, pb = hpo + r * h, nb = hno + r * h;
                int ob = oo + r * os;
                if (!live(len, lo, r, t)) {
                    passThrough(hp, pb, hn, nb, o, ob, h);
                    continue;
                }
                // The saved slots [r, z, n, hn] hold the pre-activations first, then the activations in place.
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector ar = load(x, xb + j).add(load(rg, rb + j));
                    FloatVector az = load(x, xb + h + j).add(load(rg, rb + h + j));
                    FloatVector hnv = load(rg, rb + 2 * h + j);
                    if (bias != null) {
                        ar = ar.add(load(bias, bo + j));
                        az = az.add(load(bias, bo + h + j));
                        hnv = hnv.add(load(bias, bo + 2 * h + j));
                    }
                    ar.intoArray(sv, sb + j);
                    az.intoArray(sv, sb + h + j);
                    hnv.intoArray(sv, sb + 3 * h + j);
                }
                for (; j < h; j++) {
                    float ar = x[xb + j] + rg[rb + j], az = x[xb + h + j] + rg[rb + h + j], hnv = rg[rb + 2 * h + j];
                    if (bias != null) {
                        ar += bias[bo + j];
                        az += bias[bo + h + j];
                        hnv += bias[bo + 2 * h + j];
                    }
                    sv[sb + j] = ar;
                    sv[sb + h + j] = az;
                    sv[sb + 3 * h + j] = hnv;
                }
                FloatMath.sigmoid(sv, sb, sv, sb, 2 * h);
                for (j = 0; j < bound; j += L)
                    load(x, xb + 2 * h + j).add(load(sv, sb + j).mul(load(sv, sb + 3 * h + j))).intoArray(sv, sb + 2 * h + j);
                for (; j < h; j++) sv[sb + 2 * h + j] = x[xb + 2 * h + j] + sv[sb + j] * sv[sb + 3 * h + j];
                FloatMath.tanh(sv, sb + 2 * h, sv, sb + 2 * h, h);
                for (j = 0; j < bound; j += L) {
                    FloatVector nv = load(sv, sb + 2 * h + j);
                    FloatVector hv = nv.add(load(sv, sb + h + j).mul(load(hp, pb + j).sub(nv)));
                    hv.intoArray(hn, nb + j);
                    if (o != null) hv.intoArray(o, ob + j);
                }
                for (; j < h; j++) {
                    float nv = sv[sb + 2 * h + j];
                    float hv = nv + sv[sb + h + j] * (hp[pb + j] - nv);
                    hn[nb + j] = hv;
                    if (o != null) o[ob + j] = hv;
                }
            }
        });
    }

    @Override
    public void gruCellBackward(Tensor saved, Tensor hPrev, Tensor gh, Tensor gOut, Tensor dxg, Tensor dhg, Tensor lengths, int t) {
        int b = gh.size(0), h = units(gh);
        float[] sv = CpuBackend.f(saved), hp = CpuBackend.f(hPrev), dh = CpuBackend.f(gh);
        float[] dx = CpuBackend.f(dxg), dr = CpuBackend.f(dhg);
        float[] gy = gOut == null ? null : CpuBackend.f(gOut);
        int so = saved.offset(), hpo = hPrev.offset(), gho = gh.offset(), dxo = dxg.offset(), dro = dhg.offset();
        int gyo = gOut == null ? 0 : gOut.offset();
        int gs = rowStride(gOut, h);
        long[] len = lengths(lengths);
        int lo = lengths == null ? 0 : lengths.offset();
        int bound = S.loopBound(h);
        rows(b, h, 20, (from, to) -> {
            for (int r = from; r < to; r++) {
                int sb = so + r * 4 * h, pb = hpo + r * h, hb = gho + r * h, xb = dxo + r * 3 * h, rb = dro + r * 3 * h;
                int yb = gyo + r * gs;
                if (!live(len, lo, r, t)) {
                    Arrays.fill(dx, xb, xb + 3 * h, 0f);
                    Arrays.fill(dr, rb, rb + 3 * h, 0f);
                    continue;
                }
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector g = load(dh, hb + j);
                    if (gy != null) g = g.add(load(gy, yb + j));
                    FloatVector rv = load(sv, sb + j), zv = load(sv, sb + h + j), nv = load(sv, sb + 2 * h + j);
                    FloatVector hnv = load(sv, sb + 3 * h + j);
                    FloatVector dn = g.mul(zv.neg().add(1f)).mul(nv.mul(nv).neg().add(1f));
                    FloatVector dz = g.mul(load(hp, pb + j).sub(nv)).mul(zv).mul(zv.neg().add(1f));
                    FloatVector drv = dn.mul(hnv).mul(rv).mul(rv.neg().add(1f));
                    drv.intoArray(dx, xb + j);
                    drv.intoArray(dr, rb + j);
                    dz.intoArray(dx, xb + h + j);
                    dz.intoArray(dr, rb + h + j);
                    dn.intoArray(dx, xb + 2 * h + j);
                    dn.mul(rv).intoArray(dr, rb + 2 * h + j);
                    g.mul(zv).intoArray(dh, hb + j);
                }
                for (; j < h; j++) {
                    float g = dh[hb + j] + (gy == null ? 0f : gy[yb + j]);
                    float rv = sv[sb + j], zv = sv[sb + h + j], nv = sv[sb + 2 * h + j], hnv = sv[sb + 3 * h + j];
                    float dn = g * (1f - zv) * (1f - nv * nv);
                    float dz = g * (hp[pb + j] - nv) * zv * (1f - zv);
                    float drv = dn * hnv * rv * (1f - rv);
                    dx[xb + j] = drv;
                    dr[rb + j] = drv;
                    dx[xb + h + j] = dz;
                    dr[rb + h + j] = dz;
                    dx[xb + 2 * h + j] = dn;
                    dr[rb + 2 * h + j] = dn * rv;
                    dh[hb + j] = g * zv;
                }
            }
        });
    }
}
