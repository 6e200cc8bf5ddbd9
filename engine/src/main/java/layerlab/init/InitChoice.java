package layerlab.init;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An initialiser a node asks for its weights or its biases, by {@code torch.nn.init}'s name and keyword arguments
 * ({@code kaiming_normal} with {@code mode='fan_out', nonlinearity='relu'}): what a project file holds and the
 * property sheet edits, checked by {@link #problem} and applied by {@link #initializer()}.
 *
 * <p>Argument values are {@link Double} or {@link String}; the name is canonical (no trailing underscore).
 */
public record InitChoice(String name, Map<String, Object> args) {
    /** The roles a node's learnable tensors have: every parameter whose name starts with one ({@code weight_hh_l0}). */
    public static final List<String> ROLES = List.of("weight", "bias");

    public InitChoice {
        Objects.requireNonNull(name, "name");
        String n = name.trim().toLowerCase(Locale.ROOT);
        name = n.endsWith("_") ? n.substring(0, n.length() - 1) : n;
        // In the order torch's signature has them (a, mode, nonlinearity), whatever order they came in; unknown ones last.
        List<String> order = new ArrayList<>(Init.NAMES.contains(name) ? Init.argumentNames(name) : List.of());
        for (String k : args.keySet()) if (!order.contains(k)) order.add(k);
        Map<String, Object> copy = new LinkedHashMap<>();
        for (String k : order) {
            if (!args.containsKey(k)) continue;
            Object v = Objects.requireNonNull(args.get(k), () -> "argument " + k + " is null");
            if (v instanceof Number x) copy.put(k, x.doubleValue());
            else if (v instanceof String str) copy.put(k, str);
            else throw new IllegalArgumentException("argument '" + k + "' must be a number or a string, got " + v);
        }
        args = Collections.unmodifiableMap(copy);
    }

    public static InitChoice of(String name) {
        return new InitChoice(name, Map.of());
    }

    /** Whether this initialiser needs a tensor of two or more dimensions (its fans, or its matrix shape). */
    public boolean needsMatrix() {
        return name.startsWith("xavier") || name.startsWith("kaiming") || name.equals("orthogonal");
    }

    /**
     * Why this choice cannot initialise a {@code role} tensor of {@code rank} dimensions, or null when it can: an unknown
     * name or argument, a bad value, or a fan-based initialiser on a vector.
     */
    public String problem(String role, int rank) {
        try {
            Init.byName(name, args);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (needsMatrix() && rank < 2) {
            return name + " needs a tensor of 2 or more dimensions (it reads fan_in and fan_out), but the " + role
                    + (rank == 1 ? " is a vector" : " has " + rank + " dimensions") + "; zeros, ones, constant, normal or uniform fit it";
        }
        return null;
    }

    /** The initialiser itself (arguments checked: an unknown one is an {@link IllegalArgumentException}). */
    public Init.Initializer initializer() {
        return Init.byName(name, args);
    }

    /** {@code mode='fan_out', nonlinearity='relu'}: the arguments as a Python call writes them (empty without any). */
    public String argsText() {
        List<String> parts = new ArrayList<>();
        args.forEach((k, v) -> parts.add(k + "=" + python(v)));
        return String.join(", ", parts);
    }

    /** {@code nn.init.kaiming_normal_(target, mode='fan_out', nonlinearity='relu')}. */
    public String pythonCall(String target) {
        String a = argsText();
        return "nn.init." + name + "_(" + target + (a.isEmpty() ? "" : ", " + a) + ")";
    }

    @Override
    public String toString() {
        return name + "(" + argsText() + ")";
    }

    private static String python(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) + ".0" : String.valueOf(d);
        }
        return "'" + v.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * Reads arguments as a Python call writes them: {@code gain=2}, {@code mode='fan_out', nonlinearity="relu"},
     * {@code a=-0.1, b=0.1}; a bare word is a string ({@code mode=fan_out}). Blank text is no arguments. A malformed
     * part is an {@link IllegalArgumentException} that quotes it.
     */
    public static Map<String, Object> parseArgs(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        for (String part : splitTopLevel(text)) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + p + "' is not name=value (write e.g. gain=2 or mode='fan_out')");
            String key = p.substring(0, eq).trim(), value = p.substring(eq + 1).trim();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("'" + key + "' is not an argument name");
            if (value.isEmpty()) throw new IllegalArgumentException(key + " has no value");
            if (out.containsKey(key)) throw new IllegalArgumentException(key + " is given twice");
            out.put(key, value(key, value));
        }
        return out;
    }

    private static Object value(String key, String v) {
        char q = v.charAt(0);
        if (q == '\'' || q == '"') {
            if (v.length() < 2 || v.charAt(v.length() - 1) != q) throw new IllegalArgumentException(key + "=" + v + ": the quote is not closed");
            return v.substring(1, v.length() - 1);
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            if (v.matches("[A-Za-z_][A-Za-z0-9_]*")) return v;
            throw new IllegalArgumentException(key + "=" + v + " is neither a number nor a word");
        }
    }

    /** Splits on commas outside quotes. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString());
        return parts;
    }
}
