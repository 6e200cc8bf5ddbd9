package layerlab.graph.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.ResolvedParams;

/**
 * How a node's rank-3 output [N, a, b] is laid out: channels first, [N, channels, length], as Conv1d, the 1-D pools
 * and BatchNorm1d read and give it, or a sequence, [N, steps, features], as an Embedding and the recurrent layers
 * give it. The shapes alone cannot tell them apart; the layers that make or read a tensor can. What a picture of
 * the values calls its rows and columns.
 */
public final class Layout {
    private Layout() {}

    /** Whether {@code nodeId}'s output is channels first; false for a sequence, and where nothing says. */
    public static boolean channelsFirst(Graph g, String nodeId) {
        return channelsFirst(g, nodeId, new HashSet<>());
    }

    private static boolean channelsFirst(Graph g, String id, Set<String> seen) {
        Node n = g.node(id);
        if (n == null || !seen.add(id)) return false;
        switch (n.kind()) {
            case "Conv1d", "MaxPool1d", "AvgPool1d", "BatchNorm1d" -> {
                return true;
            }
            case "Embedding", "RNN", "LSTM", "GRU", "Linear", "Bilinear", "LayerNorm" -> {
                return false;
            }
            case "Input" -> {
                // A signal drawn as [channels, length] is one a Conv1d or a 1-D pool reads.
                for (Edge e : g.outgoing(id)) {
                    Node r = g.node(e.toNode());
                    if (r != null && (r.kind().equals("Conv1d") || r.kind().equals("MaxPool1d") || r.kind().equals("AvgPool1d"))) return true;
                }
                return false;
            }
            default -> {
                String from = null;
                for (Edge e : g.incoming(id)) {
                    if (from == null || e.toPort().equals("in") || e.toPort().equals("in1")) from = e.fromNode();
                }
                if (from == null) return false;
                boolean upstream = channelsFirst(g, from, seen);
                // A Transpose of the last two dims of [N, a, b] (or a Permute (0, 2, 1)) turns one layout into the other.
                return swapsLastTwo(n) ? !upstream : upstream;
            }
        }
    }

    /**
     * Whether {@code nodeId}'s rank-4 output is channels last, [N, height, width, channels]: after a Permute (0, 2, 3, 1),
     * as a ConvNeXt block's LayerNorm and Linear layers read its maps, until a Permute (0, 3, 1, 2) turns it back; false
     * where a 2-D layer (a convolution, a pool, a BatchNorm2d) or an Input gives it, and where nothing says.
     */
    public static boolean channelsLast(Graph g, String nodeId) {
        return channelsLast(g, nodeId, new HashSet<>());
    }

    private static boolean channelsLast(Graph g, String id, Set<String> seen) {
        Node n = g.node(id);
        if (n == null || !seen.add(id) || n.kind().equals("Input") || n.kind().endsWith("2d")) return false;
        if (n.kind().equals("Permute")) {
            Object dims = new ResolvedParams(Registry.get(n.kind()), n.params(), Map.of()).value("dims");
            if (List.of(0, 2, 3, 1).equals(dims)) return true;
            if (List.of(0, 3, 1, 2).equals(dims)) return false;
        }
        String from = null;
        for (Edge e : g.incoming(id)) {
            if (from == null || e.toPort().equals("in") || e.toPort().equals("in1")) from = e.fromNode();
        }
        return from != null && channelsLast(g, from, seen);
    }

    private static boolean swapsLastTwo(Node n) {
        if (!n.kind().equals("Transpose") && !n.kind().equals("Permute")) return false;
        // The node's dims, or the kind's defaults where unset.
        Params p = new ResolvedParams(Registry.get(n.kind()), n.params(), Map.of());
        if (n.kind().equals("Permute")) return List.of(0, 2, 1).equals(p.value("dims"));
        if (!(p.value("dim0") instanceof Number x) || !(p.value("dim1") instanceof Number y)) return false;
        int a = x.intValue(), b = y.intValue();
        a = a < 0 ? a + 3 : a;
        b = b < 0 ? b + 3 : b;
        return Math.min(a, b) == 1 && Math.max(a, b) == 2;
    }
}
