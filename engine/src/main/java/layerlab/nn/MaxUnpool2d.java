package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.MaxUnpool2d}: the partial inverse of a {@link MaxPool2d} with {@code return_indices}. Given the pool's
 * output {@code [N, C, H, W]} (or {@code [C, H, W]}) and its indices, it writes each value back where its maximum was in
 * an output of {@code (H − 1)·stride − 2·padding + kernel_size} rows (likewise columns) and leaves the rest 0.
 * {@code stride} null means {@code kernel_size}.
 */
public final class MaxUnpool2d extends Module {
    private final int[] kernelSize, stride, padding;

    public MaxUnpool2d(int[] kernelSize, int[] stride, int[] padding) {
        this.kernelSize = SpatialArgs.expand("kernel_size", kernelSize, 2);
        this.stride = SpatialArgs.expand("stride", stride == null || stride.length == 0 ? kernelSize : stride, 2);
        this.padding = SpatialArgs.expand("padding", padding, 2);
        SpatialArgs.requirePositive("MaxUnpool2d", "kernel_size", this.kernelSize);
        SpatialArgs.requirePositive("MaxUnpool2d", "stride", this.stride);
        SpatialArgs.requireNonNegative("MaxUnpool2d", "padding", this.padding);
    }

    /** The output's rows and columns for an input of {@code h × w}: {@code (h − 1)·stride − 2·padding + kernel_size}. */
    public int[] outputSize(int h, int w) {
        return new int[] {(h - 1) * stride[0] - 2 * padding[0] + kernelSize[0], (w - 1) * stride[1] - 2 * padding[1] + kernelSize[1]};
    }

    public Tensor forward(Tensor input, Tensor indices) {
        if (input.dim() < 3) throw new IllegalArgumentException("MaxUnpool2d: Expected 3D or 4D input, got " + input.shapeString());
        return Pool.maxUnpool(input, indices, outputSize(input.size(-2), input.size(-1)));
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 2) throw new IllegalArgumentException("MaxUnpool2d takes 2 inputs (the values and their indices), got " + inputs.length);
        return forward(inputs[0], inputs[1]);
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("MaxUnpool2d takes 2 inputs (the values and a max pool's indices), got 1");
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=(" + kernelSize[0] + ", " + kernelSize[1] + "), stride=(" + stride[0] + ", " + stride[1] + "), padding=("
                + padding[0] + ", " + padding[1] + ")";
    }
}
