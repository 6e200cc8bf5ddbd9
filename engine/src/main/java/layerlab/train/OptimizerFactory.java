package layerlab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.compile.GraphCompiler;
import layerlab.nn.Parameter;
import layerlab.optim.ASGD;
import layerlab.optim.Adadelta;
import layerlab.optim.Adagrad;
import layerlab.optim.Adam;
import layerlab.optim.AdamW;
import layerlab.optim.Adamax;
import layerlab.optim.ConstantLR;
import layerlab.optim.CosineAnnealingLR;
import layerlab.optim.ChainedScheduler;
import layerlab.optim.CosineAnnealingWarmRestarts;
import layerlab.optim.CyclicLR;
import layerlab.optim.ExponentialLR;
import layerlab.optim.EpochExpression;
import layerlab.optim.LBFGS;
import layerlab.optim.LRScheduler;
import layerlab.optim.LambdaLR;
import layerlab.optim.LinearLR;
import layerlab.optim.MultiStepLR;
import layerlab.optim.MultiplicativeLR;
import layerlab.optim.NAdam;
import layerlab.optim.OneCycleLR;
import layerlab.optim.Optimizer;
import layerlab.optim.RMSprop;
import layerlab.optim.PolynomialLR;
import layerlab.optim.RAdam;
import layerlab.optim.ReduceLROnPlateau;
import layerlab.optim.Rprop;
import layerlab.optim.SGD;
import layerlab.optim.SequentialLR;
import layerlab.optim.StepLR;

/**
 * Optimisers and schedulers from their names and PyTorch-named options, with PyTorch's defaults (SGD's {@code lr},
 * which PyTorch requires, defaults to 0.01 here).
 */
public final class OptimizerFactory {
    private OptimizerFactory() {
    }

    public static final List<String> OPTIMIZERS = List.of("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "NAdam", "RAdam", "Adamax", "Adadelta",
            "Rprop", "ASGD", "LBFGS");
    public static final List<String> SCHEDULERS = List.of("none", "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "ReduceLROnPlateau",
            "LinearLR", "ConstantLR", "CosineAnnealingWarmRestarts", "PolynomialLR", "OneCycleLR", "SequentialLR", "CyclicLR", "ChainedScheduler", "LambdaLR", "MultiplicativeLR");
    /** The schedulers stepped after every batch rather than every epoch. */
    public static final List<String> PER_BATCH = List.of("OneCycleLR", "CyclicLR");
    /**
     * The schedulers {@code SequentialLR} may run one after another (those with PyTorch's closed form for a fresh start, and
     * LambdaLR and MultiplicativeLR, whose {@code step(0)} at a milestone is their own epoch 0 as in torch), and
     * {@code ChainedScheduler} may step together.
     */
    public static final List<String> SEQUENTIAL_PARTS = List.of("LinearLR", "ConstantLR", "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR",
            "PolynomialLR", "LambdaLR", "MultiplicativeLR");

    /**
     * Each optimiser's options with their defaults, in PyTorch 1.13's signature order; {@code maximize} where 1.13 has it
     * (NAdam and RAdam took it only in 2.0).
     */
    static Map<String, Object> optimizerDefaults(String name) {
        Map<String, Object> d = new LinkedHashMap<>();
        switch (name) {
            case "SGD" -> {
                d.put("lr", 0.01);
                d.put("momentum", 0.0);
                d.put("dampening", 0.0);
                d.put("weight_decay", 0.0);
                d.put("nesterov", false);
            }
            case "Adam", "AdamW" -> {
                d.put("lr", 0.001);
                d.put("betas", List.of(0.9, 0.999));
                d.put("eps", 1e-8);
                d.put("weight_decay", name.equals("AdamW") ? 0.01 : 0.0);
                d.put("amsgrad", false);
            }
            case "RMSprop" -> {
                d.put("lr", 0.01);
                d.put("alpha", 0.99);
                d.put("eps", 1e-8);
                d.put("weight_decay", 0.0);
                d.put("momentum", 0.0);
                d.put("centered", false);
            }
            case "Adagrad" -> {
                d.put("lr", 0.01);
                d.put("lr_decay", 0.0);
                d.put("weight_decay", 0.0);
                d.put("initial_accumulator_value", 0.0);
                d.put("eps", 1e-10);
            }
            case "NAdam", "RAdam", "Adamax" -> {
                d.put("lr", name.equals("RAdam") ? 1e-3 : 2e-3);
                d.put("betas", List.of(0.9, 0.999));
                d.put("eps", 1e-8);
                d.put("weight_decay", 0.0);
                if (name.equals("NAdam")) d.put("momentum_decay", 4e-3);
            }
            case "Adadelta" -> {
                d.put("lr", 1.0);
                d.put("rho", 0.9);
                d.put("eps", 1e-6);
                d.put("weight_decay", 0.0);
            }
            case "Rprop" -> {
                d.put("lr", 0.01);
                d.put("etas", List.of(0.5, 1.2));
                d.put("step_sizes", List.of(1e-6, 50.0));
            }
            case "ASGD" -> {
                d.put("lr", 0.01);
                d.put("lambd", 1e-4);
                d.put("alpha", 0.75);
                d.put("t0", 1e6);
                d.put("weight_decay", 0.0);
            }
            case "LBFGS" -> {
                d.put("lr", 1.0);
                d.put("max_iter", 20);
                d.put("max_eval", null); // torch's None: max_iter * 5 // 4
                d.put("tolerance_grad", 1e-7);
                d.put("tolerance_change", 1e-9);
                d.put("history_size", 100);
                d.put("line_search_fn", null); // None: a fixed step of lr; or "strong_wolfe"
            }
            default -> throw new IllegalStateException(name);
        }
        if (!name.equals("NAdam") && !name.equals("RAdam") && !name.equals("LBFGS")) d.put("maximize", false);
        return d;
    }

    /** Checks an optimiser's name and options; returns them with every default filled in. */
    static TrainingConfig.Component parseOptimizer(Map<String, Object> m, String path) {
        String name = ConfigReader.choose(m.size() == 1 ? path : path + ".name", (String) m.get("name"), OPTIMIZERS);
        Map<String, Object> defaults = optimizerDefaults(name);
        Map<String, Object> options = resolve(m, path, name, defaults);
        if (name.equals("SGD") && (Boolean) options.get("nesterov")
                && (((Number) options.get("momentum")).doubleValue() <= 0 || ((Number) options.get("dampening")).doubleValue() != 0)) {
            throw new ConfigException(path + ": Nesterov momentum needs a momentum above 0 and dampening 0");
        }
        if (options.get("betas") instanceof List<?> b) {
            for (Object x : b) {
                double v = ((Number) x).doubleValue();
                if (v < 0 || v >= 1) throw new ConfigException(path + ".betas must each be in [0, 1), got " + b);
            }
        }
        checkRanges(name, options, path);
        return new TrainingConfig.Component(name, options);
    }

    /** The checks of the later optimisers' own options, as torch 1.13 makes them, naming the key. */
    private static void checkRanges(String name, Map<String, Object> o, String path) {
        switch (name) {
            case "Adadelta" -> {
                if (((Number) o.get("rho")).doubleValue() > 1) throw new ConfigException(path + ".rho must be from 0 up to 1, got " + o.get("rho"));
            }
            case "Rprop" -> {
                List<?> etas = (List<?>) o.get("etas"), sizes = (List<?>) o.get("step_sizes");
                double minus = ((Number) etas.get(0)).doubleValue(), plus = ((Number) etas.get(1)).doubleValue();
                if (!(minus > 0 && minus < 1 && plus > 1)) {
                    throw new ConfigException(path + ".etas must be (etaminus, etaplus) with 0 < etaminus < 1 < etaplus, got " + etas);
                }
                if (((Number) sizes.get(0)).doubleValue() > ((Number) sizes.get(1)).doubleValue()) {
                    throw new ConfigException(path + ".step_sizes must be (smallest, largest) step, got " + sizes);
                }
            }
            case "LBFGS" -> {
                for (String k : List.of("max_iter", "history_size")) {
                    if (((Number) o.get(k)).intValue() < 1) throw new ConfigException(path + "." + k + " must be at least 1, got " + o.get(k));
                }
                Object maxEval = o.get("max_eval");
                if (maxEval != null && !(maxEval instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1)) {
                    throw new ConfigException(path + ".max_eval must be a whole number of at least 1, or null for max_iter * 5 / 4 (torch's None), got "
                            + ConfigReader.show(maxEval));
                }
                if (maxEval instanceof Number n) o.put("max_eval", n.intValue());
                Object ls = o.get("line_search_fn");
                if (ls != null && !"strong_wolfe".equals(ls)) {
                    throw new ConfigException(path + ".line_search_fn must be \"strong_wolfe\" or null (a fixed step of lr, torch's None), got "
                            + ConfigReader.show(ls));
                }
            }
            default -> { }
        }
    }

    /** Whether the optimiser has a momentum or betas for OneCycleLR's cycle_momentum to cycle (torch's own check). */
    static boolean hasMomentum(String optimizer, boolean betasToo) {
        Map<String, Object> d = optimizerDefaults(optimizer);
        return d.containsKey("momentum") || betasToo && d.containsKey("betas");
    }

    /** The options in {@code m} (besides "name") checked against {@code defaults}' keys and types, defaults filling the rest. */
    private static Map<String, Object> resolve(Map<String, Object> m, String path, String name, Map<String, Object> defaults) {
        Map<String, Object> given = new LinkedHashMap<>(m);
        given.remove("name");
        ConfigReader r = new ConfigReader(given, path);
        for (String k : given.keySet()) {
            if (!defaults.containsKey(k)) {
                String near = layerlab.graph.spec.Spelling.closest(k, defaults.keySet());
                throw new ConfigException(path + ": " + name + " has no option \"" + k + "\"" + (near == null ? "" : " (did you mean " + near + "?)")
                        + "; its options are " + String.join(", ", defaults.keySet()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            String k = e.getKey();
            Object d = e.getValue();
            Object v;
            if (d instanceof Boolean b) v = r.bool(k, b);
            else if (d instanceof Integer i) v = r.integer(k, i, 0);
            else if (d instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Integer) v = r.integers(k, castInts(l));
            else if (d instanceof List<?> l) v = r.reals(k, castReals(l), l.size());
            else if (d instanceof String s) v = r.string(k, s);
            else if (d == null) v = r.raw(k);
            else v = r.real(k, ((Number) d).doubleValue(), 0);
            out.put(k, v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> castInts(List<?> l) {
        return (List<Integer>) l;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> castReals(List<?> l) {
        return (List<Double>) l;
    }

    private static double pair(Map<String, Object> o, String key, int i) {
        return ((Number) ((List<?>) o.get(key)).get(i)).doubleValue();
    }

    /**
     * The learning rate kept when a user picks another optimiser {@code to} in place of {@code from} at {@code lr}: the
     * rate set so far, unless either is Adadelta, whose rate scales a step its accumulators already size (torch's default
     * 1.0: Adam's 0.001 there barely moves a weight, and Adadelta's 1.0 would throw Adam's weights about); then {@code to}'s
     * default.
     */
    public static double lrAfterSwitch(String from, double lr, String to) {
        // LBFGS's rate (1 by default) scales a quasi-Newton step that is already the right size, as Adadelta's does.
        List<String> ownScale = List.of("Adadelta", "LBFGS");
        if (to.equals(from) || !(ownScale.contains(to) || ownScale.contains(from))) return lr;
        return optimizerDefaults(to).get("lr") instanceof Number d ? d.doubleValue() : lr;
    }

    /** The optimiser for {@code params}. */
    public static Optimizer optimizer(TrainingConfig.Component c, List<Parameter> params) {
        Map<String, Object> o = c.params();
        double lr = c.real("lr"), wd = o.containsKey("weight_decay") ? c.real("weight_decay") : 0;
        boolean maximize = Boolean.TRUE.equals(o.get("maximize"));
        return switch (c.name()) {
            case "SGD" -> new SGD(params, lr, c.real("momentum"), c.real("dampening"), wd, (Boolean) o.get("nesterov"), maximize);
            case "Adam", "AdamW" -> {
                List<?> b = (List<?>) o.get("betas");
                double b1 = ((Number) b.get(0)).doubleValue(), b2 = ((Number) b.get(1)).doubleValue();
                boolean ams = (Boolean) o.get("amsgrad");
                yield c.name().equals("Adam") ? new Adam(params, lr, b1, b2, c.real("eps"), wd, ams, maximize)
                        : new AdamW(params, lr, b1, b2, c.real("eps"), wd, ams, maximize);
            }
            case "RMSprop" -> new RMSprop(params, lr, c.real("alpha"), c.real("eps"), wd, c.real("momentum"), (Boolean) o.get("centered"), maximize);
            case "Adagrad" -> new Adagrad(params, lr, c.real("lr_decay"), wd, c.real("initial_accumulator_value"), c.real("eps"), maximize);
            case "NAdam" -> new NAdam(params, lr, pair(o, "betas", 0), pair(o, "betas", 1), c.real("eps"), wd, c.real("momentum_decay"));
            case "RAdam" -> new RAdam(params, lr, pair(o, "betas", 0), pair(o, "betas", 1), c.real("eps"), wd);
            case "Adamax" -> new Adamax(params, lr, pair(o, "betas", 0), pair(o, "betas", 1), c.real("eps"), wd, maximize);
            case "Adadelta" -> new Adadelta(params, lr, c.real("rho"), c.real("eps"), wd, maximize);
            case "Rprop" -> new Rprop(params, lr, pair(o, "etas", 0), pair(o, "etas", 1), pair(o, "step_sizes", 0), pair(o, "step_sizes", 1), maximize);
            case "ASGD" -> new ASGD(params, lr, c.real("lambd"), c.real("alpha"), c.real("t0"), wd, maximize);
            case "LBFGS" -> new LBFGS(params, lr, ((Number) o.get("max_iter")).intValue(), o.get("max_eval") instanceof Number n ? n.intValue() : null,
                    c.real("tolerance_grad"), c.real("tolerance_change"), ((Number) o.get("history_size")).intValue(), (String) o.get("line_search_fn"));
            default -> throw new IllegalStateException(c.name());
        };
    }

    /**
     * A scheduler's options with their defaults, in PyTorch's order (a required one, such as StepLR's step_size, as
     * null); empty for a name that is not a scheduler. The form shows a field per option even while the settings are refused.
     */
    public static Map<String, Object> schedulerOptions(String name, int epochs) {
        return SCHEDULERS.contains(name) && !name.equals("none") ? schedulerDefaults(name, epochs) : Map.of();
    }

    private static Map<String, Object> schedulerDefaults(String name, int epochs) {
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
    static TrainingConfig.Component parseScheduler(Map<String, Object> m, String path, int epochs) {
        return parseScheduler(m, path, epochs, SCHEDULERS, 0, epochs);
    }

    /**
     * @param from, to the run's epochs {@code [from, to)} the scheduler sets the rate for (a SequentialLR part's, from its milestone),
     *                 where an lr_lambda is checked
     */
    private static TrainingConfig.Component parseScheduler(Map<String, Object> m, String path, int epochs, List<String> allowed, int from, int to) {
        String name = ConfigReader.choose(m.size() == 1 ? path : path + ".name", (String) m.get("name"), allowed);
        Map<String, Object> defaults = schedulerDefaults(name, epochs);
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
        Map<String, Object> out = resolve(m, path, name, defaults);
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
                List<Map<String, Object>> inner = new java.util.ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    String at = r.path("schedulers") + "[" + i + "]";
                    // A SequentialLR part sets the rate from its milestone to the next (its epoch 0 at the first); a chained one throughout.
                    int start = ms == null || i == 0 ? from : ms.get(i - 1), end = ms == null || i == ms.size() ? to : Math.min(ms.get(i), to);
                    inner.add(parseScheduler(TrainingConfig.componentMap(parts.get(i), at), at, epochs, SEQUENTIAL_PARTS, start, end).toMap());
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

    /** The scheduler for {@code optimizer}; OneCycleLR needs its total_steps (or epochs and steps_per_epoch) set. */
    public static LRScheduler scheduler(TrainingConfig.Component c, Optimizer optimizer) {
        return scheduler(c, optimizer, 0, 0);
    }

    /**
     * The scheduler for {@code optimizer}; stepped once per epoch (ReduceLROnPlateau with the validation loss), but
     * OneCycleLR ({@link LRScheduler#perBatch()}) once per batch. A run of {@code epochs} epochs of
     * {@code batchesPerEpoch} batches gives OneCycleLR its total_steps when neither it nor epochs and steps_per_epoch are set.
     */
    public static LRScheduler scheduler(TrainingConfig.Component c, Optimizer optimizer, int epochs, int batchesPerEpoch) {
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
                List<LRScheduler> parts = new java.util.ArrayList<>();
                for (Object p : (List<?>) o.get("schedulers")) {
                    Map<String, Object> pm = TrainingConfig.componentMap(p, "scheduler");
                    Map<String, Object> opts = new LinkedHashMap<>(pm);
                    opts.remove("name");
                    parts.add(scheduler(new TrainingConfig.Component((String) pm.get("name"), opts), optimizer, epochs, batchesPerEpoch));
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

    /**
     * How many tensors the size of the parameters {@code optimizer} keeps per parameter: SGD one with momentum, Adam and
     * AdamW two moments (three with amsgrad), RMSprop its square average (and a mean when centered, a buffer with
     * momentum), Adagrad its sum; NAdam, RAdam and Adamax two moments, Adadelta two averages, Rprop the last gradient and
     * the step sizes, ASGD the average; LBFGS its last direction and gradient and two vectors per remembered iteration
     * ({@code history_size}).
     */
    public static int stateCopies(TrainingConfig.Component optimizer) {
        Map<String, Object> o = optimizer.params();
        return switch (optimizer.name()) {
            case "SGD" -> number(o, "momentum") != 0 ? 1 : 0;
            case "Adam", "AdamW" -> Boolean.TRUE.equals(o.get("amsgrad")) ? 3 : 2;
            case "RMSprop" -> 1 + (Boolean.TRUE.equals(o.get("centered")) ? 1 : 0) + (number(o, "momentum") != 0 ? 1 : 0);
            case "Adagrad", "ASGD" -> 1;
            case "NAdam", "RAdam", "Adamax", "Adadelta", "Rprop" -> 2;
            case "LBFGS" -> 2 + 2 * (int) number(o, "history_size");
            default -> 0;
        };
    }

    /**
     * A note for LBFGS on mini-batches, null otherwise: its line search and curvature pairs take each batch's loss and
     * gradient for the function's, and on batches of a shuffled set they disagree from batch to batch (iris on batches of
     * 16 reached losses of 1e30). torch's examples, and README, give it the whole training set as one batch.
     *
     * @param trainSize the training set's samples
     */
    public static String lbfgsBatchNote(TrainingConfig config, int trainSize) {
        if (!config.optimizer().name().equals("LBFGS") || config.batchSize() >= trainSize) return null;
        return String.format(java.util.Locale.ROOT, "LBFGS on batches of %d of the %d training samples: its line search and curvature "
                + "estimates take each batch for the whole function and can blow up; set batch_size to %d for full batches, as it is meant",
                config.batchSize(), trainSize, trainSize);
    }

    /**
     * Why training {@code params} parameters with {@code optimizer} cannot fit in {@code maxHeap} bytes: the weights,
     * their gradients and the optimiser's state alone (activations come on top) need more, so the run would stop at its
     * first step. Null when they fit. A model whose weights alone do not fit is {@link GraphCompiler#tooBig}'s to say.
     */
    public static String trainingTooBig(long params, TrainingConfig.Component optimizer, long maxHeap) {
        int state = stateCopies(optimizer), copies = 2 + state;
        long bytes = params * Float.BYTES * copies;
        if (bytes <= maxHeap || params * Float.BYTES > maxHeap) return null;
        String what = state == 0 ? "weights and gradients"
                : "weights, gradients and " + optimizer.name() + "'s " + (state == 1 ? "state" : state + " state tensors");
        return String.format(java.util.Locale.ROOT, "training the model's %,d parameters with %s holds %d copies of them (%s): "
                + "%.1f GB before any activations, more than the %.1f GB Java may use here, so the run would stop at its first step; "
                + "make the model smaller, or %s", params, optimizer.name(), copies, what, bytes / 1e9, maxHeap / 1e9,
                GraphCompiler.moreHeap(maxHeap));
    }

    private static double number(Map<String, Object> o, String key) {
        return o.get(key) instanceof Number n ? n.doubleValue() : 0;
    }
}
