package layerlab.optim;

/**
 * Cosine annealing from each group's initial rate down to {@code eta_min} over {@code T_max} epochs and back up
 * (a period of {@code 2·T_max}), PyTorch's {@code CosineAnnealingLR}. Written in PyTorch's recursive form,
 * term for term, so the rates equal torch's to the last bits (the closed form differs in rounding).
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("T_max must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        for (int i = 0; i < lrs.length; i++) {
            if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                // At the bottom of the cosine the ratio below is 0/0; PyTorch steps back up by the first increment.
                lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = baseLrs.clone();
        for (int i = 0; i < lrs.length; i++) lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        return lrs;
    }

    @Override
    public String toString() {
        return "CosineAnnealingLR(T_max=" + tMax + ", eta_min=" + etaMin + ", last_epoch=" + lastEpoch + ")";
    }
}
