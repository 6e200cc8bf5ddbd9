package layerlab.io;

import java.util.List;
import java.util.Locale;
import layerlab.train.TrainingConfig;

/**
 * Early stopping in the exported script's {@code train()}, as LayerLab's {@code EarlyStopper} does it: after each epoch the
 * watched metric ({@code train_loss}, {@code val_accuracy}…) against its best so far; once it has not improved by more than
 * {@code min_delta} (in the mode's direction) for {@code patience} epochs in a row, training stops; with
 * {@code restore_best} the best epoch's weights (its state dict, buffers included) come back at the end where a later epoch
 * changed them. Accuracy and mean absolute error are counted as LayerLab's {@code Metrics} counts them (the arg-max over
 * dimension 1 or a binary output's threshold; every value's |out - target|), from the training batches' outputs as they
 * were trained and from the validation batches in eval mode.
 */
final class PyTorchEarlyStopping {
    private PyTorchEarlyStopping() {
    }

    /** The settings as a Python dict (the project's {@code early_stopping}, its mode resolved); nothing where it has none. */
    static String settings(TrainingConfig.EarlyStopping es) {
        if (es == null) return "";
        return String.format(Locale.ROOT, "EARLY_STOPPING = {\"metric\": \"%s\", \"patience\": %d, \"min_delta\": %s, \"mode\": \"%s\", \"restore_best\": %s}"
                        + "  # as LayerLab stops\n", es.metric(), es.patience(), PyLiterals.num(es.minDelta()), es.mode(),
                PyLiterals.py(es.restoreBest()));
    }

    /**
     * Why LayerLab refuses to watch {@code es}'s metric for a loss of {@code lossKind} (a score it does not compute, as
     * {@code Trainer} decides from {@code training.metrics} and the loss), or null when it watches it.
     */
    static String refused(TrainingConfig c, String lossKind) {
        TrainingConfig.EarlyStopping es = c.earlyStopping();
        if (es == null) return null;
        boolean classification = List.of("CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss").contains(lossKind);
        boolean regression = List.of("MSELoss", "L1Loss", "SmoothL1Loss").contains(lossKind);
        boolean accuracy = c.metrics().isEmpty() ? classification : c.metrics().contains("accuracy");
        boolean mae = c.metrics().isEmpty() ? regression : c.metrics().contains("mae");
        if (es.lossNode() == null && es.headNode() == null && (es.metric().endsWith("accuracy") && !accuracy || es.metric().endsWith("mae") && !mae)) {
            return "training.early_stopping watches " + es.metric() + " but this run does not compute it";
        }
        return null;
    }

    /**
     * The watched score ({@code accuracy}, {@code mae}), or null where early stopping watches a loss (a loss node's too), a
     * head's own score ({@code watched_score} in the script of several targets) or is off.
     */
    static String score(TrainingConfig.EarlyStopping es) {
        if (es == null || es.metric().endsWith("_loss") || es.lossNode() != null || es.headNode() != null) return null;
        return es.metric().substring(es.metric().indexOf('_') + 1);
    }

    /** {@code score(out, t)} for {@code score} of a model trained with {@code lossKind}: the sum LayerLab's metric adds, and its count. */
    static String scoreFunction(String score, String lossKind) {
        String body;
        if (score.equals("mae")) {
            body = """
                        if out.numel() != t.numel():
                            return 0.0, 0
                        return float((out.double() - t.double()).abs().sum()), out.numel()
                    """;
        } else if (lossKind.equals("CrossEntropyLoss") || lossKind.equals("NLLLoss")) {
            body = """
                        pred = out.argmax(1)
                        truth = t.argmax(1) if t.is_floating_point() and t.shape == out.shape else t
                        kept = (truth >= 0) & (truth < out.shape[1])  # a label outside the classes (ignore_index) is not counted
                        return float((pred == truth)[kept].sum()), int(kept.sum())
                    """;
        } else {
            body = """
                        o, t = out.flatten(), t.flatten()
                        n = min(o.numel(), t.numel())
                        return float(((o[:n] > %s) == (t[:n] > 0.5)).sum()), n
                    """.formatted(lossKind.equals("BCEWithLogitsLoss") ? "0" : "0.5");
        }
        String what = score.equals("mae") ? "The summed |out - t| over every value, and how many values (LayerLab's mean absolute error)"
                : lossKind.equals("CrossEntropyLoss") || lossKind.equals("NLLLoss")
                ? "The samples classified right (the arg-max over dim 1), and how many were counted (LayerLab's accuracy)"
                : "The values classified right (above " + (lossKind.equals("BCEWithLogitsLoss") ? "0, a logit" : "0.5, a probability")
                + ", against a target above 0.5), and how many (LayerLab's accuracy)";
        return "\n\n" + """
                def score(out, t):
                    \"""%s.\"""
                %s""".formatted(what, body);
    }

    /** The Python class that keeps early stopping's progress. */
    static final String STOPPER = "\n\n" + """
            class EarlyStopper:
                \"""Early stopping as LayerLab's: after each epoch the watched metric against its best so far; once it has not improved
                by more than min_delta (up for mode "max", down for "min") for patience epochs in a row, training stops. With
                restore_best, restore() brings back the best epoch's weights where a later epoch changed them.\"""

                def __init__(self, settings):
                    self.settings = settings
                    self.best, self.bad, self.best_state, self.best_epoch = float("nan"), 0, None, 0

                def stops(self, epoch, metrics, model):
                    \"""The bookkeeping after epoch with model's weights: True when the patience has run out.\"""
                    if self.settings is None or metrics.get(self.settings["metric"]) is None:
                        return False
                    value, s = metrics[self.settings["metric"]], self.settings
                    better = value > self.best + s["min_delta"] if s["mode"] == "max" else value < self.best - s["min_delta"]
                    if self.best != self.best or better:  # the first epoch's value is the first best (nan != nan)
                        self.best, self.bad = value, 0
                        if s["restore_best"]:
                            self.best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
                            self.best_epoch = epoch
                        return False
                    self.bad += 1
                    return self.bad >= s["patience"]

                def restore(self, model, epochs_run):
                    \"""After epochs_run epochs: the best epoch's weights back into model where later ones changed them; that epoch, or 0.\"""
                    if self.best_state is None or epochs_run <= self.best_epoch:
                        return 0
                    model.load_state_dict(self.best_state)
                    return self.best_epoch
            """;
}
