package layerlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Typed access to one data settings object ({@link DataSources}); every message names the key as {@code dataset.noise}. */
final class DataSettings {
    final Map<String, ?> map;
    final String where;

    DataSettings(Map<String, ?> map, String where) {
        this.map = map;
        this.where = where;
    }

    String key(String k) {
        return where + "." + k;
    }

    boolean has(String k) {
        return map.get(k) != null;
    }

    Object get(String k) {
        return map.get(k);
    }

    String source() {
        Object s = map.get("source");
        if (s == null)
            throw new IllegalArgumentException(where + ": missing \"source\"; expected one of " + String.join(", ", DataSources.OPTIONS.keySet()));
        if (!(s instanceof String name) || !DataSources.OPTIONS.containsKey(name))
            throw new IllegalArgumentException(key("source") + ": unknown source " + quote(s) + DataSources.suggestion(String.valueOf(s), DataSources.OPTIONS.keySet())
                    + "; expected one of " + String.join(", ", DataSources.OPTIONS.keySet()));
        return name;
    }

    void checkKeys(String source, List<String> common) {
        TreeSet<String> allowed = new TreeSet<>(common);
        allowed.addAll(DataSources.OPTIONS.get(source));
        for (String k : map.keySet())
            if (!allowed.contains(k))
                throw new IllegalArgumentException(where + ": unknown key \"" + k + "\" for source \"" + source + "\""
                        // torchtext's name for a text set's vocab: said, since the spelling is not near.
                        + ("max_tokens".equals(k) && allowed.contains("vocab") ? " (vocab is torchtext's max_tokens: the most tokens, <pad> and <unk> included)"
                        : DataSources.suggestion(k, allowed)) + "; allowed: " + String.join(", ", allowed));
    }

    String string(String k, String fallback) {
        Object v = map.get(k);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw new IllegalArgumentException(key(k) + ": expected a string, got " + v);
        return s;
    }

    Path path(String k, Path baseDir) {
        String s = string(k, null);
        if (s == null || s.isBlank()) throw new IllegalArgumentException(where + ": missing \"" + k + "\" (a file or folder path)");
        Path p = Path.of(s);
        return p.isAbsolute() ? p : baseDir.resolve(p);
    }

    boolean bool(String k, boolean fallback) {
        Object v = map.get(k);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException(key(k) + ": expected true or false, got " + quote(v));
        return b;
    }

    long integer(String k, long fallback, long min, long max) {
        Object v = map.get(k);
        if (v == null) return fallback;
        if (!(v instanceof Number x) || x.doubleValue() != Math.rint(x.doubleValue()) || x.longValue() < min || x.longValue() > max)
            throw new IllegalArgumentException(key(k) + ": expected an integer" + (min > Long.MIN_VALUE ? " from " + min + " to " + max : "")
                    + ", got " + quote(v));
        return x.longValue();
    }

    double number(String k, double fallback, double min, double max) {
        Object v = map.get(k);
        if (v == null) return fallback;
        if (!(v instanceof Number x) || !(x.doubleValue() >= min && x.doubleValue() <= max))
            throw new IllegalArgumentException(key(k) + ": expected a number from " + min + (max == Double.MAX_VALUE ? "" : " to " + max)
                    + ", got " + quote(v));
        return x.doubleValue();
    }

    <E extends Enum<E>> E choice(String k, String fallback, Class<E> type) {
        String v = string(k, fallback);
        for (E e : type.getEnumConstants()) if (e.name().toLowerCase(Locale.ROOT).equals(v)) return e;
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add("\"" + e.name().toLowerCase(Locale.ROOT) + "\"");
        throw new IllegalArgumentException(key(k) + ": unknown value \"" + v + "\"; expected " + String.join(", ", names));
    }

    List<?> list(String k) {
        Object v = map.get(k);
        if (!(v instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException(key(k) + ": expected a non-empty list, got " + quote(v));
        return l;
    }

    @SuppressWarnings("unchecked")
    Map<String, ?> map(String k) {
        Object v = map.get(k);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?>)) throw new IllegalArgumentException(key(k) + ": expected an object with a \"source\", got " + v);
        return (Map<String, ?>) v;
    }

    private static String quote(Object v) {
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }
}
