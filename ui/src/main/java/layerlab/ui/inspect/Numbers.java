package layerlab.ui.inspect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import layerlab.data.Vocabulary;

/** Numbers for the inspector's narrow cells and axis labels, and the Results tab's samples in a line (a text's as its text). */
public final class Numbers {
    private Numbers() {
    }

    /**
     * {@code n} {@code noun}s, the noun singular for one and thousands grouped: "1 layer", "3 layers", "50,186
     * parameters", "1 feature map" (a first drawing's one Linear is not "1 layers", an Input's one channel not "1 feature
     * maps"). Every count in words goes through here.
     */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /**
     * Three significant digits in at most eight characters: 0.0272, -0.428, 981, 1230, -1.23e-4, 4.56e6 (two for a
     * negative number with a two-digit exponent: -9.9e-30); NaN is empty.
     */
    public static String compact(double v) {
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

    /**
     * {@code v} in at most {@code chars} characters with its magnitude kept: {@link #compact} where it fits, else two
     * significant digits, else one, plainly or in powers of ten (-0.0707 → -0.071 → -0.07 → -7e-2; 0.00437 → 4e-3), else
     * "…". A narrow cell cut "0.00437" to "0.0…" and "1.45e-3" to "1.4…", which reads as 1.4.
     */
    public static String fit(double v, int chars) {
        String s = compact(v);
        if (s.length() <= chars) return s;
        for (int digits = 2; digits >= 1; digits--) {
            double a = Math.abs(v);
            if (a >= 1e-3 && a < 1e4) {
                String plain = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
                if (plain.length() <= chars) return plain;
            }
            String sci = powers(v, digits);
            if (sci.length() <= chars) return sci;
        }
        return "…";
    }

    /** {@code v} as {@code digits} significant digits times a power of ten: 1.4e-3, -7e-2. */
    private static String powers(double v, int digits) {
        int e = (int) Math.floor(Math.log10(Math.abs(v)));
        BigDecimal m = new BigDecimal(v / Math.pow(10, e)).round(new MathContext(digits));
        if (m.abs().compareTo(BigDecimal.TEN) >= 0) {
            m = m.movePointLeft(1).round(new MathContext(digits));
            e++;
        }
        return m.stripTrailingZeros().toPlainString() + "e" + e;
    }

    /**
     * A sample that is not a picture, in a line: its columns by name ({@code petal_length 1.4, …}), token ids as whole
     * numbers with the padding in front counted rather than listed ({@code [0 ×6, 950, 41, 352, …] (44 tokens)}), else its
     * first values.
     */
    public static String sample(float[] f, int off, int per, List<String> names) {
        int shown = Math.min(per, 8);
        List<String> parts = new ArrayList<>();
        if (names.size() == per) {
            for (int j = 0; j < Math.min(per, 5); j++) parts.add(names.get(j) + " " + Numbers.compact(f[off + j]));
            return String.join(", ", parts) + (per > 5 ? ", …" : "");
        }
        boolean whole = true;
        for (int j = 0; j < per; j++) whole &= f[off + j] == Math.rint(f[off + j]) && Math.abs(f[off + j]) < 1e9;
        if (!whole) {
            for (int j = 0; j < shown; j++) parts.add(Numbers.compact(f[off + j]));
            return "[" + String.join(", ", parts) + (per > shown ? ", …" : "") + "]";
        }
        int lead = 0;
        while (lead < per && f[off + lead] == 0) lead++;
        if (lead > 1 && lead < per) parts.add("0 ×" + lead);
        else lead = 0;
        for (int j = lead; j < per && parts.size() < shown; j++) parts.add(Long.toString((long) f[off + j]));
        int listed = lead + parts.size() - (lead > 0 ? 1 : 0);
        return "[" + String.join(", ", parts) + (listed < per ? ", …" : "") + "]" + (lead > 0 ? " (" + (per - lead) + " tokens)" : "");
    }

    /**
     * A text sample in a line: the ids at {@code f[off ..]} read back by {@code v} (padding left out), in quotes, cut to
     * {@code max} characters with "…": {@code “nakamura”}.
     */
    public static String text(Vocabulary v, float[] f, int off, int max) {
        String t = v.decode(f, off);
        if (t.codePointCount(0, t.length()) > max) t = t.substring(0, t.offsetByCodePoints(0, max - 1)) + "…";
        return "“" + t + "”";
    }
}
