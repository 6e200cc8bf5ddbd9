package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The recurrent layers' exp, tanh and sigmoid: accurate to float precision, and the vector lanes give the scalar form's bits. */
class FloatMathTest {
    /** Every float step of a sweep over [lo, hi], and the awkward values. */
    private static float[] inputs(float lo, float hi) {
        int n = 200_000;
        float[] xs = new float[n + 12];
        for (int i = 0; i < n; i++) xs[i] = lo + (hi - lo) * i / (n - 1);
        float[] odd = {0f, -0f, 1e-30f, -1e-30f, 1e-8f, 0.625f, -0.625f, Math.nextDown(0.625f), Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        System.arraycopy(odd, 0, xs, n, odd.length);
        return xs;
    }

    /** The bulk form over {@code xs} (vector lanes, then a scalar tail), each value against the scalar form's bits and the exact value. */
    interface Bulk {
        void apply(float[] src, int srcAt, float[] dst, int dstAt, int n);
    }

    private static void check(String name, float[] xs, Bulk bulk, DoubleUnaryOperator scalarFloat, DoubleUnaryOperator exact, double tolerance) {
        float[] out = new float[xs.length + 3];
        // From an odd offset too, so that lanes and tail fall on other elements.
        bulk.apply(xs, 0, out, 3, xs.length);
        float[] inPlace = xs.clone();
        bulk.apply(inPlace, 1, inPlace, 1, xs.length - 1);
        // Messages as suppliers: built only for a failure, not for each of the sweep's values.
        for (int i = 1; i < xs.length; i++) assertEquals(Float.floatToIntBits(out[i + 3]), Float.floatToIntBits(inPlace[i]), () -> name + " in place");
        out = java.util.Arrays.copyOfRange(out, 3, out.length);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            float x = xs[i], v = out[i], s = (float) scalarFloat.applyAsDouble(x);
            assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(v), () -> name + "(" + x + "): lane " + v + " but scalar " + s);
            double want = exact.applyAsDouble(x);
            float wantFloat = (float) want;
            if (Float.isNaN(wantFloat) || Float.isInfinite(wantFloat) || want == 0) {
                assertEquals(wantFloat, v, 0f, () -> name + "(" + x + ")");
                continue;
            }
            if (Math.abs(want) < Float.MIN_NORMAL) continue; // denormal results: absolute error below the smallest normal
            double rel = Math.abs(v - want) / Math.abs(want);
            worst = Math.max(worst, rel);
            assertTrue(rel <= tolerance, () -> name + "(" + x + ") = " + v + ", exactly " + want + ": relative error " + rel);
        }
        assertTrue(worst > 0, "some rounding is seen at all");
    }

    /** exp's scalar form a value at a time (its lanes are what sigmoid and tanh run on, and are checked through them). */
    private static void exp(float[] src, int srcAt, float[] dst, int dstAt, int n) {
        for (int i = 0; i < n; i++) dst[dstAt + i] = FloatMath.exp(src[srcAt + i]);
    }

    @Test
    void expMatchesDoublePrecision() {
        check("exp", inputs(-110f, 88.7f), FloatMathTest::exp, x -> FloatMath.exp((float) x), Math::exp, 3e-7);
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.exp(89f));
        assertEquals(0f, FloatMath.exp(-104f));
        assertTrue(Float.isNaN(FloatMath.exp(Float.NaN)));
    }

    @Test
    void tanhMatchesDoublePrecisionAndItsScalarForm() {
        check("tanh", inputs(-12f, 12f), FloatMath::tanh, x -> FloatMath.tanh((float) x), Math::tanh, 3e-7);
        check("tanh near 0", inputs(-1f, 1f), FloatMath::tanh, x -> FloatMath.tanh((float) x), Math::tanh, 3e-7);
        assertEquals(0f, FloatMath.tanh(-0f), 0f);
        assertEquals(1f, FloatMath.tanh(50f));
        assertEquals(-1f, FloatMath.tanh(Float.NEGATIVE_INFINITY));
    }

    @Test
    void sigmoidMatchesDoublePrecisionAndItsScalarForm() {
        check("sigmoid", inputs(-90f, 40f), FloatMath::sigmoid, x -> FloatMath.sigmoid((float) x), x -> 1 / (1 + Math.exp(-x)), 3e-7);
        assertEquals(0.5f, FloatMath.sigmoid(0f));
    }
}
