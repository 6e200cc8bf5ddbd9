package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU in float, both forms, forward and backward, as Vector API loops: {@code x·Φ(x)} with Φ from the complementary
 * error function (Numerical Recipes' fit, relative error below 1.2e-7: the small values of Φ far left keep their
 * digits), and the tanh form as {@code x·σ(2u)}, {@code u = √(2/π)(x + 0.044715x³)}, which is
 * {@code 0.5x(1 + tanh u)} without its cancellation. Both rest on {@link FloatMath}'s exp and sigmoid, and each step is
 * written once for lanes and once for a scalar tail with the same operations in the same order, so that a value does
 * not depend on where a thread's range of it starts. The double reference ({@code UnaryOp.apply})
 * took 60 ns a value: a ConvNeXt step spent 70% of its time in GELU.
 */
final class CpuGelu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final float INV_SQRT2 = 0.70710678118654752f, INV_SQRT_2PI = 0.39894228040143268f, SQRT_2_OVER_PI = 0.79788456080286536f;
    private static final float C = 0.044715f;
    // erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2), z ≥ 0 (Numerical Recipes, erfcc).
    private static final float P9 = 0.17087277f, P8 = -0.82215223f, P7 = 1.48851587f, P6 = -1.13520398f, P5 = 0.27886807f, P4 = -0.18628806f,
            P3 = 0.09678418f, P2 = 0.37409196f, P1 = 1.00002368f, P0 = -1.26551223f;

    private CpuGelu() {}

    static void forward(boolean tanh, float[] x, int xo, float[] y, int yo, int from, int to) {
        int i = from;
        for (int e = from + S.loopBound(to - from); i < e; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            (tanh ? v.mul(sigmoid2u(v)) : v.mul(phi(v))).intoArray(y, yo + i);
        }
        for (; i < to; i++) {
            float v = x[xo + i];
            y[yo + i] = tanh ? v * sigmoid2u(v) : v * phi(v);
        }
    }

    /** {@code gx = gy · gelu'(x)}: Φ(x) + x·φ(x), or for the tanh form σ + x·σ(1 − σ)·2u'. */
    static void backward(boolean tanh, float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int from, int to) {
        int i = from;
        for (int e = from + S.loopBound(to - from); i < e; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i), d;
            if (tanh) {
                FloatVector s = sigmoid2u(v), du = v.mul(v).mul(3 * C * SQRT_2_OVER_PI).add(SQRT_2_OVER_PI);
                d = v.mul(s).mul(s.neg().add(1f)).mul(du.mul(2f)).add(s);
            } else {
                d = v.mul(FloatMath.exp(v.mul(v).mul(-0.5f))).mul(INV_SQRT_2PI).add(phi(v));
            }
            FloatVector.fromArray(S, gy, go + i).mul(d).intoArray(gx, gxo + i);
        }
        for (; i < to; i++) {
            float v = x[xo + i], d;
            if (tanh) {
                float s = sigmoid2u(v), du = v * v * (3 * C * SQRT_2_OVER_PI) + SQRT_2_OVER_PI;
                d = v * s * (-s + 1f) * (du * 2f) + s;
            } else {
                d = v * FloatMath.exp(v * v * -0.5f) * INV_SQRT_2PI + phi(v);
            }
            gx[gxo + i] = gy[go + i] * d;
        }
    }

    /** Φ(x) = 1 − erfc(x/√2)/2 for x ≥ 0, erfc(−x/√2)/2 below. */
    private static FloatVector phi(FloatVector x) {
        FloatVector half = erfc(x.abs().mul(INV_SQRT2)).mul(0.5f);
        return half.neg().add(1f).blend(half, x.compare(VectorOperators.LT, 0f));
    }

    private static float phi(float x) {
        float half = erfc(Math.abs(x) * INV_SQRT2) * 0.5f;
        return x < 0f ? half : -half + 1f;
    }

    /** erfc(z) for z ≥ 0. */
    private static FloatVector erfc(FloatVector z) {
        FloatVector t = z.mul(0.5f).add(1f), one = FloatVector.broadcast(S, 1f);
        t = one.div(t);
        FloatVector p = t.mul(P9).add(P8).mul(t).add(P7).mul(t).add(P6).mul(t).add(P5).mul(t).add(P4).mul(t).add(P3).mul(t).add(P2).mul(t).add(P1)
                .mul(t).add(P0);
        return t.mul(FloatMath.exp(p.sub(z.mul(z))));
    }

    private static float erfc(float z) {
        float t = 1f / (z * 0.5f + 1f);
        float p = ((((((((t * P9 + P8) * t + P7) * t + P6) * t + P5) * t + P4) * t + P3) * t + P2) * t + P1) * t + P0;
        return t * FloatMath.exp(p - z * z);
    }

    /** σ(2u) = 1/(1 + e^(−2u)), u = √(2/π)(x + 0.044715x³). */
    private static FloatVector sigmoid2u(FloatVector x) {
        return FloatMath.sigmoid(x.mul(x).mul(C).add(1f).mul(x).mul(2f * SQRT_2_OVER_PI));
    }

    private static float sigmoid2u(float x) {
        return FloatMath.sigmoid((x * x * C + 1f) * x * (2f * SQRT_2_OVER_PI));
    }

}
