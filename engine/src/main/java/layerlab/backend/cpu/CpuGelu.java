package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU in float, both forms, forward and backward, as Vector API loops: {@code x·Φ(x)} with Φ from the complementary
 * error function (Numerical Recipes' fit, relative error below 1.2e-7: the small values of Φ far left keep their
 * digits), and the tanh form as {@code x·σ(2u)}, {@code u = √(2/π)(x + 0.044715x³)}, which is
 * {@code 0.5x(1 + tanh u)} without its cancellation. The double reference ({@code UnaryOp.apply}) took 60 ns a value: a
 * ConvNeXt step spent 70% of its time in GELU.
 *
 * <p>A range goes in chunks that stay in L1, each in three passes: the exponents (and erfc's {@code t}) into scratch,
 * {@link FloatMath#exp} over them, then the values. Each pass is a loop whose vectors never leave it: C2 would not inline
 * a vector exp called from a larger loop once it had compiled it on its own, and every call then boxed its vectors (the
 * backward ran at 3–5 times the forward's time). Each pass's lanes and scalar tail do the same operations in the same
 * order, so a value does not depend on where a thread's range of it starts.
 */
final class CpuGelu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Values a chunk: its scratch (three arrays) stays in L1. */
    private static final int CHUNK = 1024;
    /** Per thread: erfc's t, the first exponent (then its exp), the second (the backward's e^(−x²/2)). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[CHUNK], new float[CHUNK], new float[CHUNK]});

    private static final float INV_SQRT2 = 0.70710678118654752f, INV_SQRT_2PI = 0.39894228040143268f, SQRT_2_OVER_PI = 0.79788456080286536f;
    private static final float C = 0.044715f;
    // erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2), z ≥ 0 (Numerical Recipes, erfcc).
    private static final float P9 = 0.17087277f, P8 = -0.82215223f, P7 = 1.48851587f, P6 = -1.13520398f, P5 = 0.27886807f, P4 = -0.18628806f,
            P3 = 0.09678418f, P2 = 0.37409196f, P1 = 1.00002368f, P0 = -1.26551223f;

    private CpuGelu() {}

    static void forward(boolean tanh, float[] x, int xo, float[] y, int yo, int from, int to) {
        float[][] s = SCRATCH.get();
        for (int at = from; at < to; at += CHUNK) {
            int m = Math.min(CHUNK, to - at);
            exponents(tanh, false, x, xo + at, s, m);
            FloatMath.exp(s[1], 0, s[1], 0, m);
            if (tanh) forwardTanh(x, xo + at, s[1], y, yo + at, m);
            else forwardErf(x, xo + at, s[0], s[1], y, yo + at, m);
        }
    }

    /** {@code gx = gy · gelu'(x)}: Φ(x) + x·φ(x), or for the tanh form σ + x·σ(1 − σ)·2u'. */
    static void backward(boolean tanh, float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int from, int to) {
        float[][] s = SCRATCH.get();
        for (int at = from; at < to; at += CHUNK) {
            int m = Math.min(CHUNK, to - at);
            exponents(tanh, true, x, xo + at, s, m);
            FloatMath.exp(s[1], 0, s[1], 0, m);
            if (tanh) backwardTanh(x, xo + at, s[1], gy, go + at, gx, gxo + at, m);
            else {
                FloatMath.exp(s[2], 0, s[2], 0, m);
                backwardErf(x, xo + at, s[0], s[1], s[2], gy, go + at, gx, gxo + at, m);
            }
        }
    }

    /**
     * The exponents of {@code m} values from {@code x[at]}: the erf form's {@code P(t) − z²} (z = |x|/√2, {@code t} into
     * {@code s[0]}) into {@code s[1]}, and for its backward {@code −x²/2} into {@code s[2]}; the tanh form's {@code −2u}
     * into {@code s[1]}.
     */
    private static void exponents(boolean tanh, boolean backward, float[] x, int at, float[][] s, int m) {
        float[] t = s[0], a = s[1], b = s[2];
        int i = 0;
        if (tanh) {
            for (int e = S.loopBound(m); i < e; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, at + i);
                v.mul(v).mul(C).add(1f).mul(v).mul(-2f * SQRT_2_OVER_PI).intoArray(a, i);
            }
            for (; i < m; i++) {
                float v = x[at + i];
                a[i] = (v * v * C + 1f) * v * (-2f * SQRT_2_OVER_PI);
            }
            return;
        }
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int e = S.loopBound(m); i < e; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, at + i), z = v.abs().mul(INV_SQRT2);
            FloatVector tv = one.div(z.mul(0.5f).add(1f));
            FloatVector p = tv.mul(P9).add(P8).mul(tv).add(P7).mul(tv).add(P6).mul(tv).add(P5).mul(tv).add(P4).mul(tv).add(P3).mul(tv).add(P2)
                    .mul(tv).add(P1).mul(tv).add(P0);
            tv.intoArray(t, i);
            p.sub(z.mul(z)).intoArray(a, i);
            if (backward) v.mul(v).mul(-0.5f).intoArray(b, i);
        }
        for (; i < m; i++) {
            float v = x[at + i], z = Math.abs(v) * INV_SQRT2;
            float tv = 1f / (z * 0.5f + 1f);
            float p = ((((((((tv * P9 + P8) * tv + P7) * tv + P6) * tv + P5) * tv + P4) * tv + P3) * tv + P2) * tv + P1) * tv + P0;
            t[i] = tv;
            a[i] = p - z * z;
            if (backward) b[i] = v * v * -0.5f;
        }
    }

    /** y = x·Φ(x), Φ = erfc(|x|/√2)/2 = t·e/2 for x < 0, 1 minus that above. */
    private static void forwardErf(float[] x, int at, float[] t, float[] e, float[] y, int yo, int m) {
        int i = 0;
        for (int end = S.loopBound(m); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, at + i);
            FloatVector half = FloatVector.fromArray(S, t, i).mul(FloatVector.fromArray(S, e, i)).mul(0.5f);
            v.mul(half.neg().add(1f).blend(half, v.compare(VectorOperators.LT, 0f))).intoArray(y, yo + i);
        }
        for (; i < m; i++) {
            float v = x[at + i], half = t[i] * e[i] * 0.5f;
            y[yo + i] = v * (v < 0f ? half : -half + 1f);
        }
    }

    /** y = x·σ(2u) = x / (e^(−2u) + 1). */
    private static void forwardTanh(float[] x, int at, float[] e, float[] y, int yo, int m) {
        int i = 0;
        for (int end = S.loopBound(m); i < end; i += L) {
            FloatVector.fromArray(S, x, at + i).div(FloatVector.fromArray(S, e, i).add(1f)).intoArray(y, yo + i);
        }
        for (; i < m; i++) y[yo + i] = x[at + i] / (e[i] + 1f);
    }

    /** gx = gy·(Φ(x) + x·e^(−x²/2)/√(2π)). */
    private static void backwardErf(float[] x, int at, float[] t, float[] e, float[] e2, float[] gy, int go, float[] gx, int gxo, int m) {
        int i = 0;
        for (int end = S.loopBound(m); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, at + i);
            FloatVector half = FloatVector.fromArray(S, t, i).mul(FloatVector.fromArray(S, e, i)).mul(0.5f);
            FloatVector phi = half.neg().add(1f).blend(half, v.compare(VectorOperators.LT, 0f));
            FloatVector d = v.mul(FloatVector.fromArray(S, e2, i)).mul(INV_SQRT_2PI).add(phi);
            FloatVector.fromArray(S, gy, go + i).mul(d).intoArray(gx, gxo + i);
        }
        for (; i < m; i++) {
            float v = x[at + i], half = t[i] * e[i] * 0.5f;
            float d = v * e2[i] * INV_SQRT_2PI + (v < 0f ? half : -half + 1f);
            gx[gxo + i] = gy[go + i] * d;
        }
    }

    /** gx = gy·(σ + x·σ(1 − σ)·2u'), σ = 1/(e^(−2u) + 1), u' = √(2/π)(1 + 3·0.044715x²). */
    private static void backwardTanh(float[] x, int at, float[] e, float[] gy, int go, float[] gx, int gxo, int m) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int end = S.loopBound(m); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, at + i), sg = one.div(FloatVector.fromArray(S, e, i).add(1f));
            FloatVector du = v.mul(v).mul(3 * C * SQRT_2_OVER_PI).add(SQRT_2_OVER_PI);
            FloatVector d = v.mul(sg).mul(sg.neg().add(1f)).mul(du.mul(2f)).add(sg);
            FloatVector.fromArray(S, gy, go + i).mul(d).intoArray(gx, gxo + i);
        }
        for (; i < m; i++) {
            float v = x[at + i], sg = 1f / (e[i] + 1f), du = v * v * (3 * C * SQRT_2_OVER_PI) + SQRT_2_OVER_PI;
            gx[gxo + i] = gy[go + i] * (v * sg * (-sg + 1f) * (du * 2f) + sg);
        }
    }
}
