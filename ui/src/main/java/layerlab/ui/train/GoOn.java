package layerlab.ui.train;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.train.RunEnvironment;
import layerlab.train.RunLog;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingState;
import layerlab.ui.train.TrainingSession.State;

/**
 * Go On: a {@link TrainingSession}'s last run (or the run that trained an opened model) continued as if it had never
 * stopped, from its weights, optimiser, scheduler and place in the data.
 */
final class GoOn {
    private final TrainingSession session;

    GoOn(TrainingSession session) {
        this.session = session;
    }

    /** {@link TrainingSession#goOnText}. */
    String goOnText(int more) {
        TrainingState s = goOnState();
        if (s == null) return null;
        int planned = plannedEpochs(s);
        return s.midEpoch() || s.epochs() < planned ? "Go On to Epoch " + planned : "Go On: " + more + " More Epoch" + (more == 1 ? "" : "s");
    }

    /** The state Go On continues: the last run's here, or, while an opened model is evaluated, the run that trained it. */
    private TrainingState goOnState() {
        Trainer t = session.trainer;
        if (session.state.get() != State.FINISHED || t == null || session.graph == null || session.data == null) return null;
        return session.evaluatedOnly ? session.opened.initialState : t.resumeState();
    }

    private static int plannedEpochs(TrainingState s) {
        return ((Number) s.config().get("epochs")).intValue();
    }

    /** {@link TrainingSession#goOn}. */
    void goOn(Graph current, int more) {
        TrainingState s = goOnState();
        if (s == null || session.state.get().active()) return;
        if (!WeightsFit.sameNetwork(session.graph, current)) {
            session.status.set("Cannot go on: the network changed since " + (session.evaluatedOnly ? "the opened model was trained" : "run " + (session.run == null ? "" : session.run.number() + " ")
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
        Graph g = session.graph;
        DataSplit split = session.data;
        session.refreshKeptRuns();
        String from = (session.evaluatedOnly ? session.opened.initialSource : "run " + (session.run == null ? "?" : session.run.number())) + " " + s.describe();
        RunEnvironment before = session.evaluatedOnly ? null : session.environment;
        session.evaluatedOnly = false;
        Map<String, Object> settings = new LinkedHashMap<>(RunLog.settings(settingsOfRun, g.dataset(), g.nodes()));
        settings.put(RunLog.START, from);
        session.run = session.kept.newRecord(settings);
        RunRecord thisRun = session.run;
        session.environment = null;
        long gen = session.generation;
        session.stepPending = false;
        session.stopRequested = false;
        session.state.set(State.PREPARING);
        session.status.set("Going on from " + from + "…");
        session.progress.set(0);
        session.progressText.set("");
        session.worker.submit(() -> {
            Trainer t;
            layerlab.data.Dataset trainSet;
            try {
                TrainingConfig config = TrainingConfig.fromMap(settingsOfRun);
                t = new Trainer(g, config, split.train(), split.validation());
                trainSet = split.train();
                t.resumeFrom(s);
                // The data read for the run it goes on from (an opened model's: not recorded, so fingerprinted now).
                RunEnvironment environment = before != null ? RunEnvironment.goingOn(t.device().toString(), config.seed(), before)
                        : RunEnvironment.current(t.device().toString(), config.seed(), g.dataset(), session.dataDir);
                session.fxThread.accept(() -> {
                    if (gen != session.generation) return;
                    session.startNote = "going on from " + from;
                    session.runNote = null;
                    session.environment = environment;
                    session.kept.recordEnvironment(thisRun, environment);
                });
            } catch (Exception | Error e) {
                session.starts.failedToStart(gen, thisRun, e, "Cannot go on: ");
                return;
            }
            session.starts.launch(t, trainSet, gen, thisRun);
        });
    }
}
