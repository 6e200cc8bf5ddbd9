package layerlab.optim;

import java.util.ArrayList;
import java.util.List;
import layerlab.autograd.Autograd;
import layerlab.backend.UnaryOp;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/** Gradient clipping, PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}, in place. */
public final class ClipGrad {
    private ClipGrad() {}

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm. */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * Scales all gradients together so that their joint {@code normType}-norm (any {@code p > 0}, or
     * {@link Double#POSITIVE_INFINITY} for the largest magnitude) is at most {@code maxNorm}: every gradient is
     * multiplied by {@code min(1, maxNorm / (total + 1e-6))}. Parameters without a gradient are skipped.
     * Returns the total norm before clipping. With {@code errorIfNonfinite}, a NaN or infinite norm is an error
     * instead of spreading NaN into every gradient.
     */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(normType > 0)) throw new IllegalArgumentException("norm_type must be positive or infinity, got " + normType);
        List<Tensor> grads = grads(params);
        if (grads.isEmpty()) return 0.0;
        double total;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            if (normType == Double.POSITIVE_INFINITY) {
                total = 0;
                for (Tensor g : grads) {
                    if (g.numel() > 0) total = max(total, g.abs().max().item());
                }
            } else {
                // Each gradient's sum of |g|^p on its device; the sums meet on the host in double.
                double sum = 0;
                for (Tensor g : grads) {
                    if (g.numel() == 0) continue;
                    Tensor a = normType == 2.0 ? g.square() : normType == 1.0 ? g.abs() : g.abs().pow((float) normType);
                    sum += a.sum().item();
                }
                total = normType == 2.0 ? Math.sqrt(sum) : normType == 1.0 ? sum : Math.pow(sum, 1.0 / normType);
            }
            if (errorIfNonfinite && !Double.isFinite(total)) {
                throw new IllegalStateException("The total norm of order " + normType + " for gradients is non-finite, so it"
                        + " cannot be clipped. To scale the gradients by the non-finite norm anyway, set errorIfNonfinite=false");
            }
            // Like PyTorch, the gradients are scaled even when the factor clamps to 1 (a NaN norm makes them NaN).
            float coef = (float) Math.min(maxNorm / (total + 1e-6), 1.0);
            for (Tensor g : grads) apply(g, UnaryOp.MUL_SCALAR, coef);
        }
        return total;
    }

    /** Clamps every gradient element into {@code [-clipValue, clipValue]}. */
    public static void clipGradValue(Iterable<Parameter> params, double clipValue) {
        float c = (float) clipValue;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (Tensor g : grads(params)) {
                apply(g, UnaryOp.CLAMP_MIN, -c);
                apply(g, UnaryOp.CLAMP_MAX, c);
            }
        }
    }

    private static List<Tensor> grads(Iterable<Parameter> params) {
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : params) if (p.grad() != null) grads.add(p.grad());
        return grads;
    }

    /** {@code g = op(g, s)} in place, on g's device. */
    private static void apply(Tensor g, UnaryOp op, float s) {
        if (g.isContiguous()) g.backend().unary(op, s, g, g);
        else {
            Tensor c = g.contiguous();
            c.backend().unary(op, s, c, c);
            g.copy_(c);
        }
    }

    /** A max that lets NaN win, so a NaN gradient shows in the returned norm. */
    private static double max(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }
}
