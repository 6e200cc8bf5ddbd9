package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * {@code x.transpose(dim0, dim1)} as a graph node: swaps two dims, as an Embedding's [N, T, E] becomes the
 * [N, E, T] a Conv1d reads (channels first). No parameters. PyTorch returns a strided view; this returns the
 * values laid out anew, which the layers after it read fastest.
 */
public final class Transpose extends Module {
    private final int dim0;
    private final int dim1;

    public Transpose(int dim0, int dim1) {
        this.dim0 = dim0;
        this.dim1 = dim1;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.transpose(dim0, dim1).contiguous();
    }

    public int dim0() {
        return dim0;
    }

    public int dim1() {
        return dim1;
    }

    @Override
    protected String extraRepr() {
        return "dim0=" + dim0 + ", dim1=" + dim1;
    }
}
