package layerlab.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import layerlab.graph.spec.Spelling;

/**
 * Typed reads from a JSON-like map, each failure a {@link ConfigException} that names the key by its path
 * ({@code training.optimizer.lr}) and says what is allowed.
 */
final class ConfigReader {
    private final Map<String, ?> map;
    private final String path;

    ConfigReader(Map<String, ?> map, String path) {
        this.map = map == null ? Map.of() : map;
        this.path = path;
    }

    String path(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    Object raw(String key) {
        return map.get(key);
    }

    /** Every key must be one of {@code allowed}; the first that is not is named with a "did you mean". */
    void onlyKeys(Collection<String> allowed) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                String near = Spelling.closest(k, allowed);
                throw new ConfigException(path + ": unknown key \"" + k + "\"" + (near == null ? "" : " (did you mean " + near + "?)")
                        + "; the keys are " + String.join(", ", allowed));
            }
        }
    }

    String string(String key, String dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw new ConfigException(path(key) + " must be a string, got " + show(v));
        return s;
    }

    /** One of {@code allowed}, matched ignoring case and returned as spelled in {@code allowed}. */
    String choice(String key, String dflt, List<String> allowed) {
        String s = string(key, dflt);
        return s == null ? null : choose(path(key), s, allowed);
    }

    static String choose(String what, String value, List<String> allowed) {
        for (String a : allowed) if (a.equalsIgnoreCase(value)) return a;
        String near = Spelling.closest(value, allowed);
        throw new ConfigException(what + " is \"" + value + "\"" + (near == null ? "" : " (did you mean " + near + "?)")
                + "; choose one of " + String.join(", ", allowed));
    }

    boolean bool(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw new ConfigException(path(key) + " must be true or false, got " + show(v));
        return b;
    }

    int integer(String key, int dflt, int min) {
        Object v = map.get(key);
        if (v == null) return dflt;
        long n = wholeNumber(key, v);
        if (n < min || n > Integer.MAX_VALUE) throw new ConfigException(path(key) + " must be an integer of at least " + min + ", got " + show(v));
        return (int) n;
    }

    long longValue(String key, long dflt) {
        Object v = map.get(key);
        return v == null ? dflt : wholeNumber(key, v);
    }

    private long wholeNumber(String key, Object v) {
        if (v instanceof Number num) {
            double d = num.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) return num.longValue();
        }
        throw new ConfigException(path(key) + " must be an integer, got " + show(v));
    }

    /** A finite number {@code >= min}, or {@code dflt} (which may be null) when absent. */
    Double real(String key, Double dflt, double min) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number num) || !Double.isFinite(num.doubleValue())) throw new ConfigException(path(key) + " must be a number, got " + show(v));
        double d = num.doubleValue();
        if (d < min) throw new ConfigException(path(key) + " must be at least " + num(min) + ", got " + show(v));
        return d;
    }

    List<Double> reals(String key, List<Double> dflt, int length) {
        Object v = map.get(key);
        if (v == null) return dflt;
        List<Double> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) if (o instanceof Number n) out.add(n.doubleValue());
        if (!(v instanceof List<?> l) || out.size() != l.size() || (length > 0 && out.size() != length)) {
            throw new ConfigException(path(key) + " must be a list of " + (length > 0 ? length + " " : "") + "numbers, got " + show(v));
        }
        return out;
    }

    List<Integer> integers(String key, List<Integer> dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) out.add(n.intValue());
        }
        if (!(v instanceof List<?> l) || out.size() != l.size()) throw new ConfigException(path(key) + " must be a list of integers, got " + show(v));
        return out;
    }

    List<String> strings(String key, List<String> dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return List.of(s);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) if (o instanceof String s) out.add(s);
        if (!(v instanceof List<?> l) || out.size() != l.size()) throw new ConfigException(path(key) + " must be a list of strings, got " + show(v));
        return out;
    }

    static String show(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof Double d) return num(d);
        return String.valueOf(v);
    }

    /** A number as a person writes it: {@code 64}, {@code 0.001}, {@code 1e-05}, {@code 1e+12}. */
    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e6) return Long.toString((long) d);
        String s = String.format(java.util.Locale.ROOT, "%.6g", d);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
