package layerlab.loss;

import layerlab.nn.PyRepr;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.CrossEntropyLoss} on raw logits {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}:
 * {@code log_softmax} over the class dim, then the NLL of int64 class targets (with {@code ignore_index}
 * and {@code label_smoothing}), or the cross entropy against float class probabilities of the input's shape.
 */
public final class CrossEntropyLoss extends Loss {
    private final long ignoreIndex;
    private final float labelSmoothing;

    public CrossEntropyLoss() {
        this(null, NLLLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN, 0f);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this(null, NLLLoss.DEFAULT_IGNORE_INDEX, reduction, 0f);
    }

    /** {@code CrossEntropyLoss(weight, ignore_index, reduction, label_smoothing)}; {@code weight} {@code [C]} or null. */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, Reduction reduction, float labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + PyRepr.pyFloat(labelSmoothing));
        }
        if (weight != null) registerBuffer("weight", weight.detach());
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    public long ignoreIndex() {
        return ignoreIndex;
    }

    public float labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        Tensor weight = bufferOrNull("weight", input);
        Tensor fused = weight == null && labelSmoothing == 0f ? ClassTargets.fusedCrossEntropy(input, target, ignoreIndex, reduction) : null;
        if (fused != null) return fused;
        Tensor logp = input.logSoftmax(ClassTargets.classDim(input));
        if (target.dtype() == DType.INT64) {
            return ClassTargets.nll(logp, target, weight, ignoreIndex, reduction, labelSmoothing);
        }
        return ClassTargets.soft(logp, target, weight, reduction, labelSmoothing);
    }
}
