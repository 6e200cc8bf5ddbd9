package layerlab.loss;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.KLDivLoss} on log-probabilities {@code x}: {@code y·(log y − x)} element-wise (0 where
 * {@code y = 0}, NaN where {@code y < 0}), or {@code eʸ·(y − x)} with {@code log_target}. {@link Reduction#BATCHMEAN} divides the sum
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
            // xlogy(y, y) as PyTorch's: y = 0 gives 0 (log 1 there, not 0·(−∞) = NaN); y < 0, no probability, gives NaN.
            Tensor zeros = target.detach().eq(Tensor.scalar(0f).to(target.device()));
            loss = target.mul(target.add(zeros).log().sub(input));
        }
        if (reduction == Reduction.BATCHMEAN) {
            Tensor sum = loss.sum();
            return input.dim() == 0 ? sum : sum.mul(1f / input.size(0));
        }
        return reduction.apply(loss);
    }
}
