package layerlab.ui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.train.KeptEpochs;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingEvent.ActivationCapture;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.EpochEnded;
import layerlab.train.TrainingEvent.ParameterStats;
import layerlab.train.TrainingEvent.RunStarted;

/**
 * What the screen keeps of one run, built from its events only (on the JavaFX thread): per batch the loss, rate and
 * running accuracy; per epoch the metrics; the parameter statistics over time; the last activations. Earlier runs of the
 * open document stay in its {@link RunHistory} and are drawn under the current one.
 */
public final class RunRecord {
    /** Keeps at most this many statistics events; older ones are thinned (every other one dropped). */
    static final int MAX_STATS = 240;

    /** One batch: x is the epoch position (epoch − 1 + batch / batches per epoch), so runs line up by epoch. */
    public record Point(double x, long step, double loss, double lr, double accuracy, double samplesPerSecond) {
    }

    private int number;
    /** Whether the project's {@link RunLog} holds this run (it was read from there, or added once it ended). */
    private boolean kept;
    private final List<Point> batches = new ArrayList<>();
    private final List<EpochEnded> epochs = new ArrayList<>();
    private final List<ParameterStats> stats = new ArrayList<>();
    private RunStarted started;
    private ActivationCapture activations;
    private TrainingEvent.Terminal end;
    private BatchEnded lastBatch;
    /** A cross-validation's outcome when this row is one (it has no epochs of its own); null for a training run. */
    private RunLog.Folds folds;
    /** A run read from the log that had not ended: trained by another process ({@code layerlab train}), or interrupted. */
    private RunLog.Run unfinished;

    public RunRecord(int number) {
        this.number = number;
    }

    /** Takes one event (events it has no use for are ignored). */
    public void add(TrainingEvent e) {
        if (e instanceof RunStarted s) {
            started = s;
            // A run that goes on from a checkpoint holds the epochs before it too, so its curves continue the earlier run's.
            if (s.resumed() != null && epochs.isEmpty()) {
                for (Map<String, Object> h : s.resumed().history()) epochs.add(EpochEnded.of(h));
            }
        } else if (e instanceof BatchEnded b) {
            lastBatch = b;
            int per = started == null ? 1 : Math.max(1, started.batchesPerEpoch());
            batches.add(new Point(b.epoch() - 1 + (double) b.batch() / per, b.step(), b.loss(), b.lr(), b.accuracy(), b.samplesPerSecond()));
        } else if (e instanceof EpochEnded ep) {
            epochs.add(ep);
        } else if (e instanceof ParameterStats p) {
            stats.add(p);
            if (stats.size() > MAX_STATS) {
                for (int i = stats.size() - 2; i > 0; i -= 2) stats.remove(i);
            }
        } else if (e instanceof ActivationCapture a) {
            activations = a;
        } else if (e instanceof TrainingEvent.Terminal t) {
            end = t;
        }
    }

    public int number() {
        return number;
    }

    /** What the run trained (its settings, data set and layers, flattened: {@link RunLog#settings}); empty until set. */
    private Map<String, Object> settings = Map.of();
    private String changes = "";

    /** Records what this run trains ({@link RunLog#settings}), and what differs from {@code previous} (the run before; null: none). */
    void setSettings(Map<String, Object> settings, RunRecord previous) {
        this.settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        this.changes = RunLog.changes(previous == null ? null : previous.settings, this.settings);
    }

    public Map<String, Object> settings() {
        return settings;
    }

    /** What changed from the run before: "optimizer.lr 0.001 → 0.01", "first run". */
    public String changes() {
        return changes;
    }

    /** A run read from the project's {@link RunLog}: its row and epochs (no batch points, statistics or activations). */
    static RunRecord of(RunLog.Run kept) {
        RunRecord r = new RunRecord(kept.number());
        for (TrainingEvent.EpochEnded e : kept.epochs()) r.add(e);
        r.add(kept.end());
        r.settings = kept.settings();
        r.changes = kept.changes();
        r.folds = kept.folds();
        r.kept = true;
        if (kept.unfinished()) r.unfinished = kept;
        return r;
    }

    /**
     * Whether this is a run the log holds as not ended whose process is gone (killed, a power cut): it keeps the epochs it
     * reached, and its row says "interrupted". A run another process still trains is not (its row says "running elsewhere").
     */
    boolean interrupted() {
        return unfinished != null && unfinished.interrupted();
    }

    /** Whether this is a run read from the log that had not ended then: {@link TrainingSession#refreshKeptRuns} reads it again. */
    boolean unfinishedInLog() {
        return unfinished != null;
    }

    /** A cross-validation's row: its folds' scores and how it ended. */
    void setCrossValidation(RunLog.Folds folds, TrainingEvent.Terminal end) {
        this.folds = folds;
        add(end);
    }

    /** The cross-validation this row stands for; null for a training run. */
    public RunLog.Folds folds() {
        return folds;
    }

    boolean isKept() {
        return kept;
    }

    /** Added to the log as {@code kept}: its number and what changed are the log's (runs may have come from the command line meanwhile). */
    void keptAs(RunLog.Run kept) {
        this.number = kept.number();
        this.changes = kept.changes();
        this.kept = true;
    }

    /** This run as the {@link RunLog} keeps it; null while it has not ended. */
    RunLog.Run logged() {
        return end == null ? null : new RunLog.Run(number, settings, changes, epochs, end, folds);
    }

    /**
     * Lets go of the per-batch points, statistics and activations, and of a long run's epochs all but those {@link KeptEpochs}
     * keeps (a run too old to be overlaid keeps its row only).
     */
    void compact() {
        List<EpochEnded> kept = KeptEpochs.of(epochs, end);
        if (kept != epochs) {
            kept = new ArrayList<>(kept);
            epochs.clear();
            epochs.addAll(kept);
        }
        batches.clear();
        stats.clear();
        activations = null;
    }

    /** The number of the last of {@code epochs} (as many as it trained: a long run keeps every few), 0 for none. */
    static int lastEpoch(List<EpochEnded> epochs) {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
    }

    public String label() {
        return "run " + number;
    }

    public RunStarted started() {
        return started;
    }

    public List<Point> batches() {
        return batches;
    }

    public List<EpochEnded> epochs() {
        return epochs;
    }

    public List<ParameterStats> stats() {
        return stats;
    }

    public ActivationCapture activations() {
        return activations;
    }

    public TrainingEvent.Terminal end() {
        return end;
    }

    public BatchEnded lastBatch() {
        return lastBatch;
    }

    /**
     * Whether the runs report accuracy (classification) rather than mean absolute error: {@link #measuredMetric}, and
     * "mae" for a run that measured nothing.
     */
    public String secondMetric() {
        String m = measuredMetric();
        return m == null ? "mae" : m;
    }

    /**
     * "accuracy" or "mae" as the run said when it started (a classifier that fails at its first batch still charts
     * accuracy), else as its epochs, batches or a cross-validation's scores show; null for a run that measured nothing
     * (refused at Start, stopped while its data were read): such a row says nothing of what the project measures.
     */
    public String measuredMetric() {
        if (started != null) return started.accuracy() ? "accuracy" : "mae";
        for (EpochEnded e : epochs) {
            if (e.metrics().containsKey("train_accuracy") || e.metrics().containsKey("val_accuracy")) return "accuracy";
            if (e.metrics().containsKey("train_mae") || e.metrics().containsKey("val_mae")) return "mae";
        }
        for (Point p : batches) if (!Double.isNaN(p.accuracy())) return "accuracy";
        if (folds != null) {
            for (layerlab.train.CrossValidation.Score sc : folds.scores()) {
                if (sc.metric().matches("(val|train)_accuracy(_.+)?")) return "accuracy";
                if (sc.metric().matches("(val|train)_mae(_.+)?")) return "mae";
            }
        }
        return null;
    }

    /**
     * What the charts' second panel shows for {@code runs} (a project's kept runs, oldest first): the last one that
     * measured something says; "mae" when none did. A cross-validation or a refused Start last in the log made a
     * classifier's reopened project chart "Mean absolute error", and its runs' accuracy overlays vanished.
     */
    static String secondMetric(List<RunRecord> runs) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            String m = runs.get(i).measuredMetric();
            if (m != null) return m;
        }
        return "mae";
    }
}
