package layerlab.optim;

/** Multiplies each rate by {@code gamma} every {@code step_size} epochs, PyTorch's {@code StepLR}. */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new IllegalArgumentException("step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double[] computeLr() {
        return lastEpoch % stepSize != 0 ? currentLrs() : currentLrsTimes(gamma);
    }

    @Override
    protected double[] closedFormLr() {
        return baseLrsTimes(Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize)));
    }

    @Override
    public String toString() {
        return "StepLR(step_size=" + stepSize + ", gamma=" + gamma + ", last_epoch=" + lastEpoch + ")";
    }
}
