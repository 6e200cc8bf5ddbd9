package layerlab.nn.functional;

import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.backend.ConvGeometry;
import layerlab.backend.PoolGeometry;
import layerlab.backend.SpatialKernels;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Pooling (PyTorch's {@code F.max_pool1d/2d}, {@code F.avg_pool1d/2d}, {@code F.adaptive_avg_pool2d},
 * {@code F.adaptive_max_pool2d}), forward beside gradient, on the backend's {@link SpatialKernels}. Sizes are
 * per spatial dim, innermost last; every dim before the pooled ones is a plane (batched or not).
 */
public final class Pool {
    private Pool() {}

    /** Max pooling over the last {@code kernel.length} dims; the gradient goes to each window's first maximum. */
    public static Tensor maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool(x, kernel, stride, padding, dilation, ceilMode, false)[0];
    }

    /**
     * {@link #maxPool}, and with {@code returnIndices} each maximum's flat position within its input plane (int64, the
     * output's shape), as PyTorch's {@code return_indices=True} gives them for a MaxUnpool: {@code {y, indices or null}}.
     */
    public static Tensor[] maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
                                   boolean returnIndices) {
        int nsp = kernel.length;
        String op = "max_pool" + nsp + "d";
        int[] xs = checkInput(op, x, nsp);
        for (int i = 0; i < nsp; i++) {
            if (kernel[i] <= 0 || stride[i] <= 0 || dilation[i] <= 0) {
                throw new IllegalArgumentException(op + ": kernel_size, stride and dilation must be greater than zero, got kernel_size="
                        + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", dilation=" + Arrays.toString(dilation));
            }
            if (padding[i] < 0 || padding[i] > ((kernel[i] - 1) * dilation[i] + 1) / 2) {
                throw new IllegalArgumentException("pad should be at most half of effective kernel size, but got pad=" + padding[i]
                        + ", kernel_size=" + kernel[i] + " and dilation=" + dilation[i]);
            }
        }
        PoolGeometry g = geometry(op, xs, kernel, stride, padding, dilation, ceilMode);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, outShape(xs, g, nsp));
        // Indices only when a gradient will flow back through them (they cost as much memory traffic as y).
        // Every window writes its index, so they come uninitialized (a step's memory hands them on like activations).
        Tensor idx = returnIndices || Autograd.needsGrad(x) ? Tensor.uninitialized(x.device(), DType.INT64, y.shape()) : null;
        SpatialKernels sk = x.backend().spatial();
        sk.maxPoolForward(g, Conv.raw(x), y, idx);
        Tensor out = Autograd.record("MaxPool" + nsp + "D", y, gy -> {
            Tensor gx = Tensor.uninitialized(x.device(), DType.FLOAT32, xs);
            sk.maxPoolBackward(g.planes(), g.inVolume(), g.outVolume(), gy.contiguous(), idx, gx);
            return new Tensor[] {gx};
        }, x);
        return new Tensor[] {out, returnIndices ? idx : null};
    }

    /**
     * PyTorch's {@code F.max_unpool1d/2d}: each value of {@code x} written at its index within its output plane of
     * {@code outSize} (everywhere else 0), indices as a max pool with return_indices gives them. Where several values share
     * an index the last one stays, as PyTorch's CPU kernel leaves it; the gradient of every value is the output's gradient
     * at its index (PyTorch's backward, a gather), duplicates included. Both ways are one row lookup on the backend
     * ({@code indexSelect}), from indices worked out on the host.
     */
    public static Tensor maxUnpool(Tensor x, Tensor indices, int[] outSize) {
        int nsp = outSize.length;
        String op = "max_unpool" + nsp + "d";
        int[] xs = checkInput(op, x, nsp);
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected indices of type int64 (a max pool's with return_indices=True), got " + indices.dtype().pyName);
        }
        if (!Arrays.equals(xs, indices.shape())) {
            throw new IllegalArgumentException(op + ": Expected shape of indices to be same as that of the input tensor (" + x.shapeString()
                    + ") but got indices tensor with shape: " + indices.shapeString());
        }
        int lead = xs.length - nsp, inVol = 1, outVol = 1;
        for (int i = 0; i < nsp; i++) {
            inVol *= xs[lead + i];
            outVol *= outSize[i];
        }
        int n = x.numel(), planes = n / inVol, outN = planes * outVol;
        long[] id = indices.toLongArray(), src = new long[outN], target = new long[n];
        // A place no value is written to reads the zero row after x's values.
        Arrays.fill(src, n);
        for (int i = 0; i < n; i++) {
            if (id[i] < 0 || id[i] >= outVol) {
                throw new IllegalArgumentException(op + ": Found an invalid max index: " + id[i] + " (output volumes are of size "
                        + String.join("x", Arrays.stream(outSize).mapToObj(Integer::toString).toList()) + ")");
            }
            target[i] = (long) (i / inVol) * outVol + id[i];
            src[(int) target[i]] = i;
        }
        int[] shape = xs.clone();
        System.arraycopy(outSize, 0, shape, lead, nsp);
        Tensor rows = Tensor.cat(0, x.detach().reshape(n, 1), Tensor.empty(x.device(), DType.FLOAT32, 1, 1)).contiguous();
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, outN, 1);
        x.backend().indexSelect(rows, Tensor.ofLongs(src).to(x.device()), y);
        Tensor at = Tensor.ofLongs(target).to(x.device());
        return Autograd.record("MaxUnpool" + nsp + "D", y.reshape(shape), gy -> {
            Tensor gx = Tensor.uninitialized(x.device(), DType.FLOAT32, n, 1);
            gy.backend().indexSelect(gy.contiguous().reshape(outN, 1), at, gx);
            return new Tensor[] {gx.reshape(xs)};
        }, x);
    }

    /**
     * Average pooling over the last {@code kernel.length} dims. {@code countIncludePad}: the divisor counts padded
     * positions (up to the padded border); {@code divisorOverride} ≤ 0 means none.
     */
    public static Tensor avgPool(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                                 int divisorOverride) {
        int nsp = kernel.length;
        String op = "avg_pool" + nsp + "d";
        int[] xs = checkInput(op, x, nsp);
        for (int i = 0; i < nsp; i++) {
            if (kernel[i] <= 0 || stride[i] <= 0) {
                throw new IllegalArgumentException(op + ": kernel_size and stride must be greater than zero, got kernel_size="
                        + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride));
            }
            if (padding[i] < 0 || padding[i] > kernel[i] / 2) {
                throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad=" + padding[i]
                        + " and kernel_size=" + kernel[i]);
            }
        }
        int[] ones = new int[nsp];
        Arrays.fill(ones, 1);
        PoolGeometry g = geometry(op, xs, kernel, stride, padding, ones, ceilMode);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, outShape(xs, g, nsp));
        SpatialKernels sk = x.backend().spatial();
        sk.avgPoolForward(g, countIncludePad, divisorOverride, Conv.raw(x), y);
        return Autograd.record("AvgPool" + nsp + "D", y, gy -> {
            Tensor gx = Tensor.uninitialized(x.device(), DType.FLOAT32, xs);
            sk.avgPoolBackward(g, countIncludePad, divisorOverride, gy.contiguous(), gx);
            return new Tensor[] {gx};
        }, x);
    }

    /** Adaptive average pooling of the last {@code outputSize.length} dims to {@code outputSize} (an entry ≤ 0 keeps that dim). */
    public static Tensor adaptiveAvgPool(Tensor x, int[] outputSize) {
        return adaptive(false, x, outputSize)[0];
    }

    /** Adaptive max pooling; the gradient goes to each window's first maximum. */
    public static Tensor adaptiveMaxPool(Tensor x, int[] outputSize) {
        return adaptive(true, x, outputSize)[0];
    }

    /**
     * {@link #adaptiveMaxPool} and each maximum's flat position within its input plane (int64, the output's shape), as
     * PyTorch's {@code AdaptiveMaxPool2d(return_indices=True)} gives them: {@code {y, indices}}.
     */
    public static Tensor[] adaptiveMaxPoolWithIndices(Tensor x, int[] outputSize) {
        return adaptive(true, x, outputSize);
    }

    /** {@code {y, the max's indices or null}}. */
    private static Tensor[] adaptive(boolean max, Tensor x, int[] outputSize) {
        int nsp = outputSize.length;
        String op = (max ? "adaptive_max_pool" : "adaptive_avg_pool") + nsp + "d";
        int[] xs = checkInput(op, x, nsp);
        int lead = xs.length - nsp;
        int planes = 1;
        for (int i = 0; i < lead; i++) planes *= xs[i];
        int[] in = Arrays.copyOfRange(xs, lead, xs.length), out = new int[nsp];
        for (int i = 0; i < nsp; i++) {
            if (in[i] == 0) throw new IllegalArgumentException(op + ": expected input with non-zero spatial sizes, got " + x.shapeString());
            out[i] = outputSize[i] <= 0 ? in[i] : outputSize[i];
        }
        int[] ys = xs.clone();
        System.arraycopy(out, 0, ys, lead, nsp);
        int[] in3 = ConvGeometry.to3(in, 1), out3 = ConvGeometry.to3(out, 1);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, ys);
        Tensor idx = max ? Tensor.empty(x.device(), DType.INT64, ys) : null;
        SpatialKernels sk = x.backend().spatial();
        sk.adaptivePoolForward(max, planes, in3, out3, Conv.raw(x), y, idx);
        int p = planes;
        Tensor pooled = Autograd.record(max ? "AdaptiveMaxPool" + nsp + "D" : "AdaptiveAvgPool" + nsp + "D", y, gy -> {
            Tensor gx = Tensor.uninitialized(x.device(), DType.FLOAT32, xs);
            if (max) sk.maxPoolBackward(p, in3[0] * in3[1] * in3[2], out3[0] * out3[1] * out3[2], gy.contiguous(), idx, gx);
            else sk.adaptiveAvgPoolBackward(p, in3, out3, gy.contiguous(), gx);
            return new Tensor[] {gx};
        }, x);
        return new Tensor[] {pooled, idx};
    }

    private static int[] checkInput(String op, Tensor x, int nsp) {
        if (x.dim() != nsp + 1 && x.dim() != nsp + 2) {
            throw new IllegalArgumentException(op + ": Expected " + (nsp + 1) + "D or " + (nsp + 2) + "D input (unbatched or batched), got "
                    + x.shapeString());
        }
        return x.shape();
    }

    private static PoolGeometry geometry(String op, int[] xs, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        int nsp = kernel.length, lead = xs.length - nsp;
        int planes = 1;
        for (int i = 0; i < lead; i++) planes *= xs[i];
        int[] in = Arrays.copyOfRange(xs, lead, xs.length), out = new int[nsp];
        for (int i = 0; i < nsp; i++) {
            out[i] = PoolGeometry.outSize(in[i], kernel[i], padding[i], stride[i], dilation[i], ceilMode);
        }
        for (int o : out) {
            if (o <= 0) {
                throw new IllegalArgumentException(op + ": given input size " + Arrays.toString(in) + ", the calculated output size "
                        + Arrays.toString(out) + " is too small");
            }
        }
        return new PoolGeometry(planes, ConvGeometry.to3(in, 1), ConvGeometry.to3(out, 1), ConvGeometry.to3(kernel, 1),
                ConvGeometry.to3(stride, 1), ConvGeometry.to3(padding, 0), ConvGeometry.to3(dilation, 1));
    }

    private static int[] outShape(int[] xs, PoolGeometry g, int nsp) {
        int[] ys = xs.clone();
        int[] out = g.out();
        for (int i = 0; i < nsp; i++) ys[xs.length - nsp + i] = out[3 - nsp + i];
        return ys;
    }
}
