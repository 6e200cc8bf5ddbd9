package layerlab.nn;

import layerlab.nn.functional.Pool;
import layerlab.tensor.Tensor;

/**
 * PyTorch's {@code nn.AdaptiveAvgPool2d}: pools {@code [N, C, H, W]} (or {@code [C, H, W]}) to a fixed
 * {@code output_size}, any size; output cell {@code i} covers inputs {@code [floor(i·in/out), ceil((i+1)·in/out))}.
 * An entry -1 stands for PyTorch's {@code None} (keep that input size).
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int[] outputArg;
    private final int[] outputSize;

    public AdaptiveAvgPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    public AdaptiveAvgPool2d(int[] outputSize) {
        this.outputArg = outputSize.clone();
        this.outputSize = SpatialArgs.expand("output_size", outputArg, 2);
        for (int o : this.outputSize) {
            if (o == 0 || o < -1) throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must be positive (or -1 for None), got " + o);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveAvgPool(input, outputSize);
    }

    /** The output size per dim; -1 keeps the input's. */
    public int[] outputSize() {
        return outputSize.clone();
    }

    @Override
    protected String extraRepr() {
        if (outputArg.length == 1) return "output_size=" + (outputArg[0] < 0 ? "None" : Integer.toString(outputArg[0]));
        return "output_size=(" + (outputArg[0] < 0 ? "None" : outputArg[0]) + ", " + (outputArg[1] < 0 ? "None" : outputArg[1]) + ")";
    }
}
