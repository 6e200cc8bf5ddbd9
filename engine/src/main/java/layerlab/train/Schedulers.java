package layerlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.optim.ChainedScheduler;
import layerlab.optim.ConstantLR;
import layerlab.optim.CosineAnnealingLR;
import layerlab.optim.CosineAnnealingWarmRestarts;
import layerlab.optim.CyclicLR;
import layerlab.optim.EpochExpression;
import layerlab.optim.ExponentialLR;
import layerlab.optim.LRScheduler;
import layerlab.optim.LambdaLR;
import layerlab.optim.LinearLR;
import layerlab.optim.MultiStepLR;
import layerlab.optim.MultiplicativeLR;
import layerlab.optim.OneCycleLR;
import layerlab.optim.Optimizer;
import layerlab.optim.PolynomialLR;
import layerlab.optim.ReduceLROnPlateau;
import layerlab.optim.SequentialLR;
import layerlab.optim.StepLR;

/**
 * Learning-rate schedulers from their names and PyTorch-named options: their defaults, the checks of a project's
 * {@code scheduler} settings, and the runtime scheduler on an optimiser ({@link OptimizerFactory} is the public entry; the
 * per-scheduler option checks too long to sit here are {@link SchedulerOptions}').
 */
final class Schedulers {
    private Schedulers() {
    }

    /** A scheduler's options with their defaults, in PyTorch's order (a required one as null). */
    static Map<String, Object> defaults(String name, int epochs) {
        Map<String, Object> d = new LinkedHashMap<>();
        switch (name) {
            case "StepLR" -> {
                d.put("step_size", null);
                d.put("gamma", 0.1);
            }
            case "MultiStepLR" -> {
                d.put("milestones", null);
                d.put("gamma", 0.1);
            }
            case "ExponentialLR" -> d.put("gamma", null);
            case "CosineAnnealingLR" -> {
                d.put("T_max", epochs);
                d.put("eta_min", 0.0);
            }
            case "LinearLR" -> {
                d.put("start_factor", 1.0 / 3);
                d.put("end_factor", 1.0);
                d.put("total_iters", 5);
            }
            case "ConstantLR" -> {
                d.put("factor", 1.0 / 3);
                d.put("total_iters", 5);
            }
            case "CosineAnnealingWarmRestarts" -> {
                d.put("T_0", null);
                d.put("T_mult", 1);
                d.put("eta_min", 0.0);
            }
            case "PolynomialLR" -> {
                d.put("total_iters", 5);
                d.put("power", 1.0);
            }
            case "OneCycleLR" -> {
                d.put("max_lr", null);
                d.put("total_steps", null);
                d.put("epochs", null);
                d.put("steps_per_epoch", null);
                d.put("pct_start", 0.3);
                d.put("anneal_strategy", "cos");
                d.put("cycle_momentum", true);
                d.put("base_momentum", 0.85);
                d.put("max_momentum", 0.95);
                d.put("div_factor", 25.0);
                d.put("final_div_factor", 1e4);
                d.put("three_phase", false);
            }
            case "SequentialLR" -> {
                d.put("schedulers", null);
                d.put("milestones", null);
            }
            case "ChainedScheduler" -> d.put("schedulers", null);
            case "LambdaLR", "MultiplicativeLR" -> d.put("lr_lambda", null);
            case "CyclicLR" -> {
                d.put("base_lr", null);
                d.put("max_lr", null);
                d.put("step_size_up", 2000);
                d.put("step_size_down", null);
                d.put("mode", "triangular");
                d.put("gamma", 1.0);
                d.put("scale_fn", null); // torch's None: mode's own; else an expression of x (EpochExpression)
                d.put("scale_mode", "cycle");
                d.put("cycle_momentum", true);
                d.put("base_momentum", 0.8);
                d.put("max_momentum", 0.9);
            }
            case "ReduceLROnPlateau" -> {
                d.put("metric", null); // what step() is given: unset, the validation loss (the training loss without validation data)
                d.put("mode", "min");
                d.put("factor", 0.1);
                d.put("patience", 10);
                d.put("threshold", 1e-4);
                d.put("threshold_mode", "rel");
                d.put("cooldown", 0);
                d.put("min_lr", 0.0);
                d.put("eps", 1e-8);
            }
            default -> throw new IllegalStateException(name);
        }
        return d;
    }

    /**
     * Checks a scheduler's name and options (required ones: StepLR's step_size, MultiStepLR's milestones, ExponentialLR's
     * gamma, CosineAnnealingWarmRestarts' T_0, OneCycleLR's max_lr, CyclicLR's base_lr and max_lr, SequentialLR's schedulers and
     * milestones, ChainedScheduler's schedulers, LambdaLR's and MultiplicativeLR's lr_lambda).
     */
    static TrainingConfig.Component parse(Map<String, Object> m, String path, int epochs) {
        return parse(m, path, epochs, OptimizerFactory.SCHEDULERS, 0, epochs);
    }

    /**
     * @param from, to the run's epochs {@code [from, to)} the scheduler sets the rate for (a SequentialLR part's, from its milestone),
     *                 where an lr_lambda is checked
     */
    private static TrainingConfig.Component parse(Map<String, Object> m, String path, int epochs, List<String> allowed, int from, int to) {
        String name = ConfigReader.choose(m.size() == 1 ? path : path + ".name", (String) m.get("name"), allowed);
        Map<String, Object> defaults = defaults(name, epochs);
        // ReduceLROnPlateau's min_lr, OneCycleLR's max_lr and CyclicLR's base_lr and max_lr may be one rate per parameter group,
        // as in torch: checked here, counted against the groups later (TrainingConfig).
        // Their base_momentum and max_momentum too, as torch's _format_param takes them.
        List<String> perGroup = switch (name) {
            case "ReduceLROnPlateau" -> List.of("min_lr");
            case "OneCycleLR" -> List.of("max_lr", "base_momentum", "max_momentum");
            case "CyclicLR" -> List.of("base_lr", "max_lr", "base_momentum", "max_momentum");
            default -> List.of();
        };
        Map<String, List<Double>> lists = new LinkedHashMap<>();
        for (String key : perGroup) {
            if (!(m.get(key) instanceof List<?>)) continue;
            List<Double> rates = new ConfigReader(m, path).reals(key, List.of(), -1);
            boolean peak = name.equals("OneCycleLR"), momentum = key.endsWith("_momentum");
            for (double v : rates) {
                if (momentum ? !(v >= 0 && v < 1) : peak ? !(v > 0) : !(v >= 0)) {
                    throw new ConfigException(path + "." + key + " must hold " + (momentum ? "momenta from 0 up to (not including) 1"
                            : "rates " + (peak ? "above 0" : "of at least 0")) + ", got " + m.get(key));
                }
            }
            lists.put(key, List.copyOf(rates));
        }
        if (!lists.isEmpty()) {
            m = new LinkedHashMap<>(m);
            m.keySet().removeAll(lists.keySet());
        }
        Map<String, Object> out = OptimizerFactory.resolve(m, path, name, defaults);
        out.putAll(lists);
        ConfigReader r = new ConfigReader(m, path);
        switch (name) {
            case "StepLR" -> out.put("step_size", required(r, "step_size", name) ? r.integer("step_size", 1, 1) : null);
            case "MultiStepLR" -> {
                required(r, "milestones", name);
                // Kept as written, in any order: PyTorch counts them (a Counter), so an epoch listed k times multiplies by gamma^k.
                out.put("milestones", r.integers("milestones", List.of()));
            }
            case "ExponentialLR" -> {
                required(r, "gamma", name);
                out.put("gamma", r.real("gamma", 0.1, 0));
            }
            case "CosineAnnealingLR" -> out.put("T_max", r.integer("T_max", epochs, 1));
            case "LinearLR" -> {
                out.put("start_factor", between(r, "start_factor", 1.0 / 3, false));
                out.put("end_factor", between(r, "end_factor", 1.0, true));
                out.put("total_iters", r.integer("total_iters", 5, 1));
            }
            case "ConstantLR" -> out.put("factor", between(r, "factor", 1.0 / 3, false));
            case "CosineAnnealingWarmRestarts" -> {
                required(r, "T_0", name);
                out.put("T_0", r.integer("T_0", 1, 1));
                out.put("T_mult", r.integer("T_mult", 1, 1));
            }
            case "PolynomialLR" -> out.put("total_iters", r.integer("total_iters", 5, 1));
            case "OneCycleLR" -> SchedulerOptions.oneCycle(r, out);
            case "LambdaLR", "MultiplicativeLR" -> {
                required(r, "lr_lambda", name);
                out.put("lr_lambda", SchedulerOptions.lrLambda(r, name, from, to).text());
            }
            case "CyclicLR" -> SchedulerOptions.cyclic(r, out);
            case "SequentialLR", "ChainedScheduler" -> {
                required(r, "schedulers", name);
                if (name.equals("SequentialLR")) required(r, "milestones", name);
                if (!(r.raw("schedulers") instanceof List<?> parts) || parts.isEmpty()) {
                    throw new ConfigException(r.path("schedulers") + " must be a list of schedulers like [{\"name\": \"LinearLR\", \"total_iters\": 3}, "
                            + "{\"name\": \"CosineAnnealingLR\", \"T_max\": 7}]");
                }
                List<Integer> ms = name.equals("SequentialLR") ? SchedulerOptions.milestones(r, parts.size()) : null;
                List<Map<String, Object>> inner = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    String at = r.path("schedulers") + "[" + i + "]";
                    // A SequentialLR part sets the rate from its milestone to the next (its epoch 0 at the first); a chained one throughout.
                    int start = ms == null || i == 0 ? from : ms.get(i - 1), end = ms == null || i == ms.size() ? to : Math.min(ms.get(i), to);
                    inner.add(parse(TrainingConfig.componentMap(parts.get(i), at), at, epochs, OptimizerFactory.SEQUENTIAL_PARTS, start, end).toMap());
                }
                out.put("schedulers", inner);
                if (ms != null) out.put("milestones", ms);
            }
            case "ReduceLROnPlateau" -> {
                String metric = TrainingConfig.plateauWatched(r);
                out.put("metric", metric);
                // Left out, mode follows the metric, as torch's ReduceLROnPlateau(mode="max") is called for an accuracy.
                out.put("mode", r.has("mode") ? r.choice("mode", "min", List.of("min", "max"))
                        : metric != null && TrainingConfig.isAccuracy(metric) ? "max" : "min");
                out.put("threshold_mode", r.choice("threshold_mode", "rel", List.of("rel", "abs")));
                out.put("patience", r.integer("patience", 10, 0));
                out.put("cooldown", r.integer("cooldown", 0, 0));
                if (((Number) out.get("factor")).doubleValue() >= 1) throw new ConfigException(path + ".factor must be below 1, got " + out.get("factor"));
            }
            default -> { }
        }
        return new TrainingConfig.Component(name, out);
    }

    /** A number in (0, 1] (or [0, 1] when {@code zeroAllowed}), or {@code dflt}. */
    private static double between(ConfigReader r, String key, double dflt, boolean zeroAllowed) {
        double v = r.real(key, dflt, 0);
        if (v > 1 || (!zeroAllowed && v == 0)) throw new ConfigException(r.path(key) + " must be " + (zeroAllowed ? "from 0" : "above 0") + " up to 1, got " + v);
        return v;
    }

    static boolean required(ConfigReader r, String key, String name) {
        if (!r.has(key)) throw new ConfigException(r.path(key) + " is required by " + name);
        return true;
    }

    /** A rate (or momentum) per group of {@code optimizer}: the list as given (counted against the groups already), or one number for each. */
    private static double[] rates(Object v, Optimizer optimizer) {
        if (v instanceof List<?> l) return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        return SchedulerOptions.filled(optimizer, ((Number) v).doubleValue());
    }

    /**
     * The scheduler for {@code optimizer}; stepped once per epoch (ReduceLROnPlateau with the validation loss), but
     * OneCycleLR ({@link LRScheduler#perBatch()}) once per batch. A run of {@code epochs} epochs of
     * {@code batchesPerEpoch} batches gives OneCycleLR its total_steps when neither it nor epochs and steps_per_epoch are set.
     */
    static LRScheduler create(TrainingConfig.Component c, Optimizer optimizer, int epochs, int batchesPerEpoch) {
        Map<String, Object> o = c.params();
        return switch (c.name()) {
            case "LinearLR" -> new LinearLR(optimizer, c.real("start_factor"), c.real("end_factor"), ((Number) o.get("total_iters")).intValue());
            case "ConstantLR" -> new ConstantLR(optimizer, c.real("factor"), ((Number) o.get("total_iters")).intValue());
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(optimizer, ((Number) o.get("T_0")).intValue(),
                    ((Number) o.get("T_mult")).intValue(), c.real("eta_min"));
            case "PolynomialLR" -> new PolynomialLR(optimizer, ((Number) o.get("total_iters")).intValue(), c.real("power"));
            case "OneCycleLR" -> new OneCycleLR(optimizer, rates(o.get("max_lr"), optimizer), SchedulerOptions.totalSteps(c, epochs, batchesPerEpoch),
                    c.real("pct_start"), (String) o.get("anneal_strategy"), (Boolean) o.get("cycle_momentum"), rates(o.get("base_momentum"), optimizer),
                    rates(o.get("max_momentum"), optimizer), c.real("div_factor"), c.real("final_div_factor"), (Boolean) o.get("three_phase"));
            case "CyclicLR" -> new CyclicLR(optimizer, rates(o.get("base_lr"), optimizer), rates(o.get("max_lr"), optimizer),
                    ((Number) o.get("step_size_up")).doubleValue(), o.get("step_size_down") instanceof Number n ? n.doubleValue() : null, (String) o.get("mode"),
                    c.real("gamma"), o.get("scale_fn") instanceof String f ? SchedulerOptions.scaleFn(f) : null, (String) o.get("scale_mode"),
                    (Boolean) o.get("cycle_momentum"), rates(o.get("base_momentum"), optimizer), rates(o.get("max_momentum"), optimizer));
            case "SequentialLR", "ChainedScheduler" -> {
                List<LRScheduler> parts = new ArrayList<>();
                for (Object p : (List<?>) o.get("schedulers")) {
                    Map<String, Object> pm = TrainingConfig.componentMap(p, "scheduler");
                    Map<String, Object> opts = new LinkedHashMap<>(pm);
                    opts.remove("name");
                    parts.add(create(new TrainingConfig.Component((String) pm.get("name"), opts), optimizer, epochs, batchesPerEpoch));
                }
                yield c.name().equals("ChainedScheduler") ? new ChainedScheduler(parts)
                        : new SequentialLR(optimizer, parts, ((List<?>) o.get("milestones")).stream().mapToInt(x -> ((Number) x).intValue()).toArray());
            }
            case "StepLR" -> new StepLR(optimizer, ((Number) o.get("step_size")).intValue(), c.real("gamma"));
            case "LambdaLR" -> new LambdaLR(optimizer, EpochExpression.parse((String) o.get("lr_lambda")));
            case "MultiplicativeLR" -> new MultiplicativeLR(optimizer, EpochExpression.parse((String) o.get("lr_lambda")));
            case "MultiStepLR" -> new MultiStepLR(optimizer, ((List<?>) o.get("milestones")).stream().mapToInt(x -> ((Number) x).intValue()).toArray(),
                    c.real("gamma"));
            case "ExponentialLR" -> new ExponentialLR(optimizer, c.real("gamma"));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(optimizer, ((Number) o.get("T_max")).intValue(), c.real("eta_min"));
            case "ReduceLROnPlateau" -> o.get("min_lr") instanceof List<?> l
                    ? new ReduceLROnPlateau(optimizer, (String) o.get("mode"), c.real("factor"), ((Number) o.get("patience")).intValue(), c.real("threshold"),
                            (String) o.get("threshold_mode"), ((Number) o.get("cooldown")).intValue(),
                            l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray(), c.real("eps"))
                    : new ReduceLROnPlateau(optimizer, (String) o.get("mode"), c.real("factor"), ((Number) o.get("patience")).intValue(),
                            c.real("threshold"), (String) o.get("threshold_mode"), ((Number) o.get("cooldown")).intValue(), c.real("min_lr"), c.real("eps"));
            default -> throw new IllegalStateException(c.name());
        };
    }
}
