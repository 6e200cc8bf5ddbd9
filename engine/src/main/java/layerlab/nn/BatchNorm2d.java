package layerlab.nn;

import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.BatchNorm2d} over {@code [N, C, H, W]}: statistics per channel over batch and space (see {@link BatchNormNd}). */
public final class BatchNorm2d extends BatchNormNd {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** {@code momentum} null means a cumulative moving average (PyTorch's {@code momentum=None}). */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 4) throw new IllegalArgumentException("expected 4D input (got " + input.dim() + "D input)");
    }
}
