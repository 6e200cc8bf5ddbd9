package layerlab.train;

import java.util.List;
import java.util.Map;

/**
 * What a {@link Trainer} reports while it runs, in this order: {@link RunStarted}; per batch {@link BatchEnded}
 * (preceded every {@code stats_every} batches by {@link ParameterStats}, followed by an {@link ActivationCapture} when
 * one was requested); per epoch {@link EpochEnded}; finally one {@link Terminal} event, {@link RunFinished} or
 * {@link RunFailed}. Epochs and batches count from 1; {@code step} counts optimiser steps, the current one included.
 * Every array and map in an event is a copy owned by the event: safe to keep and to read on any thread.
 */
public sealed interface TrainingEvent {

    /** The last event of a run; {@link Trainer#run()} returns it. */
    sealed interface Terminal extends TrainingEvent permits RunFinished, RunFailed {
    }

    /**
     * @param device           where the model runs ({@code cpu}, {@code cuda:0})
     * @param parameters       trainable parameter elements
     * @param trainSamples     samples per epoch (before {@code drop_last})
     * @param validationSamples samples in the validation set (0: none)
     * @param batchesPerEpoch  optimiser steps per full epoch
     * @param accuracy         whether the run reports accuracy (a classifier's); else mean absolute error, or neither
     */
    record RunStarted(String model, String device, long parameters, int trainSamples, int validationSamples, int batchesPerEpoch,
                      int epochs, TrainingConfig config, boolean accuracy, Resumed resumed) implements TrainingEvent {
        /** A run from its first batch. */
        public RunStarted(String model, String device, long parameters, int trainSamples, int validationSamples, int batchesPerEpoch,
                          int epochs, TrainingConfig config, boolean accuracy) {
            this(model, device, parameters, trainSamples, validationSamples, batchesPerEpoch, epochs, config, accuracy, null);
        }
    }

    /**
     * Where a run resumed from a checkpoint starts: after {@code epochs} epochs and {@code batches} batches of the next,
     * {@code step} steps, with the completed epochs' metrics ({@code history}, as {@link Trainer#history()}).
     */
    record Resumed(int epochs, int batches, long step, List<Map<String, Object>> history) {
        public Resumed {
            history = List.copyOf(history);
        }
    }

    /**
     * @param loss             this batch's loss
     * @param lr               the learning rate this step used (the first parameter group's)
     * @param samplesPerSecond training throughput since the epoch began (pauses excluded)
     * @param accuracy         the running training accuracy of this epoch so far, or NaN when the task is not classification
     */
    record BatchEnded(int epoch, int batch, long step, double loss, double lr, double samplesPerSecond, double accuracy)
            implements TrainingEvent {
    }

    /**
     * @param metrics {@code train_loss}, {@code val_loss} (with a validation set), {@code train_accuracy}/{@code val_accuracy}
     *                (classification) or {@code train_mae}/{@code val_mae} (regression), {@code lr} (the rate this epoch used),
     *                {@code seconds} (the epoch's time, validation included)
     * @param partial whether the epoch ended early (step limit); its metrics cover the batches that ran
     */
    record EpochEnded(int epoch, Map<String, Double> metrics, boolean partial) implements TrainingEvent {
        public EpochEnded {
            metrics = ordered(metrics);
        }

        /** An epoch of a run's history ({@link Trainer#history()}: its number and metrics) as the event that reported it. */
        public static EpochEnded of(Map<String, Object> history) {
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            history.forEach((k, v) -> {
                if (!k.equals("epoch") && v instanceof Number n) m.put(k, n.doubleValue());
            });
            return new EpochEnded(((Number) history.get("epoch")).intValue(), m, false);
        }
    }

    /**
     * Statistics of every parameter after the backward pass of {@code step}: its values as the step started and its
     * gradients as backward computed them, before clipping (clip_grad_norm, clip_grad_value) and the optimiser's step.
     */
    record ParameterStats(int epoch, long step, List<ParameterStat> parameters) implements TrainingEvent {
        public ParameterStats {
            parameters = List.copyOf(parameters);
        }
    }

    /** One parameter ({@code fc1.weight}): its values and its gradient (null before it has one). */
    record ParameterStat(String name, int[] shape, TensorStats value, TensorStats grad) {
    }

    /** The outputs of the requested nodes in the forward pass of {@code step} (the training batch, in training mode). */
    record ActivationCapture(int epoch, long step, Map<String, TensorSnapshot> activations) implements TrainingEvent {
        public ActivationCapture {
            activations = ordered(activations);
        }
    }

    enum Reason {
        /** Every epoch ran, or the step limit was reached. */
        COMPLETED,
        /** {@link Trainer#stop()} was called. */
        STOPPED,
        /** The early-stopping metric stopped improving. */
        EARLY_STOPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param epochs  epochs that ran (a partial last one included)
     * @param metrics the last epoch's metrics (empty if none ended)
     */
    /**
     * @param metrics       the last epoch's
     * @param restoredEpoch the epoch whose weights the model ends with when early stopping's {@code restore_best} took
     *                      them back (0: the last epoch's, as trained)
     * @param restored      that epoch's metrics (empty when none was restored)
     */
    record RunFinished(Reason reason, int epochs, long steps, Map<String, Double> metrics, double seconds, int restoredEpoch,
                       Map<String, Double> restored) implements Terminal {
        public RunFinished {
            metrics = ordered(metrics);
            restored = ordered(restored);
        }

        public RunFinished(Reason reason, int epochs, long steps, Map<String, Double> metrics, double seconds) {
            this(reason, epochs, steps, metrics, seconds, 0, Map.of());
        }
    }

    /**
     * @param node the node where the trouble first showed (a non-finite value, in topological order), or null
     * @param step the optimiser step that was running (its update was not applied)
     * @param hint what to try, or null
     */
    record RunFailed(String message, String node, long step, String hint) implements Terminal {
        /** {@code message (hint)}: one line for a log or a terminal. */
        public String describe() {
            return message + (hint == null ? "" : ". Hint: " + hint);
        }
    }

    /** An unmodifiable copy that keeps the order (train metrics before validation ones). */
    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }
}
