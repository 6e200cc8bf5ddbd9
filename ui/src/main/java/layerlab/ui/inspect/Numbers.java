package layerlab.ui.inspect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers for the inspector's narrow cells and axis labels. */
final class Numbers {
    private Numbers() {
    }

    /**
     * Three significant digits in at most eight characters: 0.0272, -0.428, 981, 1230, -1.23e-4, 4.56e6 (two for a
     * negative number with a two-digit exponent: -9.9e-30); NaN is empty.
     */
    static String compact(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        int e = (int) Math.floor(Math.log10(a));
        double m = v / Math.pow(10, e);
        if (Math.abs(m) >= 9.995) {
            m /= 10;
            e++;
        }
        String s = String.format(Locale.ROOT, "%.2f", m).replaceFirst("\\.?0+$", "") + "e" + e;
        // A negative number with a two-digit exponent keeps two digits: -9.9e-30.
        return s.length() <= 8 ? s : String.format(Locale.ROOT, "%.1f", m).replaceFirst("\\.?0+$", "") + "e" + e;
    }
}
