package layerlab.autograd;

import layerlab.tensor.Tensor;

/**
 * One recorded operation: its inputs and its backward rule, written beside the forward in the op that
 * records it. {@link Backward#apply} maps the gradient of the output to one gradient per input (null for
 * inputs that need none), each of its input's shape.
 */
public final class GradFn {
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    /** The node that recorded it while a {@link Profiler} ran (its backward time is charged there), else null. */
    private final String scope = Profiler.path();
    private Tensor[] inputs;
    private Backward backward;

    GradFn(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    public String name() {
        return name;
    }

    String scope() {
        return scope;
    }

    Tensor[] inputs() {
        if (inputs == null) {
            throw new IllegalStateException("backward through '" + name + "' a second time: its graph was freed by the"
                    + " first backward (like PyTorch without retain_graph)");
        }
        return inputs;
    }

    Backward backward() {
        return backward;
    }

    /** Drops the references that keep the forward's tensors alive. */
    void release() {
        inputs = null;
        backward = null;
    }

    @Override
    public String toString() {
        return name + "Backward";
    }
}
