package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.backend.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GELU's float kernels (both forms, forward and backward) against the double reference {@link UnaryOp#apply} and
 * {@link UnaryOp#derivative}: within a few float roundings everywhere, the tiny values far left included; and each
 * value the same bits whether a vector lane or the scalar tail computed it.
 */
class CpuGeluTest {
    private static float[] inputs() {
        int n = 100_003;
        float[] xs = new float[n + 10];
        for (int i = 0; i < n; i++) xs[i] = -14f + 26f * i / (n - 1);
        float[] odd = {0f, -0f, 1e-30f, -1e-30f, 1e-8f, -0.7517916f, Float.NaN, Float.POSITIVE_INFINITY, 40f, -40f};
        System.arraycopy(odd, 0, xs, n, odd.length);
        return xs;
    }

    /** The kernel over all of {@code xs} (lanes and tail), and each value alone (the tail only). */
    private static void check(UnaryOp op, boolean backward, double tolerance) {
        boolean tanh = op == UnaryOp.GELU_TANH;
        float[] xs = inputs(), ones = new float[xs.length + 1], bulk = new float[xs.length + 1], one = new float[1];
        java.util.Arrays.fill(ones, 1f);
        // From offset 1, so that lanes fall on other elements than from 0.
        if (backward) CpuGelu.backward(tanh, xs, 0, ones, 1, bulk, 1, 0, xs.length);
        else CpuGelu.forward(tanh, xs, 0, bulk, 1, 0, xs.length);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            float x = xs[i], v = bulk[i + 1];
            if (backward) CpuGelu.backward(tanh, xs, i, ones, 0, one, 0, 0, 1);
            else CpuGelu.forward(tanh, xs, i, one, 0, 0, 1);
            float tail = one[0];
            // Messages as suppliers: built only for a failure, not for each of the sweep's values.
            assertEquals(Float.floatToIntBits(tail), Float.floatToIntBits(v), () -> op + (backward ? "'" : "") + "(" + x + "): lane " + v + ", tail " + tail);
            double want = exact(tanh, backward, x);
            if (Double.isNaN(want) || Double.isInfinite(want)) {
                if (!Float.isNaN(x) && !(Float.isInfinite(x) && !backward)) continue;
                assertEquals((float) want, v, 0f, () -> op + "(" + x + ")");
                continue;
            }
            // Near the denormals (σ's e^(−2u) is infinite in float there) a value may be 0.
            if (Math.abs(want) < 1e-35) {
                assertTrue(Math.abs(v) < 1e-35, () -> op + "(" + x + ") = " + v);
                continue;
            }
            // Relative to the value (to 0.1 where the derivative crosses 0, near x = −0.75), and far left the rounding of
            // the exponent −x²/2 as well (a float has 24 bits for it).
            double err = Math.abs(v - want) / Math.max(Math.abs(want), backward ? 0.1 : 0);
            worst = Math.max(worst, err);
            assertTrue(err <= tolerance + 1e-7 * x * x, () -> op + (backward ? "'" : "") + "(" + x + ") = " + v + ", exactly " + want + ": error " + err);
        }
        assertTrue(worst > 0, "some rounding is seen at all");
    }

    /**
     * In double: x·Φ(x) with Φ from {@code erfc}, and the tanh form as x·σ(2u), exact far left where
     * {@code 0.5x(1 + tanh u)}, even in double, is 0.
     */
    private static double exact(boolean tanh, boolean backward, double x) {
        if (!tanh) return backward ? UnaryOp.GELU.derivative(x, 0, 0) : UnaryOp.GELU.apply(x, 0);
        double k = Math.sqrt(2 / Math.PI), u = k * (x + 0.044715 * x * x * x), s = 1 / (1 + Math.exp(-2 * u));
        return backward ? s + x * s * (1 - s) * 2 * k * (1 + 3 * 0.044715 * x * x) : x * s;
    }

    @ParameterizedTest(name = "{0}, backward {1}")
    @CsvSource({"GELU, false", "GELU, true", "GELU_TANH, false", "GELU_TANH, true"})
    void withinFloatRoundingOfDoubleAndTheSameInLanesAndTail(UnaryOp op, boolean backward) {
        check(op, backward, 4e-6);
    }
}
