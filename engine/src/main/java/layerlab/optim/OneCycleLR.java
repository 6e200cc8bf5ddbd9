package layerlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, PyTorch's {@code OneCycleLR}, stepped once per BATCH: each rate goes from
 * {@code max_lr/div_factor} up to {@code max_lr} over the first {@code pct_start} of {@code total_steps}, then down to
 * {@code initial_lr/final_div_factor} (with {@code three_phase}, back to the initial rate first and then down). With
 * {@code cycle_momentum} the momentum (SGD's and RMSprop's {@code momentum}, Adam's first beta) goes the other way,
 * between {@code max_momentum} and {@code base_momentum} (each one number, or one per group). Like PyTorch it writes {@code initial_lr}, {@code max_lr},
 * {@code min_lr} (and the momenta) into the groups, so the optimiser's state dict carries them.
 */
public final class OneCycleLR extends LRScheduler {
    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) { }

    private int totalSteps;
    private final double pctStart;
    private final boolean cos, cycleMomentum, useBeta1, threePhase;
    private final List<Phase> phases = new ArrayList<>();

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, "cos", true, 0.85, 0.95, 25, 1e4, false);
    }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, String annealStrategy, boolean cycleMomentum,
                      double baseMomentum, double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {
        this(optimizer, filled(optimizer, maxLr), totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                threePhase);
    }

    /** With a {@code max_lr} per group (PyTorch's list form). */
    public OneCycleLR(Optimizer optimizer, double[] maxLr, int totalSteps, double pctStart, String annealStrategy, boolean cycleMomentum,
                      double baseMomentum, double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {
        this(optimizer, maxLr, totalSteps, pctStart, annealStrategy, cycleMomentum, filled(optimizer, baseMomentum), filled(optimizer, maxMomentum),
                divFactor, finalDivFactor, threePhase);
    }

    /** With {@code max_lr}, {@code base_momentum} and {@code max_momentum} per group (PyTorch's list forms). */
    public OneCycleLR(Optimizer optimizer, double[] maxLr, int totalSteps, double pctStart, String annealStrategy, boolean cycleMomentum,
                      double[] baseMomentum, double[] maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {
        super(prepare(optimizer, maxLr, totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor));
        this.totalSteps = totalSteps;
        this.pctStart = pctStart;
        this.threePhase = threePhase;
        this.cos = annealStrategy.equals("cos");
        this.cycleMomentum = cycleMomentum;
        this.useBeta1 = optimizer.paramGroups().get(0).has("betas");
        phases();
        initialStep();
    }

    private void phases() {
        phases.clear();
        if (threePhase) {
            phases.add(new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            phases.add(new Phase(2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"));
            phases.add(new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            phases.add(new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            phases.add(new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
    }

    /** PyTorch's checks and its writing of the groups' rates and momenta, done before the base class records {@code initial_lr}. */
    private static double[] filled(Optimizer optimizer, double maxLr) {
        double[] a = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(a, maxLr);
        return a;
    }

    private static Optimizer prepare(Optimizer optimizer, double[] maxLr, int totalSteps, double pctStart, String annealStrategy, boolean cycleMomentum,
                                     double[] baseMomentum, double[] maxMomentum, double divFactor, double finalDivFactor) {
        if (totalSteps <= 0) throw new IllegalArgumentException("total_steps must be a positive whole number, got " + totalSteps);
        if (!(pctStart > 0 && pctStart < 1)) throw new IllegalArgumentException("pct_start must be between 0 and 1, got " + pctStart);
        if (!annealStrategy.equals("cos") && !annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must be cos or linear, got " + annealStrategy);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        if (maxLr.length != groups.size()) throw new IllegalArgumentException("expected " + groups.size() + " values for max_lr, got " + maxLr.length);
        if (!(divFactor > 0) || !(finalDivFactor > 0)) throw new IllegalArgumentException("div_factor and final_div_factor must be positive");
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (!(maxLr[i] > 0)) throw new IllegalArgumentException("max_lr must be positive, got " + maxLr[i]);
            g.set("initial_lr", maxLr[i] / divFactor);
            g.set("max_lr", maxLr[i]);
            g.set("min_lr", g.getDouble("initial_lr") / finalDivFactor);
        }
        if (cycleMomentum) {
            ParamGroup first = optimizer.paramGroups().get(0);
            boolean beta1 = first.has("betas");
            if (!beta1 && !first.has("momentum")) {
                throw new IllegalArgumentException("cycle_momentum needs an optimiser with a momentum (SGD, RMSprop) or betas (Adam, AdamW); "
                        + optimizer.name() + " has neither: set cycle_momentum to false");
            }
            CyclicLR.perGroup("max_momentum", maxMomentum, groups.size());
            CyclicLR.perGroup("base_momentum", baseMomentum, groups.size());
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                setMomentum(g, beta1, maxMomentum[i]);
                g.set("max_momentum", maxMomentum[i]);
                g.set("base_momentum", baseMomentum[i]);
            }
        }
        return optimizer;
    }

    private static void setMomentum(ParamGroup g, boolean beta1, double m) {
        if (beta1) g.set("betas", List.of(m, g.getDouble("betas", 1)));
        else g.set("momentum", m);
    }

    private double anneal(double start, double end, double pct) {
        if (cos) return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
        return (end - start) * pct + start;
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            lastEpoch--;
            throw new IllegalStateException("OneCycleLR was stepped " + (stepNum + 1) + " times, past its total_steps of " + totalSteps
                    + ": raise total_steps (or leave it unset to cover the whole run)");
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < lrs.length; gi++) {
            ParamGroup g = groups.get(gi);
            double startStep = 0;
            for (int i = 0; i < phases.size(); i++) {
                Phase p = phases.get(i);
                if (stepNum <= p.endStep() || i == phases.size() - 1) {
                    double pct = (stepNum - startStep) / (p.endStep() - startStep);
                    lrs[gi] = anneal(g.getDouble(p.startLr()), g.getDouble(p.endLr()), pct);
                    if (cycleMomentum) setMomentum(g, useBeta1, anneal(g.getDouble(p.startMomentum()), g.getDouble(p.endMomentum()), pct));
                    break;
                }
                startStep = p.endStep();
            }
        }
        return lrs;
    }

    /** With the position, the cycle's length: as in PyTorch, a loaded state keeps the cycle it was made with. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        sd.put("total_steps", totalSteps);
        return sd;
    }

    @Override
    public void loadStateDict(Map<String, ?> sd) {
        super.loadStateDict(sd);
        if (sd.get("total_steps") instanceof Number n) {
            totalSteps = n.intValue();
            phases();
        }
    }

    /** The steps the cycle spans. */
    public int totalSteps() {
        return totalSteps;
    }

    @Override
    public boolean perBatch() {
        return true;
    }

    @Override
    public String toString() {
        return "OneCycleLR(total_steps=" + totalSteps + ", pct_start=" + pctStart + ", anneal_strategy=" + (cos ? "cos" : "linear")
                + ", cycle_momentum=" + cycleMomentum + ", three_phase=" + threePhase + ", last_epoch=" + lastEpoch + ")";
    }
}
