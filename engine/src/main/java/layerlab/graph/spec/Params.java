package layerlab.graph.spec;

import java.util.List;

/**
 * A node's params as a layer sees them: the value the student set, else the one filled from the shape, else the
 * default. Typed getters fail loudly on a wrong type (validation reports those before any rule runs).
 */
public interface Params {
    /** The resolved value, or null for PyTorch's {@code None}. */
    Object value(String name);

    /** Whether the student set it (rather than leaving the default or auto). */
    boolean isSet(String name);

    default int i(String name) {
        return ((Number) need(name)).intValue();
    }

    default double d(String name) {
        return ((Number) need(name)).doubleValue();
    }

    default boolean b(String name) {
        return (Boolean) need(name);
    }

    default String s(String name) {
        return (String) need(name);
    }

    /** An int or tuple param as {@code arity} ints ({@code kernel_size=3} → {@code [3, 3]}). */
    default int[] size(String name, int arity) {
        Object v = need(name);
        int[] out = new int[arity];
        if (v instanceof Integer k) java.util.Arrays.fill(out, k);
        else {
            List<?> l = (List<?>) v;
            for (int i = 0; i < arity; i++) out[i] = (Integer) l.get(i);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    default List<Integer> ints(String name) {
        return (List<Integer>) need(name);
    }

    /** A {@link ParamType#FLOATS} param as float32 numbers, or null when unset (PyTorch's {@code None}). */
    default float[] floats(String name) {
        Object v = value(name);
        if (v == null) return null;
        List<?> l = (List<?>) v;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).floatValue();
        return out;
    }

    /**
     * A context that reads its params from another {@link Params} as they are (a node's build, shape or export context):
     * it adds to them (a name, types, ports) and resolves nothing itself.
     */
    interface Forwarding extends Params {
        /** The params read through. */
        Params params();

        @Override
        default Object value(String name) {
            return params().value(name);
        }

        @Override
        default boolean isSet(String name) {
            return params().isSet(name);
        }
    }

    private Object need(String name) {
        Object v = value(name);
        if (v == null) throw new IllegalStateException("param " + name + " has no value");
        return v;
    }
}
