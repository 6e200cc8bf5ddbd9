package layerlab.loss;

import layerlab.autograd.Autograd;
import layerlab.nn.PyRepr;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.SmoothL1Loss(beta)}: {@code 0.5·d²/β} where {@code |d| < β}, else {@code |d| − 0.5·β},
 * for {@code d = x − y}; {@code β = 0} is the L1 loss (but for its gradient where {@code x = y}: −1, as PyTorch's).
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
        if (beta == 0f) {
            // PyTorch's backward tests d ≤ −β before d ≥ β, and the target's is the same function with input and target
            // swapped; so with β = 0 a tie (d = 0) gets gradient −1 for the input and −1 for the target (L1Loss's are 0).
            Tensor d, a;
            try (var ignored = Autograd.noGrad()) {
                d = input.sub(target);
                a = d.abs();
            }
            return reduction.apply(Autograd.record("SmoothL1Loss", a, g -> {
                Tensor zero = Tensor.scalar(0f).to(g.device());
                Tensor gx = input.requiresGrad() ? g.mul(d.gt(zero).mul(2f).sub(1f)).sumToShape(input.shape()) : null;
                Tensor gy = target.requiresGrad() ? g.mul(d.lt(zero).mul(2f).sub(1f)).sumToShape(target.shape()) : null;
                return new Tensor[] {gx, gy};
            }, input, target));
        }
        // With q = min(|d|, β) both branches are one expression, q·(|d| − q/2)/β, so no mask or select
        // is needed: below β it is d²/(2β), above it |d| − β/2.
        Tensor d, loss;
        try (var ignored = Autograd.noGrad()) {
            d = input.sub(target);
            Tensor a = d.abs(), q = a.clampMax(beta);
            loss = q.mul(a.sub(q.mul(0.5f))).mul(1f / beta);
        }
        return reduction.apply(Autograd.record("SmoothL1Loss", loss, g -> {
            // PyTorch's gradient, d/β clamped to [−1, 1]: ±1 at ±inf (through the expression above it would be 0·inf, NaN), NaN at NaN.
            Tensor slope = d.div(beta).clamp(-1f, 1f);
            Tensor gx = input.requiresGrad() ? g.mul(slope).sumToShape(input.shape()) : null;
            Tensor gy = target.requiresGrad() ? g.mul(slope).neg().sumToShape(target.shape()) : null;
            return new Tensor[] {gx, gy};
        }, input, target));
    }
}
