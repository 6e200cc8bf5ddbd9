package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Unflatten(dim, unflattened_size)}: dim {@code dim} split into {@code unflattened_size} (one entry
 * may be -1, inferred), the other dims kept; {@link Flatten} undone. No parameters; a view when the input is contiguous.
 */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] in = input.shape();
        int d = dim < 0 ? dim + in.length : dim;
        int[] out = new int[in.length - 1 + sizes.length];
        System.arraycopy(in, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(in, d + 1, out, d + sizes.length, in.length - d - 1);
        return input.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + SpatialArgs.tuple(sizes);
    }
}
