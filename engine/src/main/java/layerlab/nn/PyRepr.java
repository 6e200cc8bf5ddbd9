package layerlab.nn;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Hyper-parameters printed the way Python's {@code repr} prints them, so {@code toString()} of a layer
 * reads like PyTorch's ({@code eps=1e-05}, {@code bias=True}); Java's {@code 1.0E-5} and {@code true} would not.
 */
public final class PyRepr {
    private PyRepr() {}

    /** Python's {@code repr(float)} of a float32 hyper-parameter: shortest digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
    public static String pyFloat(float value) {
        if (Float.isNaN(value)) return "nan";
        if (Float.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0f) return (1 / value < 0) ? "-0.0" : "0.0";
        BigDecimal d = shortest(value);
        String digits = d.unscaledValue().abs().toString();
        int point = digits.length() - d.scale(); // value = 0.<digits> × 10^point
        String sign = value < 0 ? "-" : "";
        if (point > -4 && point <= 16) {
            if (point <= 0) return sign + "0." + "0".repeat(-point) + digits;
            if (point >= digits.length()) return sign + digits + "0".repeat(point - digits.length()) + ".0";
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        int exp = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** The fewest significant digits that read back as {@code value} (JDK 17's Float.toString sometimes gives more). */
    private static BigDecimal shortest(float value) {
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; ; digits++) {
            BigDecimal d = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (d.floatValue() == value) return d.stripTrailingZeros();
        }
    }

    /** {@code True} / {@code False}. */
    public static String pyBool(boolean value) {
        return value ? "True" : "False";
    }
}
