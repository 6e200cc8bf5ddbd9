package layerlab.optim;

/**
 * PyTorch's {@code MultiplicativeLR}: each epoch after the first multiplies each group's current rate by
 * {@code lr_lambda(epoch)} (epoch 0 keeps the rate as set). The lambda is an {@link EpochExpression}, not code.
 */
public final class MultiplicativeLR extends LRScheduler {
    private final EpochExpression lrLambda;

    public MultiplicativeLR(Optimizer optimizer, EpochExpression lrLambda) {
        super(optimizer);
        this.lrLambda = lrLambda;
    }

    @Override
    protected double[] computeLr() {
        return lastEpoch > 0 ? currentLrsTimes(lrLambda.factorAt(lastEpoch)) : currentLrs();
    }

    @Override
    public String toString() {
        return "MultiplicativeLR(lr_lambda=lambda epoch: " + lrLambda.toPython() + ", last_epoch=" + lastEpoch + ")";
    }
}
