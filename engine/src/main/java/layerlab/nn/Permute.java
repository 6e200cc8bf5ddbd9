package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * {@code x.permute(*dims)} as a graph node: the dims reordered, batch dim included (it stays first), as ConvNeXt
 * takes its [N, C, H, W] channels last, {@code (0, 2, 3, 1)}, for a LayerNorm and Linear layers over the channels,
 * and back, {@code (0, 3, 1, 2)}. No parameters. PyTorch returns a strided view; this returns the values laid out
 * anew, which the layers after it read fastest.
 */
public final class Permute extends Module {
    private final int[] dims;

    public Permute(int... dims) {
        boolean[] seen = new boolean[dims.length];
        for (int d : dims) {
            if (d < 0 || d >= dims.length || seen[d]) throw new IllegalArgumentException("dims " + SpatialArgs.tuple(dims) + " is not an order of 0…" + (dims.length - 1));
            seen[d] = true;
        }
        this.dims = dims.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != dims.length)
            throw new IllegalArgumentException("Permute" + SpatialArgs.tuple(dims) + " orders " + dims.length + " dims, but the input has " + input.dim() + ": " + input.shapeString());
        return input.permute(dims).contiguous();
    }

    public int[] dims() {
        return dims.clone();
    }

    @Override
    protected String extraRepr() {
        return "dims=" + SpatialArgs.tuple(dims);
    }
}
