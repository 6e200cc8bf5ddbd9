package layerlab.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.autograd.Autograd;
import layerlab.autograd.Profiler;
import layerlab.data.Batch;
import layerlab.data.Dataset;
import layerlab.graph.compile.Model;
import layerlab.loss.Loss;
import layerlab.nn.Module;
import layerlab.tensor.Device;
import layerlab.tensor.StepMemory;
import layerlab.tensor.Tensor;

/**
 * A compiled model with what it is trained against: its first Output, and its loss, the graph's loss nodes (the weighted
 * sum of several, {@code training.loss_weights}; the first one's Output is the one scored and predicted) or else the
 * config's loss applied to that Output. Runs a batch forward (for training and validation), evaluates a data
 * set without gradients in eval mode, and predicts.
 */
public final class Evaluator {
    private final Model model;
    private final Feeds feeds;
    private final String output;
    private final String prediction;
    private final String lossNode;
    /** Every loss node, the first being {@link #lossNode}, and the weight of each in the sum a run trains with. */
    private final List<String> lossNodes;
    private final float[] lossWeights;
    /**
     * With several target Inputs, each loss node that compares a prediction with one of them, by name: what it scores
     * and what it scores against, for its head's own accuracy or MAE ({@code val_accuracy_ce}, {@code val_mae_mse}); else empty.
     */
    private final Map<String, Head> heads = new java.util.LinkedHashMap<>();
    /** The target Input the first loss node compares with (its {@code target} port's), or null. */
    private final String firstTarget;
    private final Loss configLoss;
    private final Metrics.Task task;
    private final Device device;
    /** Predict's and evaluate's batches, halved where one ran out of memory. */
    private final Batches batches = new Batches();

    /**
     * @param configLoss the loss to use when the graph has no loss node (ignored when it has one); null allowed then
     */
    public Evaluator(Model model, TrainingConfig.Component configLoss, Device device) {
        this(model, configLoss, Map.of(), device);
    }

    /** An evaluator for a run of {@code config}: its loss (without a loss node) and its loss nodes' weights. */
    public static Evaluator forRun(Model model, TrainingConfig config, Device device) {
        return new Evaluator(model, config.loss(), config.lossWeights(), device);
    }

    /**
     * @param lossWeights a weight per loss node by name ({@code training.loss_weights}): with several loss nodes the loss is
     *                    their weighted sum, as {@code loss = 1.0 * ce + 0.3 * aux} in PyTorch; 1 for a node not named
     */
    public Evaluator(Model model, TrainingConfig.Component configLoss, Map<String, Double> lossWeights, Device device) {
        this.model = model;
        this.device = device;
        if (model.outputNames().isEmpty()) throw new IllegalArgumentException("the model has no Output node: add one after the layer that makes the predictions");
        this.feeds = new Feeds(model);
        List<String> losses = model.lossNames();
        String unknown = Losses.weightsProblem(lossWeights, losses);
        if (unknown != null) throw new ConfigException(unknown);
        lossNodes = losses;
        this.lossWeights = new float[losses.size()];
        for (int i = 0; i < losses.size(); i++) this.lossWeights[i] = lossWeights.getOrDefault(losses.get(i), 1.0).floatValue();
        if (!losses.isEmpty()) {
            lossNode = losses.get(0);
            this.configLoss = null;
            prediction = model.inputsOf(lossNode).get(0);
            output = model.outputNames().stream().filter(o -> prediction.equals(model.inputsOf(o).get(0))).findFirst()
                    .orElse(model.outputNames().get(0));
            List<String> lossInputs = model.inputsOf(lossNode);
            // The loss's target port reads an Input: a target Input, or (an autoencoder's reconstruction loss) the data Input
            // itself, whose batch then is what the loss and the MAE compare with, never the data set's labels.
            firstTarget = lossInputs.size() > 1 && model.inputNames().contains(lossInputs.get(1)) ? lossInputs.get(1) : feeds.targetInput();
            // A reconstruction (BCELoss on pixels in [0, 1] too) is scored as an amount, by MAE: a pixel above 0.5 is no class.
            task = reconstructs() ? Metrics.Task.REGRESSION : Metrics.Task.of(model.node(lossNode));
            if (feeds.targetInputs().size() > 1) {
                for (String l : losses) {
                    List<String> in = model.inputsOf(l);
                    if (in.size() > 1 && in.get(0) != null && feeds.targetInputs().contains(in.get(1)))
                        heads.put(l, new Head(l, in.get(0), in.get(1), Metrics.Task.of(model.node(l))));
                }
            }
        } else {
            firstTarget = null;
            lossNode = null;
            output = model.outputNames().get(0);
            if (configLoss != null) {
                var out = model.analysis().graph().nodeByName(output);
                var info = out == null ? null : model.analysis().info(out.id());
                String counts = info == null || info.inputTypes().isEmpty() ? null : Losses.countProblem(configLoss, info.inputTypes().get(0));
                if (counts != null) throw new ConfigException(counts);
            }
            this.configLoss = configLoss == null ? null : Losses.build(configLoss);
            task = this.configLoss == null ? Metrics.Task.OTHER : Metrics.Task.of(this.configLoss);
            prediction = output;
        }
    }

    /** Whether the first loss node compares with a data Input, the network's own input: an autoencoder's reconstruction. */
    public boolean reconstructs() {
        return firstTarget != null && feeds.dataInputs().contains(firstTarget);
    }

    public Model model() {
        return model;
    }

    /** The loss nodes a run trains with, in document order (empty when the config's loss is used). */
    public List<String> lossNodes() {
        return lossNodes;
    }

    public Feeds feeds() {
        return feeds;
    }

    /**
     * A head of a network of several target Inputs: loss node {@code loss} compares {@code prediction} (a node's output)
     * with target Input {@code target}, for a task of its own.
     */
    public record Head(String loss, String prediction, String target, Metrics.Task task) {}

    /** The heads of a network of several target Inputs, by loss node in document order; empty for one target. */
    public Map<String, Head> heads() {
        return java.util.Collections.unmodifiableMap(heads);
    }

    /** The Output that returns what head {@code h}'s loss node compares, or null where none does. */
    public String outputOf(Head h) {
        return model.outputNames().stream().filter(n -> h.prediction().equals(model.inputsOf(n).get(0))).findFirst().orElse(null);
    }

    /** Each head's own score by its loss node, as {@link Metrics} counts it: {@code accuracy} or {@code mae}; a head of neither left out. */
    public Map<String, String> headScores() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        heads.forEach((name, h) -> {
            if (h.task().classification()) m.put(name, "accuracy");
            else if (h.task() == Metrics.Task.REGRESSION) m.put(name, "mae");
        });
        return m;
    }

    /**
     * The Output {@link #predict} returns: the one fed by what the loss node compares with the target (its {@code input}
     * port), else the first Output.
     */
    public String output() {
        return output;
    }

    public Metrics.Task task() {
        return task;
    }

    public Device device() {
        return device;
    }

    /** The graph's loss node, or null when the config's loss is used. */
    public String lossNode() {
        return lossNode;
    }

    Module configLoss() {
        return configLoss;
    }

    /** The config loss's class name ({@code CrossEntropyLoss}), what a {@link layerlab.autograd.Profiler} times it as; null with a loss node. */
    String configLossName() {
        return configLoss == null ? null : configLoss.getClass().getSimpleName();
    }

    /**
     * One forward pass: the loss (a scalar, the mean if the loss keeps elements), the prediction the loss compared (the
     * metrics use it), the target as the loss saw it, the feeds, and every node asked for.
     */
    record Pass(Tensor loss, Tensor output, Tensor target, Map<String, Tensor> feeds, Map<String, Tensor> extras) {
        /**
         * Each loss node's own loss (the mean, when it keeps elements), unweighted, by name, when the loss is the weighted
         * sum of several; empty for one loss. Read for the metrics, after the step's backward.
         */
        Map<String, Double> parts(List<String> lossNodes) {
            if (lossNodes.size() < 2) return Map.of();
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            for (String l : lossNodes) {
                Tensor t = extras.get(l);
                m.put(l, (double) (t.numel() == 1 ? t : t.mean()).item());
            }
            return m;
        }

        /** Each head's prediction and target as its loss saw them, for its own metrics; empty for one target. */
        Map<String, Metrics.HeadBatch> heads(Map<String, Head> heads) {
            Map<String, Metrics.HeadBatch> m = new java.util.LinkedHashMap<>();
            for (Head h : heads.values()) m.put(h.loss(), new Metrics.HeadBatch(h.task(), extras.get(h.prediction()).detach(), feeds.get(h.target())));
            return m;
        }
    }

    Pass forward(Batch batch, Collection<String> extra) {
        Map<String, Tensor> f = feeds.of(batch, device);
        // An augmented batch of an autoencoder: the network takes the transformed pictures, its reconstruction losses the
        // pictures as they were (a denoising autoencoder remakes the clean picture from the erased one).
        Map<String, Tensor> clean = reconstructs() && batch.unaugmented() != null ? feeds.inputs(batch.unaugmented(), device) : Map.of();
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(prediction);
        for (Head h : heads.values()) wanted.add(h.prediction());
        for (String l : lossNodes) wanted.add(cleanTarget(l, clean) != null ? model.inputsOf(l).get(0) : l);
        wanted.addAll(extra);
        Map<String, Tensor> out = new java.util.LinkedHashMap<>(model.run(f, new ArrayList<>(wanted)));
        for (String l : lossNodes) {
            Tensor t = cleanTarget(l, clean);
            if (t != null) out.put(l, ((Loss) model.node(l)).forward(out.get(model.inputsOf(l).get(0)), t));
        }
        Tensor predicted = out.get(prediction);
        Tensor target, loss;
        if (lossNode != null) {
            loss = null;
            // The weighted sum of the loss nodes, in document order: 1.0 * ce + 0.3 * aux, as a PyTorch training loop adds them.
            for (int i = 0; i < lossNodes.size(); i++) {
                Tensor l = out.get(lossNodes.get(i));
                if (l.numel() != 1) l = l.mean();
                if (lossWeights[i] != 1f) l = l.mul(lossWeights[i]);
                loss = loss == null ? l : loss.add(l);
            }
            target = firstTarget != null ? clean.getOrDefault(firstTarget, f.get(firstTarget)) : feeds.target(batch, device);
        } else {
            target = Feeds.forLoss(feeds.target(batch, device), predicted, task == Metrics.Task.MULTICLASS);
            try (var timed = Profiler.layer(configLossName())) {
                loss = configLoss.forward(predicted, target);
            }
        }
        if (loss.numel() != 1) loss = loss.mean();
        return new Pass(loss, predicted, target, f, out);
    }

    /** The unaugmented picture loss node {@code l} compares with when its target is a data Input in {@code clean}, else null. */
    private Tensor cleanTarget(String l, Map<String, Tensor> clean) {
        List<String> in = model.inputsOf(l);
        return clean.isEmpty() || in.size() < 2 ? null : clean.get(in.get(1));
    }

        /** Loss and metrics over {@code data} in eval mode without gradients; the model's mode is restored afterwards. */
    public Metrics evaluate(Dataset data, int batchSize, boolean confusion) {
        return evaluate(data, batchSize, Metrics.forTask(task, confusion));
    }

    Metrics evaluate(Dataset data, int batchSize, Metrics metrics) {
        return inEvalMode(() -> {
            // Each batch's tensors go back to the memory once the metrics have read them, for the next batch.
            StepMemory[] memory = {new StepMemory()};
            batches.run(data.size(), batchSize, (start, b) -> {
                int[] idx = new int[b];
                for (int i = 0; i < b; i++) idx[i] = start + i;
                Batch batch = data.batch(idx);
                memory[0].run(() -> {
                    Pass p = forward(batch, List.of());
                    metrics.add(p.loss().item(), b, p.output(), p.target(), p.parts(lossNodes), p.heads(heads));
                }, model::heldTensors);
            }, () -> memory[0] = new StepMemory()); // the larger batches' arrays fit no smaller one: let them go
            return metrics;
        });
    }

    /** The first Output for {@code inputs} ({@code [N, ...]}), computed in eval mode without gradients, on the host. */
    public Tensor predict(Tensor inputs, int batchSize) {
        return predict(inputs, batchSize, List.of(output)).get(output);
    }

    /**
     * Every Output for {@code inputs} ({@code [N, ...]}), by name in document order (as the exported PyTorch script
     * returns them), each as the model makes it for all the samples: the batches joined along its {@link #batchAxis}
     * (an RNN's {@code h_n} is {@code [layers, N, hidden]}); computed in eval mode without gradients, on the host.
     */
    public Map<String, Tensor> predictAll(Tensor inputs, int batchSize) {
        return predict(inputs, batchSize, model.outputNames());
    }

    /**
     * The dimension of Output {@code name} that runs over the samples: where the graph's analysis puts the batch (the
     * second for an RNN's {@code h_n}); 0 when it is not known.
     */
    public int batchAxis(String name) {
        var node = model.analysis().graph().nodeByName(name);
        var info = node == null ? null : model.analysis().info(node.id());
        // An Output passes on what arrives at it.
        var type = info == null || info.inputTypes().isEmpty() ? null : info.inputTypes().get(0);
        int[] dims = type == null ? new int[0] : type.dims();
        for (int i = 0; i < dims.length; i++) if (dims[i] == layerlab.graph.spec.TensorType.N) return i;
        return 0;
    }

    private Map<String, Tensor> predict(Tensor inputs, int batchSize, List<String> outputs) {
        predictions.incrementAndGet();
        return inEvalMode(() -> {
            Map<String, List<Tensor>> parts = new java.util.LinkedHashMap<>();
            for (String o : outputs) parts.put(o, new ArrayList<>());
            batches.run(inputs.size(0), batchSize, (start, b) -> {
                Tensor x = inputs.narrow(0, start, b).contiguous();
                Map<String, Tensor> out = model.run(feeds.inputs(x, device), outputs);
                List<Tensor> host = new ArrayList<>();
                for (String o : outputs) host.add(out.get(o).to(Device.CPU));
                // Kept once the whole batch is on the host: a batch that runs out of memory runs again, smaller.
                for (int i = 0; i < outputs.size(); i++) parts.get(outputs.get(i)).add(host.get(i));
            }, () -> {});
            Map<String, Tensor> joined = new java.util.LinkedHashMap<>();
            parts.forEach((o, p) -> joined.put(o, p.size() == 1 ? p.get(0) : Tensor.cat(batchAxis(o), p.toArray(Tensor[]::new))));
            return joined;
        });
    }

    /**
     * How many times {@link #predict} or {@link #predictAll} has run the model over some samples (each call once, however
     * many batches it takes): a view that shows several things of one file's predictions asks once, and its test counts.
     */
    public long predictions() {
        return predictions.get();
    }

    private final java.util.concurrent.atomic.AtomicLong predictions = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The most samples a batch of {@link #predict} or {@link #evaluate} has had since one ran out of memory; unlimited
     * ({@link Integer#MAX_VALUE}) until then. What the command line tells the user to pass as {@code --batch-size}.
     */
    public int batchLimit() {
        return batches.limit();
    }

    /**
     * The outputs of {@code node} (its first output, or {@code node.port}) for samples {@code first …} (up to {@code count})
     * of {@code data}, computed in eval mode without gradients, on the host; null when the model has no such node or the
     * forward pass fails.
     */
    public Tensor activations(Dataset data, String node, int first, int count) {
        if (model.outputPorts(node) == null) {
            // node.port: another output of a node of several (an LSTM's h_n, an attention's weights).
            int dot = node.lastIndexOf('.');
            List<String> ports = dot < 0 ? null : model.outputPorts(node.substring(0, dot));
            if (ports == null || !ports.contains(node.substring(dot + 1))) return null;
        }
        Map<String, Tensor> out = activations(data, List.of(node), first, count);
        return out == null ? null : out.get(node);
    }

    /**
     * The first outputs of each of {@code nodes} for samples {@code first …} (up to {@code count}) of {@code data}, from one
     * forward pass in eval mode without gradients, on the host; null when the forward pass fails.
     */
    public Map<String, Tensor> activations(Dataset data, List<String> nodes, int first, int count) {
        int n = Math.max(1, Math.min(count, data.size() - first));
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = first + i;
        Tensor x = data.batch(idx).inputs();
        try {
            return inEvalMode(() -> {
                Map<String, Tensor> out = new java.util.LinkedHashMap<>();
                model.run(feeds.inputs(x, device), nodes).forEach((k, v) -> out.put(k, v == null ? null : v.to(Device.CPU)));
                return out;
            });
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code work} with the model in eval mode and no gradients recorded; the model's mode is restored afterwards. */
    private <T> T inEvalMode(java.util.function.Supplier<T> work) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            return work.get();
        } finally {
            model.train(wasTraining);
        }
    }
}
