package layerlab.graph.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;

/**
 * The model's table like {@code torchinfo.summary}: one row per node in execution order (block placements
 * followed by their layers, indented), its kind, output shape (each output's, named, for a node with several),
 * parameters and FLOPs per sample, then the totals.
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String render(Analysis a) {
        List<String[]> rows = new ArrayList<>();
        rows(a, "", rows);
        String[] head = {"Layer (name)", "Kind", "Output shape", "Param #", "FLOPs"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) w[i] = head[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        int total = 0;
        for (int x : w) total += x + 2;
        String rule = "-".repeat(total - 2);
        line(sb, head, w);
        sb.append(rule.replace('-', '=')).append('\n');
        for (String[] r : rows) line(sb, r, w);
        sb.append(rule.replace('-', '=')).append('\n');
        long params = a.totalParams(), flops = a.totalFlops();
        sb.append("Total params: ").append(n(params)).append('\n');
        long frozen = a.frozenParams();
        if (frozen > 0) {
            // torchinfo's split, shown once something is frozen.
            sb.append("Trainable params: ").append(n(params - frozen)).append('\n');
            sb.append("Non-trainable params: ").append(n(frozen)).append(" (frozen)").append('\n');
        }
        sb.append("Params size (MB): ").append(String.format(Locale.ROOT, "%.2f", params * 4 / 1e6)).append('\n');
        sb.append("FLOPs per sample: ").append(n(flops)).append(flops >= 1000 ? " (" + abbreviated(flops) + ")" : "").append('\n');
        return sb.toString();
    }

    private static void rows(Analysis a, String indent, List<String[]> rows) {
        Graph g = a.graph();
        Set<String> seen = new HashSet<>(a.order());
        List<String> ids = new ArrayList<>(a.order());
        for (Node n : g.nodes()) if (!seen.contains(n.id())) ids.add(n.id());
        for (String id : ids) {
            Node n = g.node(id);
            NodeInfo info = a.info(id);
            String kind = Registry.shownKind(n);
            List<Map.Entry<String, TensorType>> outs = new ArrayList<>(info.outputs().entrySet());
            // An Output shows what it returns.
            TensorType main = outs.isEmpty() ? info.inputTypes().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null) : outs.get(0).getValue();
            String shape = info.status() != Status.OK ? "?" : main == null ? "—" : main.describe();
            // A node with several outputs (a block's, an LSTM's out, h_n, c_n) names each: the first on its own row, the
            // others on rows of their own named as edges name them (res1.skip), apart from the block's body rows below.
            if (info.status() == Status.OK && outs.size() > 1) shape += " (" + outs.get(0).getKey() + ")";
            rows.add(new String[] {indent + n.name() + (n.frozen() ? " (frozen)" : ""), kind, shape, info.status() == Status.OK ? n(info.params()) : "?",
                    info.status() == Status.OK ? n(info.flops()) : "?"});
            for (int i = 1; i < outs.size(); i++) {
                rows.add(new String[] {indent + n.name() + "." + outs.get(i).getKey(), "", outs.get(i).getValue().describe(), "", ""});
            }
            if (info.body() != null) rows(info.body(), indent + "  ", rows);
        }
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean right = i >= 3;
            String c = cells[i];
            String pad = " ".repeat(w[i] - c.length());
            l.append(right ? pad + c : c + pad);
            if (i < cells.length - 1) l.append("  ");
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** A count as the summary abbreviates it: 7.81 M, 1.20 G, 0.03 k. */
    public static String abbreviated(long v) {
        if (v >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        if (v >= 1_000_000L) return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        return String.format(Locale.ROOT, "%.2f k", v / 1e3);
    }
}
