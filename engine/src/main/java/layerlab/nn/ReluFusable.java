package layerlab.nn;

import layerlab.tensor.Tensor;

/**
 * A {@link Module} that runs together with a ReLU after it: {@code relu(forward(inputs))} with one tensor and one pass
 * or allocation fewer, the same numbers and gradients. A Linear applies the ReLU inside its GEMM; layers whose backward
 * never reads their output (convolutions, batch norms, Add) take the default, which lets the ReLU overwrite that
 * output, as PyTorch's {@code nn.ReLU(inplace=True)} does. {@link Sequential} and compiled graphs use it for a layer
 * whose only consumer is a ReLU, when nobody asked to see the layer's own output.
 */
public interface ReluFusable {
    /** {@code relu(forward(inputs))}; by default the ReLU is written over the fresh output ({@link Tensor#reluOverOutput}). */
    default Tensor forwardRelu(Tensor... inputs) {
        return ((Module) this).forward(inputs).reluOverOutput(inputs);
    }
}
