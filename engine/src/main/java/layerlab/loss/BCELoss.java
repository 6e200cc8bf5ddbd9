package layerlab.loss;

import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.BCELoss} on probabilities in [0, 1]: {@code −w·(y·log x + (1 − y)·log(1 − x))}, each
 * log clamped to ≥ −100 as in PyTorch, so a confident wrong answer costs 100, not ∞.
 */
public final class BCELoss extends Loss {
    /** PyTorch's floor on {@code x(1 − x)} in the gradient, which keeps it finite at 0 and 1. */
    private static final float EPSILON = 1e-12f;

    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    public BCELoss(Reduction reduction) {
        this(null, reduction);
    }

    /** {@code BCELoss(weight, reduction)}; {@code weight} broadcasts to the input, or null. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight.detach());
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Using a target size " + target.shapeString() + " that is different to the input size "
                    + input.shapeString() + " is deprecated. Please ensure they have the same size.");
        }
        checkProbabilities(input);
        Tensor loss = binaryCrossEntropy(input, target);
        Tensor weight = bufferOrNull("weight", input);
        if (weight != null) loss = loss.mul(weight);
        return reduction.apply(loss);
    }

    /** PyTorch's check: raw scores fed to BCELoss are a common slip, and would give NaN losses without it. */
    private static void checkProbabilities(Tensor input) {
        if (input.numel() == 0) return;
        try (var ignored = Autograd.noGrad()) {
            float lo = input.min().item(), hi = input.max().item();
            if (!(lo >= 0f && hi <= 1f)) {
                throw new IllegalArgumentException("all elements of input should be between 0 and 1, got values in [" + lo + ", " + hi
                        + "] (BCELoss takes probabilities; use BCEWithLogitsLoss on raw scores)");
            }
        }
    }

    /**
     * The element-wise loss as one recorded op: composed from primitives, the clamp would zero the gradient
     * where the log saturates and 0·∞ would give NaN at x ∈ {0, 1}; PyTorch's own gradient
     * {@code (x − y) / max(x(1 − x), ε)} stays finite there.
     */
    private static Tensor binaryCrossEntropy(Tensor x, Tensor y) {
        Tensor out;
        try (var ignored = Autograd.noGrad()) {
            Tensor logX = x.log().clampMin(-100f);
            Tensor log1mX = x.neg().log1p().clampMin(-100f);
            out = y.rsub(1f).mul(log1mX).add(y.mul(logX)).neg();
        }
        return Autograd.record("BinaryCrossEntropy", out, g -> {
            Tensor xd = x.detach(), yd = y.detach();
            Tensor gx = x.requiresGrad() ? g.mul(xd.sub(yd)).div(xd.mul(xd.rsub(1f)).clampMin(EPSILON)) : null;
            // d/dy = log(1 − x) − log x = −logit(x), unclamped, as PyTorch's target gradient.
            Tensor gy = y.requiresGrad() ? g.mul(xd.neg().log1p().sub(xd.log())) : null;
            return new Tensor[] {gx, gy};
        }, x, y);
    }
}
