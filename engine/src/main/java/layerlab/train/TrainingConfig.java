package layerlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.tensor.Device;

/**
 * How a model is trained: the project's {@code "training"} object, parsed and checked, with every default filled in.
 * Names follow PyTorch: optimisers and their options ({@code lr}, {@code momentum}, {@code betas}, {@code weight_decay}),
 * schedulers and theirs ({@code step_size}, {@code gamma}, {@code T_max}), losses. For example:
 * <pre>{@code
 * "training": {
 *   "optimizer": {"name": "SGD", "lr": 0.05, "momentum": 0.9},
 *   "scheduler": {"name": "StepLR", "step_size": 5, "gamma": 0.5},
 *   "epochs": 10, "batch_size": 64, "seed": 0, "device": "auto",
 *   "early_stopping": {"metric": "val_loss", "patience": 3}
 * }
 * }</pre>
 * {@code "optimizer"}, {@code "scheduler"} and {@code "loss"} may also be just a name ({@code "Adam"}).
 *
 * @param optimizer       the optimiser and all its options (defaults filled in)
 * @param scheduler       the learning-rate schedule, or null for a constant rate
 * @param loss            the loss applied to the first Output when the graph has no loss node; null to use the graph's
 * @param epochs          passes over the training set
 * @param batchSize       samples per optimiser step
 * @param shuffle         reshuffle the training set every epoch (from {@code seed})
 * @param dropLast        drop the last, smaller batch of an epoch
 * @param clipGradNorm    clip the joint gradient norm to this ({@code clip_grad_norm_}'s {@code max_norm}), or null
 * @param clipGradNormType which norm {@code clipGradNorm} bounds ({@code clip_grad_norm_}'s {@code norm_type}): 2 unless
 *                        {@code clip_grad_norm_type} says otherwise, any p above 0, or infinity (the largest magnitude)
 * @param clipGradValue   clip each gradient element to ±this ({@code clip_grad_value_}), or null
 * @param seed            seeds the weight initialisation, the shuffling and dropout
 * @param device          {@code cpu}, {@code cuda[:N]} or {@code auto}
 * @param metrics         metrics besides the loss ({@code accuracy}, {@code mae}); empty: chosen from the loss
 * @param earlyStopping   when to stop before {@code epochs}, or null
 * @param checkpointEvery write a checkpoint every this many epochs (0: never)
 * @param statsEvery      emit parameter statistics every this many batches (0: never)
 * @param paramGroups     parameters trained with other optimiser options ({@code param_groups}), none by default
 * @param lossWeights     a weight per loss node by its name ({@code loss_weights}): a network of several loss nodes trains
 *                        with their weighted sum ({@code loss = 1.0 * ce + 0.3 * aux}), each one's weight 1 unless named here
 */
public record TrainingConfig(Component optimizer, Component scheduler, Component loss, int epochs, int batchSize, boolean shuffle,
                             boolean dropLast, Double clipGradNorm, double clipGradNormType, Double clipGradValue, long seed, String device, List<String> metrics,
                             EarlyStopping earlyStopping, int checkpointEvery, int statsEvery, ParamGroups paramGroups,
                             Map<String, Double> lossWeights) {

    /** A named choice with its options by PyTorch's names ({@code SGD} with {@code lr}, {@code momentum}, …). */
    public record Component(String name, Map<String, Object> params) {
        public Component {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        public double real(String key) {
            return ((Number) params.get(key)).doubleValue();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            // An option left unset (OneCycleLR's total_steps: the run's length) is left out, not written as null.
            params.forEach((k, v) -> {
                if (v != null) m.put(k, v);
            });
            return m;
        }
    }

    /**
     * Stop when {@code metric} has not improved by more than {@code minDelta} for {@code patience} epochs in a row.
     *
     * @param mode        {@code min} or {@code max} (what counts as better)
     * @param restoreBest end the run with the weights of the epoch that scored best (Keras' {@code
     *                    restore_best_weights}), not those of the last epoch, {@code patience} epochs past it
     */
    public record EarlyStopping(String metric, int patience, double minDelta, String mode, boolean restoreBest) {
        public EarlyStopping(String metric, int patience, double minDelta, String mode) {
            this(metric, patience, minDelta, mode, false);
        }

        /**
         * The loss node whose own loss is watched ({@code ce} for {@code val_loss_ce}, {@code train_loss_ce}), or null where the
         * metric is one of {@link #WATCHABLE}. Which loss nodes a network has is checked when a run starts ({@link Losses#watchProblem}).
         */
        public String lossNode() {
            return lossNodeOf(metric);
        }

        /**
         * The loss node whose head's own score is watched ({@code bill} for {@code val_mae_bill}, {@code species} for
         * {@code val_accuracy_species}), or null. Only a network of several target Inputs scores each head apart; which heads
         * a network has is checked when a run starts ({@link Losses#watchProblem(EarlyStopping, List, Map)}).
         */
        public String headNode() {
            return headNodeOf(metric);
        }

        /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
        public boolean improves(double value, double best) {
            return mode.equals("max") ? value > best + minDelta : value < best - minDelta;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", metric);
            m.put("patience", patience);
            m.put("min_delta", minDelta);
            m.put("mode", mode);
            m.put("restore_best", restoreBest);
            return m;
        }
    }

    public static final List<String> KEYS = List.of("optimizer", "scheduler", "loss", "epochs", "batch_size", "shuffle", "drop_last",
            "clip_grad_norm", "clip_grad_norm_type", "clip_grad_value", "seed", "device", "metrics", "early_stopping", "checkpoint_every", "stats_every",
            ParamGroups.KEY, "loss_weights");
    public static final List<String> METRICS = List.of("accuracy", "mae");
    /** What early stopping can watch, besides one loss node's own loss ({@code val_loss_<name>}, {@code train_loss_<name>}). */
    public static final List<String> WATCHABLE = List.of("val_loss", "val_accuracy", "val_mae", "train_loss", "train_accuracy", "train_mae");
    /** The prefixes of one loss node's own loss ({@code val_loss_ce}). */
    static final List<String> LOSS_PREFIXES = List.of("val_loss_", "train_loss_");
    /** The prefixes of one head's own score ({@code val_accuracy_species}, {@code val_mae_bill}), a head named by its loss node. */
    static final List<String> HEAD_PREFIXES = List.of("val_accuracy_", "val_mae_", "train_accuracy_", "train_mae_");

    public TrainingConfig {
        metrics = List.copyOf(metrics);
        if (paramGroups == null) paramGroups = new ParamGroups(List.of());
        lossWeights = lossWeights == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lossWeights));
        if (epochs < 1) throw new ConfigException("training.epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new ConfigException("training.batch_size must be at least 1, got " + batchSize);
    }

    /** Every default: Adam(lr=0.001), no schedule, the graph's loss, 10 epochs of batches of 64, shuffled, seed 0, device auto. */
    public static TrainingConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * A copy of a project's {@code training} object with the optimiser's learning rate set to {@code lr}, its other
     * options kept (an optimiser given by name becomes an object; none becomes Adam, the default).
     */
    public static Map<String, Object> withLr(Map<String, ?> training, double lr) {
        Map<String, Object> t = new LinkedHashMap<>(training);
        Object o = t.get("optimizer");
        Map<String, Object> opt = new LinkedHashMap<>();
        if (o instanceof String name) opt.put("name", name);
        else if (o instanceof Map<?, ?> m) m.forEach((k, v) -> opt.put(String.valueOf(k), v));
        else opt.put("name", "Adam");
        opt.put("lr", lr);
        t.put("optimizer", opt);
        return t;
    }

    /** Parses a project's {@code "training"} object; unknown keys and bad values are a {@link ConfigException} naming the key. */
    public static TrainingConfig fromMap(Map<String, ?> training) {
        ConfigReader r = new ConfigReader(training, "training");
        r.onlyKeys(KEYS);
        int epochs = r.integer("epochs", 10, 1);
        Component optimizer = OptimizerFactory.parseOptimizer(component(r, "optimizer", "Adam"), r.path("optimizer"));
        Component scheduler = null;
        Map<String, Object> s = component(r, "scheduler", "none");
        if (!String.valueOf(s.get("name")).equalsIgnoreCase("none")) scheduler = Schedulers.parse(s, r.path("scheduler"), epochs);
        if (scheduler != null && scheduler.name().equals("OneCycleLR") && Boolean.TRUE.equals(scheduler.params().get("cycle_momentum"))
                && !OptimizerFactory.hasMomentum(optimizer.name(), true)) {
            throw new ConfigException(r.path("scheduler") + ".cycle_momentum needs an optimiser with a momentum (SGD, RMSprop) or betas (Adam, AdamW, "
                    + "NAdam, RAdam, Adamax); " + optimizer.name() + " has neither: set cycle_momentum to false");
        }
        // torch 1.13's CyclicLR cycles a momentum only (not Adam's beta1, which 2.0 added).
        if (scheduler != null && scheduler.name().equals("CyclicLR") && Boolean.TRUE.equals(scheduler.params().get("cycle_momentum"))
                && !OptimizerFactory.hasMomentum(optimizer.name(), false)) {
            throw new ConfigException(r.path("scheduler") + ".cycle_momentum needs an optimiser with a momentum (SGD, RMSprop), as torch 1.13's CyclicLR "
                    + "cycles no betas; " + optimizer.name() + " has none: set cycle_momentum to false");
        }
                Component loss = r.has("loss") ? Losses.parse(component(r, "loss", null), r.path("loss")) : null;
        List<String> metrics = new ArrayList<>();
        for (String m : r.strings("metrics", List.of())) metrics.add(ConfigReader.choose(r.path("metrics"), m, METRICS));
        EarlyStopping early = null;
        if (r.has("early_stopping")) {
            if (!(r.raw("early_stopping") instanceof Map<?, ?> es)) {
                throw new ConfigException("training.early_stopping must be an object like {\"metric\": \"val_loss\", \"patience\": 5}");
            }
            @SuppressWarnings("unchecked")
            ConfigReader e = new ConfigReader((Map<String, ?>) es, r.path("early_stopping"));
            e.onlyKeys(List.of("metric", "patience", "min_delta", "mode", "restore_best"));
            String metric = watched(e);
            String mode = e.choice("mode", "auto", List.of("auto", "min", "max"));
            if (mode.equals("auto")) mode = isAccuracy(metric) ? "max" : "min";
            early = new EarlyStopping(metric, e.integer("patience", 5, 1), e.real("min_delta", 0.0, 0), mode, e.bool("restore_best", false));
        }
        ParamGroups groups = ParamGroups.parse(r, optimizer);
        if (optimizer.name().equals("LBFGS")) lbfgsRefusals(r, groups);
        // ReduceLROnPlateau's, OneCycleLR's and CyclicLR's rate per group, and the latter two's momenta.
        for (String key : List.of("min_lr", "max_lr", "base_lr", "base_momentum", "max_momentum")) {
            if (scheduler != null && scheduler.params().get(key) instanceof List<?> rates && rates.size() != groups.groups().size() + 1) {
                throw new ConfigException(r.path("scheduler") + "." + key + " lists " + rates.size() + (key.endsWith("_momentum") ? " momenta" : " rates")
                        + ", one per parameter group, but the optimiser has "
                        + (groups.groups().size() + 1) + (groups.isEmpty() ? " group (param_groups adds more)"
                        : " groups: the parameters no param_groups entry names, then each entry's"));
            }
        }
        return new TrainingConfig(optimizer, scheduler, loss, epochs, r.integer("batch_size", 64, 1), r.bool("shuffle", true),
                r.bool("drop_last", false), positive(r, "clip_grad_norm"), normType(r), positive(r, "clip_grad_value"), r.longValue("seed", 0),
                device(r), metrics, early, r.integer("checkpoint_every", 0, 0), r.integer("stats_every", 50, 0), groups, lossWeights(r));
    }

    /**
     * What cannot work with LBFGS, refused naming the key: parameter groups (torch's LBFGS takes one: its history is of the
     * flat vector of all parameters) and gradient clipping (its line search and curvature pairs take the gradient as the
     * loss's true slope; a clipped one breaks the Wolfe conditions and the history both).
     */
    private static void lbfgsRefusals(ConfigReader r, ParamGroups groups) {
        if (!groups.isEmpty()) {
            throw new ConfigException(r.path(ParamGroups.KEY) + ": LBFGS takes a single parameter group, as torch's (\"LBFGS doesn't support per-parameter "
                    + "options\"): its steps are those of one vector of every parameter; remove param_groups or choose another optimizer");
        }
        for (String key : List.of("clip_grad_norm", "clip_grad_value")) {
            if (r.raw(key) != null) {
                throw new ConfigException(r.path(key) + ": LBFGS takes the gradient as the loss's true slope (its step sizes and curvature come from it); "
                        + "a clipped gradient would mislead both, so LBFGS runs unclipped: remove " + key + " or choose another optimizer");
            }
        }
    }

    /**
     * {@code early_stopping.metric}: one of {@link #WATCHABLE}, or a loss node's own loss ({@code val_loss_ce}), whose name is
     * checked against the network when a run starts.
     */
    private static String watched(ConfigReader e) {
        String metric = e.string("metric", "val_loss");
        List<String> prefixes = new ArrayList<>(LOSS_PREFIXES);
        prefixes.addAll(HEAD_PREFIXES);
        for (String prefix : prefixes) {
            if (metric.startsWith(prefix) && metric.length() > prefix.length()) return metric;
        }
        for (String w : WATCHABLE) if (w.equalsIgnoreCase(metric)) return w;
        // A loss node's own loss (or a head's score) spelt otherwise (VAL_LOSS_ce): its prefix in lower case, the node's name as written.
        String near = null;
        for (String prefix : prefixes) {
            if (metric.toLowerCase(java.util.Locale.ROOT).startsWith(prefix) && metric.length() > prefix.length()) near = prefix + metric.substring(prefix.length());
        }
        if (near == null) near = layerlab.graph.spec.Spelling.closest(metric, WATCHABLE);
        throw new ConfigException(e.path("metric") + " is \"" + metric + "\"" + layerlab.graph.spec.Spelling.suggestion(near) + "; choose one of "
                + String.join(", ", WATCHABLE) + ", or val_loss_<loss node> or train_loss_<loss node> for one loss node's own loss"
                + ", or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score");
    }

    /**
     * What ReduceLROnPlateau's {@code metric} may name (its {@code scheduler.step(metric)}), besides one loss node's own
     * validation loss ({@code val_loss_bill}) and one head's own score ({@code val_accuracy_species}, {@code val_mae_bill}): a
     * loss, or the validation score of the run; left out, the validation loss (the training loss without validation data), as
     * before the setting was.
     */
    public static final List<String> PLATEAU_WATCHABLE = List.of("val_loss", "train_loss", "val_accuracy", "val_mae");
    /**
     * The prefixes of one loss node's own validation loss and one head's validation score, which ReduceLROnPlateau may watch:
     * validation only, as a head's score is (the run's whole train_loss stays a choice).
     */
    static final List<String> PLATEAU_HEAD_PREFIXES = List.of("val_loss_", "val_accuracy_", "val_mae_");

    /**
     * ReduceLROnPlateau's {@code metric} read from its options {@code r} (null when left out): one of {@link #PLATEAU_WATCHABLE},
     * one loss node's own validation loss, or one head's validation score, whose node is checked against the network when a
     * run starts ({@link Losses#plateauProblem}); else refused with the nearest name.
     */
    static String plateauWatched(ConfigReader r) {
        Object raw = r.raw("metric");
        if (raw == null) return null;
        if (!(raw instanceof String metric)) {
            throw new ConfigException(r.path("metric") + " must be the name of a metric such as \"val_loss\", got " + ConfigReader.show(raw));
        }
        for (String prefix : PLATEAU_HEAD_PREFIXES) if (metric.startsWith(prefix) && metric.length() > prefix.length()) return metric;
        for (String w : PLATEAU_WATCHABLE) if (w.equalsIgnoreCase(metric)) return w;
        String near = null;
        for (String prefix : PLATEAU_HEAD_PREFIXES) {
            if (metric.toLowerCase(java.util.Locale.ROOT).startsWith(prefix) && metric.length() > prefix.length()) near = prefix + metric.substring(prefix.length());
        }
        if (near == null) near = layerlab.graph.spec.Spelling.closest(metric, PLATEAU_WATCHABLE);
        throw new ConfigException(r.path("metric") + " is \"" + metric + "\"" + layerlab.graph.spec.Spelling.suggestion(near) + "; choose one of "
                + String.join(", ", PLATEAU_WATCHABLE) + ", or val_loss_<loss node> for one loss node's own loss"
                + ", or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score");
    }

    /** The loss node whose own loss {@code metric} is ({@code bill} for {@code val_loss_bill}, {@code train_loss_bill}), or null. */
    public static String lossNodeOf(String metric) {
        if (metric == null) return null;
        for (String prefix : LOSS_PREFIXES) if (metric.startsWith(prefix) && metric.length() > prefix.length()) return metric.substring(prefix.length());
        return null;
    }

    /** The loss node whose head's score {@code metric} is ({@code bill} for {@code val_mae_bill}), or null. */
    public static String headNodeOf(String metric) {
        if (metric == null) return null;
        for (String prefix : HEAD_PREFIXES) if (metric.startsWith(prefix)) return metric.substring(prefix.length());
        return null;
    }

    /** The metric a ReduceLROnPlateau {@code scheduler} steps on, as the settings name it; null for another scheduler or none (or left out: val_loss, else train_loss). */
    public String plateauMetric() {
        return scheduler != null && scheduler.name().equals("ReduceLROnPlateau") && scheduler.params().get("metric") instanceof String m ? m : null;
    }

    /** Whether {@code metric} is an accuracy, better when higher: {@code val_accuracy}, a head's {@code val_accuracy_species}. */
    static boolean isAccuracy(String metric) {
        return metric.equals("val_accuracy") || metric.equals("train_accuracy") || metric.startsWith("val_accuracy_") || metric.startsWith("train_accuracy_");
    }

    /**
     * {@code loss_weights}: an object of loss node names and their weights, numbers of at least 0 ({@code {"aux": 0.3}}); the
     * names are checked against the network's loss nodes when a run starts and by {@code layerlab check}.
     */
    private static Map<String, Double> lossWeights(ConfigReader r) {
        String key = "loss_weights";
        if (!r.has(key)) return Map.of();
        if (!(r.raw(key) instanceof Map<?, ?> m)) {
            throw new ConfigException(r.path(key) + " must be an object of loss node names and weights, like {\"ce\": 1.0, \"aux\": 0.3}, got "
                    + ConfigReader.show(r.raw(key)));
        }
        Map<String, Double> w = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!(v instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
                throw new ConfigException(r.path(key) + "." + k + " must be a number of at least 0 (the loss's share of the sum), got " + ConfigReader.show(v));
            }
            w.put(String.valueOf(k), n.doubleValue());
        });
        return w;
    }

    private static Double positive(ConfigReader r, String key) {
        Double d = r.real(key, null, 0);
        if (d != null && d == 0) throw new ConfigException(r.path(key) + " must be greater than 0 (leave it out for no clipping)");
        return d;
    }

    /**
     * {@code clip_grad_norm_type}: {@code clip_grad_norm_}'s {@code norm_type}, a number above 0 or {@code "inf"} (JSON has no
     * infinity; torch takes the string too), 2 when left out; only beside {@code clip_grad_norm}, which it is the norm of.
     */
    private static double normType(ConfigReader r) {
        String key = "clip_grad_norm_type";
        if (!r.has(key)) return 2.0;
        if (!r.has("clip_grad_norm")) {
            throw new ConfigException(r.path(key) + " is the norm clip_grad_norm bounds, but clip_grad_norm is not set: set it (for example 1.0) or leave "
                    + key + " out");
        }
        Object v = r.raw(key);
        if (v instanceof String s && s.trim().equalsIgnoreCase("inf")) return Double.POSITIVE_INFINITY;
        if (!(v instanceof Number n) || !(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
            throw new ConfigException(r.path(key) + " must be a number above 0 (2 is the usual Euclidean norm, 1 the sum of magnitudes) or \"inf\" "
                    + "(the largest magnitude), got " + ConfigReader.show(v));
        }
        return n.doubleValue();
    }

    private static String device(ConfigReader r) {
        String d = r.string("device", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (!isDevice(d)) throw new ConfigException("training.device is \"" + d + "\"; " + DEVICES);
        return d;
    }

    /** What a device may be, as the messages that refuse one say it. */
    public static final String DEVICES = "choose cpu, cuda, cuda:N or auto";

    /**
     * Whether {@code device} is a device LayerLab knows, in any case and with spaces around: {@code cpu}, {@code cuda},
     * {@code cuda:N} (N = 0, 1, …) or {@code auto}. Whether that device is there is another question, asked when a run
     * starts on it.
     */
    public static boolean isDevice(String device) {
        String d = device.trim().toLowerCase(java.util.Locale.ROOT);
        return d.equals("auto") || Device.isDevice(d);
    }

    /** A name or an object with a {@code "name"}, as a map holding {@code name} and the options. */
    private static Map<String, Object> component(ConfigReader r, String key, String dflt) {
        return component(r.raw(key), r.path(key), dflt);
    }

    /** {@code v} (a scheduler inside SequentialLR's list, at {@code path}) as a map holding {@code name} and the options. */
    static Map<String, Object> componentMap(Object v, String path) {
        return component(v, path, null);
    }

    private static Map<String, Object> component(Object v, String path, String dflt) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v == null) {
            m.put("name", dflt);
        } else if (v instanceof String s) {
            m.put("name", s);
        } else if (v instanceof Map<?, ?> map) {
            map.forEach((k, x) -> m.put(String.valueOf(k), x));
            if (!(m.get("name") instanceof String)) {
                throw new ConfigException(path + " needs a \"name\" (for example {\"name\": \"" + (dflt == null || dflt.equals("none") ? "StepLR" : dflt) + "\", …})");
            }
        } else {
            throw new ConfigException(path + " must be a name or an object with a \"name\", got " + ConfigReader.show(v));
        }
        return m;
    }

    /** The same settings without a schedule (the learning-rate finder sets the rate itself, on the optimiser as configured). */
    public TrainingConfig withoutScheduler() {
        return new TrainingConfig(optimizer, null, loss, epochs, batchSize, shuffle, dropLast, clipGradNorm, clipGradNormType, clipGradValue, seed,
                device, metrics, earlyStopping, checkpointEvery, statsEvery, paramGroups, lossWeights);
    }

    /** The config as a project's {@code "training"} object, every option written out; {@link #fromMap} reads it back equal. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", optimizer.toMap());
        m.put("scheduler", scheduler == null ? "none" : scheduler.toMap());
        if (loss != null) m.put("loss", loss.toMap());
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("shuffle", shuffle);
        m.put("drop_last", dropLast);
        if (clipGradNorm != null) m.put("clip_grad_norm", clipGradNorm);
        if (clipGradNorm != null && clipGradNormType != 2.0) m.put("clip_grad_norm_type", normTypeValue(clipGradNormType));
        if (clipGradValue != null) m.put("clip_grad_value", clipGradValue);
        m.put("seed", seed);
        m.put("device", device);
        if (!metrics.isEmpty()) m.put("metrics", metrics);
        if (earlyStopping != null) m.put("early_stopping", earlyStopping.toMap());
        m.put("checkpoint_every", checkpointEvery);
        m.put("stats_every", statsEvery);
        if (!paramGroups.isEmpty()) m.put(ParamGroups.KEY, paramGroups.groups());
        if (!lossWeights.isEmpty()) m.put("loss_weights", new LinkedHashMap<>(lossWeights));
        return m;
    }

    /** A norm type as the project file writes it: the number, or {@code "inf"}. */
    public static Object normTypeValue(double normType) {
        return Double.isInfinite(normType) ? "inf" : (Object) normType;
    }

    /** The optimizer as a run's first line and the window's project overview name it: {@code Adam(lr=0.001)}. */
    public String optimizerText() {
        return optimizer.name() + "(lr=" + valueText(lr()) + ")";
    }

    /**
     * A hyperparameter's value as a person reads it, written one way wherever LayerLab shows one (the advice, the runs
     * table and its comparison, sweep's ranking and the train command it prints, the training form's fields): the fewest
     * significant digits that read back as the value (at most 15, which hides arithmetic's last-digit noise: 0.1 + 0.2 is
     * 0.3), a whole number without ".0", an exponent below 0.0001 as Python
     * writes it ({@code 0.001}, {@code 0.00132}, {@code 1e-07}, {@code 2.5e-05}, {@code 10}), never Java's {@code 1.0E-7}.
     */
    public static String valueText(double v) {
        if (v == 0 || !Double.isFinite(v)) return shortNumber(v);
        // Up to 1e16 a number of 1 or more is written out in full (10, not %g's 1e+01), as Python does.
        int whole = Math.abs(v) >= 1 && Math.abs(v) < 1e16 ? (int) Math.floor(Math.log10(Math.abs(v))) + 1 : 1;
        for (int digits = whole; ; digits++) {
            String s = shortNumber(v, digits);
            if (digits >= 15 || Double.parseDouble(s) == v) return s;
        }
    }

    /** Four significant digits, no trailing zeros: {@code 0.001}, {@code 8.856e-05} (learning rates, where they are shown). */
    public static String shortNumber(double v) {
        return shortNumber(v, 4);
    }

    /** {@code v} in at most {@code digits} significant digits, trailing zeros dropped: {@code 0.00132}, {@code 1e-07}, {@code 10}. */
    public static String shortNumber(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : String.valueOf(v);
        String s = String.format(java.util.Locale.ROOT, "%." + digits + "g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** The learning rate the run starts with. */
    public double lr() {
        return optimizer.real("lr");
    }
}
