package layerlab.graph.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;

/**
 * Layers that pass values on unchanged, only reshaped or some of them dropped (Flatten, Reshape, Dropout…): what a value
 * means is what it meant before them. The checks look through them (a Softmax, a Flatten, then CrossEntropyLoss is the
 * Softmax's mistake), and so do the fixes (the editor's quick fixes act on the Softmax there too).
 */
public final class ShapeOnly {
    static final Set<String> KINDS = Set.of("Reshape", "View", "Flatten", "Unflatten", "Identity", "Dropout", "Dropout2d", "Permute", "Transpose");

    private ShapeOnly() {
    }

    /** Whether {@code n} is such a layer. */
    public static boolean is(Node n) {
        return n != null && KINDS.contains(n.kind());
    }

    /**
     * The wires from {@code from}'s output to the {@code port} of a node that {@code to} accepts, through such layers only
     * (each entered at "in"), in order: one wire where {@code from} feeds it directly; null where none leads there (or only
     * in a circle, which a drawing being edited may hold).
     */
    public static List<Edge> wayTo(Graph g, Node from, Predicate<Node> to, String port) {
        return wayTo(g, from, to, port, new HashSet<>());
    }

    private static List<Edge> wayTo(Graph g, Node from, Predicate<Node> to, String port, Set<String> seen) {
        if (!seen.add(from.id())) return null;
        for (Edge e : g.outgoing(from.id())) {
            Node next = g.node(e.toNode());
            if (next == null) continue;
            if (e.toPort().equals(port) && to.test(next)) return List.of(e);
            if (!e.toPort().equals("in") || !is(next)) continue;
            List<Edge> rest = wayTo(g, next, to, port, seen);
            if (rest == null) continue;
            List<Edge> way = new ArrayList<>(List.of(e));
            way.addAll(rest);
            return way;
        }
        return null;
    }
}
