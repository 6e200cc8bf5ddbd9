package layerlab.nn;

import layerlab.tensor.Tensor;

/** The elementwise product of its inputs with broadcasting ({@code a * b * …}), e.g. for gating. No parameters. */
public final class Multiply extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException("Multiply needs at least one input");
        Tensor product = inputs[0];
        for (int i = 1; i < inputs.length; i++) product = product.mul(inputs[i]);
        return product;
    }
}
