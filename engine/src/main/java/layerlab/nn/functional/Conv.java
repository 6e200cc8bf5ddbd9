package layerlab.nn.functional;

import java.util.Arrays;
import layerlab.autograd.Autograd;
import layerlab.backend.ConvGeometry;
import layerlab.backend.SpatialKernels;
import layerlab.backend.SpatialKernels.PadMode;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * Convolution and padding (PyTorch's {@code F.conv1d/2d/3d}, {@code F.conv_transpose2d}, {@code F.pad}): each
 * op's forward and gradient side by side, on the backend's {@link SpatialKernels}. Sizes are per spatial dim,
 * innermost last; inputs are batched {@code [N, C, *spatial]} or unbatched {@code [C, *spatial]}.
 */
public final class Conv {
    private Conv() {}

    /**
     * {@code F.conv1d/2d/3d}: {@code w} is {@code [out_channels, in_channels/groups, *kernel]} and fixes the
     * dimensionality; {@code padding} is applied on both sides of each dim.
     */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv(x, w, bias, stride, padding, padding, dilation, groups);
    }

    /** {@code F.conv*d} with {@code padding="valid"} (none) or {@code "same"} (output size = input size; stride 1 only). */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        int[][] p = stringPadding(padding, w.shape(), stride, dilation);
        return conv(x, w, bias, stride, p[0], p[1], dilation, groups);
    }

    /**
     * Low- and high-side padding for {@code "valid"} or {@code "same"}; for "same" the total is
     * {@code dilation·(k-1)}, and an odd total puts the extra element on the high side, as PyTorch does.
     */
    public static int[][] stringPadding(String padding, int[] weightShape, int[] stride, int[] dilation) {
        int nsp = weightShape.length - 2;
        int[] lo = new int[nsp], hi = new int[nsp];
        switch (padding) {
            case "valid" -> { }
            case "same" -> {
                for (int s : stride) {
                    if (s != 1) throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
                }
                for (int i = 0; i < nsp; i++) {
                    int total = dilation[i] * (weightShape[2 + i] - 1);
                    lo[i] = total / 2;
                    hi[i] = total - lo[i];
                }
            }
            default -> throw new IllegalArgumentException("Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        }
        return new int[][] {lo, hi};
    }

    /** The convolution with separate low- and high-side zero padding per dim. */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padLo, int[] padHi, int[] dilation, int groups) {
        int nsp = w.dim() - 2;
        String op = "conv" + nsp + "d";
        if (nsp < 1 || nsp > 3) throw new IllegalArgumentException("convolution weight must be 3-D to 5-D, got " + w.shapeString());
        if (x.dim() == nsp + 1) return conv(x.unsqueeze(0), w, bias, stride, padLo, padHi, dilation, groups).squeeze(0);
        if (x.dim() != nsp + 2) {
            throw new IllegalArgumentException("Expected " + (nsp + 1) + "D (unbatched) or " + (nsp + 2) + "D (batched) input to "
                    + op + ", but got input of size: " + x.shapeString());
        }
        requireSame(op, x, w, bias);
        int[] xs = x.shape(), ws = w.shape();
        checkLengths(op, nsp, stride, padLo, padHi, dilation);
        if (groups < 1) throw new IllegalArgumentException("non-positive groups is not supported");
        if (ws[0] % groups != 0) throw new IllegalArgumentException("Given groups=" + groups + ", expected weight to be divisible by " + groups
                + " at dimension 0, but got weight of size " + Arrays.toString(ws) + " instead");
        if (xs[1] != ws[1] * groups) {
            throw new IllegalArgumentException("Given groups=" + groups + ", weight of size " + Arrays.toString(ws) + ", expected input"
                    + Arrays.toString(xs) + " to have " + ws[1] * groups + " channels, but got " + xs[1] + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != ws[0])) {
            throw new IllegalArgumentException(op + ": bias of shape " + bias.shapeString() + " does not match " + ws[0] + " output channels");
        }
        int[] in = Arrays.copyOfRange(xs, 2, xs.length), k = Arrays.copyOfRange(ws, 2, ws.length), out = new int[nsp];
        for (int i = 0; i < nsp; i++) {
            out[i] = ConvGeometry.outSize(in[i], padLo[i], padHi[i], k[i], stride[i], dilation[i]);
            if (in[i] + padLo[i] + padHi[i] < dilation[i] * (k[i] - 1) + 1) {
                throw new IllegalArgumentException("Calculated padded input size per channel: " + sizes(in, padLo, padHi)
                        + ". Kernel size: " + dims(k) + ". Kernel size can't be greater than actual input size");
            }
        }
        ConvGeometry g = new ConvGeometry(xs[0], xs[1], ws[0], groups, ConvGeometry.to3(in, 1), ConvGeometry.to3(out, 1),
                ConvGeometry.to3(k, 1), ConvGeometry.to3(stride, 1), ConvGeometry.to3(padLo, 0), ConvGeometry.to3(dilation, 1));
        Tensor xc = raw(x), wc = raw(w), bc = bias == null ? null : raw(bias);
        int[] ys = new int[nsp + 2];
        ys[0] = xs[0];
        ys[1] = ws[0];
        System.arraycopy(out, 0, ys, 2, nsp);
        Tensor y = Tensor.uninitialized(x.device(), DType.FLOAT32, ys);
        SpatialKernels sk = x.backend().spatial();
        sk.convForward(g, xc, wc, bc, y);
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Autograd.record("Convolution", y, gy -> {
            Tensor gx = x.requiresGrad() ? Tensor.uninitialized(x.device(), DType.FLOAT32, xs) : null;
            // The backends write the weight's and bias's gradients whole (no clearing memset on a GPU), unless the batch
            // is empty: then zeros.
            boolean some = gy.numel() > 0;
            Tensor gw = w.requiresGrad() ? (some ? Tensor.uninitialized(x.device(), DType.FLOAT32, ws) : Tensor.zeros(x.device(), ws)) : null;
            Tensor gb = bias != null && bias.requiresGrad()
                    ? (some ? Tensor.uninitialized(x.device(), DType.FLOAT32, ws[0]) : Tensor.zeros(x.device(), ws[0])) : null;
            sk.convBackward(g, gw != null ? xc : null, gx != null ? wc : null, gy.contiguous(), gx, gw, gb);
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }, inputs);
    }

    /**
     * {@code F.conv_transpose1d/2d/3d}: the adjoint of a convolution. {@code w} is {@code [in_channels,
     * out_channels/groups, *kernel]}; output size {@code (in-1)·stride - 2·padding + dilation·(k-1) + output_padding + 1}.
     */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                       int groups, int[] dilation) {
        int nsp = w.dim() - 2;
        String op = "conv_transpose" + nsp + "d";
        if (x.dim() == nsp + 1) return convTranspose(x.unsqueeze(0), w, bias, stride, padding, outputPadding, groups, dilation).squeeze(0);
        if (x.dim() != nsp + 2) {
            throw new IllegalArgumentException("Expected " + (nsp + 1) + "D (unbatched) or " + (nsp + 2) + "D (batched) input to "
                    + op + ", but got input of size: " + x.shapeString());
        }
        requireSame(op, x, w, bias);
        checkLengths(op, nsp, stride, padding, outputPadding, dilation);
        int[] xs = x.shape(), ws = w.shape();
        if (groups < 1) throw new IllegalArgumentException("non-positive groups is not supported");
        if (xs[1] != ws[0] || ws[0] % groups != 0) {
            throw new IllegalArgumentException("Given transposed=1, weight of size " + Arrays.toString(ws) + ", expected input"
                    + Arrays.toString(xs) + " to have " + ws[0] + " channels, but got " + xs[1] + " channels instead");
        }
        int cout = ws[1] * groups;
        if (bias != null && (bias.dim() != 1 || bias.size(0) != cout)) {
            throw new IllegalArgumentException(op + ": bias of shape " + bias.shapeString() + " does not match " + cout + " output channels");
        }
        int[] in = Arrays.copyOfRange(xs, 2, xs.length), k = Arrays.copyOfRange(ws, 2, ws.length), out = new int[nsp];
        for (int i = 0; i < nsp; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                throw new IllegalArgumentException("output padding must be smaller than either stride or dilation, but got output_padding="
                        + dims(outputPadding) + ", stride=" + dims(stride) + ", dilation=" + dims(dilation));
            }
            out[i] = (in[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1) + outputPadding[i] + 1;
            if (out[i] <= 0) throw new IllegalArgumentException(op + ": output size " + dims(out) + " is too small");
        }
        // The convolution this is the adjoint of: from the output's space (cout channels) to the input's (ws[0]).
        ConvGeometry g = new ConvGeometry(xs[0], cout, ws[0], groups, ConvGeometry.to3(out, 1), ConvGeometry.to3(in, 1),
                ConvGeometry.to3(k, 1), ConvGeometry.to3(stride, 1), ConvGeometry.to3(padding, 0), ConvGeometry.to3(dilation, 1));
        Tensor xc = raw(x), wc = raw(w);
        int[] ys = new int[nsp + 2];
        ys[0] = xs[0];
        ys[1] = cout;
        System.arraycopy(out, 0, ys, 2, nsp);
        Tensor y = Tensor.empty(x.device(), DType.FLOAT32, ys);
        SpatialKernels sk = x.backend().spatial();
        sk.convBackward(g, null, wc, xc, y, null, null);
        Tensor result = Autograd.record("ConvolutionTranspose", y, gy -> {
            Tensor gyc = gy.contiguous();
            Tensor gx = null, gw = null;
            if (x.requiresGrad()) {
                gx = Tensor.empty(x.device(), DType.FLOAT32, xs);
                sk.convForward(g, gyc, wc, null, gx);
            }
            if (w.requiresGrad()) {
                gw = Tensor.empty(x.device(), DType.FLOAT32, ws);
                sk.convBackward(g, gyc, null, xc, null, gw, null);
            }
            return new Tensor[] {gx, gw};
        }, x, w);
        if (bias == null) return result;
        int[] bshape = new int[nsp + 2];
        Arrays.fill(bshape, 1);
        bshape[1] = cout;
        return result.add(bias.reshape(bshape));
    }

    /**
     * {@code F.pad} over the last one to three dims: {@code pad} lists (before, after) pairs starting from the last
     * dim; {@code mode} is {@code constant} (with {@code value}), {@code reflect}, {@code replicate} or {@code circular}.
     */
    public static Tensor pad(Tensor x, int[] pad, String mode, float value) {
        if (pad.length % 2 != 0) throw new IllegalArgumentException("Padding length must be divisible by 2");
        int nsp = pad.length / 2;
        if (nsp > 3 || nsp > x.dim()) {
            throw new IllegalArgumentException("pad: " + pad.length + " values pad " + nsp + " dims, but at most 3 of the input's "
                    + x.dim() + " dims can be padded");
        }
        PadMode m = switch (mode) {
            case "constant", "zeros" -> PadMode.ZEROS;
            case "reflect" -> PadMode.REFLECT;
            case "replicate" -> PadMode.REPLICATE;
            case "circular" -> PadMode.CIRCULAR;
            default -> throw new IllegalArgumentException("Unrecognised padding mode " + mode);
        };
        int[] xs = x.shape();
        int lead = xs.length - nsp;
        int[] in = new int[nsp], out = new int[nsp], lo = new int[nsp];
        int planes = 1;
        for (int i = 0; i < lead; i++) planes *= xs[i];
        for (int i = 0; i < nsp; i++) {
            int d = lead + i;
            int before = pad[2 * (nsp - 1 - i)], after = pad[2 * (nsp - 1 - i) + 1];
            in[i] = xs[d];
            lo[i] = before;
            out[i] = xs[d] + before + after;
            if (m == PadMode.REFLECT && (before >= xs[d] || after >= xs[d])) {
                throw new IllegalArgumentException("Padding size should be less than the corresponding input dimension, but got: padding ("
                        + before + ", " + after + ") at dimension " + d + " of input " + Arrays.toString(xs));
            }
            if (m == PadMode.CIRCULAR && (before > xs[d] || after > xs[d])) {
                throw new IllegalArgumentException("Padding value causes wrapping around more than once.");
            }
            if (m != PadMode.ZEROS && (before < 0 || after < 0)) {
                throw new IllegalArgumentException("negative padding is only supported in constant mode");
            }
            if (out[i] <= 0) throw new IllegalArgumentException("pad: the padded size of dimension " + d + " would be " + out[i]);
        }
        int[] ys = xs.clone();
        for (int i = 0; i < nsp; i++) ys[lead + i] = out[i];
        int[] in3 = ConvGeometry.to3(in, 1), out3 = ConvGeometry.to3(out, 1), lo3 = ConvGeometry.to3(lo, 0);
        Tensor y = Tensor.empty(x.device(), DType.FLOAT32, ys);
        SpatialKernels sk = x.backend().spatial();
        int p = planes;
        sk.pad(m, value, p, in3, out3, lo3, raw(x), y);
        return Autograd.record("Pad", y, gy -> {
            Tensor gx = Tensor.empty(x.device(), DType.FLOAT32, xs);
            sk.padBackward(m, p, in3, out3, lo3, gy.contiguous(), gx);
            return new Tensor[] {gx};
        }, x);
    }

    /** The detached, contiguous float data of {@code t}, what kernels take. */
    static Tensor raw(Tensor t) {
        if (t.dtype() != DType.FLOAT32) throw new IllegalArgumentException("expected a float tensor, got " + t.dtype().pyName);
        return t.detach().contiguous();
    }

    static void requireSame(String op, Tensor x, Tensor w, Tensor b) {
        if (!x.device().equals(w.device()) || (b != null && !b.device().equals(x.device()))) {
            throw new IllegalArgumentException(op + ": input is on " + x.device() + " but weight is on " + w.device()
                    + (b != null ? " and bias on " + b.device() : "") + "; move the model and the data to one device");
        }
    }

    private static void checkLengths(String op, int nsp, int[]... arrays) {
        for (int[] a : arrays) {
            if (a.length != nsp) throw new IllegalArgumentException(op + ": expected " + nsp + " values per size argument, got " + Arrays.toString(a));
        }
    }

    private static String dims(int[] a) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < a.length; i++) sb.append(i > 0 ? " x " : "").append(a[i]);
        return sb.append(')').toString();
    }

    private static String sizes(int[] in, int[] lo, int[] hi) {
        int[] s = new int[in.length];
        for (int i = 0; i < in.length; i++) s[i] = in[i] + lo[i] + hi[i];
        return dims(s);
    }
}
