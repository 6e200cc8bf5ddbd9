package layerlab.loss;

import java.util.Arrays;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.BCEWithLogitsLoss}: sigmoid and binary cross entropy in one, on raw scores,
 * {@code −w·(p·y·log σ(x) + (1 − y)·log(1 − σ(x)))} with {@code pos_weight} {@code p} broadcast along the
 * last dimension. Written as {@code (1 − y)·x − (1 + (p − 1)·y)·logσ(x)}: no exp of a large positive
 * number, so ±100 logits give exact losses and gradients.
 */
public final class BCEWithLogitsLoss extends Loss {
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN, null);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        this(null, reduction, null);
    }

    /** {@code BCEWithLogitsLoss(weight, reduction, pos_weight)}; either tensor may be null. */
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight.detach());
        if (posWeight != null) registerBuffer("pos_weight", posWeight.detach());
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Target size " + target.shapeString() + " must be the same as input size " + input.shapeString());
        }
        Tensor posWeight = bufferOrNull("pos_weight", input);
        Tensor logSig = input.logSigmoid();
        Tensor positive = posWeight == null ? logSig : logSig.mul(posWeight.sub(1f).mul(target).add(1f));
        Tensor loss = target.rsub(1f).mul(input).sub(positive);
        Tensor weight = bufferOrNull("weight", input);
        if (weight != null) loss = loss.mul(weight);
        return reduction.apply(loss);
    }
}
