package layerlab.nn;

import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.Identity}: returns its input unchanged (a placeholder, e.g. a skipped block). */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
