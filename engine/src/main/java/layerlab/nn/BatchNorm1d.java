package layerlab.nn;

import layerlab.tensor.Tensor;

/** PyTorch's {@code nn.BatchNorm1d} over {@code [N, C]} or {@code [N, C, L]}: statistics per channel over the rest (see {@link BatchNormNd}). */
public final class BatchNorm1d extends BatchNormNd {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** {@code momentum} null means a cumulative moving average (PyTorch's {@code momentum=None}). */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) throw new IllegalArgumentException("expected 2D or 3D input (got " + input.dim() + "D input)");
    }
}
