package layerlab.nn;

import layerlab.nn.functional.Norm;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.LayerNorm}: normalises each sample over its trailing {@code normalized_shape} dims (biased
 * variance), then scales by {@code weight} (ones) and shifts by {@code bias} (zeros) when {@code elementwise_affine}.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight, bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized_shape needs at least one dim");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Norm.layerNorm(input, normalizedShape, weight == null ? null : weight.data(), bias == null ? null : bias.data(), eps);
    }

    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    public double eps() {
        return eps;
    }

    public boolean elementwiseAffine() {
        return weight != null;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return SpatialArgs.tuple(normalizedShape) + ", eps=" + PyRepr.pyFloat((float) eps) + ", elementwise_affine=" + PyRepr.pyBool(weight != null);
    }
}
