package layerlab.nn.functional;

import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.backend.SpatialKernels;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Batch and layer normalisation (PyTorch's {@code F.batch_norm}, {@code F.layer_norm}) as fused kernels: one
 * statistics pass and one normalising pass forward, the same backward, instead of the dozen elementwise
 * ops of the composite (checked against it and against PyTorch in the tests).
 */
public final class Norm {
    private Norm() {}

    /**
     * {@code F.batch_norm} on {@code [N, C]} or {@code [N, C, *]}. With {@code training} the batch statistics
     * normalise and the running stats (when given) move by {@code factor}: {@code running = (1-factor)·running +
     * factor·batch} (unbiased variance), in place. Without, the running stats normalise. {@code weight}/{@code bias}
     * may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                   double factor, double eps) {
        if (x.dim() < 2) throw new IllegalArgumentException("batch_norm: expected an input of at least 2 dims (N, C), got " + x.shapeString());
        int[] xs = x.shape();
        int n = xs[0], c = xs[1], inner = 1;
        for (int i = 2; i < xs.length; i++) inner *= xs[i];
        if (training && (long) n * inner <= 1) {
            throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size " + Arrays.toString(xs));
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batch_norm: evaluation needs running_mean and running_var");
        }
        for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (t != null && t.numel() != c) {
                throw new IllegalArgumentException("batch_norm: running_mean should contain " + c + " elements not " + t.numel());
            }
            if (t != null && !t.device().equals(x.device())) {
                throw new IllegalArgumentException("batch_norm: input is on " + x.device() + " but a parameter or buffer is on " + t.device());
            }
        }
        if (runningMean != null && !runningMean.isContiguous() || runningVar != null && !runningVar.isContiguous()) {
            throw new IllegalArgumentException("batch_norm: running stats must be contiguous (they are updated in place)");
        }
        Tensor xc = Conv.raw(x), wc = weight == null ? null : Conv.raw(weight), bc = bias == null ? null : Conv.raw(bias);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, xs);
        // The kernels write the saved statistics and the parameters' gradients whole (no clearing memset on a GPU), unless
        // there is nothing to reduce over: then zeros.
        boolean some = (long) n * inner > 0;
        Tensor mean = out(some, x, c), invstd = out(some, x, c);
        SpatialKernels sk = x.backend().spatial();
        Tensor rm = runningMean == null ? null : runningMean.detach(), rv = runningVar == null ? null : runningVar.detach();
        int in = inner;
        sk.batchNormForward(xc, n, c, in, wc, bc, training, factor, (float) eps, rm, rv, mean, invstd, y);
        Tensor[] inputs = {x, weight, bias};
        return Autograd.record("NativeBatchNorm", y, gy -> {
            Tensor gx = x.requiresGrad() ? Tensor.uninitialized(x.device(), DType.FLOAT32, xs) : null;
            Tensor gw = weight != null && weight.requiresGrad() ? out(some, x, c) : null;
            Tensor gb = bias != null && bias.requiresGrad() ? out(some, x, c) : null;
            sk.batchNormBackward(xc, gy.contiguous(), n, c, in, wc, mean, invstd, training, gx, gw, gb);
            return new Tensor[] {gx, gw, gb};
        }, inputs);
    }

    /** {@code F.layer_norm}: normalises over the trailing dims {@code normalizedShape}; {@code weight}/{@code bias} of that shape or null. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int[] xs = x.shape();
        int k = normalizedShape.length;
        boolean fits = k <= xs.length && k > 0;
        for (int i = 0; fits && i < k; i++) fits = xs[xs.length - k + i] == normalizedShape[i];
        if (!fits) {
            throw new IllegalArgumentException("Given normalized_shape=" + Arrays.toString(normalizedShape) + ", expected input with shape [*, "
                    + Arrays.toString(normalizedShape).substring(1) + ", but got input of size" + Arrays.toString(xs));
        }
        int d = 1;
        for (int s : normalizedShape) d *= s;
        int rows = d == 0 ? 0 : x.numel() / d;
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && t.numel() != d) {
                throw new IllegalArgumentException("layer_norm: weight and bias must have shape " + Arrays.toString(normalizedShape) + ", got " + t.shapeString());
            }
        }
        Tensor xc = Conv.raw(x), wc = weight == null ? null : Conv.raw(weight), bc = bias == null ? null : Conv.raw(bias);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, xs);
        boolean some = rows > 0;
        Tensor mean = out(some, x, rows), rstd = out(some, x, rows);
        SpatialKernels sk = x.backend().spatial();
        int dd = d;
        sk.layerNormForward(xc, rows, dd, wc, bc, (float) eps, y, mean, rstd);
        Tensor[] inputs = {x, weight, bias};
        return Autograd.record("NativeLayerNorm", y, gy -> {
            Tensor gx = x.requiresGrad() ? Tensor.uninitialized(x.device(), DType.FLOAT32, xs) : null;
            Tensor gw = weight != null && weight.requiresGrad() ? out(some, x, weight.shape()) : null;
            Tensor gb = bias != null && bias.requiresGrad() ? out(some, x, bias.shape()) : null;
            sk.layerNormBackward(xc, gy.contiguous(), rows, dd, wc, mean, rstd, gx, gw, gb);
            return new Tensor[] {gx, gw, gb};
        }, inputs);
    }

    /** A float tensor on {@code like}'s device that a kernel writes whole ({@code written}), or zeros. */
    private static Tensor out(boolean written, Tensor like, int... shape) {
        return written ? Tensor.uninitialized(like.device(), DType.FLOAT32, shape) : Tensor.zeros(like.device(), shape);
    }
}
