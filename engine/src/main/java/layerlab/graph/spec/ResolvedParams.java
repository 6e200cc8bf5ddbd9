package layerlab.graph.spec;

import java.util.Map;

/** {@link Params} over a node's set values, the values filled from shapes, and the spec's defaults. */
public final class ResolvedParams implements Params {
    private final LayerSpec spec;
    private final Map<String, Object> set;
    private final Map<String, Object> filled;

    public ResolvedParams(LayerSpec spec, Map<String, Object> set, Map<String, Object> filled) {
        this.spec = spec;
        this.set = set;
        this.filled = filled;
    }

    @Override
    public Object value(String name) {
        Object v = set.get(name);
        if (v == PyNone.NONE) return null;
        if (v != null) return v;
        v = filled.get(name);
        if (v != null) return v;
        ParamSpec p = spec.param(name);
        return p == null ? null : p.defaultValue();
    }

    @Override
    public boolean isSet(String name) {
        return set.containsKey(name);
    }
}
