package layerlab.loss;

import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.backend.Backend;
import layerlab.tensor.DType;
import layerlab.tensor.Indexing;
import layerlab.tensor.Shapes;
import layerlab.tensor.Tensor;

/**
 * The arithmetic shared by {@link NLLLoss} and {@link CrossEntropyLoss}, on log-probabilities whose class
 * dimension is 1 ({@code [N, C]}, {@code [N, C, d1, ...]}) or 0 for one unbatched sample ({@code [C]}),
 * following PyTorch's {@code nll_loss_nd} and {@code cross_entropy} exactly.
 */
final class ClassTargets {
    private ClassTargets() {}

    static int classDim(Tensor logp) {
        if (logp.dim() == 0) throw new IllegalArgumentException("expected an input with a class dimension, got a scalar");
        return logp.dim() == 1 ? 0 : 1;
    }

    static void checkWeight(Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + weight.shapeString());
        }
    }

    /** {@code weight} {@code [C]} viewed so it broadcasts along the class dim of a tensor of rank {@code rank}. */
    static Tensor weightView(Tensor weight, int rank, int classDim) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[classDim] = weight.size(0);
        return weight.reshape(s);
    }

    /**
     * Negative log-likelihood of int64 class {@code target}s, with optional class {@code weight}, an
     * {@code ignoreIndex} whose positions count for nothing (not even in the mean's denominator), and
     * label smoothing {@code ε}: {@code (1 − ε)·nll + ε/C · Σ_c −w_c·logp_c}, reduced with the same
     * denominator, as PyTorch's {@code cross_entropy} does.
     */
    static Tensor nll(Tensor logp, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction, float smoothing) {
        int classDim = classDim(logp);
        int classes = logp.size(classDim);
        int[] expected = withoutDim(logp.shape(), classDim);
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected class indices as an int64 target, got " + target.dtype().pyName);
        }
        if (!Arrays.equals(expected, target.shape())) {
            throw new IllegalArgumentException("expected target of shape " + Shapes.str(expected) + " for input of shape "
                    + logp.shapeString() + ", got " + target.shapeString());
        }
        checkWeight(weight, classes);
        if (weight == null && target.storage().indicesKnownWithin(classes, ignoreIndex)) {
            // Targets whose bounds the device storage knows from the host's write (a batch copied to a GPU): all in
            // range, none ignored, so the mean's denominator is their count, with nothing read back from the GPU.
            return nllOf(logp, target, null, null, null, ignoreIndex, reduction, smoothing, target.numel(), expected, classDim, classes);
        }
        // Otherwise targets are read once on the host: to check them with a clear message whatever the device, and to
        // build the per-target weights and the mean's denominator (the count of non-ignored targets, or the
        // sum of their class weights) without extra kernels.
        long[] t = target.toLongArray();
        float[] w = weight == null ? null : weight.toFloatArray();
        float[] perTarget = w == null ? null : new float[t.length];
        float[] valid = null;
        double total = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignoreIndex) {
                if (valid == null) {
                    valid = new float[t.length];
                    Arrays.fill(valid, 1f);
                }
                valid[i] = 0f;
                continue;
            }
            if (t[i] < 0 || t[i] >= classes) {
                throw new IndexOutOfBoundsException("Target " + t[i] + " is out of bounds (" + classes + " classes).");
            }
            double wi = w == null ? 1 : w[(int) t[i]];
            if (perTarget != null) perTarget[i] = (float) wi;
            total += wi;
        }
        return nllOf(logp, target, weight, perTarget, valid, ignoreIndex, reduction, smoothing, total, expected, classDim, classes);
    }

    /**
     * {@link #nll} once the targets are checked: {@code perTarget} weights (or null), {@code valid} 0/1 per position
     * (null: all count) and the mean's denominator {@code total}.
     */
    private static Tensor nllOf(Tensor logp, Tensor target, Tensor weight, float[] perTarget, float[] valid, long ignoreIndex,
                                Reduction reduction, float smoothing, double total, int[] expected, int classDim, int classes) {
        Tensor classLast = logp;
        if (logp.dim() > 2) {
            int[] perm = new int[logp.dim()];
            perm[0] = 0;
            for (int d = 2; d < perm.length; d++) perm[d - 1] = d;
            perm[perm.length - 1] = 1;
            classLast = logp.permute(perm);
        }
        Tensor picked = Indexing.gatherLast(classLast, target, ignoreIndex);
        if (perTarget != null) picked = picked.mul(Tensor.of(perTarget, expected).to(logp.device()));
        float meanScale = (float) (-1 / total);
        Tensor nll = negReduce(picked, reduction, meanScale);
        if (smoothing == 0f) return nll;

        Tensor weighted = weight == null ? logp : logp.mul(weightView(weight, logp.dim(), classDim));
        Tensor smooth = weighted.sum(classDim, false);
        if (valid != null) {
            Tensor mask = Tensor.of(valid, expected).to(logp.device());
            // PyTorch masks with masked_fill, whose ignored positions pass no gradient back. With every target ignored the
            // mean is 0/0 (NaN, as PyTorch's) and its gradient ±inf, which a product with the 0 mask would turn into NaN
            // gradients (and NaN weights after the step) where PyTorch's are 0.
            smooth = noneCounts(valid) ? smooth.detach().mul(mask) : smooth.mul(mask);
        }
        Tensor smoothLoss = negReduce(smooth, reduction, meanScale);
        return nll.mul(1f - smoothing).add(smoothLoss.mul(smoothing / classes));
    }

    /**
     * Cross entropy of logits {@code x} {@code [N, C]} against int64 {@code target}s as one fused op of the backend
     * ({@link layerlab.backend.Backend#crossEntropy}), or null when it does not apply (the caller composes log_softmax
     * and {@link #nll}): no class weights or smoothing (the caller's), a mean or a sum, a non-empty batch, targets whose
     * storage knows they all lie in [0, C) with none equal to {@code ignoreIndex}, and a backend with the fused kernel.
     */
    static Tensor fusedCrossEntropy(Tensor x, Tensor target, long ignoreIndex, Reduction reduction) {
        if (x.dim() != 2 || target.dtype() != DType.INT64 || target.dim() != 1 || target.size(0) != x.size(0) || x.size(0) == 0
                || x.size(1) == 0 || (reduction != Reduction.MEAN && reduction != Reduction.SUM) || x.dtype() != DType.FLOAT32
                || !target.device().equals(x.device())) {
            return null;
        }
        int n = x.size(0), c = x.size(1);
        if (!target.storage().indicesKnownWithin(c, ignoreIndex)) return null;
        Tensor xc = x.detach().contiguous(), tc = target.contiguous();
        Tensor lse = Tensor.uninitialized(x.device(), DType.FLOAT32, n);
        Tensor loss = Tensor.uninitialized(x.device(), DType.FLOAT32);
        float scale = reduction == Reduction.MEAN ? 1f / n : 1f;
        Backend.FusedGradient gradient = x.backend().crossEntropy(xc, tc, lse, loss, scale, Autograd.needsGrad(x));
        if (gradient == null) return null;
        return Autograd.record("CrossEntropy", loss, g -> {
            // From loss.backward(): the gradient made with the forward, for exactly this g of ones.
            if (Autograd.isOnes(g) && gradient.forOne() != null) return new Tensor[] {gradient.forOne()};
            Tensor gx = Tensor.uninitialized(g.device(), DType.FLOAT32, n, c);
            gradient.backward(g.contiguous(), gx);
            return new Tensor[] {gx};
        }, x);
    }

    /** Cross entropy against class probabilities {@code target} (the input's shape), PyTorch 1.10+'s soft labels. */
    static Tensor soft(Tensor logp, Tensor target, Tensor weight, Reduction reduction, float smoothing) {
        int classDim = classDim(logp);
        int classes = logp.size(classDim);
        if (!Arrays.equals(logp.shape(), target.shape())) {
            throw new IllegalArgumentException("class-probability targets must have the input's shape " + logp.shapeString()
                    + ", got " + target.shapeString() + " (use int64 class indices for one label per sample)");
        }
        checkWeight(weight, classes);
        Tensor p = smoothing > 0f ? target.mul(1f - smoothing).add(smoothing / classes) : target;
        Tensor terms = logp.mul(p);
        if (weight != null) terms = terms.mul(weightView(weight, logp.dim(), classDim));
        return switch (reduction) {
            // PyTorch divides by the number of samples (all positions but the class dim).
            case MEAN -> terms.sum().mul(-1f / (logp.numel() / Math.max(classes, 1)));
            case SUM -> terms.sum().neg();
            case NONE -> terms.sum(classDim, false).neg();
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean");
        };
    }

    private static Tensor negReduce(Tensor x, Reduction reduction, float meanScale) {
        return switch (reduction) {
            case NONE -> x.neg();
            case SUM -> x.sum().neg();
            case MEAN -> x.sum().mul(meanScale);
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean");
        };
    }

    private static boolean noneCounts(float[] valid) {
        for (float v : valid) if (v != 0f) return false;
        return true;
    }

    private static int[] withoutDim(int[] shape, int dim) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dim) out[j++] = shape[i];
        return out;
    }
}
