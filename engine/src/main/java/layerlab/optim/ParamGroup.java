package layerlab.optim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import layerlab.nn.Parameter;

/**
 * One of an optimiser's parameter groups (PyTorch's {@code param_groups[i]}): parameters plus the
 * hyper-parameters they are trained with, by PyTorch's names ({@code lr}, {@code momentum}, {@code betas}...).
 * Values are {@link Double}, {@link Boolean}, {@code List<Double>} (betas), or a {@link String} or null (LBFGS's
 * {@code line_search_fn}). Schedulers change {@code lr} here.
 */
public final class ParamGroup {
    private final List<Parameter> params;
    // Sorted, so the printout lists options like PyTorch's repr does.
    private final Map<String, Object> options = new TreeMap<>();

    ParamGroup(List<Parameter> params, Map<String, Object> options) {
        this.params = List.copyOf(params);
        this.options.putAll(options);
    }

    public List<Parameter> params() {
        return params;
    }

    /** The hyper-parameters, read-only. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    public double lr() {
        return getDouble("lr");
    }

    public void setLr(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + lr);
        options.put("lr", lr);
    }

    public boolean has(String key) {
        return options.containsKey(key);
    }

    public Object get(String key) {
        Object v = options.get(key);
        if (v == null) throw new IllegalArgumentException("parameter group has no option '" + key + "'");
        return v;
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    /** The {@code i}-th number of a pair option such as {@code betas}. */
    public double getDouble(String key, int i) {
        return ((Number) ((List<?>) get(key)).get(i)).doubleValue();
    }

    /** Sets an option (numbers are stored as doubles, pairs as lists of doubles). */
    public void set(String key, Object value) {
        options.put(key, normalise(key, value));
    }

    static Object normalise(String key, Object value) {
        if (value == null || value instanceof Boolean || value instanceof String) return value;
        if (value instanceof Number n) return n.doubleValue();
        if (value instanceof double[] a) return java.util.Arrays.stream(a).boxed().toList();
        if (value instanceof List<?> l) return l.stream().map(x -> ((Number) x).doubleValue()).toList();
        throw new IllegalArgumentException("option '" + key + "' must be a number, a boolean, a string or a list of numbers, got " + value);
    }
}
