package layerlab.ui;

import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a user types, read alike on every machine. LayerLab shows and writes numbers as Python does (a decimal point,
 * ASCII digits) whatever the locale; these two bridge what a keyboard set to another language types.
 */
public final class TypedText {
    private TypedText() {
    }

    /** The user's own locale, where the launcher set Java's formatting locale to ROOT; else Java's. */
    private static volatile Locale typedUnder;

    /** Reads typed numbers as {@code locale} writes them (the locale the machine had before LayerLab set ROOT); null: Java's. */
    public static void typedUnder(Locale locale) {
        typedUnder = locale;
    }

    /** One decimal comma and no point: "0,5", "-1,25e-3", ",5". */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?\\d*,\\d+([eE][-+]?\\d+)?");

    /**
     * {@code typed} with a decimal comma read as the point, where the machine's locale writes decimals with a comma
     * (German, French, Turkish…: a student there types "0,5" for a learning rate, and the number pad's key is a comma);
     * anything else as it is. Elsewhere "1,000" is not taken for 1.0.
     */
    public static String decimalPoint(String typed) {
        String t = typed.trim();
        if (!DECIMAL_COMMA.matcher(t).matches()) return typed;
        char sep = DecimalFormatSymbols.getInstance(typedUnder != null ? typedUnder : Locale.getDefault(Locale.Category.FORMAT)).getDecimalSeparator();
        return sep == ',' ? t.replace(',', '.') : typed;
    }

    /**
     * {@code s} lowercased for a search, so that a query matches whatever the keyboard's language: Locale.ROOT's
     * lowercase (under Turkish's own, "LINEAR" would become "lınear"), with Turkish's dotted capital İ (which lowercases
     * to i and a combining dot) and dotless ı both read as i: "İnput" and "ınput" find Input.
     */
    public static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace("\u0307", "").replace('\u0131', 'i');
    }
}
