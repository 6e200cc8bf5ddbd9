package layerlab.optim;

/** Multiplies each rate by {@code gamma} every epoch, PyTorch's {@code ExponentialLR}. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
    }

    @Override
    protected double[] computeLr() {
        return currentLrsTimes(gamma);
    }

    @Override
    protected double[] closedFormLr() {
        return baseLrsTimes(Math.pow(gamma, lastEpoch));
    }

    @Override
    public String toString() {
        return "ExponentialLR(gamma=" + gamma + ", last_epoch=" + lastEpoch + ")";
    }
}
