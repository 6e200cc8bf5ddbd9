package layerlab.ui.data;

import java.util.ArrayList;
import java.util.List;

/** The Data tab's fields' texts and the values of a project's {@code "dataset"} object they stand for. */
final class FieldValues {
    private FieldValues() {}

    /** A value as its field shows it, which {@link #parse} reads back; a tab (a TSV file's delimiter) as {@code \t}. */
    static String show(Object v) {
        if (TAB.equals(v)) return "\\t";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) parts.add(x instanceof String s ? "\"" + s + "\"" : String.valueOf(x));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    private static final String TAB = "\t";

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
