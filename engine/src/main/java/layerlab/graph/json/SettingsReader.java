package layerlab.graph.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import layerlab.graph.spec.Spelling;

/**
 * Typed reads from one object of a project's settings (a JSON-like map: {@code training}, {@code training.optimizer},
 * {@code dataset}, {@code dataset.augment[0]}). Every refusal starts with the key's path and says what is allowed, in one
 * wording everywhere ({@code dataset.noise must be a number of at least 0, got "high"}), so that
 * {@link ProjectJson#settingPath} finds the setting in the file again. Subclasses add what their settings share
 * (a data set's source, the trainer's exception type).
 */
public class SettingsReader {
    protected final Map<String, ?> map;
    protected final String path;
    private final Function<String, ? extends IllegalArgumentException> refusal;

    /** Refusals are {@link IllegalArgumentException}s. */
    public SettingsReader(Map<String, ?> map, String path) {
        this(map, path, IllegalArgumentException::new);
    }

    public SettingsReader(Map<String, ?> map, String path, Function<String, ? extends IllegalArgumentException> refusal) {
        this.map = map == null ? Map.of() : map;
        this.path = path;
        this.refusal = refusal;
    }

    /** The refusal {@code message} as this reader's exception. */
    public IllegalArgumentException refuse(String message) {
        return refusal.apply(message);
    }

    /** The path of {@code key} in the project, as {@code training.optimizer.lr}. */
    public String path(String key) {
        return path + "." + key;
    }

    public String where() {
        return path;
    }

    public boolean has(String key) {
        return map.get(key) != null;
    }

    public Object raw(String key) {
        return map.get(key);
    }

    /** Every key must be one of {@code allowed}; the first that is not is named with a "did you mean". */
    public void onlyKeys(Collection<String> allowed) {
        onlyKeys(allowed, "");
    }

    /** As {@link #onlyKeys(Collection)}, {@code context} said after the key (as {@code  for source "moons"}). */
    public void onlyKeys(Collection<String> allowed, String context) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k))
                throw refuse(path + ": unknown key \"" + k + "\"" + context + Spelling.suggestion(k, allowed) + "; the keys are " + String.join(", ", allowed));
        }
    }

    public String string(String key, String dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw refuse(path(key) + " must be a string, got " + show(v));
        return s;
    }

    /** One of {@code allowed}, matched ignoring case and returned as spelled in {@code allowed}. */
    public String choice(String key, String dflt, List<String> allowed) {
        String s = string(key, dflt);
        return s == null ? null : choose(path(key), s, allowed, refusal);
    }

    /** One of {@code type}'s constants, named in lower case ({@code "standardize"} for {@code STANDARDIZE}). */
    public <E extends Enum<E>> E choice(String key, String dflt, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        return Enum.valueOf(type, choice(key, dflt, names).toUpperCase(Locale.ROOT));
    }

    /** {@code value} as spelled in {@code allowed} (ignoring case), else a refusal naming {@code what} with a "did you mean". */
    public static String choose(String what, String value, List<String> allowed, Function<String, ? extends IllegalArgumentException> refusal) {
        for (String a : allowed) if (a.equalsIgnoreCase(value)) return a;
        throw refusal.apply(what + " is \"" + value + "\"" + Spelling.suggestion(value, allowed) + "; choose one of " + String.join(", ", allowed));
    }

    public boolean bool(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw refuse(path(key) + " must be true or false, got " + show(v));
        return b;
    }

    public int integer(String key, int dflt, int min) {
        return (int) integer(key, dflt, min, Integer.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}, or {@code dflt} when absent. */
    public long integer(String key, long dflt, long min, long max) {
        Object v = map.get(key);
        if (v == null) return dflt;
        long n = wholeNumber(key, v);
        if (n < min || n > max) {
            String range = max >= Integer.MAX_VALUE ? (min == Long.MIN_VALUE ? "" : " of at least " + min) : " from " + min + " to " + max;
            throw refuse(path(key) + " must be an integer" + range + ", got " + show(v));
        }
        return n;
    }

    public long longValue(String key, long dflt) {
        Object v = map.get(key);
        return v == null ? dflt : wholeNumber(key, v);
    }

    private long wholeNumber(String key, Object v) {
        if (v instanceof Number num) {
            double d = num.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) return num.longValue();
        }
        throw refuse(path(key) + " must be an integer, got " + show(v));
    }

    /** A finite number {@code >= min}, or {@code dflt} (which may be null) when absent. */
    public Double real(String key, Double dflt, double min) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number num) || !Double.isFinite(num.doubleValue())) throw refuse(path(key) + " must be a number, got " + show(v));
        double d = num.doubleValue();
        if (d < min) throw refuse(path(key) + " must be at least " + num(min) + ", got " + show(v));
        return d;
    }

    /** A finite number from {@code min} to {@code max}, or {@code dflt} when absent. */
    public double real(String key, double dflt, double min, double max) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number x) || !(x.doubleValue() >= min && x.doubleValue() <= max) || !Double.isFinite(x.doubleValue()))
            throw refuse(path(key) + " must be a number" + range(min, max) + ", got " + show(v));
        return x.doubleValue();
    }

    public List<Double> reals(String key, List<Double> dflt, int length) {
        Object v = map.get(key);
        if (v == null) return dflt;
        List<Double> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) if (o instanceof Number n) out.add(n.doubleValue());
        if (!(v instanceof List<?> l) || out.size() != l.size() || (length > 0 && out.size() != length))
            throw refuse(path(key) + " must be a list of " + (length > 0 ? length + " " : "") + "numbers, got " + show(v));
        return out;
    }

    public List<Integer> integers(String key, List<Integer> dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) out.add(n.intValue());
        }
        if (!(v instanceof List<?> l) || out.size() != l.size()) throw refuse(path(key) + " must be a list of integers, got " + show(v));
        return out;
    }

    public List<String> strings(String key, List<String> dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return List.of(s);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) if (o instanceof String s) out.add(s);
        if (!(v instanceof List<?> l) || out.size() != l.size()) throw refuse(path(key) + " must be a list of strings, got " + show(v));
        return out;
    }

    /** A list of at least one item. */
    public List<?> list(String key) {
        Object v = map.get(key);
        if (!(v instanceof List<?> l) || l.isEmpty()) throw refuse(path(key) + " must be a non-empty list, got " + show(v));
        return l;
    }

    /** The object under {@code key}, or null when absent; {@code what} says what it should hold. */
    @SuppressWarnings("unchecked")
    public Map<String, ?> object(String key, String what) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?>)) throw refuse(path(key) + " must be " + what + ", got " + show(v));
        return (Map<String, ?>) v;
    }

    /** " from 0 to 1", " of at least 0", " of at most 5", " above 0", " above 0 and at most 1", or "" for any number. */
    private static String range(double min, double max) {
        boolean noMin = min == -Double.MAX_VALUE, noMax = max == Double.MAX_VALUE;
        if (noMin && noMax) return "";
        if (noMax) return min == Double.MIN_VALUE ? " above 0" : " of at least " + num(min);
        if (noMin) return " of at most " + num(max);
        return min == Double.MIN_VALUE ? " above 0 and at most " + num(max) : " from " + num(min) + " to " + num(max);
    }

    /** A value as the project file spells it: strings quoted, whole numbers without a fraction ({@code 3}, not {@code 3.0}). */
    public static String show(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof Double || v instanceof Float) return num(((Number) v).doubleValue());
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(show(o));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(v);
    }

    /** A number as a person writes it: {@code 64}, {@code 0.001}, {@code 1e-05}, {@code 1e+12}. */
    public static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e6) return Long.toString((long) d);
        String s = String.format(Locale.ROOT, "%.6g", d);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
