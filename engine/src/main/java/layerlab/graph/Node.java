package layerlab.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import layerlab.graph.spec.PyNone;
import layerlab.init.InitChoice;

/**
 * One layer on the canvas: a stable {@code id} (never shown, survives renames), a unique user-editable
 * {@code name} that becomes the PyTorch attribute name ({@code conv1}, hence the key prefix {@code conv1.weight}),
 * its {@code kind} from the layer registry, the params the student set (PyTorch names; a param that is
 * absent takes its default, or is filled from the incoming shape when the registry marks it shape-determined)
 * its canvas position, and whether its weights are {@code frozen} (kept as they are while the rest of the network
 * trains, PyTorch's {@code layer.requires_grad_(False)}; a block placed frozen freezes everything inside it), and the
 * initialisers asked for its weights and biases ({@code init}, by role: {@code weight} covers every parameter whose
 * name starts with it, an LSTM's {@code weight_ih_l0} and {@code weight_hh_l0} too; a role left out keeps PyTorch's
 * default initialisation).
 *
 * <p>Param values are {@link Integer}, {@link Double}, {@link Boolean}, {@link String} or an unmodifiable
 * {@code List<Integer>} (tuples and shapes), or {@link PyNone#NONE} where PyTorch's {@code None} is set explicitly
 * because it is not the default (BatchNorm's {@code momentum=None}); never null.
 */
public record Node(String id, String name, String kind, Map<String, Object> params, Position position, boolean frozen,
                   Map<String, InitChoice> init) {
    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(position, "position");
        Map<String, Object> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "param name"), normalise(k, v)));
        params = Collections.unmodifiableMap(copy);
        Map<String, InitChoice> inits = new LinkedHashMap<>();
        for (String role : InitChoice.ROLES) if (init.get(role) != null) inits.put(role, init.get(role));
        for (String role : init.keySet()) {
            if (!InitChoice.ROLES.contains(role)) throw new IllegalArgumentException("init: unknown role '" + role + "'; one of " + InitChoice.ROLES);
        }
        init = Collections.unmodifiableMap(inits);
    }

    public Node(String id, String name, String kind, Map<String, Object> params, Position position, boolean frozen) {
        this(id, name, kind, params, position, frozen, Map.of());
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
        return new Node(id, name, kind, p, position, frozen, init);
    }

    public Node withName(String newName) {
        return new Node(id, newName, kind, params, position, frozen, init);
    }

    public Node withPosition(Position p) {
        return new Node(id, name, kind, params, p, frozen, init);
    }

    /** This node with its weights frozen or training. */
    public Node withFrozen(boolean value) {
        return new Node(id, name, kind, params, position, value, init);
    }

    /** The initialiser asked for {@code role}'s tensors ({@code weight} or {@code bias}), or null for PyTorch's default. */
    public InitChoice init(String role) {
        return init.get(role);
    }

    /** This node with {@code role}'s initialiser set, or back to PyTorch's default when {@code choice} is null. */
    public Node withInit(String role, InitChoice choice) {
        Map<String, InitChoice> m = new LinkedHashMap<>(init);
        if (choice == null) m.remove(role);
        else m.put(role, choice);
        return new Node(id, name, kind, params, position, frozen, m);
    }

    private static Object normalise(String name, Object v) {
        Objects.requireNonNull(v, () -> "param " + name + " is null; leave it out to use the default");
        if (v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof String || v == PyNone.NONE) return v;
        if (v instanceof Long l && l == l.intValue()) return l.intValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof int[] a) return java.util.Arrays.stream(a).boxed().toList();
        if (v instanceof List<?> list) {
            // Whole numbers (a size per dim), or numbers with a fraction among them (Upsample's scale per dim): all doubles then.
            if (list.stream().anyMatch(o -> o instanceof Double || o instanceof Float) && list.stream().allMatch(o -> o instanceof Number)) {
                return List.copyOf(list.stream().map(o -> ((Number) o).doubleValue()).toList());
            }
            for (Object o : list) {
                if (!(o instanceof Integer)) throw new IllegalArgumentException("param " + name + ": a list holds numbers only, got " + list);
            }
            return List.copyOf(list.stream().map(o -> (Integer) o).toList());
        }
        throw new IllegalArgumentException("param " + name + ": unsupported value " + v + " (" + v.getClass().getSimpleName() + ")");
    }
}
