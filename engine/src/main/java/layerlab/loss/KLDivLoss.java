package layerlab.loss;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.KLDivLoss} on log-probabilities {@code x}: {@code y·(log y − x)} element-wise (0 where
 * {@code y = 0}), or {@code eʸ·(y − x)} with {@code log_target}. {@link Reduction#BATCHMEAN} divides the sum
 * by the batch size, the true KL divergence; {@code mean} (PyTorch's default) divides by every element.
 */
public final class KLDivLoss extends Loss {
    private final boolean logTarget;

    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    public KLDivLoss(Reduction reduction) {
        this(reduction, false);
    }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction, true);
        this.logTarget = logTarget;
    }

    public boolean logTarget() {
        return logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            // xlogy(y, y): the clamp makes y = 0 give 0·log(tiny) = 0 instead of 0·(−∞) = NaN.
            loss = target.mul(target.clampMin(Float.MIN_NORMAL).log().sub(input));
        }
        if (reduction == Reduction.BATCHMEAN) {
            Tensor sum = loss.sum();
            return input.dim() == 0 ? sum : sum.mul(1f / input.size(0));
        }
        return reduction.apply(loss);
    }
}
