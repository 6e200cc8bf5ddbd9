package layerlab.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;

/**
 * A layered left-to-right layout (Sugiyama's first steps): each node's column is its longest path from a source,
 * rows inside a column follow the average row of the node's predecessors so that chains run straight and
 * crossings stay few. Loops are tolerated (their back edges are ignored).
 */
public final class AutoLayout {
    // 120 px between cards: room for an edge's shape label ("[N, 32, 28, 28]") between them.
    public static final double COLUMN = 300, ROW = 160;

    private AutoLayout() {
    }

    /** New positions for {@code ids} (every node when empty), anchored at their current top-left corner. */
    public static Map<String, Position> layout(Graph g, Collection<String> ids) {
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
        Map<Integer, List<String>> columns = new java.util.TreeMap<>();
        for (String id : nodes) columns.computeIfAbsent(col.get(id), k -> new ArrayList<>()).add(id);

        Map<String, Double> row = new HashMap<>();
        Map<String, Position> out = new LinkedHashMap<>();
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
                key.put(here.get(i), n == 0 ? i : sum / n + i * 1e-6);
            }
            here.sort(Comparator.comparingDouble(key::get));
            double prev = -1;
            for (String id : here) {
                // The row nearest the predecessors' average that is below the previous node in this column.
                double r = Math.max(Math.round(key.get(id)), prev + 1);
                if (g.incoming(id).stream().noneMatch(e -> row.containsKey(e.fromNode()))) r = prev + 1;
                row.put(id, r);
                prev = r;
                out.put(id, new Position(x0 + c.getKey() * COLUMN, y0 + r * ROW));
            }
        }
        return out;
    }
}
