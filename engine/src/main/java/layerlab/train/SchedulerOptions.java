package layerlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.optim.EpochExpression;

/**
 * The checks of OneCycleLR's, CyclicLR's, SequentialLR's, LambdaLR's and MultiplicativeLR's options, and OneCycleLR's total steps
 * in a run (OptimizerFactory's helpers).
 */
final class SchedulerOptions {
    private SchedulerOptions() {
    }

    /**
     * LambdaLR's or MultiplicativeLR's {@code lr_lambda}: an {@link EpochExpression} (a number alone is one too), parsed, and
     * evaluated at each epoch it schedules, the run's {@code [from, to)} (a SequentialLR part's from its milestone, where its own
     * epochs start at 0), where it must give a factor of at least 0 (a NaN from {@code log(0)}, a division by zero, a negative rate
     * would otherwise show only when that epoch came).
     */
    static EpochExpression lrLambda(ConfigReader r, String name, int from, int to) {
        Object raw = r.raw("lr_lambda");
        String text = raw instanceof Number n ? ConfigReader.show(n) : raw instanceof String s ? s : null;
        if (text == null || text.isBlank()) {
            throw new ConfigException(r.path("lr_lambda") + " must be an expression of epoch such as \"0.95 ** epoch\", got " + ConfigReader.show(raw));
        }
        EpochExpression e;
        try {
            e = EpochExpression.parse(text);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(r.path("lr_lambda") + ": " + bad.getMessage());
        }
        // LambdaLR sets lr · λ(epoch) from epoch 0; MultiplicativeLR multiplies by λ(epoch) from epoch 1. Past the first
        // CHECKED_EPOCHS the scheduler checks each epoch as it comes (a billion epochs took minutes here, at each keystroke in the form).
        int last = Math.min(Math.max(to - from, 1), EpochExpression.CHECKED_EPOCHS);
        for (int epoch = name.equals("LambdaLR") ? 0 : 1; epoch < last; epoch++) {
            double v = e.at(epoch);
            if (!EpochExpression.isFactor(v)) {
                throw new ConfigException(r.path("lr_lambda") + " " + e.badFactor(v, epoch)
                        + (from > 0 ? " (the run's epoch " + (from + epoch) + ", its epoch 0 being its milestone's)" : "")
                        + "; a rate's factor must be a number of at least 0 at every epoch of the run");
            }
        }
        return e;
    }

    /** OneCycleLR's options, checked as PyTorch checks them, into {@code out}. */
    static void oneCycle(ConfigReader r, Map<String, Object> out) {
        if (!(out.get("max_lr") instanceof List<?>)) { // a list, one per group, is checked by parseScheduler
            Schedulers.required(r, "max_lr", "OneCycleLR");
            double maxLr = r.real("max_lr", 0.1, 0);
            if (maxLr <= 0) throw new ConfigException(r.path("max_lr") + " must be above 0, got " + maxLr);
            out.put("max_lr", maxLr);
        }
        out.put("total_steps", r.has("total_steps") ? r.integer("total_steps", 1, 1) : null);
        out.put("epochs", r.has("epochs") ? r.integer("epochs", 1, 1) : null);
        out.put("steps_per_epoch", r.has("steps_per_epoch") ? r.integer("steps_per_epoch", 1, 1) : null);
        if (!r.has("total_steps") && r.has("epochs") != r.has("steps_per_epoch")) {
            throw new ConfigException(r.path(r.has("epochs") ? "steps_per_epoch" : "epochs") + " is needed with " + (r.has("epochs") ? "epochs" : "steps_per_epoch")
                    + " (or set total_steps, or none of them: the run's epochs × batches per epoch)");
        }
        double pct = r.real("pct_start", 0.3, 0);
        if (pct <= 0 || pct >= 1) throw new ConfigException(r.path("pct_start") + " must be between 0 and 1 (both excluded), got " + pct);
        out.put("anneal_strategy", r.choice("anneal_strategy", "cos", List.of("cos", "linear")));
        for (String k : List.of("div_factor", "final_div_factor")) {
            if (((Number) out.get(k)).doubleValue() <= 0) throw new ConfigException(r.path(k) + " must be above 0, got " + out.get(k));
        }
        momenta(r, out);
    }

    /** base_momentum and max_momentum below 1 (a list, one per group, is checked by parseScheduler). */
    private static void momenta(ConfigReader r, Map<String, Object> out) {
        for (String k : List.of("base_momentum", "max_momentum")) {
            if (!(out.get(k) instanceof Number n)) continue;
            if (n.doubleValue() >= 1) throw new ConfigException(r.path(k) + " must be below 1, got " + n.doubleValue());
        }
    }

    /**
     * CyclicLR's scale_fn as the settings hold it: an {@link EpochExpression} of {@code x} (what the config checked, so it parses).
     */
    static EpochExpression scaleFn(String text) {
        return EpochExpression.parse(text, "x", "a scale_fn");
    }

    /**
     * CyclicLR's options into {@code out}: base_lr and max_lr required, rates of at least 0 (or lists, one per group); step sizes of at least one step
     * (step_size_down unset: as step_size_up); gamma above 0; scale_fn an expression of x, scale_mode cycle or iterations; the momenta below 1.
     */
    static void cyclic(ConfigReader r, Map<String, Object> out) {
        for (String k : List.of("base_lr", "max_lr")) {
            if (out.get(k) instanceof List<?>) continue; // a rate per group, checked by parseScheduler
            Schedulers.required(r, k, "CyclicLR");
            out.put(k, r.real(k, 0.0, 0));
        }
        out.put("step_size_up", r.integer("step_size_up", 2000, 1));
        out.put("step_size_down", r.has("step_size_down") && r.raw("step_size_down") != null ? r.integer("step_size_down", 1, 1) : null);
        out.put("mode", r.choice("mode", "triangular", List.of("triangular", "triangular2", "exp_range")));
        if (((Number) out.get("gamma")).doubleValue() <= 0) throw new ConfigException(r.path("gamma") + " must be above 0, got " + out.get("gamma"));
        out.put("scale_fn", scaleFnText(r));
        out.put("scale_mode", r.choice("scale_mode", "cycle", List.of("cycle", "iterations")));
        momenta(r, out);
    }

    /**
     * CyclicLR's scale_fn: null (mode's own), or the text of an {@link EpochExpression} of {@code x} (a number alone is one too),
     * parsed: a project file holds no code, so torch's Python function becomes an expression such as {@code "1/(2.0**(x-1))"}.
     */
    private static String scaleFnText(ConfigReader r) {
        Object raw = r.raw("scale_fn");
        if (raw == null) return null;
        String text = raw instanceof Number n ? ConfigReader.show(n) : raw instanceof String s && !s.isBlank() ? s : null;
        if (text == null) {
            throw new ConfigException(r.path("scale_fn") + " must be an expression of x such as \"1 / (2.0 ** (x - 1))\" (or null: mode's own), got "
                    + ConfigReader.show(raw));
        }
        try {
            scaleFn(text);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(r.path("scale_fn") + ": " + bad.getMessage());
        }
        return text;
    }

    /** One {@code max_lr} for every group of {@code optimizer}. */
    static double[] filled(layerlab.optim.Optimizer optimizer, double maxLr) {
        double[] a = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(a, maxLr);
        return a;
    }

    /** SequentialLR's milestones: one fewer than its {@code parts} schedulers, each above 0 and above the one before. */
    static List<Integer> milestones(ConfigReader r, int parts) {
        List<Integer> ms = r.integers("milestones", List.of());
        if (ms.size() != parts - 1) {
            throw new ConfigException(r.path("milestones") + " must list " + (parts - 1) + " epoch" + (parts == 2 ? "" : "s")
                    + " (one fewer than the schedulers, the epoch each one after the first starts at), got " + ms.size());
        }
        int before = 0;
        for (int m : ms) {
            if (m <= before) throw new ConfigException(r.path("milestones") + " must be epochs above 0, each above the one before, got " + ms);
            before = m;
        }
        return new ArrayList<>(ms);
    }

    /**
     * OneCycleLR's total steps: its total_steps, else its epochs × steps_per_epoch, else the run's {@code epochs} ×
     * {@code batchesPerEpoch} (LayerLab's default; PyTorch has none).
     */
    static int totalSteps(TrainingConfig.Component c, int epochs, int batchesPerEpoch) {
        Map<String, Object> o = c.params();
        if (o.get("total_steps") instanceof Number n) return n.intValue();
        if (o.get("epochs") instanceof Number e && o.get("steps_per_epoch") instanceof Number s) return e.intValue() * s.intValue();
        if (epochs <= 0 || batchesPerEpoch <= 0) throw new IllegalArgumentException("OneCycleLR needs total_steps, or epochs and steps_per_epoch");
        return epochs * batchesPerEpoch;
    }
}
