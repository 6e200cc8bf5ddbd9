package layerlab.nn;

import layerlab.tensor.Tensor;

/** Its inputs joined along {@code dim} ({@code torch.cat(inputs, dim)}); sizes must match in every other dim. No parameters. */
public final class Concat extends Module {
    private final int dim;

    public Concat(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException("Concat needs at least one input");
        return inputs.length == 1 ? inputs[0] : Tensor.cat(dim, inputs);
    }

    public int dim() {
        return dim;
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
