package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * {@code x.narrow(dim, start, length)} as a graph node: the {@code length} entries of {@code dim} from {@code start},
 * as {@code torch.chunk} and {@code torch.split} cut a tensor (ShuffleNetV2 halves its channels so). No parameters;
 * the gradient goes back to the entries taken, zero elsewhere. PyTorch returns a strided view; this returns the values
 * laid out anew, which the layers after it read fastest.
 */
public final class Narrow extends Module {
    private final int dim;
    private final int start;
    private final int length;

    public Narrow(int dim, int start, int length) {
        this.dim = dim;
        this.start = start;
        this.length = length;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.narrow(dim, start, length).contiguous();
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", start=" + start + ", length=" + length;
    }
}
