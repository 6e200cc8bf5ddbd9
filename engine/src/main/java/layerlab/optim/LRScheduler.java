package layerlab.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learning-rate schedule over an optimiser's groups, PyTorch's {@code torch.optim.lr_scheduler}: call
 * {@link #step()} once per epoch after the optimiser's steps (once per batch where {@link #perBatch()} says so).
 * Like PyTorch's chainable form, each rule derives the new rate from the group's current one, so two schedulers on
 * one optimiser compose. Construction counts as epoch 0 and leaves the rates as they are (each group's
 * {@code initial_lr} is recorded), but for a rule that changes them at epoch 0 ({@link #initialStep()}).
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    /** PyTorch's {@code base_lrs}: each group's {@code initial_lr}. */
    protected final double[] baseLrs;
    protected int lastEpoch;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            baseLrs[i] = g.getDouble("initial_lr");
        }
        // PyTorch's initial step: epoch -1 → 0, where every rule keeps the current rates.
        lastEpoch = 0;
        lastLr = currentLrs();
    }

    /** The rates for epoch {@link #lastEpoch} (already advanced), computed from the groups' current rates. */
    protected abstract double[] computeLr();

    /** Advances one epoch and sets the groups' rates. */
    public void step() {
        lastEpoch++;
        apply(computeLr());
    }

    private void apply(double[] lrs) {
        for (int i = 0; i < lrs.length; i++) optimizer.paramGroups().get(i).set("lr", lrs[i]);
        lastLr = lrs.clone();
    }

    /**
     * PyTorch's initial step for a rule that changes the rates at epoch 0 ({@code LinearLR}'s start factor, OneCycleLR's
     * first rate): called at the end of such a subclass's constructor, it sets the epoch-0 rates from {@link #computeLr()}.
     */
    protected final void initialStep() {
        apply(computeLr());
    }

    /**
     * PyTorch's {@code step(epoch)}: jumps to {@code epoch} and sets the rates from the rule's closed form (the
     * form {@link SequentialLR} uses when it hands over to the next schedule, at its epoch 0).
     */
    void stepTo(int epoch) {
        lastEpoch = epoch;
        double[] lrs = closedFormLr();
        apply(lrs == null ? computeLr() : lrs);
    }

    /** The rates at {@link #lastEpoch} from the initial ones alone (PyTorch's {@code _get_closed_form_lr}), or null without one. */
    protected double[] closedFormLr() {
        return null;
    }

    /** Whether the schedule advances once per batch ({@link OneCycleLR}) instead of once per epoch. */
    public boolean perBatch() {
        return false;
    }

    /** Advances one epoch given the validation metric; only {@link ReduceLROnPlateau} uses it. */
    public void step(double metric) {
        step();
    }

    /** Whether {@link #step(double)} needs a real metric (a trainer passes the validation loss). */
    public boolean needsMetric() {
        return false;
    }

    protected void setLastLr(double[] lrs) {
        lastLr = lrs.clone();
    }

    /** The rates set by the last step (or at construction), one per group. */
    public double[] getLastLr() {
        return lastLr.clone();
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    protected double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) lrs[i] = groups.get(i).lr();
        return lrs;
    }

    /** Each group's current rate times {@code factor}: a chainable rule's step ({@link #computeLr()}). */
    protected final double[] currentLrsTimes(double factor) {
        return times(currentLrs(), factor);
    }

    /** Each group's initial rate times {@code factor}: a closed form ({@link #closedFormLr()}). */
    protected final double[] baseLrsTimes(double factor) {
        return times(baseLrs.clone(), factor);
    }

    private static double[] times(double[] lrs, double factor) {
        for (int i = 0; i < lrs.length; i++) lrs[i] *= factor;
        return lrs;
    }

    /** The schedule's position for checkpoints ({@code last_epoch}, {@code _last_lr}); the rule's settings are not included. */
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("last_epoch", lastEpoch);
        sd.put("base_lrs", Arrays.stream(baseLrs).boxed().toList());
        sd.put("_last_lr", Arrays.stream(lastLr).boxed().toList());
        return sd;
    }

    public void loadStateDict(Map<String, ?> sd) {
        lastEpoch = ((Number) sd.get("last_epoch")).intValue();
        double[] base = doubles(sd.get("base_lrs"));
        System.arraycopy(base, 0, baseLrs, 0, Math.min(base.length, baseLrs.length));
        lastLr = doubles(sd.get("_last_lr"));
    }

    static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(last_epoch=" + lastEpoch + ", lr=" + Arrays.toString(lastLr) + ")";
    }
}
