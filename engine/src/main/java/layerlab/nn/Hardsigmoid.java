package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.Hardsigmoid}: min(max(x + 3, 0), 6) / 6, MobileNetV3's gate in its squeeze-and-excitation blocks. */
public final class Hardsigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.hardsigmoid(input);
    }
}
