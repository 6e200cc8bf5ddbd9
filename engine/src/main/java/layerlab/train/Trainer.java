package layerlab.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import layerlab.autograd.Autograd;
import layerlab.backend.Backends;
import layerlab.data.Batch;
import layerlab.data.DataLoader;
import layerlab.data.DataNames;
import layerlab.data.Dataset;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.nn.LoadResult;
import layerlab.nn.Parameter;
import layerlab.optim.ClipGrad;
import layerlab.optim.Optimizer;
import layerlab.tensor.Device;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.train.TrainingEvent.ActivationCapture;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.EpochEnded;
import layerlab.train.TrainingEvent.Reason;
import layerlab.train.TrainingEvent.RunFailed;
import layerlab.train.TrainingEvent.RunFinished;
import layerlab.train.TrainingEvent.RunStarted;

/**
 * Trains a compiled graph on a data set: per batch forward, loss, backward, clipping, optimiser step; per epoch
 * validation (eval mode, no gradients), the learning-rate schedule, early stopping and checkpoints. Reports
 * {@link TrainingEvent}s to its listeners on the training thread.
 * <p>
 * {@link #run()} trains on the calling thread; {@link #start()} on a new one. {@link #pause()}, {@link #resume()},
 * {@link #stop()} and {@link #requestActivations} may be called from any thread and take effect between batches.
 * A trainer runs once.
 * <p>
 * With the same seed a run repeats exactly: the seed drives the weight initialisation (when the trainer compiles
 * the graph), the shuffling and dropout, each from a generator of the run's own ({@link Generator#use}), so runs
 * at the same time in one process, or anything else drawing random numbers meanwhile, do not disturb each other.
 * <p>
 * The loop over epochs and batches is here; its parts are apart: {@link TrainStep} (one batch's optimiser step),
 * {@link Schedule} (when the learning-rate schedule steps), {@link EarlyStopper} (early stopping's progress),
 * {@link RunControl} (pause, resume, stop) and {@link TrainingState} (what a checkpoint holds).
 */
public final class Trainer {
    /** Writes a checkpoint; called on the training thread after the epochs named by {@code checkpoint_every}. */
    @FunctionalInterface
    public interface Checkpointer {
        void save(Trainer trainer, int epoch) throws IOException;
    }

    private final Model model;
    private final TrainingConfig config;
    private final Dataset train;
    private final Dataset validation;
    private final Device device;
    private final Evaluator evaluator;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final boolean accuracy, mae;
    private final String name;

    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Set<String>> activationRequest = new AtomicReference<>();
    private final List<Map<String, Object>> history = new CopyOnWriteArrayList<>();
    private final RunControl control = new RunControl();
    private volatile boolean running;
    private volatile long step;
    private volatile int epoch;
    private long maxSteps = Long.MAX_VALUE;
    /** The time limit in nanoseconds, from the first epoch's start; when it passed ({@link #ranOutOfTime}). */
    private long maxNanos = Long.MAX_VALUE, deadline = Long.MAX_VALUE;
    private volatile boolean outOfTime;
    private Checkpointer checkpointer;
    /** Where the run starts, when it goes on from a checkpoint; else null. */
    private TrainingState resumeFrom;
    /** The latest state a run could go on from: at the end of the run, and before each checkpoint. */
    private volatile TrainingState snapshot;
    private final EarlyStopper earlyStopper;
    private final TrainStep trainStep;
    /** The learning rate of the epoch in progress (its first batch's), which a per-batch schedule has moved on from since. */
    private double epochLr;

    /** Compiles {@code graph} with the weights initialised from {@code config.seed()}. */
    public Trainer(Graph graph, TrainingConfig config, Dataset train, Dataset validation) {
        this(compileSeeded(graph, config.seed()), graph.name(), config, train, validation);
    }

    /** Trains an already built model (its initial weights are the caller's). */
    public Trainer(Model model, TrainingConfig config, Dataset train, Dataset validation) {
        this(model, "model", config, train, validation);
    }

    private Trainer(Model model, String name, TrainingConfig config, Dataset train, Dataset validation) {
        this.model = model;
        this.name = name;
        this.config = config;
        this.train = train;
        this.validation = validation == null || validation.size() == 0 ? null : validation;
        if (train.size() == 0) throw new IllegalArgumentException("the training set is empty");
        this.device = Backends.resolve(config.device());
        model.to(device);
        this.evaluator = Evaluator.forRun(model, config, device);
        String noLoss = Losses.missingProblem(model.analysis().graph(), config);
        if (noLoss != null) throw new ConfigException(noLoss);
        Metrics.Task task = evaluator.task();
        boolean wantAccuracy = config.metrics().contains("accuracy"), wantMae = config.metrics().contains("mae");
        if (wantAccuracy && !task.classification()) throw new ConfigException("training.metrics asks for accuracy but the loss is not a classification loss");
        if (wantMae && task == Metrics.Task.MULTICLASS) throw new ConfigException("training.metrics asks for mae but the loss is a class-index loss");
        this.accuracy = config.metrics().isEmpty() ? task.classification() : wantAccuracy;
        this.mae = config.metrics().isEmpty() ? task == Metrics.Task.REGRESSION : wantMae;
        // Said by the network's loss (as check and the form say it) before the checks below, which know only what the run computes.
        String unscored = Losses.scoreProblem("training.early_stopping.metric", config.earlyStopping() == null ? null : config.earlyStopping().metric(),
                model.analysis().graph(), config);
        if (unscored == null) unscored = Losses.scoreProblem("training.scheduler.metric", config.plateauMetric(), model.analysis().graph(), config);
        if (unscored != null) throw new ConfigException(unscored);
        this.earlyStopper = new EarlyStopper(config.earlyStopping());
        earlyStopper.check(this.validation != null, accuracy, mae, evaluator.lossNodes(), evaluator.headScores());
        evaluator.feeds().check(train);
        dryRun();
        List<Parameter> params = model.parameters();
        if (params.isEmpty()) throw new IllegalArgumentException("the model has no parameters to train");
        if (params.stream().noneMatch(Parameter::requiresGrad)) {
            throw new ConfigException("every layer with weights is frozen, so training would change nothing: unfreeze one ("
                    + String.join(", ", frozenLayers(model.analysis().graph())) + ")");
        }
        this.optimizer = config.paramGroups().optimizer(config.optimizer(), model.namedParameters());
        this.schedule = new Schedule(config.scheduler() == null ? null
                : OptimizerFactory.scheduler(config.scheduler(), optimizer, config.epochs(), batchesPerEpoch()), config.plateauMetric());
        schedule.check(this.validation != null, accuracy, mae, evaluator.lossNodes(), evaluator.headScores(), config);
        schedule.checkCycle(config, batchesPerEpoch(), false);
        this.trainStep = new TrainStep(model, config, evaluator, optimizer, this::emit);
    }

    /**
     * What Dropout draws from while a run trains (it uses {@code Generator.global()}): a generator of the run's own on its
     * thread, seeded apart from the initialisation's.
     */
    static Generator runGenerator(TrainingConfig config) {
        return new Generator(config.seed() * 0x9E3779B97F4A7C15L + 1);
    }

    /** The configured gradient clipping, by value then by norm, as torch's clip_grad_value_ and clip_grad_norm_. */
    static void clip(TrainingConfig config, List<Parameter> params) {
        if (config.clipGradValue() != null) ClipGrad.clipGradValue(params, config.clipGradValue());
        if (config.clipGradNorm() != null) ClipGrad.clipGradNorm(params, config.clipGradNorm(), config.clipGradNormType());
    }

    private static Model compileSeeded(Graph graph, long seed) {
        try (var scope = Generator.use(new Generator(seed))) {
            return GraphCompiler.compile(graph);
        }
    }

    /** A forward pass of two samples in eval mode, so that data that does not fit the model fails before training. */
    private void dryRun() {
        int[] idx = train.size() > 1 ? new int[] {0, 1} : new int[] {0};
        boolean was = model.isTraining();
        model.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            evaluator.forward(train.batch(idx), List.of());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the data does not fit the model: " + e.getMessage(), e);
        } finally {
            model.train(was);
        }
    }

    // ---------------------------------------------------------------- set-up and access

    public void addListener(TrainingListener l) {
        listeners.add(l);
    }

    public void removeListener(TrainingListener l) {
        listeners.remove(l);
    }

    /** Stops after {@code steps} optimiser steps (the epoch in progress is validated and reported as partial). */
    public void setMaxSteps(long steps) {
        if (steps < 1) throw new IllegalArgumentException("the step limit must be at least 1, got " + steps);
        maxSteps = steps;
    }

    /**
     * Stops once {@code limit} has passed since training began (Lightning's {@code max_time}), as the step limit stops: the
     * epoch in progress is validated and reported as partial, so the run ends with the metrics it reached.
     */
    public void setMaxTime(java.time.Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("the time limit must be more than nothing, got " + limit);
        maxNanos = limit.toNanos();
    }

    /** Whether the time limit ({@link #setMaxTime}) ended the run. */
    public boolean ranOutOfTime() {
        return outOfTime;
    }

    private boolean timeUp() {
        if (!outOfTime && System.nanoTime() - deadline >= 0) outOfTime = true;
        return outOfTime;
    }

    public void setCheckpointer(Checkpointer c) {
        checkpointer = c;
    }

    /** Replaces the initial weights (a state dict by dotted names; every key must match, like a strict load_state_dict). */
    public void loadWeights(Map<String, Tensor> weights) {
        control.requireNotStarted("the weights cannot be replaced once training has started");
        model.loadStateDict(weights, true);
    }

    /**
     * Starts from those of {@code weights} that fit (same key, same shape) and keeps the rest as initialised, the start
     * of fine-tuning a trained model whose head was replaced: PyTorch's {@code load_state_dict(strict=False)} after
     * dropping the tensors whose shapes changed. Says what did not fit; refuses weights of which nothing fits.
     */
    public LoadResult loadWeightsThatFit(Map<String, Tensor> weights) {
        control.requireNotStarted("the weights cannot be replaced once training has started");
        Map<String, Tensor> own = model.stateDict();
        boolean any = false;
        for (var e : own.entrySet()) {
            Tensor w = weights.get(e.getKey());
            any |= w != null && java.util.Arrays.equals(w.shape(), e.getValue().shape());
        }
        if (!any) throw new IllegalArgumentException("none of its tensors fits this model (no name with the same shape)");
        return model.loadStateDict(weights, false);
    }

    /**
     * Goes on from {@code state} instead of starting afresh: its weights, the optimiser's and the scheduler's state, the
     * dropout generator's position, the epochs' metrics and early stopping's progress, from its next batch. The data
     * must be the same set (its size is checked), the settings the same but for those {@link TrainingState#MAY_CHANGE}
     * (a longer run: more {@code epochs}); a setting that differs is refused with both values. With those, the run
     * gives the same bits as the run that was not interrupted.
     */
    public void resumeFrom(TrainingState state) {
        control.requireNotStarted("a run cannot be resumed once training has started");
        List<String> differ = state.differences(config.toMap());
        if (!differ.isEmpty()) {
            throw new ConfigException("the checkpoint's run was trained with other settings, so it cannot go on as it was: " + String.join(", ", differ)
                    + "; only " + String.join(", ", new java.util.TreeSet<>(TrainingState.MAY_CHANGE)) + " may change");
        }
        if (state.trainSamples() != train.size() || state.batchesPerEpoch() != batchesPerEpoch()) {
            throw new ConfigException(String.format(Locale.ROOT, "the checkpoint's run trained on %,d samples (%,d batches an epoch), this "
                    + "training set has %,d: resuming needs the same data", state.trainSamples(), state.batchesPerEpoch(), train.size()));
        }
        if (!state.midEpoch() && state.epochs() >= config.epochs()) {
            throw new ConfigException("the checkpoint's run has already trained " + state.epochs() + " epoch" + (state.epochs() == 1 ? "" : "s")
                    + ", and this run asks for " + config.epochs() + " in all: ask for more epochs to train on");
        }
        model.loadStateDict(state.model(), true);
        optimizer.loadStateDict(state.optimizer());
        schedule.loadStateDict(state.scheduler());
        schedule.checkCycle(config, batchesPerEpoch(), true);
        resumeFrom = state;
    }

    /**
     * The latest state this run could go on from ({@link #resumeFrom}): after the run, where it ended (inside an epoch
     * when it was stopped or reached its step limit there); during it, at the last checkpoint. Null before either.
     */
    public TrainingState resumeState() {
        return snapshot;
    }

    /** The names of the graph's frozen nodes in drawing order: a placed block frozen by its name, a layer frozen inside one as res1.conv1. */
    public static List<String> frozenLayers(Graph graph) {
        List<String> out = new ArrayList<>();
        for (var n : graph.nodes()) {
            if (n.frozen()) out.add(n.name());
            else if (n.kind().equals(layerlab.graph.spec.Registry.BLOCK)) {
                var b = graph.block(String.valueOf(n.param("block")));
                if (b != null) for (var inner : b.body().nodes()) if (inner.frozen()) out.add(n.name() + "." + inner.name());
            }
        }
        return out;
    }

    public Model model() {
        return model;
    }

    public TrainingConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    /** The training set's names for a sample's values and for the classes, in order (empty where it has none). */
    public DataNames dataNames() {
        return DataNames.of(train);
    }

    /** One map per epoch that ended: {@code epoch} and the {@link EpochEnded} metrics. */
    public List<Map<String, Object>> history() {
        return Collections.unmodifiableList(history);
    }

    public long step() {
        return step;
    }

    public int epoch() {
        return epoch;
    }

    public boolean isRunning() {
        return running;
    }

    // ---------------------------------------------------------------- control, from any thread

    /** Holds the run before its next batch until {@link #resume()} or {@link #stop()}. */
    public void pause() {
        control.pause();
    }

    public void resume() {
        control.resume();
    }

    public boolean isPaused() {
        return control.isPaused();
    }

    /**
     * Runs {@code task} on the training thread while the run waits paused between batches (a look at the model, which
     * only that thread may touch); false, and nothing is run, when the run is not paused.
     */
    public boolean whilePaused(Runnable task) {
        return control.whilePaused(task);
    }

    /** Ends the run after the batch in progress; it finishes with reason {@link Reason#STOPPED}. */
    public void stop() {
        control.stop();
    }

    /**
     * Asks for the outputs of nodes ({@code conv1}, or {@code lstm.h_n} for another port) in the next batch's forward
     * pass; they arrive as one {@link ActivationCapture} after it. A later request before then replaces this one.
     */
    public void requestActivations(Set<String> nodes) {
        for (String n : nodes) {
            int dot = n.lastIndexOf('.');
            boolean ok = model.outputPorts(n) != null
                    || dot > 0 && model.outputPorts(n.substring(0, dot)) != null && model.outputPorts(n.substring(0, dot)).contains(n.substring(dot + 1));
            if (!ok) throw new IllegalArgumentException("the model has no node or output \"" + n + "\"; its nodes are " + model.nodeNames());
        }
        activationRequest.set(Set.copyOf(nodes));
    }

    /** Runs on a new thread ("layerlab-training"); the future completes with the last event. */
    public CompletableFuture<TrainingEvent.Terminal> start() {
        CompletableFuture<TrainingEvent.Terminal> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "layerlab-training");
        t.setDaemon(true);
        t.start();
        return f;
    }

    // ---------------------------------------------------------------- the run

    /** Trains on the calling thread and returns the last event (also sent to the listeners). */
    public TrainingEvent.Terminal run() {
        control.start();
        running = true;
        TrainingEvent.Terminal end;
        try {
            end = loop();
        } catch (RunFailure f) {
            end = f.event;
        } catch (OutOfMemoryError e) {
            end = new RunFailed("out of memory at step " + step, null, step, outOfMemoryHint(Runtime.getRuntime().maxMemory()));
        } catch (RuntimeException e) {
            end = new RunFailed(e.getMessage() != null ? e.getMessage() : e.toString(), null, step, null);
        } finally {
            running = false;
            trainStep.release();
        }
        try {
            emit(end);
        } catch (RunFailure ignored) {
            // The listener that failed has already made this run a failure.
        }
        return end;
    }

    /** What to do when the heap ran out: Java's limit is a quarter of the machine's memory unless someone said otherwise. */
    static String outOfMemoryHint(long maxHeap) {
        return "use a smaller batch_size or a smaller model, or " + GraphCompiler.moreHeap(maxHeap);
    }

    private RunFinished loop() {
        long runStart = System.nanoTime();
        int n = train.size();
        int batchesPerEpoch = batchesPerEpoch();
        if (batchesPerEpoch == 0) {
            throw new RunFailure(new RunFailed("the training set has " + n + " samples, fewer than one batch of " + config.batchSize() + " with drop_last",
                    null, 0, "lower batch_size or set drop_last to false"));
        }
        TrainingState from = resumeFrom;
        emit(new RunStarted(name, device.toString(), model.trainableParameterCount(), n, validation == null ? 0 : validation.size(), batchesPerEpoch,
                config.epochs(), config, accuracy, from == null ? null : new TrainingEvent.Resumed(from.epochs(), from.batches(), from.step(), from.history())));
        DataLoader loader = new DataLoader(train, config.batchSize(), config.shuffle(), config.seed(), config.dropLast());
        // Batch d of the run draws its augmentation from d, however the run got there (a dry run, a resumed checkpoint).
        train.continueAt(from == null ? 0 : (long) from.epochs() * batchesPerEpoch + from.batches());
        Generator generator = runGenerator(config);
        if (from != null) generator.setState(from.generator());
        try (var scope = Generator.use(generator)) {
            return epochs(loader, batchesPerEpoch, runStart, generator);
        }
    }

    private int batchesPerEpoch() {
        int n = train.size();
        return config.dropLast() ? n / config.batchSize() : (n + config.batchSize() - 1) / config.batchSize();
    }

    private RunFinished epochs(DataLoader loader, int batchesPerEpoch, long runStart, Generator generator) {
        Metrics proto = new Metrics(evaluator.task(), accuracy, mae, false);
        int valBatch = Math.max(config.batchSize(), 256);
        Map<String, Double> last = Map.of();
        Reason reason = Reason.COMPLETED;
        TrainingState from = resumeFrom;
        int firstEpoch = 1;
        if (from != null) {
            firstEpoch = from.nextEpoch();
            history.addAll(from.history());
            step = from.step();
            earlyStopper.resume(from, config.toMap().get("early_stopping"), device);
        }
        deadline = maxNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + maxNanos;
        for (int e = firstEpoch; e <= config.epochs(); e++) {
            epoch = e;
            boolean resumedInside = from != null && e == firstEpoch && from.midEpoch();
            long epochStart = System.nanoTime();
            long trainNanos = resumedInside ? Math.round(from.trainSeconds() * 1e9) : 0;
            double earlier = resumedInside ? from.epochSeconds() : 0;
            Metrics epochMetrics = proto.fresh();
            if (resumedInside) epochMetrics.restore(from.epochMetrics());
            int done = resumedInside ? from.batches() : 0;
            model.train();
            // Gone on inside an epoch: its rate is the one it started with (OneCycleLR has moved the optimiser's on since).
            double lr = resumedInside && from.epochMetrics().get("lr") instanceof Number n ? n.doubleValue() : optimizer.getLr();
            epochLr = lr;
            boolean partial = false;
            try (DataLoader.BatchIterator batches = loader.epoch(e - 1, done)) {
                for (int b = done + 1; ; b++) {
                    if (control.awaitStop()) {
                        reason = Reason.STOPPED;
                        break;
                    }
                    long t0 = System.nanoTime();
                    if (!batches.hasNext()) break;
                    Batch batch = batches.next();
                    double batchLr = optimizer.getLr();
                    double loss = trainStep(batch, epochMetrics, e, b);
                    schedule.afterBatch(e, b, step);
                    trainNanos += System.nanoTime() - t0;
                    done = b;
                    emit(new BatchEnded(e, b, step, loss, batchLr, epochMetrics.samples() / (trainNanos / 1e9), epochMetrics.accuracy()));
                    deliverActivations(e);
                    if (step >= maxSteps || timeUp()) {
                        partial = b < batchesPerEpoch;
                        break;
                    }
                }
            }
            double seconds = earlier + (System.nanoTime() - epochStart) / 1e9;
            // Stopped inside the epoch: the state to go on from is the one before validation and the schedule's step.
            if (reason == Reason.STOPPED || partial) {
                snapshot = capture(e - 1, done, done > 0 ? epochMetrics : null, seconds, trainNanos / 1e9, batchesPerEpoch, generator);
            }
            if (reason == Reason.STOPPED && epochMetrics.samples() == 0) break;
            Map<String, Double> metrics = new LinkedHashMap<>(epochMetrics.toMap("train_"));
            if (reason != Reason.STOPPED && validation != null) {
                metrics.putAll(evaluator.evaluate(validation, valBatch, proto.fresh()).toMap("val_"));
            }
            metrics.put("lr", lr);
            metrics.put("seconds", seconds);
            if (reason == Reason.STOPPED) {
                last = metrics;
                recordEpoch(e, metrics, true);
                break;
            }
            schedule.afterEpoch(metrics);
            last = metrics;
            recordEpoch(e, metrics, partial);
            boolean stopEarly = !partial && earlyStopper.saysStop(e, metrics, model);
            boolean checkpointNow = checkpointer != null && config.checkpointEvery() > 0 && e % config.checkpointEvery() == 0;
            boolean limit = step >= maxSteps || timeUp();
            if (!partial && (checkpointNow || stopEarly || e == config.epochs() || limit)) {
                snapshot = capture(e, 0, null, 0, 0, batchesPerEpoch, generator);
            }
            if (checkpointNow) checkpoint(e);
            if (stopEarly) {
                reason = Reason.EARLY_STOPPED;
                break;
            }
            if (limit) break;
        }
        // Later epochs (or a stopped one) changed the weights: the best epoch's come back.
        int restored = earlyStopper.restoreBest(model, history.size());
        return new RunFinished(reason, history.size(), step, last, (System.nanoTime() - runStart) / 1e9, restored,
                restored > 0 ? earlyStopper.bestMetrics() : Map.of());
    }

    /**
     * The run's state after {@code epochs} epochs and {@code batches} batches of the next, copied to the host; taken before
     * a stopped epoch is recorded, so the history holds the completed epochs only.
     */
    private TrainingState capture(int epochs, int batches, Metrics epochMetrics, double epochSeconds, double trainSeconds, int batchesPerEpoch,
                                  Generator generator) {
        return new TrainingState(epochs, batches, step, train.size(), batchesPerEpoch, config.toMap(), TrainingState.host(model.stateDict()),
                TrainingState.hostObjects(optimizer.stateDict()), schedule.stateDict(), generator.state(), history,
                epochMetrics == null ? null : epochState(epochMetrics), epochSeconds, trainSeconds, earlyStopper.state());
    }

    /** The running sums of the epoch in progress and its rate ({@code "lr"}: the epoch's metric when it goes on). */
    private Map<String, Object> epochState(Metrics epochMetrics) {
        Map<String, Object> m = epochMetrics.state();
        m.put("lr", epochLr);
        return m;
    }

    private void recordEpoch(int e, Map<String, Double> metrics, boolean partial) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("epoch", e);
        h.putAll(metrics);
        history.add(Collections.unmodifiableMap(h));
        emit(new EpochEnded(e, metrics, partial));
    }

    private void checkpoint(int e) {
        try {
            checkpointer.save(this, e);
        } catch (IOException | RuntimeException ex) {
            throw new RunFailure(new RunFailed("cannot write the checkpoint after epoch " + e + ": " + ex.getMessage(), null, step, null));
        }
    }

    /** Step {@code step + 1} on {@code batch}, with the activations asked for since the last; returns its loss. */
    private double trainStep(Batch batch, Metrics epochMetrics, int e, int b) {
        long s = step + 1;
        double loss = trainStep.run(batch, activationRequest.getAndSet(null), epochMetrics, e, b, s);
        step = s;
        return loss;
    }

    private void deliverActivations(int e) {
        Map<String, TensorSnapshot> c = trainStep.takeCaptured();
        if (c != null) emit(new ActivationCapture(e, step, c));
    }

    private void emit(TrainingEvent event) {
        for (TrainingListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException ex) {
                if (event instanceof TrainingEvent.Terminal) continue;
                throw new RunFailure(new RunFailed("a training listener failed: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()), null, step, null));
            }
        }
    }
}
