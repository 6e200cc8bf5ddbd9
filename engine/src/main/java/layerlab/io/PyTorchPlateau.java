package layerlab.io;

import java.util.List;
import layerlab.train.TrainingConfig;

/**
 * ReduceLROnPlateau's metric in the exported script's {@code train()}, as LayerLab's run gives it to {@code step()}: the
 * validation loss (the training loss without validation data) when the project's {@code scheduler.metric} is left out; else
 * {@code val_loss}, {@code train_loss}, one loss node's own validation loss ({@code val_loss_bill}), or a validation score ({@code val_accuracy}, a head's {@code val_mae_bill}) counted
 * by {@code plateau_metric(model, val_loader)} over the validation batches in eval mode, as LayerLab's {@code Metrics} counts it.
 */
final class PyTorchPlateau {
    private PyTorchPlateau() {
    }

    /** The epoch's {@code scheduler.step(…)} line for a ReduceLROnPlateau watching {@code metric} (null: the default). */
    static String step(String metric) {
        String given = metric == null ? "val_loss if val_loss is not None else train_loss"
                : metric.equals("val_loss") || metric.equals("train_loss") ? metric : "plateau_metric(model, val_loader)";
        return "        scheduler.step(" + given + ")\n";
    }

    /** train()'s refusal, before its first epoch, to step on a validation metric without validation data; "" where none is needed. */
    static String needsValidation(String metric) {
        if (metric == null || !metric.startsWith("val_")) return "";
        return "    if val_loader is None:\n        raise ValueError(\"ReduceLROnPlateau steps on " + metric
                + ", which needs validation data: train(model, train_loader, val_loader)\")\n";
    }

    /** How make_scheduler's doc says what ReduceLROnPlateau steps on. */
    static String said(String metric) {
        return metric == null ? "the validation loss (the training loss without validation data)" : metric + " (the project's scheduler.metric)";
    }

    /**
     * Why LayerLab refuses {@code c}'s ReduceLROnPlateau metric for a loss of {@code lossKind} (the run's accuracy or MAE where it
     * does not compute it, as {@code Trainer} decides from {@code training.metrics} and the loss), or null.
     */
    static String refused(TrainingConfig c, String lossKind) {
        String metric = c.plateauMetric();
        if (metric == null || TrainingConfig.headNodeOf(metric) != null || TrainingConfig.lossNodeOf(metric) != null) return null;
        boolean classification = List.of("CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss").contains(lossKind);
        boolean regression = List.of("MSELoss", "L1Loss", "SmoothL1Loss").contains(lossKind);
        boolean accuracy = c.metrics().isEmpty() ? classification : c.metrics().contains("accuracy");
        boolean mae = c.metrics().isEmpty() ? regression : c.metrics().contains("mae");
        if (metric.endsWith("accuracy") && !accuracy || metric.endsWith("mae") && !mae) {
            return "training.scheduler.metric is " + metric + ", but this run does not compute it";
        }
        return null;
    }

    /**
     * {@code plateau_metric(model, loader)} for the run's own score ({@code val_accuracy}, {@code val_mae}: the first loss node's
     * Output against its target), or "" where the metric is a loss or a head's score (see {@link #headFunction}).
     */
    static String wholeFunction(String metric, String lossKind, String forward, String pick, String target) {
        if (metric == null || TrainingConfig.headNodeOf(metric) != null || TrainingConfig.lossNodeOf(metric) != null || metric.endsWith("_loss")) return "";
        String score = metric.substring("val_".length());
        return PyTorchEarlyStopping.scoreFunction(score, lossKind).replace("def score(out, t):", "def plateau_score(out, t):") + "\n\n" + """
                def plateau_metric(model, loader):
                    \"""ReduceLROnPlateau's metric, %s: the %s over loader's batches (nan without any to count), in eval mode without gradients.\"""
                    model.eval()
                    right, counted = 0.0, 0
                    with torch.no_grad():
                        for x, y in loader:
                            out = %s%s
                            got, n = plateau_score(out, %s)
                            right += got
                            counted += n
                    return right / counted if counted else float("nan")
                """.formatted(metric, score.equals("mae") ? "mean absolute error" : "accuracy", forward, pick, target);
    }

    /**
     * {@code plateau_metric(model, loader)} for loss node {@code LOSSES[at]}'s own loss ({@code val_loss_bill}), unweighted, the
     * mean over loader's samples as LayerLab's {@code Metrics} counts it (each batch's mean loss times its size); {@code outs}
     * is the model's outputs as a tuple, {@code heads} whether LOSSES gives each loss its target's columns of y.
     */
    static String lossNodeFunction(String metric, int at, String outs, boolean heads) {
        return "\nPLATEAU_LOSS = " + at + "  # ReduceLROnPlateau steps on " + metric + ": LOSSES[" + at + "]'s own loss, unweighted\n" + """


                def plateau_metric(model, loader):
                    \"""ReduceLROnPlateau's metric, %s: the loss node's own loss, unweighted, the mean over loader's samples, in eval mode without gradients.\"""
                    model.eval()
                    total, count = 0.0, 0
                    with torch.no_grad():
                        for x, y in loader:
                            outs = %s
                            i, loss_fn, _, class_indices%s = LOSSES[PLATEAU_LOSS]
                            out = outs[i]
                            loss = loss_fn(out, target(%s, out, class_indices))
                            total += float(loss if loss.dim() == 0 else loss.mean()) * len(y)
                            count += len(y)
                    return total / max(count, 1)
                """.formatted(metric, outs, heads ? ", cols" : "", heads ? "y[:, cols]" : "y");
    }

    /**
     * {@code plateau_metric(model, loader)} for head {@code LOSSES[at]}'s own score (a network of several targets, whose
     * {@code LOSSES} name each head's Output and columns of y), the head's loss being of {@code lossKind}; {@code outs} is the
     * model's outputs as a tuple.
     */
    static String headFunction(String metric, int at, String lossKind, String outs) {
        String score = metric.startsWith("val_accuracy_") ? "accuracy" : "mae";
        return "\nPLATEAU_HEAD = " + at + "  # ReduceLROnPlateau steps on " + metric + ": LOSSES[" + at + "]'s Output against its target\n"
                + PyTorchEarlyStopping.scoreFunction(score, lossKind).replace("def score(out, t):", "def plateau_score(out, t):") + "\n\n" + """
                def plateau_metric(model, loader):
                    \"""ReduceLROnPlateau's metric, %s: the head's %s over loader's batches (nan without any to count), in eval mode without gradients.\"""
                    model.eval()
                    right, counted = 0.0, 0
                    with torch.no_grad():
                        for x, y in loader:
                            outs = %s
                            i, _, _, class_indices, cols = LOSSES[PLATEAU_HEAD]
                            out = outs[i]
                            got, n = plateau_score(out, target(y[:, cols], out, class_indices))
                            right += got
                            counted += n
                    return right / counted if counted else float("nan")
                """.formatted(metric, score.equals("mae") ? "mean absolute error" : "accuracy", outs);
    }
}
