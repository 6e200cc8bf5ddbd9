package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.AdaptiveMaxPool2d}: pools {@code [N, C, H, W]} (or {@code [C, H, W]}) to a fixed
 * {@code output_size}, any size; output cell {@code i} covers inputs {@code [floor(i·in/out), ceil((i+1)·in/out))}.
 * An entry -1 stands for PyTorch's {@code None} (keep that input size). The gradient goes to each window's first maximum.
 * With {@code return_indices} the module also gives each maximum's flat position within its input plane (int64).
 */
public final class AdaptiveMaxPool2d extends AdaptivePool2d {
    private final boolean returnIndices;

    public AdaptiveMaxPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    public AdaptiveMaxPool2d(int[] outputSize) {
        this(outputSize, false);
    }

    /** @param returnIndices {@link #forwardWithIndices} is the module's output (PyTorch's {@code return_indices=True}) */
    public AdaptiveMaxPool2d(int[] outputSize, boolean returnIndices) {
        super("AdaptiveMaxPool2d", outputSize);
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveMaxPool(input, outputSize);
    }

    /** The output and each maximum's flat position within its input plane (int64), as PyTorch numbers it. */
    public Tensor[] forwardWithIndices(Tensor input) {
        return Pool.adaptiveMaxPoolWithIndices(input, outputSize);
    }

    /** PyTorch's {@code return_indices}: the module gives its indices too. */
    public boolean returnIndices() {
        return returnIndices;
    }
}
