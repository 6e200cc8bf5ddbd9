package layerlab.loss;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.NLLLoss}: the negative log-likelihood of int64 class targets given log-probabilities
 * {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}. Targets equal to {@code ignore_index} contribute
 * nothing, and the mean divides by the (weighted) count of the others.
 */
public final class NLLLoss extends Loss {
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private final long ignoreIndex;

    public NLLLoss() {
        this(null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        this(null, DEFAULT_IGNORE_INDEX, reduction);
    }

    /** {@code NLLLoss(weight, ignore_index, reduction)}; {@code weight} {@code [C]} or null. */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight.detach());
        this.ignoreIndex = ignoreIndex;
    }

    public long ignoreIndex() {
        return ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassTargets.nll(input, target, bufferOrNull("weight", input), ignoreIndex, reduction, 0f);
    }
}
