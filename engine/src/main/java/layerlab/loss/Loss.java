package layerlab.loss;

import java.util.Objects;
import layerlab.nn.Module;
import layerlab.tensor.Tensor;

/**
 * The base of the losses, PyTorch's {@code _Loss}: a module of two inputs, the prediction and the target,
 * with a {@link Reduction}. Class weights are buffers, so they move with {@code to(device)} and appear in
 * the state dict as in PyTorch.
 */
public abstract class Loss extends Module {
    protected final Reduction reduction;

    protected Loss(Reduction reduction) {
        this(reduction, false);
    }

    Loss(Reduction reduction, boolean batchmeanAllowed) {
        if (reduction == Reduction.BATCHMEAN && !batchmeanAllowed) {
            throw new IllegalArgumentException("batchmean is not a valid value for reduction of " + getClass().getSimpleName()
                    + " (only KLDivLoss takes it)");
        }
        this.reduction = Objects.requireNonNull(reduction, "reduction");
    }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 2) throw new IllegalArgumentException(getClass().getSimpleName() + " takes an input and a target, got " + inputs.length + " tensors");
        return forward(inputs[0], inputs[1]);
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " takes an input and a target, got 1 tensor");
    }

    public Reduction reduction() {
        return reduction;
    }

    /**
     * The data of an optional buffer (class weights) on {@code input}'s device, or null. A loss node is not one of a
     * model's layers, so moving the model leaves it where it was built: its weights follow the input here, once.
     */
    protected final Tensor bufferOrNull(String name, Tensor input) {
        var b = namedBuffers().get(name);
        if (b == null) return null;
        if (!b.data().device().equals(input.device())) b.set(b.data().to(input.device()));
        return b.data();
    }
}
