package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.LeakyReLU}: {@code x} for {@code x > 0}, else {@code negative_slope·x}. */
public final class LeakyReLU extends Module {
    private final float negativeSlope;

    /** {@code LeakyReLU(negative_slope=0.01)}. */
    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.leakyRelu(input, negativeSlope);
    }

    public float negativeSlope() {
        return negativeSlope;
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + PyRepr.pyFloat(negativeSlope);
    }
}
