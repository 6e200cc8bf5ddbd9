package layerlab.train;

import java.util.Locale;
import java.util.Map;
import layerlab.optim.LRScheduler;
import layerlab.optim.OneCycleLR;
import layerlab.train.TrainingEvent.RunFailed;

/**
 * When a run's learning-rate schedule steps: after each batch (OneCycleLR), or after each epoch's validation
 * (ReduceLROnPlateau given its {@code metric}, by default the validation loss, or the training loss without a validation
 * set); and whether a OneCycleLR's cycle covers the run. A run without a schedule has one that does nothing.
 */
final class Schedule {
    /** Null when the run keeps its rate. */
    private final LRScheduler scheduler;
    /** What ReduceLROnPlateau steps on ({@code val_mae_bill}); null: val_loss, else train_loss. */
    private final String metric;

    Schedule(LRScheduler scheduler, String metric) {
        this.scheduler = scheduler;
        this.metric = metric;
    }

    /**
     * Refuses a ReduceLROnPlateau metric the run does not compute, before it starts: a validation metric without validation
     * data, an accuracy or MAE the run does not measure, a loss node's own loss of a node the network does not have among
     * its {@code lossNodes}, a head's score of a head the network does not have ({@code heads}, each head's score by its loss node).
     */
    void check(boolean hasValidation, boolean accuracy, boolean mae, java.util.List<String> lossNodes, Map<String, String> heads, TrainingConfig config) {
        if (metric == null) return;
        String head = Losses.plateauProblem(config, lossNodes, heads);
        if (head != null) throw new ConfigException(head);
        if (metric.startsWith("val_") && !hasValidation) {
            throw new ConfigException("training.scheduler.metric is " + metric + ", but there is no validation set (set the dataset's validation_split)");
        }
        if (TrainingConfig.headNodeOf(metric) == null && TrainingConfig.lossNodeOf(metric) == null && (metric.endsWith("accuracy") && !accuracy || metric.endsWith("mae") && !mae)) {
            throw new ConfigException("training.scheduler.metric is " + metric + ", but this run does not compute it");
        }
    }

    /**
     * OneCycleLR's cycle must cover the run: PyTorch raises when it is stepped past its total_steps, so a run longer than
     * the cycle (a total_steps set too small, or a resumed run given more epochs than its cycle was made for) is refused
     * before it starts, saying by how much.
     */
    void checkCycle(TrainingConfig config, int batchesPerEpoch, boolean resumed) {
        if (!(scheduler instanceof OneCycleLR cycle)) return;
        long batches = (long) config.epochs() * batchesPerEpoch;
        if (batches > cycle.totalSteps() && resumed) {
            throw new ConfigException(String.format(Locale.ROOT, "training.scheduler: the run's OneCycleLR cycle was made for %,d steps "
                    + "and cannot stretch to %,d batches (%d epochs × %,d) as it goes on: go on with at most %d epochs, or start a fresh run",
                    cycle.totalSteps(), batches, config.epochs(), batchesPerEpoch, cycle.totalSteps() / batchesPerEpoch));
        }
        if (batches > cycle.totalSteps()) {
            throw new ConfigException(String.format(Locale.ROOT, "training.scheduler.total_steps: OneCycleLR's cycle is %,d steps, but the run "
                    + "trains %,d batches (%d epochs × %,d): set total_steps to at least %,d, or leave it (and epochs, steps_per_epoch) out to "
                    + "span the run", cycle.totalSteps(), batches, config.epochs(), batchesPerEpoch, batches, batches));
        }
    }

    /** A per-batch schedule's step after batch {@code b} of epoch {@code e}; one stepped past its end fails the run with its reason. */
    void afterBatch(int e, int b, long step) {
        if (scheduler == null || !scheduler.perBatch()) return;
        try {
            scheduler.step();
        } catch (IllegalStateException ex) {
            throw new RunFailure(new RunFailed(ex.getMessage() + " (after epoch " + e + ", batch " + b + ")", null, step, null));
        }
    }

    /** A per-epoch schedule's step after an epoch that ended with {@code metrics}. */
    void afterEpoch(Map<String, Double> metrics) {
        if (scheduler == null || scheduler.perBatch()) return;
        if (scheduler.needsMetric()) scheduler.step(metric != null ? metrics.get(metric) : metrics.getOrDefault("val_loss", metrics.get("train_loss")));
        else scheduler.step();
    }

    /** The schedule's position for a checkpoint; null without a schedule. */
    Map<String, Object> stateDict() {
        return scheduler == null ? null : scheduler.stateDict();
    }

    void loadStateDict(Map<String, ?> state) {
        if (scheduler != null) scheduler.loadStateDict(state);
    }
}
