package layerlab.optim;

import java.util.List;
import layerlab.nn.Parameter;

/**
 * Adam with decoupled weight decay ({@code p *= 1 - lr·weight_decay} before the Adam update), PyTorch's
 * {@code torch.optim.AdamW}; its default weight decay is 1e-2 where Adam's is 0.
 */
public final class AdamW extends Adam {
    public AdamW(List<Parameter> params) {
        this(params, 1e-3);
    }

    public AdamW(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false, false);
    }

    public AdamW(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad, boolean maximize) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, true);
    }
}
