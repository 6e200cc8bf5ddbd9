package layerlab.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.spec.Spelling;
import layerlab.nn.Parameter;
import layerlab.optim.ASGD;
import layerlab.optim.Adadelta;
import layerlab.optim.Adagrad;
import layerlab.optim.Adam;
import layerlab.optim.AdamW;
import layerlab.optim.Adamax;
import layerlab.optim.LBFGS;
import layerlab.optim.LRScheduler;
import layerlab.optim.NAdam;
import layerlab.optim.Optimizer;
import layerlab.optim.RMSprop;
import layerlab.optim.RAdam;
import layerlab.optim.Rprop;
import layerlab.optim.SGD;

/**
 * Optimisers and schedulers from their names and PyTorch-named options, with PyTorch's defaults (SGD's {@code lr},
 * which PyTorch requires, defaults to 0.01 here). The optimisers are made here; the schedulers' defaults, checks and
 * construction are {@link Schedulers}', reached through this class.
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
    static Map<String, Object> resolve(Map<String, Object> m, String path, String name, Map<String, Object> defaults) {
        Map<String, Object> given = new LinkedHashMap<>(m);
        given.remove("name");
        ConfigReader r = new ConfigReader(given, path);
        for (String k : given.keySet()) {
            if (!defaults.containsKey(k)) {
                throw new ConfigException(path + ": " + name + " has no option \"" + k + "\"" + Spelling.suggestion(k, defaults.keySet())
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

    /**
     * A project's optimiser setting switched to the optimiser {@code to}, as the command line's {@code --optimizer} switches it:
     * the options the project wrote that {@code to} also has (PyTorch's names: Adam's betas, eps and weight_decay go on to
     * AdamW; SGD's momentum to RMSprop), its learning rate as {@link #lrAfterSwitch} keeps it, and the rest at {@code to}'s
     * defaults, as are those written at {@code from}'s default (Adam's weight_decay 0 gives AdamW's 0.01). {@code leftOut}
     * names the project's options {@code to} has not ({@code momentum=0.9}), and its rate where {@code to} takes its own.
     * An optimiser named otherwise than {@link #OPTIMIZERS} is passed on by name alone, to be refused where it is read.
     *
     * @param project the project's {@code "optimizer"}: a name, an object of its name and options, or null (Adam)
     */
    public static Switched switched(Object project, String to) {
        String name = OPTIMIZERS.stream().filter(n -> n.equalsIgnoreCase(to)).findFirst().orElse(null);
        Map<String, Object> given = new LinkedHashMap<>();
        if (project instanceof Map<?, ?> m) m.forEach((k, v) -> given.put(String.valueOf(k), v));
        else given.put("name", project instanceof String n ? n : "Adam");
        String from = OPTIMIZERS.stream().filter(n -> n.equalsIgnoreCase(String.valueOf(given.get("name")))).findFirst().orElse(null);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", to);
        if (name == null || from == null) return new Switched(o, List.of(), List.of());
        Map<String, Object> defaults = optimizerDefaults(name);
        List<String> kept = new java.util.ArrayList<>(), leftOut = new java.util.ArrayList<>();
        double lr = given.get("lr") instanceof Number n ? n.doubleValue() : ((Number) optimizerDefaults(from).get("lr")).doubleValue();
        double rate = lrAfterSwitch(from, lr, name);
        o.put("lr", rate);
        if (rate == lr) kept.add("lr");
        else leftOut.add("lr=" + lr + " (" + name + " takes its own, " + rate + ")");
        Map<String, Object> fromDefaults = optimizerDefaults(from);
        given.forEach((k, v) -> {
            if (k.equals("name") || k.equals("lr")) return;
            // An option at the old optimiser's default was never set, only written out (the window writes every option
            // once one is edited): it carries nothing, and the new optimiser's own default holds (AdamW's weight_decay 0.01).
            if (sameValue(v, fromDefaults.get(k))) return;
            if (defaults.containsKey(k)) {
                o.put(k, v);
                kept.add(k);
            } else {
                leftOut.add(k + "=" + v);
            }
        });
        return new Switched(o, kept, leftOut);
    }

    /** Whether an option's value is {@code d}, numbers by value ({@code 0} is {@code 0.0}, {@code [0.9, 0.999]} either way). */
    private static boolean sameValue(Object v, Object d) {
        if (v instanceof Number a && d instanceof Number b) return a.doubleValue() == b.doubleValue();
        if (v instanceof List<?> a && d instanceof List<?> b) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!sameValue(a.get(i), b.get(i))) return false;
            return true;
        }
        return v != null && v.equals(d);
    }

    /**
     * {@link #switched}'s answer.
     *
     * @param optimizer the {@code "optimizer"} object to train with
     * @param kept      the project's options it keeps (lr first)
     * @param leftOut   the project's options the new optimiser has not, as {@code key=value}
     */
    public record Switched(Map<String, Object> optimizer, List<String> kept, List<String> leftOut) {}

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
        return SCHEDULERS.contains(name) && !name.equals("none") ? Schedulers.defaults(name, epochs) : Map.of();
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
        return Schedulers.create(c, optimizer, epochs, batchesPerEpoch);
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
