package layerlab.ui.data;

import java.util.ArrayList;
import java.util.List;

/** The Data tab's fields' texts and the values of a project's {@code "dataset"} object they stand for. */
final class FieldValues {
    private FieldValues() {}

    /** A value as its field shows it, which {@link #parse} reads back; a tab (a TSV file's delimiter) as {@code \t}. */
    static String show(Object v) {
        if (TAB.equals(v)) return "\\t";
        if (v instanceof java.util.Map<?, ?> m) {
            // A table's targets: Input=column pairs, an Input of several columns once per column.
            List<String> pairs = new ArrayList<>();
            m.forEach((k, c) -> {
                for (Object one : c instanceof List<?> l ? l : List.of(c)) pairs.add(k + "=" + one);
            });
            return String.join(", ", pairs);
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(x instanceof String s ? "\"" + s + "\"" : String.valueOf(x));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    private static final String TAB = "\t";

    /**
     * A table's targets typed as {@code species=species, bill=bill_depth_mm}: an object of target Input names and
     * columns in the order typed, an Input named twice taking a list of its columns; the text itself when it is not
     * such pairs (the data set then says what is wrong with it).
     */
    static Object pairs(String text) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0 || part.substring(eq + 1).isBlank()) return text.trim();
            String input = part.substring(0, eq).trim(), column = part.substring(eq + 1).trim();
            Object before = m.get(input);
            if (before == null) m.put(input, column);
            else {
                List<Object> both = new ArrayList<>(before instanceof List<?> l ? l : List.of(before));
                both.add(column);
                m.put(input, both);
            }
        }
        return m.isEmpty() ? text.trim() : m;
    }

    /** A typed value: a number, true/false, a list in brackets, {@code \t} for a tab, else the text (quotes removed). */
    static Object parse(String text) {
        String s = text.trim();
        if (s.equals("\\t") || s.equals("\"\\t\"") || (s.isEmpty() && text.contains(TAB))) return TAB;
        if (s.startsWith("[") && s.endsWith("]")) {
            List<Object> out = new ArrayList<>();
            String inner = s.substring(1, s.length() - 1).trim();
            if (!inner.isEmpty()) for (String part : inner.split(",")) out.add(parse(part));
            return out;
        }
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) return s.substring(1, s.length() - 1);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }
}
