package layerlab.backend;

import layerlab.tensor.Tensor;

/**
 * Fused optimiser updates: one pass over a parameter and its state per step, on the parameter's device.
 * All tensors are contiguous and of equal size; the formulas are PyTorch's (torch/optim, single-tensor path).
 */
public interface OptimKernels {
    /**
     * SGD: {@code g = grad + wd·p}; with momentum: {@code buf = firstStep ? g : momentum·buf + (1-dampening)·g},
     * {@code g = nesterov ? g + momentum·buf : buf}; then {@code p -= lr·g}. {@code buf} is null without momentum.
     */
    void sgd(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float dampening, float weightDecay,
             boolean nesterov, boolean firstStep, boolean maximize);

    /**
     * Adam / AdamW. {@code decoupled}: AdamW's {@code p *= 1 - lr·wd}; otherwise L2 {@code g += wd·p}.
     * {@code m = b1·m + (1-b1)·g}, {@code v = b2·v + (1-b2)·g²}, with {@code amsgrad} {@code vmax = max(vmax, v)};
     * {@code p -= lr/bc1 · m / (sqrt(v or vmax)/sqrt(bc2) + eps)} where {@code bcK = 1 - bK^step}.
     */
    void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, float lr, float beta1, float beta2, float eps,
              float weightDecay, boolean decoupled, int step, boolean maximize);
}
