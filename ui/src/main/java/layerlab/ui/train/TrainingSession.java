package layerlab.ui.train;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import layerlab.data.DataSources;
import layerlab.data.DataNames;
import layerlab.data.DataSplit;
import layerlab.data.Normalization;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.train.Checkpoints;
import layerlab.train.Evaluator;
import layerlab.train.RunLog;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingState;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.RunFailed;
import layerlab.train.TrainingEvent.RunFinished;
import layerlab.train.TrainingEvent.RunStarted;

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

    private final Consumer<Runnable> fxThread;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "layerlab-dashboard");
        t.setDaemon(true);
        return t;
    });
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final StringProperty status = new SimpleStringProperty(this, "status", "Ready");
    private final StringProperty progressText = new SimpleStringProperty(this, "progressText", "");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final List<Consumer<List<TrainingEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private volatile Trainer trainer;
    private volatile boolean stepPending;
    private volatile boolean stopRequested;
    private Graph graph;
    private DataSplit data;
    private RunRecord run;
    private final KeptRuns kept = new KeptRuns();
    /** Where a saved project's runs are kept between sessions, and the open project's file; null: nowhere. */
    private EventBridge bridge;
    private Map<String, Tensor> initialWeights;
    /** Where the run behind the initial weights stood, and the file it came from; null without one. */
    private TrainingState initialState;
    private String initialSource;
    /** Where the run in progress started from, when not the seed's fresh weights (shown in the status line). */
    private String startNote;
    private final BooleanProperty continueFromLast = new SimpleBooleanProperty(false);
    private Normalization initialNormalization;
    private DataNames initialNames = DataNames.NONE;
    private List<Map<String, Object>> initialMetrics = List.of();
    /** Whether the finished trainer holds the initial weights, evaluated but not trained here ({@link #useInitialWeights}). */
    private boolean evaluatedOnly;
    private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();
    /**
     * Bumped by {@link #reset}: what a run of an earlier document still hands over (events, probe results, work
     * queued with {@link #afterRun}) is dropped.
     */
    private volatile long generation;
    /** An opened model ready to predict although its project has no data set; null otherwise. */
    private volatile Ready ready;
    private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();

    /** @param fxThread runs a task on the JavaFX thread ({@code Platform::runLater}) */
    public TrainingSession(Consumer<Runnable> fxThread) {
        this.fxThread = fxThread;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    /** One line on what the session is doing or why it stopped. */
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
        listeners.add(l);
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

    /** Adds the ended runs the project's log does not hold yet to it ({@link KeptRuns#save}); says in the status line when it cannot. */
    private void saveRuns() {
        String why = kept.save();
        if (why != null) status.set(status.get() + " · the runs could not be kept for next time: " + why);
    }

    /**
     * Keeps a cross-validation of {@code g} among the runs (a row of the runs table, and the project's log): its settings
     * with the number of folds, its scores' mean ± standard deviation and how it ended. One stopped before any fold
     * measured nothing and is not kept.
     */
    public void keepCrossValidation(Graph g, layerlab.train.CrossValidation.Result r) {
        if (r.done().isEmpty() && r.failure() == null) return;
        refreshKeptRuns();
        Map<String, Object> settings = new LinkedHashMap<>(RunLog.settings(g));
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
        initialWeights = weights == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        initialNormalization = weights == null ? null : normalization;
        initialNames = weights == null || names == null ? DataNames.NONE : names;
        initialMetrics = weights == null || metrics == null ? List.of() : List.copyOf(metrics);
    }

    /**
     * Where the run that trained the {@link #setInitialWeights initial weights} stood (a bundle's training state), and the
     * file's name: Go On continues that run once the opened model is evaluated here. Null clears it.
     */
    public void setInitialState(TrainingState state, String source) {
        initialState = state;
        initialSource = state == null ? null : source;
    }

    /** The per-epoch metrics of the run that trained the {@link #setInitialWeights initial weights} (a bundle's), else none. */
    public List<Map<String, Object>> initialMetrics() {
        return initialMetrics;
    }

    /** The class and feature names of the model behind the {@link #setInitialWeights initial weights} (none when unknown). */
    public DataNames initialNames() {
        return initialNames;
    }

    /** What the inputs of the model behind the {@link #setInitialWeights initial weights} went through; null for none. */
    public Normalization initialNormalization() {
        return initialNormalization;
    }

    /**
     * Another document replaced the one this session trained (New, Open, a sample, an imported model): a run still
     * going stops, and the run, its data and model, and the initial weights are forgotten, so that nothing of the old
     * project (its charts, results, trained or imported weights) is shown for, predicted with or exported as the new
     * one, and the runs the charts overlay start afresh. {@link #addResetListener Reset listeners} clear their views.
     */
    public void reset() {
        generation++;
        pending.values().forEach(Pending::drop);
        pending.clear();
        Trainer t = trainer;
        stopRequested = true;
        if (t != null && state.get().active()) t.stop();
        trainer = null;
        bridge = null;
        graph = null;
        data = null;
        run = null;
        kept.reset();
        initialWeights = null;
        initialState = null;
        initialSource = null;
        initialNormalization = null;
        initialNames = DataNames.NONE;
        initialMetrics = List.of();
        ready = null;
        refusedFrom = null;
        stepPending = false;
        probes.clear();
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
        Map<String, Tensor> w = initialWeights;
        return w != null && WeightsFit.fits(w, GraphCompiler.compile(g).stateDict()) ? w : null;
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
        if (state.get().active()) return;
        String cannot = cannotTrain(g);
        if (cannot != null) {
            if (state.get() != State.FAILED) refusedFrom = state.get();
            state.set(State.FAILED);
            status.set(CANNOT_TRAIN + cannot);
            return;
        }
        refusedFrom = null;
        // A run started here compares with the log's last run, a terminal's included.
        refreshKeptRuns();
        // Training on from the last run: its trainer, while it is still the finished run's (not an opened model's evaluation).
        Trainer last = continueFromLast.get() && canContinue() ? trainer : null;
        graph = g;
        evaluatedOnly = false;
        // Named by the row of the run that trained them: not the last row, which may be a cross-validation or a terminal's run.
        String lastRun = last == null || run == null ? null : "run " + run.number() + "'s weights";
        Map<String, Object> settings = new LinkedHashMap<>(RunLog.settings(g));
        if (lastRun != null) settings.put(RunLog.START, lastRun);
        run = kept.newRecord(settings);
        RunRecord thisRun = run;
        Map<String, Tensor> init = last != null ? null : initialWeights;
        // Training on from an opened model's weights reads its texts with its vocabulary: rows of its Embedding are its tokens.
        Vocabulary vocabulary = init == null ? null : initialNames.vocabulary();
        long gen = generation;
        stepPending = stepOnly;
        stopRequested = false;
        state.set(State.PREPARING);
        status.set("Opening the data and compiling " + g.name() + "…");
        progress.set(0);
        progressText.set("");
        worker.submit(() -> {
            Trainer t;
            try {
                TrainingConfig config = TrainingConfig.fromMap(g.training());
                DataSplit split = DataSources.open(g.dataset(), baseDir, null, vocabulary);
                t = new Trainer(g, config, split.train(), split.validation());
                String from = last != null ? WeightsFit.startFrom(t, Checkpoints.weights(last), "from " + lastRun, "new")
                        : init == null ? null : WeightsFit.startFrom(t, init, "from the opened model's weights", "not in the file");
                fxThread.accept(() -> {
                    if (gen != generation) return;
                    data = split;
                    startNote = from;
                });
            } catch (Exception | Error e) {
                failedToStart(gen, thisRun, e, CANNOT_TRAIN);
                return;
            }
            launch(t, gen, thisRun);
        });
    }

    /**
     * On the worker, when a run could not start (its data or graph did not open, a checkpoint did not fit): its record ends
     * too, so that the runs' table does not call it running, and the status line says why after {@code prefix}.
     */
    private void failedToStart(long gen, RunRecord thisRun, Throwable e, String prefix) {
        String msg = e.getMessage() != null ? e.getMessage() : e.toString();
        fxThread.accept(() -> {
            if (gen != generation) return;
            thisRun.add(new TrainingEvent.RunFailed(msg, null, 0, null));
            saveRuns();
            state.set(State.FAILED);
            status.set(prefix + msg);
        });
    }

    /** On the worker: hands {@code t}'s events to {@code thisRun} on the JavaFX thread and trains. */
    private void launch(Trainer t, long gen, RunRecord thisRun) {
        if (gen != generation) return;
        EventBridge b = new EventBridge(fxThread, events -> {
            if (gen == generation) deliver(thisRun, events);
        });
        t.addListener(e -> control(t, gen, e));
        t.addListener(b);
        trainer = t;
        bridge = b;
        if (stopRequested || gen != generation) t.stop();
        t.run();
    }

    /**
     * Where Go On would take the last run, for its button: "Go On to Epoch 10" when it was stopped before its last
     * epoch, "Go On: 5 More Epochs" when it completed ({@code more} from the Epochs setting); null when there is no run to
     * go on with (none finished here, an opened model's evaluation, a failed run, one running).
     */
    public String goOnText(int more) {
        TrainingState s = goOnState();
        if (s == null) return null;
        int planned = plannedEpochs(s);
        return s.midEpoch() || s.epochs() < planned ? "Go On to Epoch " + planned : "Go On: " + more + " More Epoch" + (more == 1 ? "" : "s");
    }

    /** The state Go On continues: the last run's here, or, while an opened model is evaluated, the run that trained it. */
    private TrainingState goOnState() {
        Trainer t = trainer;
        if (state.get() != State.FINISHED || t == null || graph == null || data == null) return null;
        return evaluatedOnly ? initialState : t.resumeState();
    }

    private static int plannedEpochs(TrainingState s) {
        return ((Number) s.config().get("epochs")).intValue();
    }

    /**
     * Goes on with the last run as if it had never stopped: its weights, the optimiser's and the scheduler's state, its
     * place in the data (a stopped run resumes at its next batch), with the settings it was trained with, to its planned
     * epochs when it was stopped, else for {@code more} epochs more. The new row holds the earlier epochs too, so its
     * curves continue the last run's. Refused, with the reason in the status line, when the network {@code current}
     * draws is no longer the one that trained.
     */
    public void goOn(Graph current, int more) {
        TrainingState s = goOnState();
        if (s == null || state.get().active()) return;
        if (!WeightsFit.sameNetwork(graph, current)) {
            status.set("Cannot go on: the network changed since " + (evaluatedOnly ? "the opened model was trained" : "run " + (run == null ? "" : run.number() + " ")
                    + "trained") + ". Start a new run (tick Start from the last run's weights to keep what still fits).");
            return;
        }
        boolean unfinished = s.midEpoch() || s.epochs() < plannedEpochs(s);
        Map<String, Object> settingsOfRun = new LinkedHashMap<>(s.config());
        if (!unfinished) settingsOfRun.put("epochs", s.epochs() + Math.max(1, more));
        // On the device the project names now (an opened model may have trained on a GPU this machine lacks).
        try {
            settingsOfRun.put("device", TrainingConfig.fromMap(current.training()).device());
        } catch (IllegalArgumentException unreadable) {
            // The project's settings do not read: the run's own device stays.
        }
        Graph g = graph;
        DataSplit split = data;
        refreshKeptRuns();
        String from = (evaluatedOnly ? initialSource : "run " + (run == null ? "?" : run.number())) + " " + s.describe();
        evaluatedOnly = false;
        Map<String, Object> settings = new LinkedHashMap<>(RunLog.settings(settingsOfRun, g.dataset(), g.nodes()));
        settings.put(RunLog.START, from);
        run = kept.newRecord(settings);
        RunRecord thisRun = run;
        long gen = generation;
        stepPending = false;
        stopRequested = false;
        state.set(State.PREPARING);
        status.set("Going on from " + from + "…");
        progress.set(0);
        progressText.set("");
        worker.submit(() -> {
            Trainer t;
            try {
                t = new Trainer(g, TrainingConfig.fromMap(settingsOfRun), split.train(), split.validation());
                t.resumeFrom(s);
                fxThread.accept(() -> {
                    if (gen == generation) startNote = "going on from " + from;
                });
            } catch (Exception | Error e) {
                failedToStart(gen, thisRun, e, "Cannot go on: ");
                return;
            }
            launch(t, gen, thisRun);
        });
    }

    /**
     * Makes the {@link #setInitialWeights initial weights} (an opened bundle's) the finished model without training it:
     * the project's data open (normalized as the model's inputs were, when that is known), and the Results tab evaluates
     * the weights and predicts with them, as after a run. Says in the status line why not when the project has no data
     * set or errors; does nothing while a run is going.
     */
    public void useInitialWeights(Graph g, Path baseDir) {
        useInitialWeights(g, baseDir, false);
    }

    /**
     * {@link #useInitialWeights(Graph, Path)}, said in the status line of an opened model or, {@code imported}, of weights
     * imported for the drawing (a state_dict). Weights without their own normalization are evaluated with the project's,
     * which then travels with them into exports.
     */
    public void useInitialWeights(Graph g, Path baseDir, boolean imported) {
        Map<String, Tensor> init = initialWeights;
        if (state.get().active() || init == null) return;
        String cannot = cannotTrain(g);
        String what = imported ? "the imported weights" : "the opened model";
        if (cannot != null) {
            status.set((imported ? "The imported weights are" : "The opened model's weights are") + " ready; to evaluate them here: " + cannot);
            if (cannot.equals(NO_DATA_SET)) prepareReady(g, init, imported);
            return;
        }
        Normalization stored = initialNormalization;
        DataNames names = initialNames;
        long gen = generation;
        graph = g;
        evaluatedOnly = true;
        state.set(State.PREPARING);
        status.set("Opening the data to evaluate " + what + "…");
        worker.submit(() -> {
            try {
                TrainingConfig config = TrainingConfig.fromMap(g.training());
                // The statistics the model was trained with, when the bundle has them; the data read as its names say (its
                // vocabulary, its table's columns and words, its classes).
                DataSplit split = DataSources.open(g.dataset(), baseDir, stored, names);
                Trainer t = new Trainer(g, config, split.train(), split.validation());
                if (!WeightsFit.fits(init, t.model().stateDict())) throw new IllegalArgumentException(what + (imported ? "" : "'s weights") + " do not fit the drawing");
                t.loadWeights(init);
                fxThread.accept(() -> {
                    if (gen != generation) return;
                    data = split;
                    trainer = t;
                    if (initialWeights == init && initialNormalization == null) initialNormalization = split.normalization();
                    state.set(State.FINISHED);
                    status.set(imported ? "The imported weights, evaluated on the project's data (not trained here): Results predicts with them"
                            : "The opened model, evaluated on its data (not trained here): Results predicts with it");
                });
            } catch (Exception | Error e) {
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                fxThread.accept(() -> {
                    if (gen != generation) return;
                    state.set(State.FAILED);
                    status.set("Cannot evaluate " + what + ": " + msg);
                });
            }
        });
    }

    /** How the status line starts when Start refuses a project it cannot train. */
    public static final String CANNOT_TRAIN = "Cannot train: ";
    /** The state before Start refused the project (a finished run stays finished once the refusal is cleared). */
    private State refusedFrom;

    /**
     * Forgets a refusal to start once the project is edited (a data set chosen, an error fixed): Start will say again if
     * something is still missing. A finished run before the refusal is finished again, its weights still the ones to export.
     */
    public void clearRefusal() {
        if (state.get() != State.FAILED || !status.get().startsWith(CANNOT_TRAIN)) return;
        state.set(refusedFrom != null ? refusedFrom : State.IDLE);
        refusedFrom = null;
        status.set("Ready");
    }

    /** Why {@code g} cannot train, said for the person at the window, or null: the drawing's errors, then the data. */
    static String cannotTrain(Graph g) {
        if (g.nodes().isEmpty()) return "the canvas is empty: drag layers onto it from the palette, or start from a sample (File › New from Sample).";
        Analysis a = Analysis.of(g);
        if (a.hasErrors()) {
            int n = a.errors().size();
            return "the graph has " + (n == 1 ? "an error" : n + " errors") + " to fix first (Problems lists " + (n == 1 ? "it" : "them") + "): "
                    + a.errors().get(0);
        }
        if (!(g.dataset().get("source") instanceof String)) return NO_DATA_SET;
        return null;
    }

    /** {@link #cannotTrain}'s reason for a project without data. */
    private static final String NO_DATA_SET = "the project has no data set yet: choose one in the Data tab.";

    /**
     * A model opened without data, ready to predict: its evaluator on the initial weights, the normalization and names
     * they came with (a bundle's, or an ONNX model's), and its graph (the dataset settings a file is read with).
     */
    public record Ready(Evaluator evaluator, Normalization normalization, DataNames names, Graph graph) {}

    /** The opened model that predicts without data ({@link #useInitialWeights}), or null. */
    public Ready ready() {
        return ready;
    }

    /** Called on the JavaFX thread when {@link #ready()} has a model. */
    public void addReadyListener(Runnable l) {
        readyListeners.add(l);
    }

    /**
     * Off the JavaFX thread: the graph compiled on the initial weights, as {@code layerlab predict} runs a bundle, so that
     * Results predicts files with a model opened without its data (a torchvision model imported to a bundle with
     * {@code --mean/--std/--classes}); a model that cannot say so in the status line.
     */
    private void prepareReady(Graph g, Map<String, Tensor> init, boolean imported) {
        long gen = generation;
        Normalization norm = initialNormalization;
        DataNames names = initialNames;
        worker.submit(() -> {
            try {
                // On the initial weights themselves, not a copy (a VGG's 530 MB once in a 2 GB heap): it only predicts, in
                // eval mode without gradients, which writes none of them.
                Model m = GraphCompiler.compile(g, init);
                m.loadStateDict(init, true, true);
                Evaluator e = new Evaluator(m, TrainingConfig.fromMap(g.training()).loss(), Device.CPU);
                fxThread.accept(() -> {
                    if (gen != generation || initialWeights != init) return;
                    ready = new Ready(e, norm, names, g);
                    status.set((imported ? "The imported weights are" : "The opened model is") + " ready: Results predicts files with "
                            + (imported ? "them" : "it") + "; to evaluate " + (imported ? "them" : "it") + " here, choose a data set in the Data tab.");
                    for (Runnable l : readyListeners) l.run();
                });
            } catch (Exception | Error e) {
                // Still ready to evaluate once there are data; why it cannot predict now is said (out of memory, no Output).
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                fxThread.accept(() -> {
                    if (gen == generation && initialWeights == init) {
                        status.set(status.get() + " It cannot predict files here: " + msg);
                    }
                });
            }
        });
    }

    /** Runs {@code compute} with the {@link #ready} model off the JavaFX thread and shows its result on it, unless the project changed. */
    public <T> void withReady(Function<Ready, T> compute, Consumer<T> show) {
        Ready r = ready;
        if (r == null || closed) return;
        long gen = generation;
        worker.submit(() -> {
            T v;
            try {
                v = compute.apply(r);
            } catch (RuntimeException e) {
                fxThread.accept(() -> {
                    if (gen == generation) status.set("Could not compute: " + e.getMessage());
                });
                return;
            }
            fxThread.accept(() -> {
                if (gen == generation) show.accept(v);
            });
        });
    }

    /** On the training thread: steps and probes. */
    private void control(Trainer t, long gen, TrainingEvent e) {
        if (!(e instanceof BatchEnded) || gen != generation) return;
        if (stepPending) {
            t.pause();
            stepPending = false;
        }
        runProbes(t, gen);
    }

    private long lastProbe;

    private void runProbes(Trainer t, long gen) {
        long now = System.nanoTime();
        if (probes.isEmpty() || now - lastProbe < PROBE_PERIOD_MS * 1_000_000 && !t.isPaused()) return;
        lastProbe = now;
        for (Probe p : probes.values()) {
            Runnable show = p.capture(t);
            if (show != null) fxThread.accept(() -> {
                if (gen == generation) show.run();
            });
        }
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
        if (p == null) probes.remove(key);
        else probes.put(key, p);
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
        Trainer t = finished();
        if (t == null || closed) return;
        long gen = generation;
        AtomicBoolean dropped = new AtomicBoolean();
        Future<?> f = worker.submit(() -> {
            if (gen != generation || dropped.get()) return;
            T v;
            try {
                v = compute.apply(t);
            } catch (RuntimeException e) {
                if (dropped.get()) return;
                fxThread.accept(() -> {
                    if (gen == generation) status.set("Could not compute: " + e.getMessage());
                });
                return;
            }
            if (dropped.get()) return;
            fxThread.accept(() -> {
                if (gen == generation && !dropped.get()) show.accept(v);
            });
        });
        if (key != null) {
            Pending old = pending.put(key, new Pending(f, dropped));
            if (old != null) old.drop();
        }
    }

    /** Work asked for under a key ({@link #afterRun(String, Function, Consumer)}), until asked for again. */
    private record Pending(Future<?> future, AtomicBoolean dropped) {
        void drop() {
            dropped.set(true);
            future.cancel(true);
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

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
        pending.values().forEach(Pending::drop);
        pending.clear();
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

    // ---- events, on the JavaFX thread ----

    private void deliver(RunRecord r, List<TrainingEvent> events) {
        for (TrainingEvent e : events) {
            r.add(e);
            // Kept before the state says it ended, so that the runs table shows the number the log gave it.
            if (e instanceof TrainingEvent.Terminal) saveRuns();
            if (e instanceof RunStarted s) {
                if (state.get() == State.PREPARING) state.set(stepPending ? State.PAUSED : State.RUNNING);
                if (state.get() == State.PREPARING || state.get() == State.RUNNING) {
                    status.set("Training " + s.model() + " on " + s.device() + (startNote == null ? "" : " · " + startNote));
                }
                if (stepPending) status.set("Stepping");
            } else if (e instanceof RunFinished f) {
                state.set(State.FINISHED);
                status.set(ProgressLine.finished(f));
                progress.set(f.reason() == TrainingEvent.Reason.COMPLETED ? 1 : progress.get());
            } else if (e instanceof RunFailed f) {
                state.set(State.FAILED);
                status.set("Failed: " + f.describe() + (f.node() == null ? "" : " (at " + f.node() + ")"));
            }
        }
        if (state.get() == State.PAUSED && trainer != null && !trainer.isPaused() && !stepPending) state.set(State.RUNNING);
        // Step from idle on a small model: its first batch (and the pause after it) can come before RunStarted reaches this thread.
        else if (state.get() == State.RUNNING && trainer != null && trainer.isPaused()) state.set(State.PAUSED);
        BatchEnded b = r.lastBatch();
        // One refresh of the progress and the charts per UI_PERIOD_MS, in the same hand-over so that they land in one
        // frame (each frame is a software redraw of the window); at once when the run starts, ends an epoch, pauses
        // or ends.
        long now = System.nanoTime();
        boolean urgent = !state.get().active() || state.get() == State.PAUSED;
        for (TrainingEvent e : events) urgent |= e instanceof RunStarted || e instanceof TrainingEvent.EpochEnded || e instanceof TrainingEvent.Terminal;
        uiTick = urgent || now - lastTick >= UI_PERIOD_MS * 1_000_000;
        if (uiTick) lastTick = now;
        if (uiTick && b != null && r.started() != null) updateProgress(r.started(), b);
        try {
            for (Consumer<List<TrainingEvent>> l : listeners) l.accept(events);
        } finally {
            uiTick = false;
        }
    }

    /** The progress and the charts are brought up to date at most this often while a run goes (twice a second). */
    static final long UI_PERIOD_MS = 500;
    private long lastTick;
    private boolean uiTick;

    /**
     * True while the listeners handle a hand-over in which the screen should be brought up to date: at most every
     * {@link #UI_PERIOD_MS}, and whenever the run starts, ends an epoch, pauses or ends. Listeners take every event's
     * data always, and redraw only then.
     */
    public boolean uiTick() {
        return uiTick;
    }

    private void updateProgress(RunStarted s, BatchEnded b) {
        progress.set(ProgressLine.fraction(s, b));
        progressText.set(ProgressLine.text(s, b, state.get().active()));
    }
}
