package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.LogSoftmax(dim)}, computed in one pass (max-shifted), never as {@code log(softmax)}
 * which underflows to −∞. The dimension is required, as for {@link Softmax}.
 */
public final class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.logSoftmax(input, dim);
    }

    public int dim() {
        return dim;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
