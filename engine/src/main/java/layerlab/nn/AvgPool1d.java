package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.AvgPool1d} over {@code [N, C, L]} or {@code [C, L]}: the mean of each window. With
 * {@code count_include_pad} the divisor counts zero padding (up to the padded border); {@code ceil_mode}
 * keeps a last partial window. Sizes print as 1-tuples, as PyTorch stores them.
 */
public final class AvgPool1d extends Module {
    private final int kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;

    public AvgPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0, false, true);
    }

    public AvgPool1d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        SpatialArgs.requirePositive("AvgPool1d", "kernel_size", new int[] {kernelSize});
        SpatialArgs.requirePositive("AvgPool1d", "stride", new int[] {stride});
        SpatialArgs.requireNonNegative("AvgPool1d", "padding", new int[] {padding});
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.avgPool(input, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, ceilMode, countIncludePad, 0);
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=(" + kernelSize + ",), stride=(" + stride + ",), padding=(" + padding + ",)";
    }
}
