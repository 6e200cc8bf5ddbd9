package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.Tanh}. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.tanh(input);
    }
}
