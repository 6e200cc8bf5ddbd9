package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Dropout}: in training, each element is zeroed with probability {@code p} and the rest
 * scaled by {@code 1/(1-p)}; in evaluation, the input passes unchanged. Masks come from the seeded
 * {@link layerlab.tensor.Generator#global()}.
 */
public final class Dropout extends Module {
    private final double p;

    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return layerlab.nn.functional.Dropout.dropout(input, p, isTraining());
    }

    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyRepr.pyFloat((float) p) + ", inplace=False";
    }
}
