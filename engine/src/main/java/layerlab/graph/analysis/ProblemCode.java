package layerlab.graph.analysis;

/** What kind of problem a {@link Problem} is (its message says it in words; tests and badges use the code). */
public enum ProblemCode {
    /** The node's kind is not in the registry. */
    UNKNOWN_KIND,
    /** A Block node places a block the project does not define. */
    UNKNOWN_BLOCK,
    /** A block places itself, directly or through other blocks. */
    BLOCK_RECURSION,
    /** A param the kind does not have. */
    UNKNOWN_PARAM,
    /** A param of the wrong type (a string for a number, a tuple of the wrong length) or a bad choice. */
    PARAM_INVALID,
    /** A param outside its range, or in conflict with another param. */
    PARAM_OUT_OF_RANGE,
    /** An edge into or out of a port the node does not have. */
    UNKNOWN_PORT,
    /** A required input port with nothing connected. */
    MISSING_INPUT,
    /** Several edges into one input port. */
    MULTIPLE_INPUTS,
    /** A float tensor where int64 indices are needed, or the other way round. */
    TYPE_MISMATCH,
    /** The incoming shape does not fit the layer (wrong rank, too small, disagreeing inputs). */
    SHAPE,
    /** A shape-determined param set by the student disagrees with the incoming shape. */
    SHAPE_MISMATCH,
    /** Edges that form a loop. */
    CYCLE,
    /** A node named as nn.Module names its own methods and fields ({@code forward}, {@code training}): the exported code breaks. */
    RESERVED_NAME,
    /** A node whose output goes nowhere (warning). */
    DANGLING_OUTPUT,
    /** A layer-specific warning (dropout on a single-layer RNN). */
    LAYER_WARNING,
    /** An Input beside the first that no Output depends on: a data set gives one target, to one such Input. */
    SECOND_TARGET,
    /**
     * An autoencoder that cannot reach its targets: its pictures standardized (values beyond 0..1) but its reconstruction
     * squashed into a Sigmoid's 0..1 or a Tanh's −1..1, or compared by BCELoss, which takes targets in [0, 1] (warning).
     */
    RECONSTRUCTION_RANGE,
    /**
     * A loss fed values of the wrong kind, which still trains, but badly or not at all: probabilities where it takes raw
     * scores (a Softmax before CrossEntropyLoss, a Sigmoid before BCEWithLogitsLoss), a Softmax where NLLLoss takes
     * log-probabilities, unbounded values where BCELoss takes 0..1, a ReLU's never-negative values as scores (warning).
     */
    LOSS_INPUT,
    /** Two Linear layers with nothing nonlinear between: they compute one Linear's function (warning). */
    LINEAR_COLLAPSE,
    /** The graph has no Output and no loss. */
    NO_OUTPUT,
    /** A loss but no Output: a run reads the predictions from an Output, so it cannot train. */
    NO_PREDICTION,
    /** The graph has no Input. */
    NO_INPUT,
    /** An initialiser the node's tensors cannot take: an unknown name or argument, a fan-based one on a vector, a role it lacks. */
    INIT,
    /** The data set does not fit the node: its samples, targets, classes or token ids (found against data, not by shape inference). */
    DATA,
    /** LayerLab itself failed on this node: a bug to report. */
    INTERNAL
}
