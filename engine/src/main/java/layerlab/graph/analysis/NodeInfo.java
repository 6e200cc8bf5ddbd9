package layerlab.graph.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.spec.TensorType;

/**
 * What inference found for one node: the types arriving at its input ports (null where unconnected), the
 * types of its output ports, the params filled from shapes, its parameter count and FLOPs per sample, the
 * explanation with the numbers, and its problems.
 *
 * @param filled what the incoming shapes give each shape-determined param ({@code in_features}, …), whether or not the
 *               node sets it: the value used where it is unset, the one a mismatch asks for where it is set otherwise
 * @param body for a block instance, the analysis of its definition with this instance's inputs; else null
 */
public record NodeInfo(String nodeId, Status status, List<TensorType> inputTypes, Map<String, TensorType> outputs,
                       Map<String, Object> filled, long params, long flops, List<String> explanation, List<Problem> problems,
                       Analysis body) {
    public NodeInfo {
        inputTypes = Collections.unmodifiableList(new java.util.ArrayList<>(inputTypes));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        filled = Collections.unmodifiableMap(new LinkedHashMap<>(filled));
        explanation = List.copyOf(explanation);
        problems = List.copyOf(problems);
    }

    /** The type of output port {@code port}, or null when unknown. */
    public TensorType output(String port) {
        return outputs.get(port);
    }

    /** The first output's type (what the summary table shows), or null. */
    public TensorType mainOutput() {
        return outputs.isEmpty() ? null : outputs.values().iterator().next();
    }

    public boolean hasErrors() {
        for (Problem p : problems) if (p.isError()) return true;
        return false;
    }

    /** Whether a node downstream would see a difference: the outputs, the input types (quoted in messages) or the status. */
    boolean sameForDownstream(NodeInfo o) {
        return o != null && status == o.status && outputs.equals(o.outputs) && inputTypes.equals(o.inputTypes);
    }
}
