package layerlab.ui.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import layerlab.data.DataNames;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.graph.Graph;
import layerlab.tensor.Tensor;
import layerlab.train.Checkpoints;
import layerlab.train.Evaluator;
import layerlab.train.RunLog;
import layerlab.train.Trainer;
import layerlab.train.TrainingState;
import layerlab.train.TrainingEvent;

/**
 * The dashboard's state, free of controls: one run at a time of the project's graph, started, paused, stepped and
 * stopped from the JavaFX thread. The data opens and the graph compiles on a worker; the trainer runs on its own
 * thread; its events reach {@link #addListener listeners} through an {@link EventBridge}, at most 20 times a second.
 * A run compiles the graph it was given (the document is immutable), so the editor may change the graph meanwhile:
 * the run is then marked stale.
 * <p>
 * Views never read the model while it trains. What they need from the model itself (a decision boundary, conv
 * filters) they ask for as a {@link Probe}: a copy taken on the training thread between two batches, a few times a
 * second at most; after the run, {@link #afterRun} computes on the finished model off the JavaFX thread.
 */
public final class TrainingSession {
    public enum State {
        IDLE, PREPARING, RUNNING, PAUSED, FINISHED, FAILED;

        public boolean active() {
            return this == PREPARING || this == RUNNING || this == PAUSED;
        }
    }

    /** Copies what a view needs from the trainer, on the training thread between batches; returns what to do with it on the JavaFX thread (or null). */
    @FunctionalInterface
    public interface Probe {
        Runnable capture(Trainer trainer);
    }

    /** Probes run at most this often while training. */
    static final long PROBE_PERIOD_MS = 250;

    // What the parts of the session share (RunStart, GoOn, OpenedWeights, SessionEvents, AfterRunWork), package-private for them.
    final Consumer<Runnable> fxThread;
    final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "layerlab-dashboard");
        t.setDaemon(true);
        return t;
    });
    final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    final StringProperty status = new SimpleStringProperty(this, "status", "Ready");
    final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
    final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    /** What the training doctor finds in the current (or last) run, set on the JavaFX thread as its events arrive. */
    final ObjectProperty<List<layerlab.train.Diagnosis.Finding>> advice = new SimpleObjectProperty<>(this, "advice", List.of());
    /** The current (or last) run's doctor, listening to its trainer; null before the first. */
    volatile layerlab.train.Diagnosis diagnosis;
    volatile Trainer trainer;
    /** The data's read while a run prepares ({@link RunStart#read}), which Stop cancels; null otherwise. */
    volatile layerlab.io.ReadProgress reading;
    volatile boolean stepPending;
    volatile boolean stopRequested;
    Graph graph;
    DataSplit data;
    /** What {@link #data}'s relative paths were read from. */
    Path dataDir;
    /**
     * How the current (or last) run was made beyond its settings (seed, threads, the data files' fingerprint…), taken as
     * {@code layerlab train} takes it once its data are read; null before, and for an opened model's evaluation.
     */
    volatile layerlab.train.RunEnvironment environment;
    RunRecord run;
    final KeptRuns kept = new KeptRuns();
    EventBridge bridge;
    /** Where the run in progress started from, when not the seed's fresh weights (shown in the status line). */
    String startNote;
    /** What the status line adds while the run trains, beside {@link #startNote}: a setting that may not do what it is meant to (LBFGS on mini-batches); null for none. */
    String runNote;
    final BooleanProperty continueFromLast = new SimpleBooleanProperty(false);
    /** Whether the finished trainer holds the initial weights, evaluated but not trained here ({@link #useInitialWeights}). */
    boolean evaluatedOnly;
    private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();
    /**
     * Bumped by {@link #reset}: what a run of an earlier document still hands over (events, probe results, work
     * queued with {@link #afterRun}) is dropped.
     */
    volatile long generation;
    volatile boolean closed;

    final RunStart starts = new RunStart(this);
    final GoOn goOn = new GoOn(this);
    final OpenedWeights opened = new OpenedWeights(this);
    final SessionEvents events = new SessionEvents(this);
    final AfterRunWork work = new AfterRunWork(this);

    /** @param fxThread runs a task on the JavaFX thread ({@code Platform::runLater}) */
    public TrainingSession(Consumer<Runnable> fxThread) {
        this.fxThread = fxThread;
        state.addListener((o, was, now) -> {
            switch (now) {
                case PREPARING -> runStartedAt = System.nanoTime();
                case FINISHED -> unexportedNanos = runStartedAt == 0 ? 0 : System.nanoTime() - runStartedAt;
                case IDLE, FAILED -> unexportedNanos = 0;
                default -> { }
            }
            if (!now.active()) runStartedAt = 0;
        });
    }

    /** When the run going started ({@link System#nanoTime}), 0 when none. */
    private long runStartedAt;
    /** How long the finished run took, until its weights are exported; 0 when none or exported. */
    private long unexportedNanos;

    /**
     * How long the finished run trained, start to end, when its weights (those Export writes for {@code g}) have not been
     * exported since: they live only in this window, and go with the document (New, Open, closing). Zero otherwise.
     */
    public java.time.Duration unexportedTraining(Graph g) {
        if (unexportedNanos == 0 || !canContinue() || graph == null || !WeightsFit.sameNetwork(graph, g)) return java.time.Duration.ZERO;
        return java.time.Duration.ofNanos(unexportedNanos);
    }

    /** The finished run's weights were written to a file (a bundle, ONNX, safetensors): nothing to ask about any more. */
    public void weightsExported() {
        unexportedNanos = 0;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    /** One line on what the session is doing or why it stopped. */
    /** The training doctor's findings for the current (or last) run: empty when it has nothing to say. */
    public ObjectProperty<List<layerlab.train.Diagnosis.Finding>> adviceProperty() {
        return advice;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** Epoch, batch, samples/s and ETA. */
    public StringProperty progressTextProperty() {
        return progressText;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    /** Called on the JavaFX thread with each hand-over of events (the current {@link #run()} already holds them). */
    public void addListener(Consumer<List<TrainingEvent>> l) {
        events.listeners.add(l);
    }

    /** The current (or last) run; null before the first. */
    public RunRecord run() {
        return run;
    }

    /** The open document's earlier runs and the current one. */
    public List<RunRecord> runs() {
        return kept.all();
    }

    /** The earlier runs the charts draw under {@code current}'s curves. */
    public List<RunRecord> overlaid(RunRecord current) {
        return kept.overlaid(current);
    }

    /**
     * Keeps the runs of a saved project in {@code log} (written when a run ends; read when another document opens, and
     * now for the open one), {@code projectFile} saying which project is open (null while it is unsaved).
     */
    public void keepRunsIn(RunLog log, java.util.function.Supplier<Path> projectFile) {
        kept.keepIn(log, projectFile);
        if (!state.get().active() && run == null) kept.reset();
    }

    /**
     * Takes in the runs the project's log gained from elsewhere since it was read (a {@code layerlab train} in a terminal
     * while the window is open): each kept run numbered past the last one kept here joins the runs, before any not kept
     * yet. Called when the window comes to the front and before a run starts. True when a row was added.
     */
    public boolean refreshKeptRuns() {
        return kept.refresh();
    }

    /**
     * The project was saved: the runs it ended before (while it was unsaved, say) join its log now, so that they are there
     * when it is opened again, not only once another run ends.
     */
    public void projectSaved() {
        saveRuns();
    }

    /** Adds the ended runs the project's log does not hold yet to it ({@link KeptRuns#save}); says in the status line when it cannot. */
    void saveRuns() {
        String why = kept.save();
        if (why != null) status.set(status.get() + " · the runs could not be kept for next time: " + why);
    }

    /**
     * Keeps a cross-validation of {@code g} among the runs (a row of the runs table, and the project's log): its settings
     * with the number of folds, its scores' mean ± standard deviation and how it ended. One stopped before any fold
     * measured nothing and is not kept. {@code environment} (null: not known) adds its data files' fingerprint, threads and
     * device to the row, as {@code layerlab train --folds} does.
     */
    public void keepCrossValidation(Graph g, layerlab.train.CrossValidation.Result r, layerlab.train.RunEnvironment environment) {
        if (r.done().isEmpty() && r.failure() == null) return;
        refreshKeptRuns();
        Map<String, Object> settings = new LinkedHashMap<>(environment == null ? RunLog.settings(g) : RunLog.withEnvironment(RunLog.settings(g), environment));
        settings.put(RunLog.FOLDS, r.folds());
        kept.newRecord(settings).setCrossValidation(RunLog.Folds.of(r), RunLog.Folds.end(r));
        saveRuns();
        kept.changed();
    }

    /** Called on the JavaFX thread when a row is added to the runs other than by a run's events (a cross-validation). */
    public void addRunsListener(Runnable l) {
        kept.addListener(l);
    }

    /** The graph the current (or last) run compiled. */
    public Graph graph() {
        return graph;
    }

    /** The data of the current (or last) run, once opened. */
    public DataSplit data() {
        return data;
    }

    /** The folder the current (or last) run's data paths are relative to (null before the first). */
    public Path dataDir() {
        return dataDir;
    }

    /** The finished run's trainer (its model and evaluator), or null while a run is going or before the first. */
    public Trainer finished() {
        return state.get().active() ? null : trainer;
    }

    /** The bridge of the current run (tests read its hand-over count). */
    public EventBridge bridge() {
        return bridge;
    }

    /**
     * The weights the next runs start from instead of the seed's (an imported model's), when they fit the graph
     * they train key for key and shape for shape, as a strict {@code load_state_dict} wants: a loss and a labels
     * Input may be added, a layer may not. Null clears them.
     */
    public void setInitialWeights(Map<String, Tensor> weights, Normalization normalization, DataNames names, List<Map<String, Object>> metrics) {
        opened.setInitialWeights(weights, normalization, names, metrics);
    }

    /**
     * Where the run that trained the {@link #setInitialWeights initial weights} stood (a bundle's training state), and the
     * file's name: Go On continues that run once the opened model is evaluated here. Null clears it.
     */
    public void setInitialState(TrainingState state, String source) {
        opened.setInitialState(state, source);
    }

    /**
     * How the run that trained the {@link #setInitialWeights initial weights} was made (an opened bundle's {@code "run"}
     * record), which File › Export keeps as {@code layerlab export} does; set after them (new weights forget it). Null: none.
     */
    public void setInitialRun(Map<String, Object> run) {
        opened.initialRun = opened.initialWeights == null || run == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(run));
    }

    /** {@link #setInitialRun}'s record, while the initial weights it came with are there; else null. */
    public Map<String, Object> initialRun() {
        return opened.initialRun;
    }

    /** The per-epoch metrics of the run that trained the {@link #setInitialWeights initial weights} (a bundle's), else none. */
    public List<Map<String, Object>> initialMetrics() {
        return opened.initialMetrics;
    }

    /** The class and feature names of the model behind the {@link #setInitialWeights initial weights} (none when unknown). */
    public DataNames initialNames() {
        return opened.initialNames;
    }

    /** What the inputs of the model behind the {@link #setInitialWeights initial weights} went through; null for none. */
    public Normalization initialNormalization() {
        return opened.initialNormalization;
    }

    /**
     * Another document replaced the one this session trained (New, Open, a sample, an imported model): a run still
     * going stops, and the run, its data and model, and the initial weights are forgotten, so that nothing of the old
     * project (its charts, results, trained or imported weights) is shown for, predicted with or exported as the new
     * one, and the runs the charts overlay start afresh. {@link #addResetListener Reset listeners} clear their views.
     */
    public void reset() {
        generation++;
        work.dropAll();
        Trainer t = trainer;
        stopRequested = true;
        layerlab.io.ReadProgress r = reading;
        if (r != null) r.cancel();
        if (t != null && state.get().active()) t.stop();
        trainer = null;
        bridge = null;
        diagnosis = null;
        advice.set(List.of());
        graph = null;
        data = null;
        environment = null;
        run = null;
        kept.reset();
        opened.clear();
        starts.refusedFrom = null;
        stepPending = false;
        events.probes.clear();
        state.set(State.IDLE);
        status.set("Ready");
        progress.set(0);
        progressText.set("");
        for (Runnable l : resetListeners) l.run();
    }

    /** Called on the JavaFX thread after {@link #reset}, to clear what a view shows of the old run. */
    public void addResetListener(Runnable l) {
        resetListeners.add(l);
    }

    /**
     * Whether the next run starts from the last finished run's weights (those that still fit the network) instead of
     * fresh ones: "train on", or fine-tune after changing the head. Not kept in the project; the optimiser's state and
     * the scheduler start afresh.
     */
    public BooleanProperty continueFromLastProperty() {
        return continueFromLast;
    }

    /** Whether there is a run to train on from: the last run finished (completed or stopped) here, not an opened model's evaluation. */
    public boolean canContinue() {
        return state.get() == State.FINISHED && trainer != null && !evaluatedOnly;
    }

    /** Where the current (or last) run's weights started, when not fresh: "from the opened model's weights; fresh: head (not in the file)". */
    public String startedFrom() {
        return startNote;
    }

    /** The {@link #setInitialWeights initial weights} when they fit {@code g} (which compiles), else null. */
    public Map<String, Tensor> initialWeights(Graph g) {
        return opened.initialWeights(g);
    }

    /**
     * The finished run's weights (on the host) when it trained the network {@code g} still is, else null: none
     * before a run, while one goes, after a failed one, or once a layer, a parameter or an edge has changed.
     */
    public Map<String, Tensor> trainedWeights(Graph g) {
        Trainer t = trainer;
        if (state.get() != State.FINISHED || t == null || graph == null || evaluatedOnly || !WeightsFit.sameNetwork(graph, g)) return null;
        return Checkpoints.weights(t);
    }

    /**
     * How the run behind {@link #trainedWeights} was made ({@code layerlab info} prints it from the bundle File › Export writes):
     * its seed, threads, Java, CPU kernel, device and data files' fingerprint; null when there are no such weights.
     */
    public layerlab.train.RunEnvironment trainedEnvironment(Graph g) {
        return trainedWeights(g) == null ? null : environment;
    }

    /** What the inputs of the run behind {@link #trainedWeights} went through (an export applies it too); null for none. */
    public Normalization trainedNormalization(Graph g) {
        DataSplit d = data;
        return trainedWeights(g) == null || d == null ? null : d.normalization();
    }

    // ---- control, on the JavaFX thread ----

    /**
     * Starts training {@code g}: opens its data (relative paths against {@code baseDir}), compiles it and trains on a
     * new thread. With {@code stepOnly} the run pauses after its first batch.
     */
    public void start(Graph g, Path baseDir, boolean stepOnly) {
        starts.start(g, baseDir, stepOnly);
    }

    /**
     * Where Go On would take the last run, for its button: "Go On to Epoch 10" when it was stopped before its last
     * epoch, "Go On: 5 More Epochs" when it completed ({@code more} from the Epochs setting); null when there is no run to
     * go on with (none finished here, an opened model's evaluation, a failed run, one running).
     */
    public String goOnText(int more) {
        return goOn.goOnText(more);
    }

    /**
     * Goes on with the last run as if it had never stopped: its weights, the optimiser's and the scheduler's state, its
     * place in the data (a stopped run resumes at its next batch), with the settings it was trained with, to its planned
     * epochs when it was stopped, else for {@code more} epochs more. The new row holds the earlier epochs too, so its
     * curves continue the last run's. Refused, with the reason in the status line, when the network {@code current}
     * draws is no longer the one that trained.
     */
    public void goOn(Graph current, int more) {
        goOn.goOn(current, more);
    }

    /**
     * Makes the {@link #setInitialWeights initial weights} (an opened bundle's) the finished model without training it:
     * the project's data open (normalized as the model's inputs were, when that is known), and the Results tab evaluates
     * the weights and predicts with them, as after a run. Says in the status line why not when the project has no data
     * set or errors; does nothing while a run is going.
     */
    public void useInitialWeights(Graph g, Path baseDir) {
        opened.useInitialWeights(g, baseDir, false);
    }

    /**
     * {@link #useInitialWeights(Graph, Path)}, said in the status line of an opened model or, {@code imported}, of weights
     * imported for the drawing (a state_dict). Weights without their own normalization are evaluated with the project's,
     * which then travels with them into exports.
     */
    public void useInitialWeights(Graph g, Path baseDir, boolean imported) {
        opened.useInitialWeights(g, baseDir, imported);
    }

    /** How the status line starts when Start refuses a project it cannot train. */
    public static final String CANNOT_TRAIN = "Cannot train: ";

    /**
     * Forgets a refusal to start once the project is edited (a data set chosen, an error fixed): Start will say again if
     * something is still missing. A finished run before the refusal is finished again, its weights still the ones to export.
     */
    public void clearRefusal() {
        starts.clearRefusal();
    }

    /**
     * A model opened without data, ready to predict: its evaluator on the initial weights, the normalization and names
     * they came with (a bundle's, or an ONNX model's), and its graph (the dataset settings a file is read with).
     */
    public record Ready(Evaluator evaluator, Normalization normalization, DataNames names, Graph graph) {}

    /** The opened model that predicts without data ({@link #useInitialWeights}), or null. */
    public Ready ready() {
        return opened.ready;
    }

    /** Called on the JavaFX thread when {@link #ready()} has a model. */
    public void addReadyListener(Runnable l) {
        opened.readyListeners.add(l);
    }

    /** Runs {@code compute} with the {@link #ready} model off the JavaFX thread and shows its result on it, unless the project changed. */
    public <T> void withReady(Function<Ready, T> compute, Consumer<T> show) {
        opened.withReady(compute, show);
    }

    public void pause() {
        Trainer t = trainer;
        if (t != null && state.get() == State.RUNNING) {
            t.pause();
            state.set(State.PAUSED);
            status.set("Paused");
        }
    }

    public void resume() {
        Trainer t = trainer;
        if (t != null && state.get() == State.PAUSED) {
            state.set(State.RUNNING);
            status.set("Training");
            t.resume();
        }
    }

    /** Trains one more batch, then pauses again (from idle: starts and pauses after the first batch). */
    public void step() {
        Trainer t = trainer;
        if (t != null && state.get() == State.PAUSED) {
            stepPending = true;
            t.resume();
        }
    }

    public void stop() {
        stopRequested = true;
        layerlab.io.ReadProgress r = reading;
        if (r != null && state.get() == State.PREPARING) {
            status.set("Stopping: cancelling the data's read…");
            r.cancel();
        }
        Trainer t = trainer;
        if (t != null && state.get().active()) {
            status.set("Stopping after this batch…");
            t.stop();
        }
    }

    /** Waits until the session's own thread has done all it was asked so far (the evaluation after a run, say). */
    void awaitIdle() throws InterruptedException {
        try {
            worker.submit(() -> {
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Installs (or with null removes) a probe under {@code key}. */
    public void setProbe(String key, Probe p) {
        events.setProbe(key, p);
    }

    /** Computes on the finished model off the JavaFX thread and shows the result there; ignored while a run is going. */
    public <T> void afterRun(Function<Trainer, T> compute, Consumer<T> show) {
        afterRun(null, compute, show);
    }

    /**
     * As {@link #afterRun(Function, Consumer)}; with a {@code key} ({@code "features"}), the request replaces the one made
     * earlier under that key: still queued, that one never starts; running, its thread is interrupted (a long computation,
     * such as a projection, gives up) and what it returns is not shown. So a user clicking through ten layers waits for the
     * last one only.
     */
    public <T> void afterRun(String key, Function<Trainer, T> compute, Consumer<T> show) {
        work.afterRun(key, compute, show);
    }

    /**
     * The window closes: a run still going stops, work asked for and not yet shown is dropped (a projection running is
     * interrupted), and the session's thread ends, so that a closed window's work takes no more of the machine.
     */
    public void close() {
        if (closed) return;
        closed = true;
        generation++;
        stopRequested = true;
        Trainer t = trainer;
        if (t != null && state.get().active()) t.stop();
        work.dropAll();
        worker.shutdownNow();
    }

    /** Whether the session's thread ended within the time after {@link #close} (tests ask). */
    boolean awaitClosed(long time, TimeUnit unit) throws InterruptedException {
        return worker.awaitTermination(time, unit);
    }

    /** Asks for the outputs of {@code node} in the next training batch (an {@link TrainingEvent.ActivationCapture}). */
    public void requestActivations(String node) {
        Trainer t = trainer;
        if (t == null || !state.get().active()) return;
        try {
            t.requestActivations(java.util.Set.of(node));
        } catch (IllegalArgumentException ignored) {
            // A node the compiled model does not have (added since the run began): nothing to capture.
        }
    }

    /** The progress and the charts are brought up to date at most this often while a run goes (twice a second). */
    static final long UI_PERIOD_MS = 500;

    /**
     * True while the listeners handle a hand-over in which the screen should be brought up to date: at most every
     * {@link #UI_PERIOD_MS}, and whenever the run starts, pauses or ends. Events handed over between ticks are drawn at
     * the next one, at most UI_PERIOD_MS later: when no hand-over comes by then, a tick with no events of its own. Listeners
     * take every event's data always, and redraw only then.
     */
    public boolean uiTick() {
        return events.uiTick;
    }
}
