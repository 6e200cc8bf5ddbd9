package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every layer kind LayerLab knows, in palette order: the one place the palette, the property sheet, the
 * project file, validation, shape inference, compile and the exports look a kind up.
 */
public final class Registry {
    /** The kind of a block instance node. */
    public static final String BLOCK = "Block";

    private static final Map<String, LayerSpec> SPECS = load();

    private Registry() {
    }

    private static Map<String, LayerSpec> load() {
        List<LayerSpec> all = new ArrayList<>();
        all.addAll(DataSpecs.all());
        all.addAll(LinearSpecs.all());
        all.addAll(ConvSpecs.all());
        all.addAll(PoolSpecs.all());
        all.addAll(NormSpecs.all());
        all.addAll(SequenceSpecs.all());
        all.addAll(AttentionSpecs.all());
        all.addAll(ActivationSpecs.all());
        all.addAll(GraphOpSpecs.all());
        all.add(BlockSpec.spec());
        all.addAll(LossSpecs.all());
        all.sort(java.util.Comparator.comparing(LayerSpec::category)); // stable: keeps each group's own order
        Map<String, LayerSpec> m = new LinkedHashMap<>();
        for (LayerSpec s : all) {
            if (m.put(s.kind(), s) != null) throw new IllegalStateException("two specs for " + s.kind());
        }
        return Collections.unmodifiableMap(m);
    }

    /** All specs in palette order (by category, then as each group lists them). */
    public static List<LayerSpec> all() {
        return List.copyOf(SPECS.values());
    }

    public static List<String> kinds() {
        return List.copyOf(SPECS.keySet());
    }

    /** The spec of {@code kind}, or null. */
    public static LayerSpec find(String kind) {
        return SPECS.get(kind);
    }

    /** The spec of {@code kind}; an error naming it (and the closest known kind) when there is none. */
    public static LayerSpec get(String kind) {
        LayerSpec s = SPECS.get(kind);
        if (s == null) throw new IllegalArgumentException(unknownKind(kind));
        return s;
    }

    /** The kind of {@code n} as it is shown (in problems, the summary table): a block placement shows its block's name. */
    public static String shownKind(layerlab.graph.Node n) {
        return n.kind().equals(BLOCK) && n.param("block") instanceof String b ? b : n.kind();
    }

    /** {@code unknown layer kind "Conv4d" (did you mean Conv3d?)}. */
    public static String unknownKind(String kind) {
        String near = byKeyword(kind);
        if (near == null) near = closest(kind);
        return "unknown layer kind \"" + kind + "\"" + Spelling.suggestion(near);
    }

    /**
     * The first kind (in registry order) one of whose search keywords is {@code kind} (ignoring case), or null: Keras's
     * {@code Dense} is LayerLab's Linear, which no spelling is near.
     */
    private static String byKeyword(String kind) {
        String k = kind.toLowerCase(java.util.Locale.ROOT);
        for (LayerSpec s : SPECS.values()) if (s.keywords().contains(k)) return s.kind();
        return null;
    }

    /** The known kind nearest {@code kind} by edit distance (ignoring case), or null if none is close. */
    public static String closest(String kind) {
        return Spelling.closest(kind, SPECS.keySet());
    }

    /** Palette search: kinds whose name, display name, category or keywords contain {@code query} (case-insensitive). */
    public static List<LayerSpec> search(String query) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<LayerSpec> out = new ArrayList<>();
        for (LayerSpec s : SPECS.values()) {
            boolean hit = s.kind().toLowerCase(Locale.ROOT).contains(q) || s.displayName().toLowerCase(Locale.ROOT).contains(q)
                    || s.category().displayName().toLowerCase(Locale.ROOT).contains(q);
            for (String k : s.keywords()) hit |= k.toLowerCase(Locale.ROOT).contains(q);
            if (hit) out.add(s);
        }
        return out;
    }
}
