package layerlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import layerlab.io.FileFormatException;
import layerlab.io.ModelBundle;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;

/**
 * Where a run stood, everything it needs to go on as if it had never stopped: what a PyTorch checkpoint holds
 * ({@code model.state_dict()}, {@code optimizer.state_dict()}, {@code scheduler.state_dict()}, the epoch) and what
 * LayerLab's loop keeps besides — the step count, the dropout generator's position, the epochs' metrics, early
 * stopping's best so far and, when it stopped inside an epoch, how many of that epoch's batches it trained and their
 * running metrics. A {@link Trainer} given it ({@link Trainer#resumeFrom}) with the same settings, data and seed gives
 * the same bits as the run that was not interrupted ({@code ResumeTest}).
 * <p>
 * Tensors are copies on the host, never the run's live ones.
 *
 * @param epochs          epochs completed (validated, scheduled)
 * @param batches         batches trained of the next epoch; 0 at an epoch's end
 * @param step            optimiser steps taken
 * @param trainSamples    the size of the training set it ran on; a resumed run needs the same
 * @param batchesPerEpoch the batches an epoch had
 * @param config          the training settings it ran under ({@link TrainingConfig#toMap})
 * @param model           the weights and buffers training goes on from (not the restored best's)
 * @param optimizer       the optimiser's {@link layerlab.optim.Optimizer#stateDict()}, PyTorch's names
 * @param scheduler       the scheduler's state dict, or null without one
 * @param generator       the position of the generator dropout draws from ({@link Generator#state()}); a bundle written before
 *                        LayerLab drew as PyTorch does holds 6 numbers, read as a seed (the run goes on with other dropout masks)
 * @param history         one map per completed epoch, as {@link Trainer#history()}
 * @param epochMetrics    the running metrics of the epoch in progress ({@link Metrics#state()}); null at an epoch's end
 * @param epochSeconds    wall time spent in the epoch in progress
 * @param trainSeconds    of which training steps (samples per second are counted from it)
 * @param earlyStopping   early stopping's progress; null when the run has none
 */
public record TrainingState(int epochs, int batches, long step, int trainSamples, int batchesPerEpoch, Map<String, Object> config,
                            Map<String, Tensor> model, Map<String, Object> optimizer, Map<String, Object> scheduler, long[] generator,
                            List<Map<String, Object>> history, Map<String, Object> epochMetrics, double epochSeconds, double trainSeconds,
                            EarlyStopping earlyStopping) {
    /** The settings a resumed run may change: how long it goes on, where, how often it reports and saves, when it gives up. */
    public static final Set<String> MAY_CHANGE = Set.of("epochs", "device", "checkpoint_every", "stats_every", "early_stopping");

    /**
     * Early stopping's progress: the best value of its metric so far, the epochs since it last improved, and with
     * {@code restore_best} the best epoch, its metrics and its weights (else 0, empty and null).
     */
    public record EarlyStopping(double best, int bad, int bestEpoch, Map<String, Double> bestMetrics, Map<String, Tensor> bestState) {
        public EarlyStopping {
            bestMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(bestMetrics));
            if (bestState != null) bestState = Collections.unmodifiableMap(new LinkedHashMap<>(bestState));
        }
    }

    public TrainingState {
        if (epochs < 0 || batches < 0 || step < 0) throw new IllegalArgumentException("a training state cannot count below zero");
        if (batches > batchesPerEpoch) throw new IllegalArgumentException("batch " + batches + " is past the epoch's " + batchesPerEpoch);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
        model = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(model, "model")));
        optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(optimizer, "optimizer")));
        if (scheduler != null) scheduler = Collections.unmodifiableMap(new LinkedHashMap<>(scheduler));
        if (generator.length != Generator.STATE_LENGTH) {
            throw new IllegalArgumentException("a generator's state has " + Generator.STATE_LENGTH + " numbers, got " + generator.length);
        }
        generator = generator.clone();
        history = List.copyOf(history.stream().map(h -> Collections.unmodifiableMap(new LinkedHashMap<>(h))).toList());
        if (epochMetrics != null) epochMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(epochMetrics));
        if ((batches > 0) != (epochMetrics != null)) throw new IllegalArgumentException("an epoch in progress needs its running metrics, and only then");
    }

    @Override
    public long[] generator() {
        return generator.clone();
    }

    /** Stopped inside an epoch (a run resumes it at its next batch). */
    public boolean midEpoch() {
        return batches > 0;
    }

    /** "after epoch 3, step 2,532" or "in epoch 4 after batch 120 of 844, step 2,652". */
    public String describe() {
        String at = midEpoch() ? String.format(Locale.ROOT, "in epoch %d after batch %,d of %,d", epochs + 1, batches, batchesPerEpoch)
                : "after epoch " + epochs;
        return String.format(Locale.ROOT, "%s, step %,d", at, step);
    }

    /** The epoch a resumed run starts in. */
    public int nextEpoch() {
        return epochs + 1;
    }

    /**
     * The settings of {@code config} (a {@link TrainingConfig#toMap}) that differ from this state's other than those a
     * resumed run {@link #MAY_CHANGE}, each as "batch_size 64 (the checkpoint's 32)"; empty when it may go on under them.
     */
    public List<String> differences(Map<String, Object> config) {
        List<String> out = new ArrayList<>();
        differences("", this.config, config, out);
        return out;
    }

    private static void differences(String path, Map<?, ?> mine, Map<?, ?> theirs, List<String> out) {
        Set<Object> keys = new java.util.LinkedHashSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        for (Object k : keys) {
            if (path.isEmpty() && MAY_CHANGE.contains(String.valueOf(k))) continue;
            Object a = mine.get(k), b = theirs.get(k);
            if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y && Objects.equals(x.get("name"), y.get("name"))) {
                differences(path + k + ".", x, y, out);
            } else if (!JsonValues.same(a, b)) {
                out.add(path + k + " " + shown(b) + " (the checkpoint's " + shown(a) + ")");
            }
        }
    }

    private static String shown(Object v) {
        return v == null ? "unset" : JsonValues.show(v);
    }

    // ---------------------------------------------------------------- in a bundle

    /**
     * This state as a bundle holds it ({@code resume.json}, {@code resume.safetensors}): numbers in the JSON, tensors
     * named {@code optimizer.<key>}, {@code best.<name>} and {@code model.<name>} — the last left out when they are
     * {@code weights} bit for bit (the bundle's own weights, unless early stopping restored its best).
     */
    public ModelBundle.Resume toBundle(Map<String, Tensor> weights) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        json.put("epochs", epochs);
        json.put("batches", batches);
        json.put("step", step);
        json.put("train_samples", trainSamples);
        json.put("batches_per_epoch", batchesPerEpoch);
        json.put("config", config);
        boolean same = sameTensors(model, weights);
        json.put("model", same ? "weights" : "resume");
        if (!same) model.forEach((k, v) -> tensors.put("model." + k, v));
        Map<String, Object> opt = new LinkedHashMap<>();
        optimizer.forEach((k, v) -> {
            if (v instanceof Tensor t) tensors.put("optimizer." + k, t);
            else opt.put(k, v);
        });
        json.put("optimizer", opt);
        if (scheduler != null) json.put("scheduler", scheduler);
        json.put("generator", java.util.Arrays.stream(generator).boxed().toList());
        json.put("history", history);
        if (epochMetrics != null) {
            json.put("epoch_metrics", epochMetrics);
            json.put("epoch_seconds", epochSeconds);
            json.put("train_seconds", trainSeconds);
        }
        if (earlyStopping != null) {
            Map<String, Object> es = new LinkedHashMap<>();
            es.put("best", earlyStopping.best());
            es.put("bad", earlyStopping.bad());
            es.put("best_epoch", earlyStopping.bestEpoch());
            es.put("best_metrics", earlyStopping.bestMetrics());
            json.put("early_stopping", es);
            if (earlyStopping.bestState() != null) earlyStopping.bestState().forEach((k, v) -> tensors.put("best." + k, v));
        }
        return new ModelBundle.Resume(json, tensors);
    }

    /**
     * The state a bundle holds ({@code where} names the bundle in messages), its model's weights from {@code weights}
     * when the bundle says they are those; anything missing or of the wrong kind is refused with its key.
     */
    public static TrainingState fromBundle(ModelBundle.Resume r, Map<String, Tensor> weights, String where) throws FileFormatException {
        Fields f = new Fields(r.state(), where + "/resume.json");
        Map<String, Tensor> model = new LinkedHashMap<>(), best = new LinkedHashMap<>();
        Map<String, Object> optimizer = new LinkedHashMap<>(f.map("optimizer"));
        for (var e : r.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("model.")) model.put(k.substring(6), e.getValue());
            else if (k.startsWith("best.")) best.put(k.substring(5), e.getValue());
            else if (k.startsWith("optimizer.")) optimizer.put(k.substring(10), e.getValue());
            else throw new FileFormatException(where + "/resume.safetensors", "unknown tensor \"" + k + "\"; it holds model.*, optimizer.* and best.*");
        }
        String from = f.text("model");
        if (from.equals("weights")) model = weights;
        else if (!from.equals("resume")) throw f.bad("model", "\"weights\" or \"resume\"");
        List<?> g = f.list("generator");
        long[] generator = new long[g.size()];
        for (int i = 0; i < generator.length; i++) {
            if (!(g.get(i) instanceof Number n) || n instanceof Double) throw f.bad("generator", Generator.STATE_LENGTH + " whole numbers");
            generator[i] = n.longValue();
        }
        if (generator.length == OLDER_GENERATOR) generator = fromOlderGenerator(generator);
        else if (generator.length != Generator.STATE_LENGTH) throw f.bad("generator", Generator.STATE_LENGTH + " whole numbers");
        try {
            new Generator(0).setState(generator);
        } catch (IllegalArgumentException e) {
            throw f.bad("generator", "a generator's position (" + e.getMessage() + ")");
        }
        List<Map<String, Object>> history = new ArrayList<>();
        for (Object h : f.list("history")) {
            if (!(h instanceof Map<?, ?> m)) throw f.bad("history", "a list of objects, one per epoch");
            Map<String, Object> row = new LinkedHashMap<>();
            m.forEach((k, v) -> row.put(String.valueOf(k), v));
            history.add(row);
        }
        EarlyStopping es = null;
        if (r.state().containsKey("early_stopping")) {
            Fields e = new Fields(f.map("early_stopping"), where + "/resume.json early_stopping");
            Map<String, Double> bestMetrics = new LinkedHashMap<>();
            e.map("best_metrics").forEach((k, v) -> {
                if (v instanceof Number n) bestMetrics.put(k, n.doubleValue());
            });
            es = new EarlyStopping(e.number("best").doubleValue(), e.number("bad").intValue(), e.number("best_epoch").intValue(), bestMetrics,
                    best.isEmpty() ? null : best);
        }
        boolean mid = r.state().containsKey("epoch_metrics");
        try {
            return new TrainingState(f.number("epochs").intValue(), f.number("batches").intValue(), f.number("step").longValue(),
                    f.number("train_samples").intValue(), f.number("batches_per_epoch").intValue(), f.map("config"), model, optimizer,
                    r.state().containsKey("scheduler") ? f.map("scheduler") : null, generator, history, mid ? f.map("epoch_metrics") : null,
                    mid ? f.number("epoch_seconds").doubleValue() : 0, mid ? f.number("train_seconds").doubleValue() : 0, es);
        } catch (IllegalArgumentException ex) {
            throw new FileFormatException(where + "/resume.json", ex.getMessage());
        }
    }

    private static boolean sameTensors(Map<String, Tensor> a, Map<String, Tensor> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (var e : a.entrySet()) {
            Tensor x = e.getValue(), y = b.get(e.getKey());
            if (!java.util.Arrays.equals(x.shape(), y.shape()) || x.dtype() != y.dtype()) return false;
            if (x.dtype() == layerlab.tensor.DType.INT64 ? !java.util.Arrays.equals(x.toLongArray(), y.toLongArray())
                    : !java.util.Arrays.equals(x.toFloatArray(), y.toFloatArray())) return false;
        }
        return true;
    }

    /** Typed reads of a JSON object that name the key and the file when a value is missing or of another kind. */
    private record Fields(Map<String, Object> m, String where) {
        FileFormatException bad(String key, String what) {
            return new FileFormatException(where, "\"" + key + "\" must be " + what + ", it is " + (m.containsKey(key) ? String.valueOf(m.get(key)) : "missing"));
        }

        Number number(String key) throws FileFormatException {
            if (m.get(key) instanceof Number n) return n;
            throw bad(key, "a number");
        }

        String text(String key) throws FileFormatException {
            if (m.get(key) instanceof String s) return s;
            throw bad(key, "a string");
        }

        List<?> list(String key) throws FileFormatException {
            if (m.get(key) instanceof List<?> l) return l;
            throw bad(key, "a list");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String key) throws FileFormatException {
            if (m.get(key) instanceof Map<?, ?> x) return (Map<String, Object>) x;
            throw bad(key, "an object");
        }
    }

    /** The length of the generator state of bundles written before LayerLab's generator was PyTorch's (xoshiro128**). */
    private static final int OLDER_GENERATOR = 6;

    /**
     * A position for the generator in place of an older one that it cannot take up: seeded from the six numbers, so a
     * run resumed from such a bundle goes on (from the same weights, optimiser state and batches) with dropout masks of
     * its own rather than the ones the older LayerLab would have drawn.
     */
    private static long[] fromOlderGenerator(long[] older) {
        long seed = 0;
        for (long v : older) seed = seed * 0x9E3779B97F4A7C15L + v;
        return new Generator(seed ^ seed >>> 32).state();
    }

    /** A copy of {@code t} on the host that the run's later steps cannot change. */
    static Tensor host(Tensor t) {
        return t.device().kind() == Device.Kind.CPU ? t.copy() : t.to(Device.CPU);
    }

    static Map<String, Tensor> host(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, host(v)));
        return out;
    }

    /** An optimiser state dict with its tensors copied to the host (numbers and lists as they are). */
    static Map<String, Object> hostObjects(Map<String, Object> state) {
        Map<String, Object> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v instanceof Tensor t ? host(t) : v instanceof List<?> l ? List.copyOf(l) : v));
        return out;
    }
}
