package layerlab.optim;

/**
 * Decays each rate as {@code (1 - epoch/total_iters)^power} until epoch {@code total_iters} (where it reaches 0, kept
 * after), PyTorch's {@code PolynomialLR}. Written in PyTorch's recursive form, term for term.
 */
public final class PolynomialLR extends LRScheduler {
    private final int totalIters;
    private final double power;

    public PolynomialLR(Optimizer optimizer) {
        this(optimizer, 5, 1.0);
    }

    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer);
        if (totalIters <= 0) throw new IllegalArgumentException("total_iters must be positive, got " + totalIters);
        this.totalIters = totalIters;
        this.power = power;
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0 || lastEpoch > totalIters) return currentLrs();
        return currentLrsTimes(Math.pow((1.0 - (double) lastEpoch / totalIters) / (1.0 - (double) (lastEpoch - 1) / totalIters), power));
    }

    @Override
    protected double[] closedFormLr() {
        return baseLrsTimes(Math.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power));
    }

    @Override
    public String toString() {
        return "PolynomialLR(total_iters=" + totalIters + ", power=" + power + ", last_epoch=" + lastEpoch + ")";
    }
}
