package layerlab.graph.spec;

import java.util.List;

/**
 * What arrives at one connected input port: its type, and where it comes from, so a message can say
 * {@code its input "flatten1" gives 1568 values per sample ([N, 32, 7, 7] flattened)}.
 *
 * @param sourceInputs the types arriving at the source node (empty for an Input)
 */
public record InputInfo(String port, TensorType type, String sourceName, String sourceKind, String sourcePort,
                        List<TensorType> sourceInputs) {
    public InputInfo {
        sourceInputs = List.copyOf(sourceInputs);
    }

    /** {@code "flatten1"}, or {@code "lstm1".h_n} when the source has several outputs and this is not the first. */
    public String source() {
        return "\"" + sourceName + "\"" + (sourcePort.equals("out") ? "" : "." + sourcePort);
    }
}
