package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.ReLU6}: min(max(0, x), 6), MobileNet's activation (a Hardtanh from 0 to 6). */
public final class ReLU6 extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.relu6(input);
    }
}
