package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * What {@link MaxPool1d} and {@link MaxPool2d} share (PyTorch's {@code _MaxPoolNd}): the window arguments kept
 * as given (an int or a tuple, printed the same way), {@code stride} defaulting to {@code kernel_size}.
 */
public abstract class MaxPoolNd extends Module {
    private final int[] kernelArg, strideArg, paddingArg, dilationArg;
    private final int[] kernelSize, stride, padding, dilation;
    private final boolean ceilMode;
    private final boolean returnIndices;

    MaxPoolNd(int dims, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this(dims, kernelSize, stride, padding, dilation, ceilMode, false);
    }

    /** @param returnIndices {@link #forwardWithIndices} is the module's output (PyTorch's {@code return_indices=True}) */
    MaxPoolNd(int dims, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode, boolean returnIndices) {
        String name = getClass().getSimpleName();
        this.kernelArg = kernelSize.clone();
        this.strideArg = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.paddingArg = padding.clone();
        this.dilationArg = dilation.clone();
        this.kernelSize = SpatialArgs.expand("kernel_size", kernelArg, dims);
        this.stride = SpatialArgs.expand("stride", strideArg, dims);
        this.padding = SpatialArgs.expand("padding", paddingArg, dims);
        this.dilation = SpatialArgs.expand("dilation", dilationArg, dims);
        SpatialArgs.requirePositive(name, "kernel_size", this.kernelSize);
        SpatialArgs.requirePositive(name, "stride", this.stride);
        SpatialArgs.requirePositive(name, "dilation", this.dilation);
        SpatialArgs.requireNonNegative(name, "padding", this.padding);
        this.ceilMode = ceilMode;
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.maxPool(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** The output and each maximum's flat position within its input plane (int64), what a MaxUnpool reads. */
    public Tensor[] forwardWithIndices(Tensor input) {
        return Pool.maxPool(input, kernelSize, stride, padding, dilation, ceilMode, true);
    }

    /** PyTorch's {@code return_indices}: the module gives its indices too. */
    public boolean returnIndices() {
        return returnIndices;
    }

    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] padding() {
        return padding.clone();
    }

    public int[] dilation() {
        return dilation.clone();
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + SpatialArgs.asGiven(kernelArg) + ", stride=" + SpatialArgs.asGiven(strideArg) + ", padding="
                + SpatialArgs.asGiven(paddingArg) + ", dilation=" + SpatialArgs.asGiven(dilationArg) + ", ceil_mode="
                + PyRepr.pyBool(ceilMode);
    }
}
