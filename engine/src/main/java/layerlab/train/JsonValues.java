package layerlab.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * Settings' values as JSON gives them: typed on a command line (JSON when they parse as JSON: {@code 0.1}, {@code true},
 * {@code [3, 6]}, else the text itself), compared and shown the same wherever a run's settings are (the run log's "what
 * changed", a checkpoint's refusal to go on under other settings).
 */
final class JsonValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonValues() {
    }

    /** {@code text} as a JSON string literal, quotes included. */
    static String quote(String text) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    static Object parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) return text;
        char c = t.charAt(0);
        if (!(c == '[' || c == '{' || c == '-' || Character.isDigit(c) || t.equals("true") || t.equals("false") || t.equals("null"))) return text;
        try {
            return JSON.readValue(t, new TypeReference<Object>() { });
        } catch (java.io.IOException e) {
            return text;
        }
    }

    /**
     * Whether two settings' values are the same: numbers by value (a file gives 5 back as an Integer where a run had 5.0),
     * lists and objects element by element, the rest by equals.
     */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) return false;
            for (Object k : x.keySet()) if (!same(x.get(k), y.get(k))) return false;
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    /**
     * A setting's value as a person reads it: a number as {@link TrainingConfig#valueText} writes it (a whole double without
     * ".0", {@code 1e-07}), an object with a name by its name, a list of them in brackets.
     */
    static String show(Object v) {
        if (v instanceof Double d) return TrainingConfig.valueText(d);
        if (v instanceof Map<?, ?> m && m.get("name") != null) return String.valueOf(m.get("name"));
        if (v instanceof List<?> l) {
            List<String> parts = new java.util.ArrayList<>();
            for (Object x : l) parts.add(show(x));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }
}
