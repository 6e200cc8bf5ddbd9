package layerlab.train;

import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.graph.compile.Model;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;

/**
 * Early stopping's progress through a run ({@code training.early_stopping}): the watched metric's best value, the
 * epochs since it improved and, with {@code restore_best}, the best epoch's weights and metrics. A checkpoint holds it
 * ({@link #state()}), so that a run that goes on stops where the uninterrupted one would have.
 */
final class EarlyStopper {
    /** The settings; null when the run does not stop early. */
    private final TrainingConfig.EarlyStopping es;
    private double best = Double.NaN;
    private int bad;
    private Map<String, Tensor> bestState;
    private int bestEpoch;
    private Map<String, Double> bestMetrics = Map.of();

    EarlyStopper(TrainingConfig.EarlyStopping es) {
        this.es = es;
    }

    /**
     * Refuses to watch a metric the run does not compute; {@code lossNodes} are the network's loss nodes, {@code heads} each
     * head's own score by loss node (with several target Inputs).
     */
    void check(boolean hasValidation, boolean accuracy, boolean mae, java.util.List<String> lossNodes, Map<String, String> heads) {
        if (es == null) return;
        String node = Losses.watchProblem(es, lossNodes, heads);
        if (node != null) throw new ConfigException(node);
        if (es.metric().startsWith("val_") && !hasValidation) {
            throw new ConfigException("training.early_stopping watches " + es.metric() + " but there is no validation set (set the dataset's validation_split)");
        }
        if (es.lossNode() == null && es.headNode() == null && (es.metric().endsWith("accuracy") && !accuracy || es.metric().endsWith("mae") && !mae)) {
            throw new ConfigException("training.early_stopping watches " + es.metric() + " but this run does not compute it");
        }
    }

    /**
     * Takes up the progress of the run {@code from} goes on from. It counts only for the same metric watched the same way
     * (early stopping may change on a resume): {@code now} is this run's {@code early_stopping} setting.
     */
    void resume(TrainingState from, Object now, Device device) {
        TrainingState.EarlyStopping saved = from.earlyStopping();
        if (saved == null || es == null || !watchesAlike(from.config().get("early_stopping"), now)) return;
        best = saved.best();
        bad = saved.bad();
        bestEpoch = saved.bestEpoch();
        bestMetrics = saved.bestMetrics();
        if (saved.bestState() != null && es.restoreBest()) {
            bestState = new LinkedHashMap<>();
            saved.bestState().forEach((k, v) -> bestState.put(k, v.to(device)));
        }
    }

    private static boolean watchesAlike(Object a, Object b) {
        return a instanceof Map<?, ?> x && b instanceof Map<?, ?> y && JsonValues.same(x.get("metric"), y.get("metric"))
                && JsonValues.same(x.get("mode"), y.get("mode")) && JsonValues.same(x.get("min_delta"), y.get("min_delta"));
    }

    /** The bookkeeping after epoch {@code e} with {@code model}'s weights: true when the patience has run out. */
    boolean saysStop(int e, Map<String, Double> metrics, Model model) {
        if (es == null) return false;
        double v = metrics.get(es.metric());
        if (Double.isNaN(best) || es.improves(v, best)) {
            best = v;
            bad = 0;
            if (es.restoreBest()) {
                bestState = new LinkedHashMap<>();
                for (var s : model.stateDict().entrySet()) bestState.put(s.getKey(), s.getValue().copy());
                bestEpoch = e;
                bestMetrics = metrics;
            }
            return false;
        }
        return ++bad >= es.patience();
    }

    /** The progress for a checkpoint, copied to the host; null when the run does not stop early. */
    TrainingState.EarlyStopping state() {
        return es == null ? null : new TrainingState.EarlyStopping(best, bad, bestEpoch, bestMetrics, bestState == null ? null : TrainingState.host(bestState));
    }

    /**
     * At the run's end, after {@code epochsRecorded} epochs: where later epochs (or a stopped one) changed the weights, the
     * best epoch's come back into {@code model}. Returns that epoch, or 0 when nothing was restored.
     */
    int restoreBest(Model model, int epochsRecorded) {
        if (bestState == null || epochsRecorded <= bestEpoch) return 0;
        model.loadStateDict(bestState, true);
        return bestEpoch;
    }

    /** The metrics of the epoch {@link #restoreBest} brings back. */
    Map<String, Double> bestMetrics() {
        return bestMetrics;
    }
}
