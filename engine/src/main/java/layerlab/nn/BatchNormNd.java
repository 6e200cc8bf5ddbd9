package layerlab.nn;

import layerlab.nn.functional.Norm;
import layerlab.tensor.DType;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share (PyTorch's {@code _BatchNorm}). Parameters {@code weight}
 * (ones) and {@code bias} (zeros) when {@code affine}; buffers {@code running_mean} (zeros), {@code running_var}
 * (ones) and {@code num_batches_tracked} (int64 scalar) when {@code track_running_stats}, registered in PyTorch's
 * order so state-dict keys match. Training normalises with the batch statistics and moves the running ones by
 * {@code momentum} (null: a cumulative average, factor {@code 1/num_batches_tracked}); evaluation uses the running
 * statistics, or the batch's when none are tracked.
 */
public abstract class BatchNormNd extends Module implements ReluFusable {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean affine, trackRunningStats;
    private final Parameter weight, bias;
    private final Buffer runningMean, runningVar, numBatchesTracked;

    BatchNormNd(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
            runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
            // On the host: read and written every training step, by no kernel (on a GPU: two waits a step otherwise).
            numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.empty(Device.CPU, DType.INT64), true);
        } else {
            runningMean = runningVar = numBatchesTracked = null;
        }
    }

    /** Throws PyTorch's message when the input's rank does not fit this layer. */
    protected abstract void checkInputDim(Tensor input);

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ") got an input with " + input.size(1)
                    + " channels (shape " + input.shapeString() + ")");
        }
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            Tensor nbt = numBatchesTracked.data();
            long count = nbt.toLongArray()[0] + 1;
            nbt.storage().write(nbt.offset(), new long[] {count}, 0, 1);
            if (momentum == null) factor = 1.0 / count;
        }
        boolean batchStats = isTraining() || !trackRunningStats;
        // In training the running stats are updated; without tracking there are none.
        Tensor rm = trackRunningStats ? runningMean.data() : null, rv = trackRunningStats ? runningVar.data() : null;
        return Norm.batchNorm(input, rm, rv, affine ? weight.data() : null, affine ? bias.data() : null, batchStats, factor, eps);
    }

    public int numFeatures() {
        return numFeatures;
    }

    public double eps() {
        return eps;
    }

    /** The momentum, or null for a cumulative moving average. */
    public Double momentum() {
        return momentum;
    }

    public boolean affine() {
        return affine;
    }

    public boolean trackRunningStats() {
        return trackRunningStats;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** The running mean buffer, or null without {@code track_running_stats}. */
    public Buffer runningMean() {
        return runningMean;
    }

    public Buffer runningVar() {
        return runningVar;
    }

    public Buffer numBatchesTracked() {
        return numBatchesTracked;
    }

    /** Running stats back to mean 0, variance 1, no batches seen (PyTorch's {@code reset_running_stats}). */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        runningMean.data().fill_(0f);
        runningVar.data().fill_(1f);
        numBatchesTracked.data().fill_(0f);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.pyFloat((float) eps) + ", momentum=" + (momentum == null ? "None" : PyRepr.pyFloat(momentum.floatValue()))
                + ", affine=" + PyRepr.pyBool(affine) + ", track_running_stats=" + PyRepr.pyBool(trackRunningStats);
    }
}
