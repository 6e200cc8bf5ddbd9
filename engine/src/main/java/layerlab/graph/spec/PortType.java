package layerlab.graph.spec;

import layerlab.tensor.DType;

/**
 * What a port carries. Types are checked when an edge's source shape is known: feeding float activations into
 * an {@code Embedding} or class indices into {@code MSELoss} is a type mismatch with its own message.
 */
public enum PortType {
    /** float32 values: activations, images, regression targets. */
    FLOAT("float32 values"),
    /** int64 indices: token ids, class labels. */
    INDICES("int64 indices (token ids or class labels)"),
    /** float32 values laid out {@code [N, T, features]} over time steps (an RNN's output). */
    SEQUENCE("a float32 sequence [N, T, features]"),
    /** Either dtype (Identity, Output, CrossEntropyLoss's target: indices or probabilities). */
    ANY("any tensor");

    private final String description;

    PortType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean accepts(DType dtype) {
        return switch (this) {
            case FLOAT, SEQUENCE -> dtype == DType.FLOAT32;
            case INDICES -> dtype == DType.INT64;
            case ANY -> true;
        };
    }
}
