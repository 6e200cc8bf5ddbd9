package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.Hardtanh}: x clamped to [min_val, max_val] (defaults −1 and 1). */
public final class Hardtanh extends Module {
    private final float minVal, maxVal;

    /** {@code Hardtanh(min_val=-1.0, max_val=1.0)}. */
    public Hardtanh() {
        this(-1f, 1f);
    }

    public Hardtanh(float minVal, float maxVal) {
        if (!(maxVal > minVal)) throw new IllegalArgumentException("max_val (" + maxVal + ") must be greater than min_val (" + minVal + ")");
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardtanh(input, minVal, maxVal);
    }

    public float minVal() {
        return minVal;
    }

    public float maxVal() {
        return maxVal;
    }

    @Override
    protected String extraRepr() {
        return "min_val=" + PyRepr.pyFloat(minVal) + ", max_val=" + PyRepr.pyFloat(maxVal);
    }
}
