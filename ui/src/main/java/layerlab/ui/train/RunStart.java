package layerlab.ui.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import layerlab.data.DataFiles;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.io.ReadProgress;
import layerlab.tensor.Tensor;
import layerlab.train.Checkpoints;
import layerlab.train.Losses;
import layerlab.train.RunEnvironment;
import layerlab.train.RunLog;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.ui.train.TrainingSession.State;

/**
 * Starting a run of a {@link TrainingSession}, or refusing to: why a project cannot train (said in the status line, and
 * forgotten once the project is edited), the data opened and the graph compiled on the session's worker, and the
 * trainer launched with its events bridged to the JavaFX thread.
 */
final class RunStart {
    private final TrainingSession session;

    /** The state before Start refused the project (a finished run stays finished once the refusal is cleared). */
    State refusedFrom;

    RunStart(TrainingSession session) {
        this.session = session;
    }

    /** {@link TrainingSession#start}. */
    void start(Graph g, Path baseDir, boolean stepOnly) {
        if (session.state.get().active()) return;
        String cannot = cannotTrain(g);
        if (cannot != null) {
            if (session.state.get() != State.FAILED) refusedFrom = session.state.get();
            session.state.set(State.FAILED);
            session.status.set(TrainingSession.CANNOT_TRAIN + cannot);
            return;
        }
        refusedFrom = null;
        // A run started here compares with the log's last run, a terminal's included.
        session.refreshKeptRuns();
        // Training on from the last run: its trainer, while it is still the finished run's (not an opened model's evaluation).
        Trainer last = session.continueFromLast.get() && session.canContinue() ? session.trainer : null;
        session.graph = g;
        session.evaluatedOnly = false;
        // Named by the row of the run that trained them: not the last row, which may be a cross-validation or a terminal's run.
        String lastRun = last == null || session.run == null ? null : "run " + session.run.number() + "'s weights";
        Map<String, Object> settings = new LinkedHashMap<>(RunLog.settings(g));
        if (lastRun != null) settings.put(RunLog.START, lastRun);
        session.run = session.kept.newRecord(settings);
        RunRecord thisRun = session.run;
        session.environment = null;
        Map<String, Tensor> init = last != null ? null : session.opened.initialWeights;
        // Training on from an opened model's weights reads its texts with its vocabulary: rows of its Embedding are its tokens.
        Vocabulary vocabulary = init == null ? null : session.opened.initialNames.vocabulary();
        long gen = session.generation, started = System.nanoTime();
        session.stepPending = stepOnly;
        session.stopRequested = false;
        session.state.set(State.PREPARING);
        session.status.set("Opening the data and compiling " + g.name() + "…");

        session.progress.set(0);
        session.progressText.set("");
        session.worker.submit(() -> {
            Trainer t;
            layerlab.data.Dataset trainSet;
            try {
                TrainingConfig config = TrainingConfig.fromMap(g.training());
                DataSplit split = read(g, baseDir, gen, () -> DataSources.open(g.dataset(), baseDir, null, vocabulary));
                t = new Trainer(g, config, split.train(), split.validation());
                trainSet = split.train();
                String from = last != null ? WeightsFit.startFrom(t, Checkpoints.weights(last), "from " + lastRun, "new")
                        : init == null ? null : WeightsFit.startFrom(t, init, "from the opened model's weights", "not in the file");
                // Said beside "Training … on cpu" while it trains, as layerlab train says it in a note.
                String lbfgs = layerlab.train.OptimizerFactory.lbfgsBatchNote(config, split.train().size());
                // As layerlab train records its run: the same engine code, so the same data give the same fingerprint.
                RunEnvironment environment = RunEnvironment.current(t.device().toString(), config.seed(), g.dataset(), baseDir);
                session.fxThread.accept(() -> {
                    if (gen != session.generation) return;
                    session.data = split;
                    session.dataDir = baseDir;
                    session.startNote = from;
                    session.runNote = lbfgs;
                    session.environment = environment;
                    session.kept.recordEnvironment(thisRun, environment);
                });
            } catch (ReadProgress.Cancelled e) {
                stoppedWhileReading(gen, thisRun, (System.nanoTime() - started) / 1e9);
                return;
            } catch (Exception | Error e) {
                failedToStart(gen, thisRun, e, TrainingSession.CANNOT_TRAIN);
                return;
            }
            launch(t, trainSet, gen, thisRun);
        });
    }

    /**
     * On the worker: {@code g}'s data opened by {@code opening}, the read's progress shown in the session's progress line
     * ("Reading big.csv — 45 % (120 of 270 MB)") while it prepares, and cancelled by Stop (a big file picked by mistake
     * took tens of seconds with no sign and no way out).
     */
    DataSplit read(Graph g, Path baseDir, long gen, ReadProgress.Read<DataSplit> opening) throws Exception {
        AtomicReference<ReadProgress> latest = new AtomicReference<>();
        ReadProgress r = DataFiles.reading(g.dataset(), baseDir, p -> {
            // One hand-over to the JavaFX thread at a time; it shows the latest.
            if (latest.getAndSet(p) != null) return;
            session.fxThread.accept(() -> {
                ReadProgress last = latest.getAndSet(null);
                if (last == null || gen != session.generation || session.state.get() != State.PREPARING || session.reading == null) return;
                session.progress.set(last.fraction());
                session.progressText.set(last.toString());
            });
        });
        session.reading = r;
        try {
            if (session.stopRequested) r.cancel();
            return r.run(opening);
        } finally {
            session.reading = null;
        }
    }

    /**
     * On the worker, when Stop cancelled the data's read: nothing trained, said so, and the run's row says it was stopped
     * after {@code seconds} (not "failed": the user stopped it, nothing went wrong).
     */
    private void stoppedWhileReading(long gen, RunRecord thisRun, double seconds) {
        session.fxThread.accept(() -> {
            if (gen != session.generation) return;
            thisRun.add(new TrainingEvent.RunFinished(TrainingEvent.Reason.STOPPED, 0, 0, java.util.Map.of(), seconds));
            session.saveRuns();
            session.state.set(State.IDLE);
            session.status.set("Stopped: " + STOPPED_READING);
            session.progress.set(0);
            session.progressText.set("");
        });
    }

    /** What a run stopped while its data were read says. */
    static final String STOPPED_READING = "reading the data was cancelled; nothing trained";

    /**
     * On the worker, when a run could not start (its data or graph did not open, a checkpoint did not fit): its record ends
     * too, so that the runs' table does not call it running, and the status line says why after {@code prefix}.
     */
    void failedToStart(long gen, RunRecord thisRun, Throwable e, String prefix) {
        String msg = e.getMessage() != null ? e.getMessage() : e.toString();
        session.fxThread.accept(() -> {
            if (gen != session.generation) return;
            thisRun.add(new TrainingEvent.RunFailed(msg, null, 0, null));
            session.saveRuns();
            session.state.set(State.FAILED);
            session.status.set(prefix + msg);
        });
    }

    /** On the worker: hands {@code t}'s events to {@code thisRun} on the JavaFX thread and trains. */
    void launch(Trainer t, layerlab.data.Dataset train, long gen, RunRecord thisRun) {
        if (gen != session.generation) return;
        // Before the bridge: at the run's end, the doctor has looked at the ReLUs when the last events reach the screen.
        layerlab.train.Diagnosis diagnosis = new layerlab.train.Diagnosis(t, train);
        t.addListener(diagnosis);
        session.diagnosis = diagnosis;
        session.fxThread.accept(() -> {
            if (gen == session.generation) session.advice.set(java.util.List.of());
        });
        EventBridge b = new EventBridge(session.fxThread, events -> {
            if (gen == session.generation) session.events.deliver(thisRun, events);
        });
        t.addListener(e -> session.events.control(t, gen, e));
        t.addListener(b);
        session.trainer = t;
        session.bridge = b;
        if (session.stopRequested || gen != session.generation) t.stop();
        t.run();
    }

    /** {@link TrainingSession#clearRefusal}. */
    void clearRefusal() {
        if (session.state.get() != State.FAILED || !session.status.get().startsWith(TrainingSession.CANNOT_TRAIN)) return;
        session.state.set(refusedFrom != null ? refusedFrom : State.IDLE);
        refusedFrom = null;
        session.status.set("Ready");
    }

    /** Why {@code g} cannot train, said for the person at the window, or null: the drawing's errors, its loss, then the data. */
    static String cannotTrain(Graph g) {
        String why = cannotEvaluate(g);
        return why != null && !why.equals(NO_DATA_SET) ? why : !Losses.hasLoss(g) ? NO_LOSS : why;
    }

    /**
     * Why opened weights cannot be evaluated here, or null: the drawing's errors, then the data. A model without a loss
     * (an imported ONNX file's) still predicts, and is evaluated on a data set by its outputs.
     */
    static String cannotEvaluate(Graph g) {
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

    /**
     * {@link #cannotTrain}'s reason for a drawing without a loss: said before a run is made, so that the runs' table gets
     * no "failed" row for a Start that never began.
     */
    static final String NO_LOSS = "the network has no loss to learn from: add one after its last layer (CrossEntropyLoss for classes, "
            + "MSELoss for numbers; Problems then offers its labels Input), or choose a Loss in the training settings.";

    /** {@link #cannotTrain}'s reason for a project without data. */
    static final String NO_DATA_SET = "the project has no data set yet: choose one in the Data tab.";
}
