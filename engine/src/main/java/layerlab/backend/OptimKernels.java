package layerlab.backend;

import java.util.List;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Fused optimiser updates: one pass over a parameter and its state per step, on the parameter's device.
 * All tensors are contiguous and of equal size; the formulas are PyTorch's (torch/optim, single-tensor path).
 * Every argument is a tensor or a number, so any backend can implement them; a backend that has no kernel
 * of its own for RMSprop or Adagrad inherits a default that runs the CPU's kernel on host copies.
 */
public interface OptimKernels {
    /**
     * A one-element float tensor on this backend whose value is finite unless an element of {@code tensors} (float, on
     * this backend) is NaN or infinite: queued, not read, so that the Trainer reads it together with the loss (one wait
     * on a GPU). The default sums every tensor's sum, so a sum that overflows reads as not finite too (a failure as
     * well); a GPU backend flags the tensors in one launch per eight. Null when {@code tensors} is empty.
     */
    default Tensor finiteProbe(List<Tensor> tensors) {
        Tensor acc = null;
        for (Tensor t : tensors) {
            Tensor s = t.detach().sum();
            acc = acc == null ? s : acc.add(s);
        }
        return acc;
    }

    /**
     * SGD: {@code g = grad + wd·p}; with momentum: {@code buf = firstStep ? g : momentum·buf + (1-dampening)·g},
     * {@code g = nesterov ? g + momentum·buf : buf}; then {@code p -= lr·g}. {@code buf} is null without momentum.
     */
    void sgd(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float dampening, float weightDecay,
             boolean nesterov, boolean firstStep, boolean maximize);

    /**
     * {@link #sgd} for several parameters of one group (PyTorch's {@code foreach} path): the same numbers as one call
     * each, which is the default; a GPU backend updates them in fewer launches. {@code bufs} holds nulls without momentum.
     * All tensors lie on this backend's device.
     */
    default void sgdForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> bufs, float lr, float momentum, float dampening,
                            float weightDecay, boolean nesterov, boolean[] firstStep, boolean maximize) {
        for (int i = 0; i < params.size(); i++) {
            sgd(params.get(i), grads.get(i), bufs.get(i), lr, momentum, dampening, weightDecay, nesterov, firstStep[i], maximize);
        }
    }

    /**
     * Adam / AdamW. {@code decoupled}: AdamW's {@code p *= 1 - lr·wd}; otherwise L2 {@code g += wd·p}.
     * {@code m = b1·m + (1-b1)·g}, {@code v = b2·v + (1-b2)·g²}, with {@code amsgrad} {@code vmax = max(vmax, v)};
     * {@code p -= lr/bc1 · m / (sqrt(v or vmax)/sqrt(bc2) + eps)} where {@code bcK = 1 - bK^step}.
     */
    void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, float lr, float beta1, float beta2, float eps,
              float weightDecay, boolean decoupled, int step, boolean maximize);

    /**
     * {@link #adam} for several parameters of one group, each at its own {@code steps[i]} (the default: one call each);
     * a GPU backend updates them in fewer launches, with the same numbers. {@code vmaxs} holds nulls without amsgrad.
     */
    default void adamForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> ms, List<Tensor> vs, List<Tensor> vmaxs, float lr,
                             float beta1, float beta2, float eps, float weightDecay, boolean decoupled, int[] steps, boolean maximize) {
        for (int i = 0; i < params.size(); i++) {
            adam(params.get(i), grads.get(i), ms.get(i), vs.get(i), vmaxs.get(i), lr, beta1, beta2, eps, weightDecay, decoupled, steps[i],
                    maximize);
        }
    }

    /**
     * RMSprop: {@code g = grad + wd·p}; {@code sq = α·sq + (1-α)·g²}; centered ({@code gradAvg} non-null):
     * {@code ga = α·ga + (1-α)·g}, {@code avg = sqrt(sq - ga²) + eps}, else {@code avg = sqrt(sq) + eps}; with momentum
     * ({@code buf} non-null): {@code buf = momentum·buf + g/avg}, {@code p -= lr·buf}; otherwise {@code p -= lr·g/avg}.
     */
    default void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf, float lr, float alpha,
                         float eps, float weightDecay, float momentum, boolean maximize) {
        Tensor[] h = onHost(param, grad, squareAvg, gradAvg, buf);
        Backends.cpu().optim().rmsprop(h[0], h[1], h[2], h[3], h[4], lr, alpha, eps, weightDecay, momentum, maximize);
        copyBack(h, param, null, squareAvg, gradAvg, buf);
    }

    /**
     * Adagrad: {@code g = grad + wd·p}; {@code sum += g²}; {@code p -= clr·g / (sqrt(sum) + eps)}, where the caller
     * passes the decayed rate {@code clr = lr / (1 + (step-1)·lr_decay)}.
     */
    default void adagrad(Tensor param, Tensor grad, Tensor sum, float clr, float weightDecay, float eps, boolean maximize) {
        Tensor[] h = onHost(param, grad, sum);
        Backends.cpu().optim().adagrad(h[0], h[1], h[2], clr, weightDecay, eps, maximize);
        copyBack(h, param, null, sum);
    }

    /** Host copies of {@code ts} (null stays null). */
    private static Tensor[] onHost(Tensor... ts) {
        Tensor[] h = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) h[i] = ts[i] == null ? null : Tensor.zeros(Device.CPU, ts[i].shape()).copy_(ts[i]);
        return h;
    }

    /** Writes the host results back into the device tensors they were copied from (null entries are inputs only). */
    private static void copyBack(Tensor[] host, Tensor... targets) {
        for (int i = 0; i < targets.length; i++) if (targets[i] != null) targets[i].copy_(host[i]);
    }
}
