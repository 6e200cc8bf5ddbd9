package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.List;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.ParamType;
import layerlab.graph.spec.Py;
import layerlab.graph.spec.PyNone;
import layerlab.ui.TypedText;

/** A param's value as the property sheet writes it ({@code 3}, {@code 3, 5}, {@code same}) and reads it back. */
public final class ParamText {
    private ParamText() {
    }

    /** The field's text for a value; empty for null (unset), {@code None} for PyTorch's None set explicitly. */
    public static String format(Object v) {
        if (v == null) return "";
        if (v instanceof List<?> l) return String.join(", ", l.stream().map(ParamText::format).toList());
        if (v instanceof Double d) return Py.num(d);
        return String.valueOf(v);
    }

    /**
     * The value typed into a field; null for an empty field (unset: the default, or auto from the shape); {@link PyNone#NONE}
     * for {@code None} where the param takes None besides its default.
     * Throws with a student's reason when the text is not of the param's type or out of its range.
     */
    public static Object parse(ParamSpec ps, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            String why = ps.check(null);
            if (why != null) throw new IllegalArgumentException(why);
            return null;
        }
        // PyTorch's None, typed where it means something other than the default (BatchNorm's momentum=None); where None
        // is the default an empty field says it.
        if (ps.nullable() && (t.equalsIgnoreCase("none") || t.equals("null"))) return ps.explicitNone() ? PyNone.NONE : null;
        Object v = switch (ps.type()) {
            case INT -> integer(ps, t);
            // A number per dim where the param takes one ("2, 1.5", "0,5; 2"), read as any list of numbers; a lone decimal
            // comma ("1,5" on a German keyboard) is one number.
            case FLOAT -> ps.arity() > 1 && (t.contains(";") || TypedText.decimalPoint(t).contains(",")) ? numbers(ps, t) : real(ps, t);
            case BOOL -> Boolean.parseBoolean(t);
            case CHOICE, STRING -> unquote(t);
            case SIZE, PADDING, SHAPE -> sizes(ps, t);
            case FLOATS -> numbers(ps, t);
        };
        String why = ps.check(v);
        if (why != null) throw new IllegalArgumentException(why);
        return v;
    }

    private static double real(ParamSpec ps, String t) {
        try {
            return Double.parseDouble(TypedText.decimalPoint(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ps.name() + " must be a number" + (ps.arity() > 1 ? " or a list of " + ps.arity() : "") + ", got " + t);
        }
    }

    private static Object sizes(ParamSpec ps, String t) {
        String inner = t.replaceAll("^[(\\[]|[)\\]]$", "").trim();
        if (ps.type() == ParamType.PADDING && !inner.isEmpty() && !Character.isDigit(inner.charAt(0)) && inner.charAt(0) != '-') return unquote(inner);
        if (inner.isEmpty()) return List.of();
        String[] parts = inner.split("\\s*,\\s*");
        List<Integer> out = new ArrayList<>();
        for (String p : parts) if (!p.isEmpty()) out.add(integer(ps, p));
        if (ps.type() != ParamType.SHAPE && out.size() == 1 && !inner.contains(",")) return out.get(0);
        return List.copyOf(out);
    }

    /**
     * A list of numbers (a loss's class weights, a scale per dim) typed as {@code 1, 9}, {@code [1, 9]} or {@code (0.5, 2)};
     * where numbers are written with a decimal comma the entries are separated by semicolons ({@code 0,5; 2}), each read as
     * {@link TypedText#decimalPoint} reads a number.
     */
    private static List<Double> numbers(ParamSpec ps, String t) {
        String inner = t.replaceAll("^[(\\[]|[)\\]]$", "").trim();
        String[] parts = inner.contains(";") ? inner.split("\\s*;\\s*") : inner.contains(",") ? inner.split("\\s*,\\s*") : inner.split("\\s+");
        List<Double> out = new ArrayList<>();
        for (String p : parts) {
            String entry = p.trim();
            try {
                double d = Double.parseDouble(TypedText.decimalPoint(entry));
                if (entry.isEmpty() || !Double.isFinite(d) || entry.matches("(?i).*[a-z&&[^e]].*")) throw new NumberFormatException(entry);
                out.add(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ps.name() + ": \"" + entry + "\" is not a number; type the numbers separated by commas, "
                        + "such as 1, 9 (with decimal commas separate them by semicolons: 0,5; 2)");
            }
        }
        return List.copyOf(out);
    }

    private static int integer(ParamSpec ps, String t) {
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            // A whole number past what a size can be (a pasted 99999999999) is not "not a whole number".
            if (t.trim().matches("[-+]?\\d+")) {
                throw new IllegalArgumentException(ps.name() + ": " + t.trim() + " is too large; a size is at most " + Integer.MAX_VALUE);
            }
            throw new IllegalArgumentException(ps.name() + " must be a whole number, got " + t.trim());
        }
    }

    private static String unquote(String t) {
        return t.replaceAll("^['\"]|['\"]$", "");
    }
}
