package layerlab.ui.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import layerlab.train.Trainer;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.RunFailed;
import layerlab.train.TrainingEvent.RunFinished;
import layerlab.train.TrainingEvent.RunStarted;
import layerlab.ui.train.TrainingSession.Probe;
import layerlab.ui.train.TrainingSession.State;

/**
 * A {@link TrainingSession}'s side of its runs' events: on the training thread, stepping and probes between batches; on
 * the JavaFX thread, the bridged events added to the run's record, the session's state and progress kept up to date, and
 * the listeners told, with at most one screen refresh per {@link TrainingSession#UI_PERIOD_MS}.
 */
final class SessionEvents {
    private final TrainingSession session;

    /** Told of each hand-over of events on the JavaFX thread ({@link TrainingSession#addListener}). */
    final List<Consumer<List<TrainingEvent>>> listeners = new CopyOnWriteArrayList<>();
    final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private long lastProbe;
    private long lastTick;
    /** The progress line's speed over the last seconds of the run {@link #rateOf}. */
    private final RecentRate rate = new RecentRate();
    private RunStarted rateOf;
    /** {@link TrainingSession#uiTick()}: true while the listeners handle a hand-over that should reach the screen. */
    boolean uiTick;

    SessionEvents(TrainingSession session) {
        this.session = session;
    }

    /** Installs (or with null removes) a probe under {@code key}. */
    void setProbe(String key, Probe p) {
        if (p == null) probes.remove(key);
        else {
            probes.put(key, p);
            // A paused run has no next batch to serve it: its thread, waiting, runs it now (an inspector opened or a
            // node selected while paused showed no activations and no feature space until the run went on).
            Trainer t = session.trainer;
            long gen = session.generation;
            if (t != null && session.state.get() == State.PAUSED) t.whilePaused(() -> {
                if (probes.get(key) == p) show(p, t, gen);
            });
        }
    }

    /** On the training thread: steps and probes. */
    void control(Trainer t, long gen, TrainingEvent e) {
        if (!(e instanceof BatchEnded) || gen != session.generation) return;
        if (session.stepPending) {
            t.pause();
            session.stepPending = false;
        }
        runProbes(t, gen);
    }

    private void runProbes(Trainer t, long gen) {
        long now = System.nanoTime();
        if (probes.isEmpty() || now - lastProbe < TrainingSession.PROBE_PERIOD_MS * 1_000_000 && !t.isPaused()) return;
        lastProbe = now;
        for (Probe p : probes.values()) show(p, t, gen);
    }

    private void show(Probe p, Trainer t, long gen) {
        Runnable show = p.capture(t);
        if (show != null) session.fxThread.accept(() -> {
            if (gen == session.generation) show.run();
        });
    }

    // ---- events, on the JavaFX thread ----

    void deliver(RunRecord r, List<TrainingEvent> events) {
        for (TrainingEvent e : events) {
            r.add(e);
            // Kept before the state says it ended, so that the runs table shows the number the log gave it.
            if (e instanceof TrainingEvent.Terminal) session.saveRuns();
            if (e instanceof RunStarted s) {
                // The data are read: the reading's line ("Reading big.csv — 100 %, making the samples…") and full bar go; the
                // first batch says where the run is. A run stopped before it kept saying it was reading.
                session.progress.set(0);
                session.progressText.set("");
                if (session.state.get() == State.PREPARING) session.state.set(session.stepPending ? State.PAUSED : State.RUNNING);
                if (session.state.get() == State.PREPARING || session.state.get() == State.RUNNING) {
                    session.status.set("Training " + s.model() + " on " + s.device() + (session.startNote == null ? "" : " · " + session.startNote)
                            + (session.runNote == null ? "" : " · note: " + session.runNote));
                }
                if (session.stepPending) session.status.set("Stepping");
            } else if (e instanceof RunFinished f) {
                session.state.set(State.FINISHED);
                session.status.set(ProgressLine.finished(f));
                session.progress.set(f.reason() == TrainingEvent.Reason.COMPLETED ? 1 : session.progress.get());
            } else if (e instanceof RunFailed f) {
                session.state.set(State.FAILED);
                session.status.set("Failed: " + f.describe() + (f.node() == null ? "" : " (at " + f.node() + ")"));
            }
        }
        var doctor = session.diagnosis;
        if (doctor != null) {
            var found = doctor.findings();
            if (!found.equals(session.advice.get())) session.advice.set(found);
        }
        if (session.state.get() == State.PAUSED && session.trainer != null && !session.trainer.isPaused() && !session.stepPending) session.state.set(State.RUNNING);
        // Step from idle on a small model: its first batch (and the pause after it) can come before RunStarted reaches this thread.
        else if (session.state.get() == State.RUNNING && session.trainer != null && session.trainer.isPaused()) session.state.set(State.PAUSED);
        // One refresh of the progress and the charts per UI_PERIOD_MS, in the same hand-over so that they land in one
        // frame (each frame is a software redraw of the window); at once when the run starts, pauses or ends. An epoch's
        // end waits for the next tick like a batch's: a tiny model ends 25 epochs a second, and a redraw for each (three
        // charts, the runs' table) took the JavaFX thread most of a core and made its training 2-3x slower than bare.
        long now = System.nanoTime();
        boolean urgent = !session.state.get().active() || session.state.get() == State.PAUSED;
        for (TrainingEvent e : events) urgent |= e instanceof RunStarted || e instanceof TrainingEvent.Terminal;
        tell(r, events, urgent || now - lastTick >= TrainingSession.UI_PERIOD_MS * 1_000_000, now);
    }

    /** Hands {@code events} to the listeners, with {@link #uiTick} set when {@code tick}; else makes sure a tick follows. */
    private void tell(RunRecord r, List<TrainingEvent> events, boolean tick, long now) {
        uiTick = tick;
        if (tick) {
            lastTick = now;
            untold = false;
            BatchEnded b = r.lastBatch();
            if (b != null && r.started() != null) updateProgress(r.started(), b, now);
        } else {
            untold = true;
            catchUpAt(r, lastTick + TrainingSession.UI_PERIOD_MS * 1_000_000 - now);
        }
        try {
            for (Consumer<List<TrainingEvent>> l : listeners) l.accept(events);
        } finally {
            uiTick = false;
        }
    }

    /** Events reached the listeners since the last tick: the screen does not show them yet. */
    private boolean untold;
    /** A catch-up tick is due. */
    private boolean catchUpDue;

    /**
     * The screen never lags more than UI_PERIOD_MS behind the run: what a hand-over between ticks brought is drawn on a
     * tick of its own {@code waitNanos} from now (one with no events), unless a later hand-over's tick draws it first. So
     * an epoch's end shows within UI_PERIOD_MS even when the next batch is slow to come.
     */
    private void catchUpAt(RunRecord r, long waitNanos) {
        if (catchUpDue) return;
        catchUpDue = true;
        long gen = session.generation;
        EventBridge.TIMER.schedule(() -> session.fxThread.accept(() -> {
            catchUpDue = false;
            if (!untold || gen != session.generation || r != session.run) return;
            long now = System.nanoTime();
            long left = lastTick + TrainingSession.UI_PERIOD_MS * 1_000_000 - now;
            if (left > 0) catchUpAt(r, left);
            else tell(r, List.of(), true, now);
        }), Math.max(0, waitNanos), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void updateProgress(RunStarted s, BatchEnded b, long now) {
        session.progress.set(ProgressLine.fraction(s, b));
        if (s != rateOf || session.state.get() != State.RUNNING) {
            // A new run, or a pause (its time is no part of the speed; Step's batches neither).
            rate.clear();
            rateOf = s;
        }
        if (session.state.get() == State.RUNNING) rate.add(now, ProgressLine.samplesDone(s, b));
        session.progressText.set(ProgressLine.text(s, b, session.state.get().active(), rate.perSecond()));
    }
}
