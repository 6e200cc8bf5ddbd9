package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.ELU}: {@code x} for {@code x > 0}, else {@code alpha·(eˣ − 1)}. */
public final class ELU extends Module {
    private final float alpha;

    /** {@code ELU(alpha=1.0)}. */
    public ELU() {
        this(1f);
    }

    public ELU(float alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.elu(input, alpha);
    }

    public float alpha() {
        return alpha;
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + PyRepr.pyFloat(alpha);
    }
}
