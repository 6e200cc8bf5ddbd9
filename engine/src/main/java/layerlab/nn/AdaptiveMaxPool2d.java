package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.AdaptiveMaxPool2d}: pools {@code [N, C, H, W]} (or {@code [C, H, W]}) to a fixed
 * {@code output_size}, any size; output cell {@code i} covers inputs {@code [floor(i·in/out), ceil((i+1)·in/out))}.
 * An entry -1 stands for PyTorch's {@code None} (keep that input size). The gradient goes to each window's first maximum.
 */
public final class AdaptiveMaxPool2d extends AdaptivePool2d {
    public AdaptiveMaxPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    public AdaptiveMaxPool2d(int[] outputSize) {
        super("AdaptiveMaxPool2d", outputSize);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveMaxPool(input, outputSize);
    }
}
