package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.MaxUnpool1d}: the partial inverse of a {@link MaxPool1d} with {@code return_indices}. Given the pool's
 * output {@code [N, C, L]} (or {@code [C, L]}) and its indices, it writes each value back where its maximum was in an output
 * of {@code (L − 1)·stride − 2·padding + kernel_size} and leaves the rest 0. {@code stride} null means {@code kernel_size}.
 */
public final class MaxUnpool1d extends Module {
    private final int kernelSize, stride, padding;

    public MaxUnpool1d(int kernelSize, Integer stride, int padding) {
        this.kernelSize = kernelSize;
        this.stride = stride == null ? kernelSize : stride;
        this.padding = padding;
        SpatialArgs.requirePositive("MaxUnpool1d", "kernel_size", new int[] {this.kernelSize});
        SpatialArgs.requirePositive("MaxUnpool1d", "stride", new int[] {this.stride});
        SpatialArgs.requireNonNegative("MaxUnpool1d", "padding", new int[] {this.padding});
    }

    /** The output's length for an input of length {@code l}: {@code (l − 1)·stride − 2·padding + kernel_size}. */
    public int outputSize(int l) {
        return (l - 1) * stride - 2 * padding + kernelSize;
    }

    public Tensor forward(Tensor input, Tensor indices) {
        if (input.dim() < 2) throw new IllegalArgumentException("MaxUnpool1d: Expected 2D or 3D input, got " + input.shapeString());
        return Pool.maxUnpool(input, indices, new int[] {outputSize(input.size(-1))});
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 2) throw new IllegalArgumentException("MaxUnpool1d takes 2 inputs (the values and their indices), got " + inputs.length);
        return forward(inputs[0], inputs[1]);
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("MaxUnpool1d takes 2 inputs (the values and a max pool's indices), got 1");
    }

    @Override
    protected String extraRepr() {
        // PyTorch's _MaxUnpoolNd prints each size as a 1-tuple for the 1-D form.
        return "kernel_size=(" + kernelSize + ",), stride=(" + stride + ",), padding=(" + padding + ",)";
    }
}
