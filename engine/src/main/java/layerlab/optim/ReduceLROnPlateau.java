package layerlab.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cuts the rates by {@code factor} when a metric has stopped improving for more than {@code patience} epochs,
 * PyTorch's {@code ReduceLROnPlateau}. An improvement must beat the best value by {@code threshold}, relative
 * ({@code rel}: {@code best·(1 ∓ threshold)}) or absolute ({@code abs}: {@code best ∓ threshold}); after a cut,
 * {@code cooldown} epochs pass before bad epochs count again; no rate goes below its {@code min_lr}, and a cut
 * smaller than {@code eps} is skipped. Driven by {@link #step(double)} with the metric of each epoch.
 */
public final class ReduceLROnPlateau extends LRScheduler {
    public enum Mode { MIN, MAX }

    public enum ThresholdMode { REL, ABS }

    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;

    /** PyTorch's defaults: mode min, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, min_lr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        this(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, filled(optimizer, minLr), eps);
    }

    /** With one {@code min_lr} per parameter group. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double[] minLrs, double eps) {
        super(optimizer);
        if (factor >= 1.0) throw new IllegalArgumentException("Factor should be < 1.0.");
        if (minLrs.length != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("expected " + optimizer.paramGroups().size() + " min_lrs, got " + minLrs.length);
        }
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLrs = minLrs.clone();
        this.eps = eps;
        this.best = worst();
    }

    /** Parses PyTorch's strings: mode {@code "min"|"max"}, threshold mode {@code "rel"|"abs"}. */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double minLr, double eps) {
        this(optimizer, parse(Mode.class, mode, "mode"), factor, patience, threshold,
                parse(ThresholdMode.class, thresholdMode, "threshold mode"), cooldown, minLr, eps);
    }

    /** Parses PyTorch's strings, with one {@code min_lr} per parameter group. */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double[] minLrs, double eps) {
        this(optimizer, parse(Mode.class, mode, "mode"), factor, patience, threshold,
                parse(ThresholdMode.class, thresholdMode, "threshold mode"), cooldown, minLrs, eps);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s, String what) {
        try {
            return Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + s + " is unknown!");
        }
    }

    private static double[] filled(Optimizer optimizer, double minLr) {
        double[] a = new double[optimizer.paramGroups().size()];
        Arrays.fill(a, minLr);
        return a;
    }

    private double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    protected double[] computeLr() {
        throw new IllegalStateException("ReduceLROnPlateau needs the metric: call step(metric)");
    }

    @Override
    public void step() {
        throw new IllegalStateException("ReduceLROnPlateau needs the metric: call step(metric)");
    }

    @Override
    public boolean needsMetric() {
        return true;
    }

    @Override
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs during cooldown do not count
        }
        if (numBadEpochs > patience) {
            List<ParamGroup> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double old = groups.get(i).lr();
                double cut = Math.max(old * factor, minLrs[i]);
                if (old - cut > eps) groups.get(i).set("lr", cut);
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        setLastLr(currentLrs());
    }

    private boolean isBetter(double a, double best) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.) : a > best + threshold;
        };
    }

    /** The best metric so far (infinitely bad before the first step). */
    public double best() {
        return best;
    }

    public int numBadEpochs() {
        return numBadEpochs;
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = super.stateDict();
        sd.put("best", best);
        sd.put("num_bad_epochs", numBadEpochs);
        sd.put("cooldown_counter", cooldownCounter);
        return sd;
    }

    @Override
    public void loadStateDict(Map<String, ?> sd) {
        super.loadStateDict(sd);
        best = ((Number) sd.get("best")).doubleValue();
        numBadEpochs = ((Number) sd.get("num_bad_epochs")).intValue();
        cooldownCounter = ((Number) sd.get("cooldown_counter")).intValue();
    }

    @Override
    public String toString() {
        return "ReduceLROnPlateau(mode=" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", factor=" + factor
                + ", patience=" + patience + ", threshold=" + threshold + ", threshold_mode="
                + thresholdMode.name().toLowerCase(java.util.Locale.ROOT) + ", cooldown=" + cooldown
                + ", min_lr=" + Arrays.toString(minLrs) + ", eps=" + eps + ")";
    }
}
