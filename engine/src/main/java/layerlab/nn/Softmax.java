package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Softmax(dim)}. The dimension is required: PyTorch's implicit choice of dim is
 * deprecated because it silently picks the wrong one for some input ranks.
 */
public final class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softmax(input, dim);
    }

    public int dim() {
        return dim;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
