package layerlab.graph.analysis;

/** How far inference got on a node. */
public enum Status {
    /** Its output shapes are known (it may still carry problems, such as a mismatched {@code in_features}). */
    OK,
    /** It has an error of its own, so its outputs are unknown. */
    FAILED,
    /** An input comes from a node whose outputs are unknown; the problem is reported there. */
    WAITING,
    /** It is part of a loop of edges. */
    IN_CYCLE
}
