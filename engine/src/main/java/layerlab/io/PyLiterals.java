package layerlab.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Java values as Python literals, for the exported script's settings (one place for how a number or a flag is written). */
final class PyLiterals {
    private PyLiterals() {
    }

    /** A Python literal: numbers, True/False, strings, lists (betas as a tuple is not needed: torch takes a list). */
    static String value(Object v) {
        if (v instanceof Boolean b) return py(b);
        if (v instanceof Double d) return num(d);
        if (v instanceof Float f) return num(f.doubleValue());
        if (v instanceof Number n) return n.toString();
        if (v instanceof String s) return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object x : l) items.add(value(x));
            return "[" + String.join(", ", items) + "]";
        }
        throw new IllegalArgumentException("cannot write " + v + " in Python");
    }

    /** A Python float literal ({@code 1.0e-4}, {@code inf}, {@code nan}: Java's spelling, lower-cased). */
    static String num(double d) {
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }

    /** {@code True} or {@code False}. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }
}
