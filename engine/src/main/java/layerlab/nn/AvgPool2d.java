package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.AvgPool2d} over {@code [N, C, H, W]} or {@code [C, H, W]}: the mean of each window. With
 * {@code count_include_pad} the divisor counts zero padding (up to the padded border); {@code ceil_mode} keeps
 * a last partial window; {@code divisor_override} (null for none) replaces the divisor.
 */
public final class AvgPool2d extends Module {
    private final int[] kernelArg, strideArg, paddingArg;
    private final int[] kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;
    private final Integer divisorOverride;

    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, false, true, null);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true, null);
    }

    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, Integer divisorOverride) {
        this.kernelArg = kernelSize.clone();
        this.strideArg = stride == null || stride.length == 0 ? kernelSize.clone() : stride.clone();
        this.paddingArg = padding.clone();
        this.kernelSize = SpatialArgs.expand("kernel_size", kernelArg, 2);
        this.stride = SpatialArgs.expand("stride", strideArg, 2);
        this.padding = SpatialArgs.expand("padding", paddingArg, 2);
        SpatialArgs.requirePositive("AvgPool2d", "kernel_size", this.kernelSize);
        SpatialArgs.requirePositive("AvgPool2d", "stride", this.stride);
        SpatialArgs.requireNonNegative("AvgPool2d", "padding", this.padding);
        if (divisorOverride != null && divisorOverride == 0) throw new IllegalArgumentException("divisor must be not zero");
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.avgPool(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride == null ? 0 : divisorOverride);
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

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    public Integer divisorOverride() {
        return divisorOverride;
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + SpatialArgs.asGiven(kernelArg) + ", stride=" + SpatialArgs.asGiven(strideArg) + ", padding="
                + SpatialArgs.asGiven(paddingArg);
    }
}
