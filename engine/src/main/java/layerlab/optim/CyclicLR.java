package layerlab.optim;

import java.util.List;

/**
 * Cyclical learning rates, PyTorch 1.13's {@code CyclicLR}, stepped once per BATCH: each rate climbs from {@code base_lr}
 * to {@code max_lr} over {@code step_size_up} steps and back over {@code step_size_down} (the same by default), the
 * cycle's height kept ({@code triangular}), halved each cycle ({@code triangular2}) or scaled by {@code gamma^step}
 * ({@code exp_range}). With {@code cycle_momentum} the momentum goes the other way, between {@code max_momentum} and
 * {@code base_momentum}; torch 1.13 cycles only an optimiser's {@code momentum} (SGD, RMSprop), not Adam's beta1.
 */
public final class CyclicLR extends LRScheduler {
    private final double[] maxLrs, baseMomentums, maxMomentums;
    private final double totalSize, stepRatio, gamma;
    private final String mode;
    private final boolean cycleMomentum;

    public CyclicLR(Optimizer optimizer, double[] baseLr, double[] maxLr, double stepSizeUp, Double stepSizeDown, String mode, double gamma,
                    boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        super(prepare(optimizer, baseLr, mode, cycleMomentum, baseMomentum));
        if (maxLr.length != baseLr.length) throw new IllegalArgumentException("expected " + baseLr.length + " values for max_lr, got " + maxLr.length);
        System.arraycopy(baseLr, 0, baseLrs, 0, baseLrs.length);
        this.maxLrs = maxLr.clone();
        double down = stepSizeDown != null ? stepSizeDown : stepSizeUp;
        this.totalSize = stepSizeUp + down;
        this.stepRatio = stepSizeUp / totalSize;
        this.mode = mode;
        this.gamma = gamma;
        this.cycleMomentum = cycleMomentum;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseMomentums = new double[groups.size()];
        maxMomentums = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            baseMomentums[i] = cycleMomentum ? groups.get(i).getDouble("momentum") : 0;
            maxMomentums[i] = maxMomentum;
        }
        initialStep();
    }

    /** torch's checks and its writing of base_lr (and base_momentum) into the groups, before the base class records {@code initial_lr}. */
    private static Optimizer prepare(Optimizer optimizer, double[] baseLr, String mode, boolean cycleMomentum, double baseMomentum) {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (baseLr.length != groups.size()) throw new IllegalArgumentException("expected " + groups.size() + " values for base_lr, got " + baseLr.length);
        if (!List.of("triangular", "triangular2", "exp_range").contains(mode)) throw new IllegalArgumentException("mode is invalid: " + mode);
        for (int i = 0; i < groups.size(); i++) groups.get(i).set("lr", baseLr[i]);
        if (cycleMomentum) {
            if (!optimizer.defaults().containsKey("momentum")) {
                throw new IllegalArgumentException("optimizer must support momentum with `cycle_momentum` option enabled");
            }
            for (ParamGroup g : groups) g.set("momentum", baseMomentum);
        }
        return optimizer;
    }

    private double scale(double cycle) {
        return switch (mode) {
            case "triangular2" -> 1 / Math.pow(2., cycle - 1);
            case "exp_range" -> Math.pow(gamma, lastEpoch); // exp_range scales by the step, not the cycle
            default -> 1.;
        };
    }

    @Override
    protected double[] computeLr() {
        double cycle = Math.floor(1 + lastEpoch / totalSize);
        double x = 1. + lastEpoch / totalSize - cycle;
        double factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double s = scale(cycle);
        double[] lrs = new double[baseLrs.length];
        for (int i = 0; i < lrs.length; i++) lrs[i] = baseLrs[i] + (maxLrs[i] - baseLrs[i]) * factor * s;
        if (cycleMomentum) {
            List<ParamGroup> groups = optimizer.paramGroups();
            for (int i = 0; i < lrs.length; i++) groups.get(i).set("momentum", maxMomentums[i] - (maxMomentums[i] - baseMomentums[i]) * factor * s);
        }
        return lrs;
    }

    @Override
    public boolean perBatch() {
        return true;
    }

    @Override
    public String toString() {
        return "CyclicLR(mode=" + mode + ", step_size_up=" + stepRatio * totalSize + ", total_size=" + totalSize + ", cycle_momentum=" + cycleMomentum
                + ", last_epoch=" + lastEpoch + ")";
    }
}
