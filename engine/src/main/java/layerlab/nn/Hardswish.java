package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.Hardswish}: x · min(max(x + 3, 0), 6) / 6, MobileNetV3's activation. */
public final class Hardswish extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.hardswish(input);
    }
}
