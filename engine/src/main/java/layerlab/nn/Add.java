package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * The sum of its inputs with broadcasting ({@code a + b + …}): a graph node for residual connections, as in
 * {@code out = block(x) + x}. No parameters.
 */
public final class Add extends Module implements ReluFusable {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException("Add needs at least one input");
        Tensor sum = inputs[0];
        for (int i = 1; i < inputs.length; i++) sum = sum.add(inputs[i]);
        return sum;
    }
}
