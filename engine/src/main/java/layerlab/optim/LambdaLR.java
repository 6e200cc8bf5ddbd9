package layerlab.optim;

/**
 * PyTorch's {@code LambdaLR}: each group's rate is its initial rate times {@code lr_lambda(epoch)}, from epoch 0 on (the
 * rate a run starts with is already {@code lr · lr_lambda(0)}). The lambda is an {@link EpochExpression}, not code.
 */
public final class LambdaLR extends LRScheduler {
    private final EpochExpression lrLambda;

    public LambdaLR(Optimizer optimizer, EpochExpression lrLambda) {
        super(optimizer);
        this.lrLambda = lrLambda;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        return baseLrsTimes(lrLambda.factorAt(lastEpoch));
    }

    @Override
    protected double[] closedFormLr() {
        return computeLr();
    }

    @Override
    public String toString() {
        return "LambdaLR(lr_lambda=lambda epoch: " + lrLambda.toPython() + ", last_epoch=" + lastEpoch + ")";
    }
}
