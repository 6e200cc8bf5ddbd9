package layerlab.optim;

/**
 * Multiplies each rate by a factor going linearly from {@code start_factor} (epoch 0) to {@code end_factor} (epoch
 * {@code total_iters}, kept after), PyTorch's {@code LinearLR}: a warm-up with the defaults (1/3 → 1 over 5 epochs).
 * Written in PyTorch's recursive form, term for term.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (startFactor > 1 || startFactor <= 0) throw new IllegalArgumentException("start_factor must be in (0, 1], got " + startFactor);
        if (endFactor > 1 || endFactor < 0) throw new IllegalArgumentException("end_factor must be in [0, 1], got " + endFactor);
        if (totalIters <= 0) throw new IllegalArgumentException("total_iters must be positive, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return currentLrsTimes(startFactor);
        if (lastEpoch > totalIters) return currentLrs();
        return currentLrsTimes(1. + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
    }

    @Override
    protected double[] closedFormLr() {
        return baseLrsTimes(startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters);
    }

    @Override
    public String toString() {
        return "LinearLR(start_factor=" + startFactor + ", end_factor=" + endFactor + ", total_iters=" + totalIters + ", last_epoch=" + lastEpoch + ")";
    }
}
