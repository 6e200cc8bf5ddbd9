package layerlab.loss;

import layerlab.nn.PyRepr;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.SmoothL1Loss(beta)}: {@code 0.5·d²/β} where {@code |d| < β}, else {@code |d| − 0.5·β},
 * for {@code d = x − y}; {@code β = 0} is the L1 loss.
 */
public final class SmoothL1Loss extends Loss {
    private final float beta;

    public SmoothL1Loss() {
        this(Reduction.MEAN, 1f);
    }

    public SmoothL1Loss(Reduction reduction, float beta) {
        super(reduction);
        if (!(beta >= 0)) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta, got " + PyRepr.pyFloat(beta));
        this.beta = beta;
    }

    public float beta() {
        return beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        Tensor a = input.sub(target).abs();
        if (beta == 0f) return reduction.apply(a);
        // With q = min(|d|, β) both branches are one expression, q·(|d| − q/2)/β, so no mask or select
        // is needed: below β it is d²/(2β), above it |d| − β/2, and its gradient is d/β or sign(d).
        Tensor q = a.clampMax(beta);
        return reduction.apply(q.mul(a.sub(q.mul(0.5f))).mul(1f / beta));
    }
}
