package layerlab.loss;

import layerlab.tensor.Tensor;

/** How a loss turns per-element losses into its result, PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The average over elements (for the class-index losses: weighted by, and over, the non-ignored targets). */
    MEAN("mean"),
    SUM("sum"),
    /** No reduction: one loss per element (per sample for the classification losses). */
    NONE("none"),
    /** {@link KLDivLoss} only: the sum divided by the batch size, the mathematically correct KL divergence. */
    BATCHMEAN("batchmean");

    private final String pyName;

    Reduction(String pyName) {
        this.pyName = pyName;
    }

    /** The name PyTorch uses ({@code "mean"}, {@code "sum"}, {@code "none"}, {@code "batchmean"}). */
    public String pyName() {
        return pyName;
    }

    /** The reduction PyTorch calls {@code name}. */
    public static Reduction of(String name) {
        for (Reduction r : values()) if (r.pyName.equals(name)) return r;
        throw new IllegalArgumentException(name + " is not a valid value for reduction");
    }

    /** Reduces per-element losses by MEAN, SUM or NONE. */
    Tensor apply(Tensor elementwise) {
        return switch (this) {
            case MEAN -> elementwise.mean();
            case SUM -> elementwise.sum();
            case NONE -> elementwise;
            case BATCHMEAN -> throw new IllegalStateException("batchmean is applied by KLDivLoss itself");
        };
    }
}
