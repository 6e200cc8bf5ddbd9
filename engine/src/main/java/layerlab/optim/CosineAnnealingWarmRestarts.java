package layerlab.optim;

import java.util.Map;

/**
 * Cosine annealing from each group's initial rate down to {@code eta_min} over {@code T_0} epochs, then a warm
 * restart at the initial rate, each period {@code T_mult} times the one before: PyTorch's
 * {@code CosineAnnealingWarmRestarts} (SGDR), stepped once per epoch. Its place in the period ({@code T_cur},
 * {@code T_i}) goes into the state dict with the epoch.
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0, tMult;
    private final double etaMin;
    private int tI, tCur;

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
        this(optimizer, t0, 1, 0);
    }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 <= 0) throw new IllegalArgumentException("T_0 must be a positive whole number, got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("T_mult must be a whole number of at least 1, got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tI = t0;
        this.tCur = 0;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch > 0) {
            tCur++;
            if (tCur >= tI) {
                tCur -= tI;
                tI *= tMult;
            }
        }
        double[] lrs = new double[baseLrs.length];
        for (int i = 0; i < lrs.length; i++) lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        return lrs;
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        sd.put("T_i", tI);
        sd.put("T_cur", tCur);
        return sd;
    }

    @Override
    public void loadStateDict(Map<String, ?> sd) {
        super.loadStateDict(sd);
        tI = ((Number) sd.get("T_i")).intValue();
        tCur = ((Number) sd.get("T_cur")).intValue();
    }

    @Override
    public String toString() {
        return "CosineAnnealingWarmRestarts(T_0=" + t0 + ", T_mult=" + tMult + ", eta_min=" + etaMin + ", last_epoch=" + lastEpoch + ")";
    }
}
