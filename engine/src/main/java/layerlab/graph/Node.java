package layerlab.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One layer on the canvas: a stable {@code id} (never shown, survives renames), a unique user-editable
 * {@code name} that becomes the PyTorch attribute name ({@code conv1}, hence the key prefix {@code conv1.weight}),
 * its {@code kind} from the layer registry, the params the student set (PyTorch names; a param that is
 * absent takes its default, or is filled from the incoming shape when the registry marks it shape-determined)
 * its canvas position, and whether its weights are {@code frozen} (kept as they are while the rest of the network
 * trains, PyTorch's {@code layer.requires_grad_(False)}; a block placed frozen freezes everything inside it).
 *
 * <p>Param values are {@link Integer}, {@link Double}, {@link Boolean}, {@link String} or an unmodifiable
 * {@code List<Integer>} (tuples and shapes); never null.
 */
public record Node(String id, String name, String kind, Map<String, Object> params, Position position, boolean frozen) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(position, "position");
        Map<String, Object> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "param name"), normalise(k, v)));
        params = Collections.unmodifiableMap(copy);
    }

    public Node(String id, String name, String kind, Map<String, Object> params, Position position) {
        this(id, name, kind, params, position, false);
    }

    public Node(String id, String name, String kind) {
        this(id, name, kind, Map.of(), Position.ORIGIN);
    }

    /** The value the student set, or null when the param is left at its default (or auto). */
    public Object param(String param) {
        return params.get(param);
    }

    /** This node with {@code param} set to {@code value}, or unset when {@code value} is null. */
    public Node withParam(String param, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        if (value == null) p.remove(param);
        else p.put(param, value);
        return new Node(id, name, kind, p, position, frozen);
    }

    public Node withName(String newName) {
        return new Node(id, newName, kind, params, position, frozen);
    }

    public Node withPosition(Position p) {
        return new Node(id, name, kind, params, p, frozen);
    }

    /** This node with its weights frozen or training. */
    public Node withFrozen(boolean value) {
        return new Node(id, name, kind, params, position, value);
    }

    private static Object normalise(String name, Object v) {
        Objects.requireNonNull(v, () -> "param " + name + " is null; leave it out to use the default");
        if (v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Long l && l == l.intValue()) return l.intValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof int[] a) return java.util.Arrays.stream(a).boxed().toList();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Integer)) throw new IllegalArgumentException("param " + name + ": a list holds whole numbers only, got " + list);
            }
            return List.copyOf(list.stream().map(o -> (Integer) o).toList());
        }
        throw new IllegalArgumentException("param " + name + ": unsupported value " + v + " (" + v.getClass().getSimpleName() + ")");
    }
}
