package layerlab.graph.spec;

/** What a loss compares its input with: what the data set's targets must be for it (the data checks and fixes ask). */
public enum LossTarget {
    /** One class index per sample (CrossEntropyLoss, NLLLoss). */
    CLASS_INDICES,
    /** Amounts of the input's shape (MSELoss, L1Loss, SmoothL1Loss). */
    AMOUNTS,
    /** A 0/1 per output (BCELoss, BCEWithLogitsLoss). */
    BINARY,
    /** A distribution of the input's shape (KLDivLoss). */
    DISTRIBUTION
}
