package layerlab.nn;

import layerlab.init.Init;
import layerlab.nn.functional.F;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.Bilinear}: {@code y[o] = x1ᵀ·W[o]·x2 + b[o]} for {@code x1} {@code [..., in1_features]}
 * and {@code x2} {@code [..., in2_features]}. Parameters {@code weight} {@code [out, in1, in2]}, {@code bias} {@code [out]}.
 */
public final class Bilinear extends Module {
    private final int in1Features;
    private final int in2Features;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(in1Features, in2Features, outFeatures, true);
    }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias) {
        if (in1Features < 0 || in2Features < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Bilinear: feature counts must be >= 0");
        }
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, in1Features, in2Features));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetParameters();
    }

    /** PyTorch's {@code reset_parameters}: weight and bias from U(−1/√in1, 1/√in1), drawn from the global generator. */
    public void resetParameters() {
        double bound = Linear.fanInBound(in1Features);
        Init.uniform(weight.data(), -bound, bound);
        if (bias != null) Init.uniform(bias.data(), -bound, bound);
    }

    public Tensor forward(Tensor input1, Tensor input2) {
        return F.bilinear(input1, input2, weight.data(), bias == null ? null : bias.data());
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 2) throw new IllegalArgumentException("Bilinear takes 2 inputs, got " + inputs.length);
        return forward(inputs[0], inputs[1]);
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("Bilinear takes 2 inputs, got 1");
    }

    public int in1Features() {
        return in1Features;
    }

    public int in2Features() {
        return in2Features;
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
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + PyRepr.pyBool(bias != null);
    }
}
