package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.Block;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.PortType;
import layerlab.graph.spec.Registry;
import layerlab.tensor.DType;
import layerlab.ui.TypedText;

/**
 * The quick-add search: fuzzy (the query's letters in order, so "cv2" finds Conv2d), best matches first —
 * whole-word prefixes before scattered letters, short names before long ones.
 */
public final class QuickAddModel {
    /** One thing quick-add can place: a layer kind, or a block of the project (kind {@code Block}). */
    public record Choice(String kind, String block, String label, String detail) {
        public String shown() {
            return block != null ? block : kind;
        }
    }

    private QuickAddModel() {
    }

    /** Every layer kind (but Block itself) and every block of {@code g}. */
    public static List<Choice> choices(Graph g) {
        List<Choice> out = new ArrayList<>();
        for (LayerSpec s : Registry.all()) {
            if (s.kind().equals(Registry.BLOCK)) continue;
            out.add(new Choice(s.kind(), null, s.kind(), s.category().displayName() + " " + String.join(" ", s.keywords())));
        }
        for (Block b : g.blocks()) out.add(new Choice(Registry.BLOCK, b.name(), b.name(), "My blocks"));
        return out;
    }

    /** Choices whose first input accepts a tensor of {@code dtype} (null: any), for a wire dropped on empty canvas. */
    public static List<Choice> accepting(List<Choice> all, DType dtype) {
        List<Choice> out = new ArrayList<>();
        for (Choice c : all) {
            if (c.block() != null) {
                out.add(c);
                continue;
            }
            List<PortSpec> ins = Registry.get(c.kind()).defaultInputs();
            if (ins.isEmpty()) continue;
            PortType t = ins.get(0).type();
            if (dtype == null || t.accepts(dtype)) out.add(c);
        }
        return out;
    }

    /**
     * {@code all} ordered for replacing a node of {@code kind} (a ReLU): its own group first (the other activations), then
     * the other layers and the project's blocks in palette order, and last what would change the node's role, an Output,
     * an Input or a loss. The order within each stays the palette's.
     */
    public static List<Choice> forReplacing(List<Choice> all, String kind) {
        LayerSpec spec = Registry.find(kind);
        Category own = spec == null ? null : spec.category();
        List<Choice> out = new ArrayList<>(all);
        out.sort(Comparator.comparingInt(c -> rank(c, own)));
        return out;
    }

    private static int rank(Choice c, Category own) {
        Category cat = Registry.find(c.kind()) == null ? null : Registry.find(c.kind()).category();
        if (cat == own) return 0;
        if (cat == Category.DATA || cat == Category.LOSS) return 2;
        return 1;
    }

    /** The choices matching {@code query}, best first; all of them (in palette order) for an empty query. */
    public static List<Choice> filter(List<Choice> all, String query) {
        String q = query == null ? "" : TypedText.fold(query.trim()).replace(" ", "");
        if (q.isEmpty()) return all;
        List<Choice> hits = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Choice c : all) {
            double s = score(TypedText.fold(c.label()), q);
            if (s < 0) s = score(TypedText.fold(c.detail()), q) >= 0 && TypedText.fold(c.detail()).contains(q) ? 1 : -1;
            if (s >= 0) {
                hits.add(c);
                scores.add(s);
            }
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) idx.add(i);
        idx.sort(Comparator.comparingDouble((Integer i) -> -scores.get(i)).thenComparingInt(i -> hits.get(i).label().length()));
        return idx.stream().map(hits::get).toList();
    }

    /**
     * {@link #filter(List, String)} of {@code shown}, with the kind or block {@code query} names exactly put first when
     * {@code shown} left it out: "Embedding" typed after a float32 Input gives the Embedding asked for (its problem then
     * says to set the Input's dtype to int64), not PositionEmbedding, whose name merely contains the query.
     */
    public static List<Choice> filter(List<Choice> shown, List<Choice> all, String query) {
        List<Choice> hits = filter(shown, query);
        String q = query == null ? "" : query.trim();
        if (q.isEmpty()) return hits;
        for (Choice c : all) {
            if (c.label().equalsIgnoreCase(q) && !hits.contains(c)) {
                List<Choice> out = new ArrayList<>(hits.size() + 1);
                out.add(c);
                out.addAll(hits);
                return out;
            }
        }
        return hits;
    }

    /** -1 when {@code q}'s letters do not occur in order in {@code text}; higher for prefixes and consecutive runs. */
    static double score(String text, String q) {
        if (text.equals(q)) return 100;
        if (text.startsWith(q)) return 50 + q.length();
        int at = 0, runs = 0;
        int prev = -2;
        for (char ch : q.toCharArray()) {
            int i = text.indexOf(ch, at);
            if (i < 0) return -1;
            if (i != prev + 1) runs++;
            prev = i;
            at = i + 1;
        }
        return (text.contains(q) ? 20 : 10) - runs;
    }
}
