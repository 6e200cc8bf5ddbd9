package layerlab.optim;

/**
 * Multiplies each rate by {@code factor} until epoch {@code total_iters}, then gives back the full rate, PyTorch's
 * {@code ConstantLR}. Written in PyTorch's recursive form, term for term.
 */
public final class ConstantLR extends LRScheduler {
    private final double factor;
    private final int totalIters;

    public ConstantLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 5);
    }

    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer);
        if (factor > 1 || factor <= 0) throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
        if (totalIters < 0) throw new IllegalArgumentException("total_iters must not be negative, got " + totalIters);
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return currentLrsTimes(factor);
        if (lastEpoch == totalIters) return currentLrsTimes(1.0 / factor);
        return currentLrs();
    }

    @Override
    protected double[] closedFormLr() {
        return baseLrsTimes(factor + (lastEpoch >= totalIters ? 1 : 0) * (1 - factor));
    }

    @Override
    public String toString() {
        return "ConstantLR(factor=" + factor + ", total_iters=" + totalIters + ", last_epoch=" + lastEpoch + ")";
    }
}
