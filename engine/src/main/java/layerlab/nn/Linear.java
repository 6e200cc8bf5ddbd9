package layerlab.nn;

import layerlab.nn.functional.F;
import layerlab.init.Init;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Linear}: {@code y = x·Wᵀ + b} over the last dimension of {@code [..., in_features]}.
 * Parameters {@code weight} {@code [out_features, in_features]} and {@code bias} {@code [out_features]}.
 */
public final class Linear extends Module implements ReluFusable {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be >= 0, got " + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetParameters();
    }

    /**
     * PyTorch's {@code reset_parameters}: {@code kaiming_uniform_(weight, a=√5)}, which is U(−1/√in, 1/√in),
     * and the bias from the same range (zero when {@code in_features} is 0); drawn from the global generator.
     */
    public void resetParameters() {
        Init.kaimingUniform(weight.data(), Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias != null) Init.uniform(bias.data(), -fanInBound(inFeatures), fanInBound(inFeatures));
    }

    /** {@code 1/√fanIn}, or 0 for an empty fan-in, as PyTorch's layers compute their bias bound. */
    static double fanInBound(int fanIn) {
        return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.linear(input, weight.data(), bias == null ? null : bias.data());
    }

    /**
     * This layer and a ReLU after it, {@code relu(forward(input))}, in one pass over the output: how
     * {@link Sequential} runs the pair (same numbers, one tensor and one pass fewer).
     */
    @Override
    public Tensor forwardRelu(Tensor... inputs) {
        if (inputs.length != 1) throw new IllegalArgumentException("Linear takes one input, got " + inputs.length);
        return F.linearRelu(inputs[0], weight.data(), bias == null ? null : bias.data());
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built with {@code bias=false}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.pyBool(bias != null);
    }
}
