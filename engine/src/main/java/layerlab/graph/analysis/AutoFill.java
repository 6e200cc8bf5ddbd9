package layerlab.graph.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Node;

/**
 * "Auto-fill": writes the shape-determined params ({@code in_features}, {@code in_channels},
 * {@code num_features}, {@code input_size}, …) as the incoming shapes give them into the document, as one compound
 * edit the editor can undo: the unset ones, and the ones set to something else (a shape mismatch). Nodes inside
 * block definitions are left alone: one definition serves placements that may see different shapes.
 */
public final class AutoFill {
    private AutoFill() {
    }

    /** Sets every such param of every node of {@code analysis}'s graph; an empty edit when there is none. */
    public static Edit apply(Analysis analysis) {
        Graph g = analysis.graph();
        Edit edit = Edit.none(g);
        for (Node n : g.nodes()) {
            for (Map.Entry<String, Object> e : changes(analysis, n.id()).entrySet()) edit = edit.then(x -> x.setParam(n.id(), e.getKey(), e.getValue()));
        }
        return edit;
    }

    /** Sets one node's. */
    public static Edit apply(Analysis analysis, String nodeId) {
        Edit edit = Edit.none(analysis.graph());
        for (Map.Entry<String, Object> e : changes(analysis, nodeId).entrySet()) edit = edit.then(x -> x.setParam(nodeId, e.getKey(), e.getValue()));
        return edit;
    }

    /**
     * What Auto-fill would write on node {@code nodeId}: each shape-determined param that is unset or differs from what
     * its input gives, with that value; empty where there is nothing to do (or the shapes are not known).
     */
    public static Map<String, Object> changes(Analysis analysis, String nodeId) {
        Node n = analysis.graph().requireNode(nodeId);
        NodeInfo info = analysis.info(nodeId);
        Map<String, Object> out = new LinkedHashMap<>();
        if (info == null) return out;
        for (Map.Entry<String, Object> e : info.filled().entrySet()) {
            if (!e.getValue().equals(n.param(e.getKey()))) out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
