package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.ReLU}: {@code max(0, x)}; the gradient at 0 is 0, as in PyTorch. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }
}
