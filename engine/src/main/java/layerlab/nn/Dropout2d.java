package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Dropout2d}: in training, each whole channel of {@code [N, C, H, W]} is zeroed with probability {@code p} and the rest
 * scaled by {@code 1/(1-p)}; in evaluation, the input passes unchanged. Masks come from the seeded
 * {@link layerlab.tensor.Generator#global()}. A 3-D input is read as {@code [N, C, L]}, as PyTorch 1.13 does.
 */
public final class Dropout2d extends Module {
    private final double p;

    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return layerlab.nn.functional.Dropout.dropout2d(input, p, isTraining());
    }

    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyRepr.pyFloat((float) p) + ", inplace=False";
    }
}
