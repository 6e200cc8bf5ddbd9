package layerlab.graph.analysis;

import java.util.Map;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Node;

/**
 * "Auto-fill": writes the shape-determined params ({@code in_features}, {@code in_channels},
 * {@code num_features}, {@code input_size}, …) that inference filled into the document, as one compound edit
 * the editor can undo. Nodes inside block definitions are left alone: one definition serves placements that
 * may see different shapes.
 */
public final class AutoFill {
    private AutoFill() {
    }

    /** Sets every filled param of every node of {@code analysis}'s graph; an empty edit when there is none. */
    public static Edit apply(Analysis analysis) {
        Graph g = analysis.graph();
        Edit edit = Edit.none(g);
        for (Node n : g.nodes()) {
            for (Map.Entry<String, Object> e : analysis.info(n.id()).filled().entrySet()) {
                if (n.param(e.getKey()) == null) edit = edit.then(x -> x.setParam(n.id(), e.getKey(), e.getValue()));
            }
        }
        return edit;
    }

    /** Sets the filled params of one node. */
    public static Edit apply(Analysis analysis, String nodeId) {
        Graph g = analysis.graph();
        Node n = g.requireNode(nodeId);
        Edit edit = Edit.none(g);
        for (Map.Entry<String, Object> e : analysis.info(nodeId).filled().entrySet()) {
            if (n.param(e.getKey()) == null) edit = edit.then(x -> x.setParam(nodeId, e.getKey(), e.getValue()));
        }
        return edit;
    }
}
