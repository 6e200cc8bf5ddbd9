package layerlab.backend;

import java.util.List;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Fused optimiser updates: one pass over a parameter and its state per step, on the parameter's device.
 * All tensors are contiguous and of equal size; the formulas are PyTorch's (torch/optim, single-tensor path). The
 * hyper-parameters come as the group's doubles: a kernel works out {@code 1 - beta2}, {@code -lr} and the like from them
 * and rounds each once to float, as torch's Python does (in float, {@code 1f - 0.999f} is 1.3e-5 off).
 * Every argument is a tensor or a number, so any backend can implement them; a backend that has no kernel
 * of its own for RMSprop, Adagrad, NAdam, RAdam, Adamax, Adadelta, Rprop or ASGD inherits a default that runs the
 * CPU's kernel on host copies.
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
    void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
             boolean nesterov, boolean firstStep, boolean maximize);

    /**
     * {@link #sgd} for several parameters of one group (PyTorch's {@code foreach} path): the same numbers as one call
     * each, which is the default; a GPU backend updates them in fewer launches. {@code bufs} holds nulls without momentum.
     * All tensors lie on this backend's device.
     */
    default void sgdForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> bufs, double lr, double momentum, double dampening,
                            double weightDecay, boolean nesterov, boolean[] firstStep, boolean maximize) {
        for (int i = 0; i < params.size(); i++) {
            sgd(params.get(i), grads.get(i), bufs.get(i), lr, momentum, dampening, weightDecay, nesterov, firstStep[i], maximize);
        }
    }

    /**
     * Adam / AdamW. {@code decoupled}: AdamW's {@code p *= 1 - lr·wd}; otherwise L2 {@code g += wd·p}.
     * {@code m = b1·m + (1-b1)·g}, {@code v = b2·v + (1-b2)·g²}, with {@code amsgrad} {@code vmax = max(vmax, v)};
     * {@code p -= lr/bc1 · m / (sqrt(v or vmax)/sqrt(bc2) + eps)} where {@code bcK = 1 - bK^step}.
     */
    void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1, double beta2, double eps,
              double weightDecay, boolean decoupled, int step, boolean maximize);

    /**
     * {@link #adam} for several parameters of one group, each at its own {@code steps[i]} (the default: one call each);
     * a GPU backend updates them in fewer launches, with the same numbers. {@code vmaxs} holds nulls without amsgrad.
     */
    default void adamForeach(List<Tensor> params, List<Tensor> grads, List<Tensor> ms, List<Tensor> vs, List<Tensor> vmaxs, double lr,
                             double beta1, double beta2, double eps, double weightDecay, boolean decoupled, int[] steps, boolean maximize) {
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
    default void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf, double lr, double alpha,
                         double eps, double weightDecay, double momentum, boolean maximize) {
        Tensor[] h = onHost(param, grad, squareAvg, gradAvg, buf);
        Backends.cpu().optim().rmsprop(h[0], h[1], h[2], h[3], h[4], lr, alpha, eps, weightDecay, momentum, maximize);
        copyBack(h, param, null, squareAvg, gradAvg, buf);
    }

    /**
     * Adagrad: {@code g = grad + wd·p}; {@code sum += g²}; {@code p -= clr·g / (sqrt(sum) + eps)}, where the caller
     * passes the decayed rate {@code clr = lr / (1 + (step-1)·lr_decay)}.
     */
    default void adagrad(Tensor param, Tensor grad, Tensor sum, double clr, double weightDecay, double eps, boolean maximize) {
        Tensor[] h = onHost(param, grad, sum);
        Backends.cpu().optim().adagrad(h[0], h[1], h[2], clr, weightDecay, eps, maximize);
        copyBack(h, param, null, sum);
    }

    /*
     * The later optimisers take their betas (and Adadelta its rho) as doubles: torch rounds 1 - beta2 to float32 from the
     * double, and 1 - (float) 0.999 is 4.7e-5 off it, enough to move a parameter by 1e-5 of its step.
     */

    /**
     * NAdam (PyTorch 1.13): {@code g = grad + wd·p}; {@code m = b1·m + (1-b1)·g}, {@code v = b2·v + (1-b2)·g²};
     * {@code denom = sqrt(v / bc2) + eps}; {@code p += gradCoef·g/denom}, then {@code p += avgCoef·m/denom}. The caller
     * works out the momentum schedule's coefficients (negative) as torch does in Python.
     */
    default void nadam(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, float eps, float weightDecay,
                       float bc2, float gradCoef, float avgCoef) {
        Tensor[] h = onHost(param, grad, m, v);
        Backends.cpu().optim().nadam(h[0], h[1], h[2], h[3], beta1, beta2, eps, weightDecay, bc2, gradCoef, avgCoef);
        copyBack(h, param, null, m, v);
    }

    /**
     * RAdam (PyTorch 1.13): {@code g = grad + wd·p}; the moments as Adam's; {@code mh = m / bc1}; rectified
     * ({@code rect > 0}): {@code p -= mh·lr·(sqrtBc2 / (sqrt(v) + eps))·rect}, otherwise {@code p -= mh·lr}.
     */
    default void radam(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, double beta1, double beta2, float eps, float weightDecay,
                       float bc1, float sqrtBc2, float rect) {
        Tensor[] h = onHost(param, grad, m, v);
        Backends.cpu().optim().radam(h[0], h[1], h[2], h[3], lr, beta1, beta2, eps, weightDecay, bc1, sqrtBc2, rect);
        copyBack(h, param, null, m, v);
    }

    /**
     * Adamax: {@code g = ±grad + wd·p}; {@code m = b1·m + (1-b1)·g}; {@code u = max(b2·u, |g| + eps)};
     * {@code p -= clr · m / u} with the caller's {@code clr = lr / (1 - b1^step)}.
     */
    default void adamax(Tensor param, Tensor grad, Tensor m, Tensor u, float clr, double beta1, double beta2, float eps, float weightDecay,
                        boolean maximize) {
        Tensor[] h = onHost(param, grad, m, u);
        Backends.cpu().optim().adamax(h[0], h[1], h[2], h[3], clr, beta1, beta2, eps, weightDecay, maximize);
        copyBack(h, param, null, m, u);
    }

    /**
     * Adadelta: {@code g = ±grad + wd·p}; {@code sq = ρ·sq + (1-ρ)·g²}; {@code delta = sqrt(acc + eps) / sqrt(sq + eps) · g};
     * {@code acc = ρ·acc + (1-ρ)·delta²}; {@code p -= lr·delta}.
     */
    default void adadelta(Tensor param, Tensor grad, Tensor squareAvg, Tensor accDelta, float lr, double rho, float eps, float weightDecay,
                          boolean maximize) {
        Tensor[] h = onHost(param, grad, squareAvg, accDelta);
        Backends.cpu().optim().adadelta(h[0], h[1], h[2], h[3], lr, rho, eps, weightDecay, maximize);
        copyBack(h, param, null, squareAvg, accDelta);
    }

    /**
     * Rprop: {@code f = etaplus, etaminus or 1} as {@code ±grad·prev} is above, below or at 0; {@code step = clamp(step·f, min, max)};
     * where {@code f == etaminus} the gradient counts as 0; {@code p -= sign(g)·step}; {@code prev = g}.
     */
    default void rprop(Tensor param, Tensor grad, Tensor prev, Tensor stepSize, float etaminus, float etaplus, float stepMin, float stepMax,
                       boolean maximize) {
        Tensor[] h = onHost(param, grad, prev, stepSize);
        Backends.cpu().optim().rprop(h[0], h[1], h[2], h[3], etaminus, etaplus, stepMin, stepMax, maximize);
        copyBack(h, param, null, prev, stepSize);
    }

    /**
     * ASGD: {@code g = ±grad + wd·p}; {@code p *= decay} (the caller's {@code 1 - λ·eta}); {@code p -= eta·g}; the average
     * {@code ax += (p - ax)·mu}, or {@code ax = p} while {@code mu} is 1.
     */
    default void asgd(Tensor param, Tensor grad, Tensor ax, float decay, float eta, float mu, float weightDecay, boolean maximize) {
        Tensor[] h = onHost(param, grad, ax);
        Backends.cpu().optim().asgd(h[0], h[1], h[2], decay, eta, mu, weightDecay, maximize);
        copyBack(h, param, null, ax);
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
