package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.AdaptiveAvgPool2d}: pools {@code [N, C, H, W]} (or {@code [C, H, W]}) to a fixed
 * {@code output_size}, any size; output cell {@code i} covers inputs {@code [floor(i·in/out), ceil((i+1)·in/out))}.
 * An entry -1 stands for PyTorch's {@code None} (keep that input size).
 */
public final class AdaptiveAvgPool2d extends AdaptivePool2d {
    public AdaptiveAvgPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    public AdaptiveAvgPool2d(int[] outputSize) {
        super("AdaptiveAvgPool2d", outputSize);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveAvgPool(input, outputSize);
    }
}
