package layerlab.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A layered left-to-right layout (Sugiyama's first steps): each node's column is its longest path from a source (a
 * source that feeds later layers only, such as the labels of a loss, sits just before the first it feeds), rows inside
 * a column follow the average row of the node's predecessors so that chains run straight and crossings stay few. A
 * graph deeper than {@link #MAX_COLUMNS} columns wraps into bands of columns, one under the other, as text wraps into
 * lines, so that the window shows all of it at a readable zoom (a selection laid out on its own stays in one band). Loops are tolerated (their back edges are ignored).
 */
public final class AutoLayout {
    // 100 px between cards (180 wide): room for an edge's shape label ("[N, 32, 28, 28]") between them.
    public static final double COLUMN = 280, ROW = 150;
    /** Columns in a band before the layout wraps: four fit the canvas of the first window at a readable zoom. */
    public static final int MAX_COLUMNS = 4;
    /** Space between one band's last row and the next band's first, beyond a row's. */
    public static final double BAND_GAP = 50;
    /**
     * How much wider the gap after a column is in a band that a wire skips past, from a band above to one below it: the
     * wire runs down that gap, and the shape label of the wire across it needs room beside it.
     */
    public static final double SKIP_GAP = 150;
    /**
     * How much wider the gap after a column is in the band a wire leaves from or comes into, where it runs down that gap
     * past a row of its own band: past one row, a wire's label has the rest of the band's height beside the gap too, and
     * the band stays narrow enough for a first window (the MNIST autoencoder's four columns at a readable zoom).
     */
    public static final double END_SKIP_GAP = 100;

    private AutoLayout() {
    }

    /** New positions for {@code ids} (every node when empty), anchored at their current top-left corner. */
    public static Map<String, Position> layout(Graph g, Collection<String> ids) {
        return layout(g, ids, MAX_COLUMNS);
    }

    /**
     * Like {@link #layout(Graph, Collection)}, the whole graph wrapping after {@code maxColumns} columns: fewer for a narrow
     * window, so that a sample opens readable there.
     */
    public static Map<String, Position> layout(Graph g, Collection<String> ids, int maxColumns) {
        return layout(g, ids, maxColumns, BAND_GAP);
    }

    /**
     * Like {@link #layout(Graph, Collection, int)}, the bands {@code bandGap} apart beyond a row's: 0 for a window too
     * short for the usual gap, where a band's wire back to the next runs in the gap a row leaves.
     */
    public static Map<String, Position> layout(Graph g, Collection<String> ids, int maxColumns, double bandGap) {
        Set<String> set = new HashSet<>(ids.isEmpty() ? g.nodes().stream().map(Node::id).toList() : ids);
        List<String> nodes = new ArrayList<>();
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE;
        for (Node n : g.nodes()) {
            if (!set.contains(n.id())) continue;
            nodes.add(n.id());
            x0 = Math.min(x0, n.position().x());
            y0 = Math.min(y0, n.position().y());
        }
        if (nodes.isEmpty()) return Map.of();

        // Columns: longest path from a source, by a topological walk (Kahn); nodes in loops keep column 0 + what reached them.
        Map<String, Integer> indeg = new HashMap<>(), col = new HashMap<>();
        for (String id : nodes) {
            indeg.put(id, 0);
            col.put(id, 0);
        }
        for (String id : nodes) for (Edge e : g.outgoing(id)) if (set.contains(e.toNode())) indeg.merge(e.toNode(), 1, Integer::sum);
        List<String> queue = new ArrayList<>();
        for (String id : nodes) if (indeg.get(id) == 0) queue.add(id);
        for (int i = 0; i < queue.size(); i++) {
            String at = queue.get(i);
            for (Edge e : g.outgoing(at)) {
                if (!set.contains(e.toNode())) continue;
                col.merge(e.toNode(), col.get(at) + 1, Math::max);
                if (indeg.merge(e.toNode(), -1, Integer::sum) == 0) queue.add(e.toNode());
            }
        }
        // Sources that feed only later columns move up to just before the first node they feed.
        for (String id : nodes) {
            if (g.incoming(id).stream().anyMatch(e -> set.contains(e.fromNode()))) continue;
            int first = Integer.MAX_VALUE;
            for (Edge e : g.outgoing(id)) if (set.contains(e.toNode())) first = Math.min(first, col.get(e.toNode()));
            if (first != Integer.MAX_VALUE) col.put(id, Math.max(col.get(id), first - 1));
        }
        TreeMap<Integer, List<String>> columns = new TreeMap<>();
        for (String id : nodes) columns.computeIfAbsent(col.get(id), k -> new ArrayList<>()).add(id);

        Map<String, Double> row = new HashMap<>();
        Map<String, Integer> at = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<String>> c : columns.entrySet()) {
            List<String> here = c.getValue();
            Map<String, Double> key = new HashMap<>();
            for (int i = 0; i < here.size(); i++) {
                double sum = 0;
                int n = 0;
                for (Edge e : g.incoming(here.get(i))) {
                    Double r = row.get(e.fromNode());
                    if (r != null) {
                        sum += r;
                        n++;
                    }
                }
                // A source (moved up next to what it feeds) goes under the nodes that continue a row.
                key.put(here.get(i), n == 0 ? (c.getKey() > 0 ? 1e9 : 0) + i : sum / n + i * 1e-6);
            }
            here.sort(Comparator.comparingDouble(key::get));
            double prev = -1;
            for (String id : here) {
                // The row nearest the predecessors' average that is below the previous node in this column.
                double r = Math.max(Math.round(key.get(id)), prev + 1);
                if (g.incoming(id).stream().noneMatch(e -> row.containsKey(e.fromNode()))) r = prev + 1;
                row.put(id, r);
                prev = r;
                at.put(id, c.getKey());
            }
        }
        // A selection keeps to one band: wrapped under its top-left it could land on the cards below it.
        boolean whole = set.size() == g.nodes().size();
        return place(g, at, row, columns.isEmpty() ? 0 : columns.lastKey() + 1, whole ? Math.max(1, maxColumns) : Integer.MAX_VALUE, bandGap,
                x0, y0);
    }

    /**
     * Positions from columns and rows: in one band up to {@code maxColumns} columns, else in bands of as even a number
     * of columns as wrapping allows, each band under the previous one's lowest row.
     */
    private static Map<String, Position> place(Graph g, Map<String, Integer> col, Map<String, Double> row, int columns, int maxColumns,
            double bandGap, double x0, double y0) {
        int bands = Math.max(1, (int) Math.min(columns, ((long) columns + maxColumns - 1) / maxColumns));
        int[] band = new int[columns], first = new int[bands];
        for (int b = 0, c = 0; b < bands; b++) {
            first[b] = c;
            int size = columns / bands + (b < columns % bands ? 1 : 0);
            for (int i = 0; i < size; i++) band[c++] = b;
        }
        // Each band from its own top row (a band below starts at its first used row).
        double[] low = new double[bands], high = new double[bands];
        Arrays.fill(low, Double.MAX_VALUE);
        for (Map.Entry<String, Integer> e : col.entrySet()) {
            int b = band[e.getValue()];
            low[b] = Math.min(low[b], row.get(e.getKey()));
            high[b] = Math.max(high[b], row.get(e.getKey()));
        }
        double[] top = new double[bands];
        for (int b = 1; b < bands; b++) top[b] = top[b - 1] + (high[b - 1] - low[b - 1] + 1) * ROW + bandGap;
        // A wire from one band to a band below (a residual skip past a band, a loss's target from the Input) runs down
        // through the bands between: going forwards, in the gap after its output's column; going back, in the gap before
        // its input's (the first column's wire loops round left of the cards). It runs down its own band's gap too where
        // rows lie under its output, and its input's band's down to its input's row where rows lie above that. There that
        // gap is wider, so that the shape label of a wire across it has room beside the one running down.
        double[][] wide = new double[bands][columns];
        for (String id : col.keySet()) {
            for (Edge e : g.outgoing(id)) {
                Integer to = col.get(e.toNode());
                if (to == null) continue;
                int from = col.get(id), bf = band[from], bt = band[to], f = from - first[bf], t = to - first[bt];
                int gap = t > f ? f : t - 1;
                if (bt <= bf || gap < 0) continue;
                for (int b = bf + 1; b < bt; b++) wide[b][gap] = SKIP_GAP;
                if (gap == f && row.get(id) < high[bf]) wide[bf][gap] = Math.max(wide[bf][gap], END_SKIP_GAP);
                if (row.get(e.toNode()) > low[bt]) wide[bt][gap] = Math.max(wide[bt][gap], END_SKIP_GAP);
            }
        }
        Map<String, Position> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : col.entrySet()) {
            int b = band[e.getValue()], c = e.getValue() - first[b];
            double r = row.get(e.getKey()) - (bands == 1 ? 0 : low[b]), x = c * COLUMN;
            for (int k = 0; k < c; k++) x += wide[b][k];
            out.put(e.getKey(), new Position(x0 + x, y0 + top[b] + r * ROW));
        }
        return out;
    }
}
