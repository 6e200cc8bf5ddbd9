package layerlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        if (v instanceof String s) return string(s);
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object x : l) items.add(value(x));
            return "[" + String.join(", ", items) + "]";
        }
        throw new IllegalArgumentException("cannot write " + v + " in Python");
    }

    /** A Python float: {@code 1.0e-4} (Java's spelling, lower-cased), {@code float("inf")}, {@code float("nan")}. */
    static String num(double d) {
        if (Double.isNaN(d)) return "float(\"nan\")";
        if (Double.isInfinite(d)) return d > 0 ? "float(\"inf\")" : "float(\"-inf\")";
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }

    /**
     * A Python string literal, {@code "a\"b"}: JSON's escapes, which are Python's too (a newline or a tab in a class name
     * is {@code \n}, {@code \t}, not a line break that ends the literal).
     */
    static String string(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a string always writes
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code True} or {@code False}. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }
}
