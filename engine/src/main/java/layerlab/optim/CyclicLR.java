package layerlab.optim;

import java.util.List;

/**
 * Cyclical learning rates, PyTorch 1.13's {@code CyclicLR}, stepped once per BATCH: each rate climbs from {@code base_lr}
 * to {@code max_lr} over {@code step_size_up} steps and back over {@code step_size_down} (the same by default), the
 * cycle's height kept ({@code triangular}), halved each cycle ({@code triangular2}) or scaled by {@code gamma^step}
 * ({@code exp_range}), or scaled by a {@code scale_fn} of the cycle (1, 2, …) or, with {@code scale_mode} "iterations", of
 * the step: an {@link EpochExpression} of {@code x}, never code. With {@code cycle_momentum} the momentum goes the other way,
 * between {@code max_momentum} and {@code base_momentum} (each one number, or one per group); torch 1.13 cycles only an
 * optimiser's {@code momentum} (SGD, RMSprop), not Adam's beta1.
 */
public final class CyclicLR extends LRScheduler {
    private final double[] maxLrs, baseMomentums, maxMomentums;
    private final double totalSize, stepRatio, gamma;
    private final String mode;
    /** The custom scale_fn, or null: mode's own. */
    private final EpochExpression scaleFn;
    private final boolean scaleByCycle, cycleMomentum;

    public CyclicLR(Optimizer optimizer, double[] baseLr, double[] maxLr, double stepSizeUp, Double stepSizeDown, String mode, double gamma,
                    boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        this(optimizer, baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, null, "cycle", cycleMomentum,
                filled(optimizer, baseMomentum), filled(optimizer, maxMomentum));
    }

    /**
     * With a {@code scaleFn} of {@code x} (null: {@code mode}'s own, and {@code scaleMode} unused) evaluated at the cycle
     * ({@code scaleMode} "cycle") or the step ("iterations"), and a base and max momentum per group.
     */
    public CyclicLR(Optimizer optimizer, double[] baseLr, double[] maxLr, double stepSizeUp, Double stepSizeDown, String mode, double gamma,
                    EpochExpression scaleFn, String scaleMode, boolean cycleMomentum, double[] baseMomentum, double[] maxMomentum) {
        super(prepare(optimizer, baseLr, mode, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum));
        if (maxLr.length != baseLr.length) throw new IllegalArgumentException("expected " + baseLr.length + " values for max_lr, got " + maxLr.length);
        System.arraycopy(baseLr, 0, baseLrs, 0, baseLrs.length);
        this.maxLrs = maxLr.clone();
        double down = stepSizeDown != null ? stepSizeDown : stepSizeUp;
        this.totalSize = stepSizeUp + down;
        this.stepRatio = stepSizeUp / totalSize;
        this.mode = mode;
        this.gamma = gamma;
        this.scaleFn = scaleFn;
        // torch: a custom scale_fn takes scale_mode as given; mode's own scale exp_range's step, the others' the cycle.
        this.scaleByCycle = scaleFn != null ? scaleMode.equals("cycle") : !mode.equals("exp_range");
        this.cycleMomentum = cycleMomentum;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseMomentums = new double[groups.size()];
        maxMomentums = cycleMomentum ? maxMomentum.clone() : new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) baseMomentums[i] = cycleMomentum ? groups.get(i).getDouble("momentum") : 0;
        initialStep();
    }

    private static double[] filled(Optimizer optimizer, double v) {
        double[] a = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** torch's checks and its writing of base_lr (and base_momentum) into the groups, before the base class records {@code initial_lr}. */
    private static Optimizer prepare(Optimizer optimizer, double[] baseLr, String mode, EpochExpression scaleFn, String scaleMode, boolean cycleMomentum,
                                     double[] baseMomentum, double[] maxMomentum) {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (baseLr.length != groups.size()) throw new IllegalArgumentException("expected " + groups.size() + " values for base_lr, got " + baseLr.length);
        if (scaleFn == null && !List.of("triangular", "triangular2", "exp_range").contains(mode)) throw new IllegalArgumentException("mode is invalid: " + mode);
        if (!List.of("cycle", "iterations").contains(scaleMode)) throw new IllegalArgumentException("scale_mode must be cycle or iterations, got " + scaleMode);
        for (int i = 0; i < groups.size(); i++) groups.get(i).set("lr", baseLr[i]);
        if (cycleMomentum) {
            if (!optimizer.defaults().containsKey("momentum")) {
                throw new IllegalArgumentException("optimizer must support momentum with `cycle_momentum` option enabled");
            }
            perGroup("base_momentum", baseMomentum, groups.size());
            perGroup("max_momentum", maxMomentum, groups.size());
            for (int i = 0; i < groups.size(); i++) groups.get(i).set("momentum", baseMomentum[i]);
        }
        return optimizer;
    }

    /** torch's {@code _format_param} check: a list must give one value per group. */
    static void perGroup(String name, double[] values, int groups) {
        if (values.length != groups) throw new IllegalArgumentException("expected " + groups + " values for " + name + ", got " + values.length);
    }

    private double scale(double cycle) {
        double x = scaleByCycle ? cycle : lastEpoch;
        if (scaleFn != null) return scaleFn.at(x);
        return switch (mode) {
            case "triangular2" -> 1 / Math.pow(2., x - 1);
            case "exp_range" -> Math.pow(gamma, x);
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
        return "CyclicLR(" + (scaleFn != null ? "scale_fn=lambda x: " + scaleFn.toPython() + ", scale_mode=" + (scaleByCycle ? "cycle" : "iterations")
                : "mode=" + mode) + ", step_size_up=" + stepRatio * totalSize + ", total_size=" + totalSize + ", cycle_momentum=" + cycleMomentum
                + ", last_epoch=" + lastEpoch + ")";
    }
}
