package layerlab.nn.functional;

import java.util.Arrays;
import layerlab.tensor.LinearAlgebra;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code torch.nn.functional} for the dense layers and activations: the stateless ops the
 * modules in {@code layerlab.nn} call. Each is a primitive of the tensor core (with its gradient there) or
 * a short composition of primitives, so none needs gradient code here.
 */
public final class F {
    private F() {}

    /** {@code y = x·Wᵀ + b} for {@code x} {@code [..., in]}, {@code weight} {@code [out, in]}, {@code bias} {@code [out]} or null: one GEMM on top of the bias. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return LinearAlgebra.linear(input, weight, bias);
    }

    /** {@code relu(linear(input, weight, bias))} computed in one pass over the output (same numbers). */
    public static Tensor linearRelu(Tensor input, Tensor weight, Tensor bias) {
        return LinearAlgebra.linear(input, weight, bias, true);
    }

    /**
     * {@code y[..., o] = Σ_ij x1[..., i] · W[o, i, j] · x2[..., j] + b[o]} for {@code x1} {@code [..., in1]},
     * {@code x2} {@code [..., in2]}, {@code weight} {@code [out, in1, in2]}, {@code bias} {@code [out]} or null.
     */
    public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3) throw new IllegalArgumentException("bilinear: weight must be 3-D [out, in1, in2], got " + weight.shapeString());
        int out = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
        if (input1.dim() == 0 || input1.size(-1) != in1 || input2.dim() == 0 || input2.size(-1) != in2) {
            throw new IllegalArgumentException("bilinear: inputs " + input1.shapeString() + " and " + input2.shapeString()
                    + " do not match weight " + weight.shapeString() + " (expected [..., " + in1 + "] and [..., " + in2 + "])");
        }
        int[] lead1 = leading(input1), lead2 = leading(input2);
        if (!Arrays.equals(lead1, lead2)) {
            throw new IllegalArgumentException("bilinear: input batch dims differ: " + input1.shapeString() + " and " + input2.shapeString());
        }
        Tensor x1 = input1.reshape(-1, in1), x2 = input2.reshape(-1, in2);
        int rows = x1.size(0);
        // W viewed as [out·in1, in2] is a free reshape and its transpose a GEMM flag: one GEMM gives
        // t[n, o, i] = Σ_j W[o, i, j]·x2[n, j]; contracting t with x1 over i finishes the form.
        Tensor t = LinearAlgebra.linear(x2, weight.reshape(out * in1, in2), null).reshape(rows, out, in1);
        Tensor y = t.matmul(x1.reshape(rows, in1, 1)).reshape(rows, out);
        if (bias != null) y = y.add(bias);
        int[] outShape = Arrays.copyOf(lead1, lead1.length + 1);
        outShape[lead1.length] = out;
        return y.reshape(outShape);
    }

    private static int[] leading(Tensor x) {
        return Arrays.copyOf(x.shape(), x.dim() - 1);
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return x.leakyRelu(negativeSlope);
    }

    public static Tensor elu(Tensor x, float alpha) {
        return x.elu(alpha);
    }

    /** PyTorch's {@code F.hardtanh}: x clamped to [minVal, maxVal]; its gradient is 0 at the bounds. */
    public static Tensor hardtanh(Tensor x, float minVal, float maxVal) {
        return x.hardtanh(minVal, maxVal);
    }

    /** PyTorch's {@code F.relu6}: min(max(0, x), 6). */
    public static Tensor relu6(Tensor x) {
        return x.hardtanh(0f, 6f);
    }

    /** PyTorch's {@code F.silu}: x·sigmoid(x). */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /** PyTorch's {@code F.hardsigmoid}: min(max(x + 3, 0), 6) / 6. */
    public static Tensor hardsigmoid(Tensor x) {
        return x.hardsigmoid();
    }

    /** PyTorch's {@code F.hardswish}: x · min(max(x + 3, 0), 6) / 6 (MobileNetV3's). */
    public static Tensor hardswish(Tensor x) {
        return x.hardswish();
    }

    /** Exact GELU, {@code x·Φ(x)}. */
    public static Tensor gelu(Tensor x) {
        return x.gelu();
    }

    /** GELU with PyTorch's {@code approximate}: {@code "none"} (erf) or {@code "tanh"}. */
    public static Tensor gelu(Tensor x, String approximate) {
        return switch (approximate) {
            case "none" -> x.gelu();
            case "tanh" -> x.geluTanh();
            default -> throw new IllegalArgumentException("approximate argument must be either 'none' or 'tanh', got '" + approximate + "'");
        };
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }
}
