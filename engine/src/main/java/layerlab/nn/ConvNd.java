package layerlab.nn;

import java.util.Arrays;
import layerlab.init.Init;
import layerlab.nn.functional.Conv;
import layerlab.tensor.Tensor;

/**
 * What {@link Conv1d}, {@link Conv2d}, {@link Conv3d} and {@link ConvTranspose2d} share (PyTorch's
 * {@code _ConvNd}): the hyper-parameters with PyTorch's names, {@code weight} {@code [out, in/groups, *k]}
 * ({@code [in, out/groups, *k]} when transposed) and {@code bias}, PyTorch's default initialisation, and
 * its printed form.
 */
public abstract class ConvNd extends Module implements ReluFusable {
    private final int inChannels, outChannels, groups;
    private final int[] kernelSize, stride, padding, dilation, outputPadding;
    /** {@code "valid"} or {@code "same"} when padding was given as a string, else null. */
    private final String paddingString;
    private final String paddingMode;
    private final boolean transposed;
    private final Parameter weight, bias;

    ConvNd(int dims, boolean transposed, int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
           String paddingString, int[] dilation, int[] outputPadding, int groups, boolean bias, String paddingMode) {
        String name = getClass().getSimpleName();
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be positive, got " + inChannels + " and " + outChannels);
        }
        if (groups <= 0) throw new IllegalArgumentException("groups must be a positive integer");
        if (inChannels % groups != 0) throw new IllegalArgumentException("in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException("out_channels must be divisible by groups");
        if (!SpatialArgs.PADDING_MODES.contains(paddingMode)) {
            throw new IllegalArgumentException("padding_mode must be one of " + SpatialArgs.PADDING_MODES + ", but got padding_mode='" + paddingMode + "'");
        }
        if (transposed && !paddingMode.equals("zeros")) {
            throw new IllegalArgumentException("Only \"zeros\" padding mode is supported for " + name);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = SpatialArgs.expand("kernel_size", kernelSize, dims);
        this.stride = SpatialArgs.expand("stride", stride, dims);
        this.dilation = SpatialArgs.expand("dilation", dilation, dims);
        this.outputPadding = SpatialArgs.expand("output_padding", outputPadding, dims);
        SpatialArgs.requirePositive(name, "kernel_size", this.kernelSize);
        SpatialArgs.requirePositive(name, "stride", this.stride);
        SpatialArgs.requirePositive(name, "dilation", this.dilation);
        if (paddingString != null) {
            if (!paddingString.equals("valid") && !paddingString.equals("same")) {
                throw new IllegalArgumentException("Invalid padding string '" + paddingString + "', should be one of {'valid', 'same'}");
            }
            if (paddingString.equals("same")) {
                for (int s : this.stride) {
                    if (s != 1) throw new IllegalArgumentException("padding='same' is not supported for strided convolutions");
                }
            }
            this.padding = null;
        } else {
            this.padding = SpatialArgs.expand("padding", padding, dims);
            SpatialArgs.requireNonNegative(name, "padding", this.padding);
        }
        this.paddingString = paddingString;
        this.paddingMode = paddingMode;
        this.transposed = transposed;
        int[] wShape = new int[dims + 2];
        wShape[0] = transposed ? inChannels : outChannels;
        wShape[1] = (transposed ? outChannels : inChannels) / groups;
        System.arraycopy(this.kernelSize, 0, wShape, 2, dims);
        this.weight = registerParameter("weight", Tensor.zeros(wShape));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outChannels)) : null;
        resetParameters();
    }

    /**
     * PyTorch's default: {@code kaiming_uniform_(weight, a=√5)}, i.e. U(±1/√fan_in), and the bias from the same
     * range, where fan_in = {@code weight.size(1)} × kernel volume; drawn from {@link layerlab.tensor.Generator#global()}.
     */
    public void resetParameters() {
        Init.kaimingUniform(weight.data(), Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias != null) {
            double bound = 1 / Math.sqrt(Init.calculateCorrectFan(weight.data(), "fan_in"));
            Init.uniform(bias.data(), -bound, bound);
        }
    }

    /** The convolution (not transposed) with this layer's padding, padding mode included. */
    protected Tensor convolve(Tensor x) {
        Tensor w = weight.data(), b = bias == null ? null : bias.data();
        if (paddingMode.equals("zeros")) {
            return paddingString != null ? Conv.conv(x, w, b, stride, paddingString, dilation, groups)
                    : Conv.conv(x, w, b, stride, padding, dilation, groups);
        }
        // PyTorch pads explicitly (its _reversed_padding_repeated_twice), then convolves without padding.
        int dims = kernelSize.length;
        int[] lo, hi;
        if (paddingString != null) {
            int[][] p = Conv.stringPadding(paddingString, w.shape(), stride, dilation);
            lo = p[0];
            hi = p[1];
        } else {
            lo = padding;
            hi = padding;
        }
        int[] pad = new int[2 * dims];
        for (int i = 0; i < dims; i++) {
            pad[2 * (dims - 1 - i)] = lo[i];
            pad[2 * (dims - 1 - i) + 1] = hi[i];
        }
        return Conv.conv(Conv.pad(x, pad, paddingMode, 0f), w, b, stride, new int[dims], dilation, groups);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] stride() {
        return stride.clone();
    }

    /** The numeric padding per dim, or null when it was given as {@code "valid"}/{@code "same"} ({@link #paddingString}). */
    public int[] padding() {
        return padding == null ? null : padding.clone();
    }

    public String paddingString() {
        return paddingString;
    }

    public int[] dilation() {
        return dilation.clone();
    }

    public int groups() {
        return groups;
    }

    public String paddingMode() {
        return paddingMode;
    }

    protected int[] outputPadding() {
        return outputPadding.clone();
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built with {@code bias=false}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder();
        s.append(inChannels).append(", ").append(outChannels).append(", kernel_size=").append(SpatialArgs.tuple(kernelSize))
                .append(", stride=").append(SpatialArgs.tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString);
        else if (Arrays.stream(padding).anyMatch(p -> p != 0)) s.append(", padding=").append(SpatialArgs.tuple(padding));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) s.append(", dilation=").append(SpatialArgs.tuple(dilation));
        if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) s.append(", output_padding=").append(SpatialArgs.tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        if (!paddingMode.equals("zeros")) s.append(", padding_mode=").append(paddingMode);
        return s.toString();
    }
}
