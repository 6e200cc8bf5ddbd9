package layerlab.graph.spec;

import java.util.List;
import layerlab.loss.BCELoss;
import layerlab.loss.BCEWithLogitsLoss;
import layerlab.loss.CrossEntropyLoss;
import layerlab.loss.KLDivLoss;
import layerlab.loss.L1Loss;
import layerlab.loss.MSELoss;
import layerlab.loss.NLLLoss;
import layerlab.loss.Reduction;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * The losses: two inputs, {@code input} (the prediction) and {@code target}, one output {@code loss} (a scalar,
 * or per element with {@code reduction='none'}). A graph trains towards its loss nodes.
 */
final class LossSpecs {
    private LossSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(
                regression("MSELoss", "the mean of (input − target)², for regression", "mean squared error", "l2", "regression"),
                regression("L1Loss", "the mean of |input − target|, for regression; less sensitive to outliers than MSELoss", "mean absolute error", "mae", "regression"),
                regression("SmoothL1Loss", "squared error below beta and absolute error above it (Huber-like), for regression", "huber", "robust", "regression"),
                classification("CrossEntropyLoss", "LogSoftmax and NLLLoss in one: takes raw scores (logits) [N, C] and class indices [N] "
                        + "(int64, 0 … C − 1) or class probabilities [N, C]. Do not put a Softmax before it.", "classification", "softmax", "logits", "multiclass"),
                classification("NLLLoss", "the negative log likelihood: takes log-probabilities [N, C] (after LogSoftmax) and class "
                        + "indices [N] (int64, 0 … C − 1).", "negative log likelihood", "classification"),
                binary("BCELoss", "binary cross-entropy on probabilities in (0, 1) (after a Sigmoid): input and target have the same "
                        + "shape, targets 0 or 1 as float32.", "binary cross entropy", "sigmoid", "binary classification"),
                binary("BCEWithLogitsLoss", "Sigmoid and BCELoss in one, numerically stable: takes raw scores (logits) and float32 "
                        + "targets 0 or 1 of the same shape.", "binary cross entropy", "logits", "binary classification", "multilabel"),
                binary("KLDivLoss", "the Kullback-Leibler divergence of target from input: input holds log-probabilities (after "
                        + "LogSoftmax), target probabilities (or log-probabilities with log_target), same shape. Use "
                        + "reduction 'batchmean' for the true KL divergence.", "kullback leibler", "divergence", "distillation"));
    }

    private static LayerSpec.Builder base(String kind, String doc, String... keywords) {
        return LayerSpec.builder(kind, Category.LOSS)
                .keywords(keywords)
                .doc(doc.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + doc.substring(1) + (doc.endsWith(".") ? "" : ".") + " reduction 'mean' gives a scalar [], 'sum' the sum, "
                        + "'none' one loss per element (training then minimises their mean, as PyTorch's loss.mean() would).");
    }

    private static ParamSpec reduction(boolean batchmean) {
        return batchmean
                ? ParamSpec.choice("reduction", "batchmean", List.of("mean", "sum", "none", "batchmean"), "how the per-element losses are combined").torchDefault("mean")
                : ParamSpec.choice("reduction", "mean", List.of("mean", "sum", "none"), "how the per-element losses are combined");
    }

    private static LayerSpec regression(String kind, String doc, String... keywords) {
        LayerSpec.Builder b = base(kind, doc, keywords).param(reduction(false)).lossTarget(LossTarget.AMOUNTS);
        boolean smooth = kind.equals("SmoothL1Loss");
        if (smooth) b.param(ParamSpec.real("beta", 1.0, 0.0, null, "where squared error turns into absolute error"));
        return b.in("input", PortType.FLOAT).in("target", PortType.FLOAT).out("loss", PortType.FLOAT)
                .rule(ctx -> sameShape(ctx, kind))
                .factory(c -> {
                    Reduction r = Reduction.of(c.s("reduction"));
                    return smooth ? new layerlab.loss.SmoothL1Loss(r, (float) c.d("beta")) : kind.equals("MSELoss") ? new MSELoss(r) : new L1Loss(r);
                })
                .build();
    }

    private static LayerSpec binary(String kind, String doc, String... keywords) {
        boolean kl = kind.equals("KLDivLoss");
        boolean logits = kind.equals("BCEWithLogitsLoss");
        LayerSpec.Builder b = base(kind, doc, keywords).lossTarget(kl ? LossTarget.DISTRIBUTION : LossTarget.BINARY);
        if (!kl) b.param(ParamSpec.floats("weight", "a weight for each element's loss: one number, or one per column of the input (its last dimension)"));
        b.param(reduction(kl));
        if (kl) b.param(ParamSpec.bool("log_target", false, "the target holds log-probabilities"));
        if (logits) b.param(ParamSpec.floats("pos_weight", "a weight on the positive (1) targets' loss, one per column of the input "
                + "(its last dimension): negatives / positives, e.g. 9 when 10% are positive"));
        return b.in("input", PortType.FLOAT).in("target", PortType.FLOAT).out("loss", PortType.FLOAT)
                .rule(ctx -> {
                    if (!kl && ctx.input("target").type().dtype() == DType.INT64) {
                        throw ctx.failPort("target", "target must be float32 0s and 1s, but " + ctx.input("target").source() + " gives int64");
                    }
                    sameShape(ctx, kind);
                    if (!kl) perColumn(ctx, "weight", ctx.input("input"), true);
                    if (logits) perColumn(ctx, "pos_weight", ctx.input("input"), true);
                })
                .factory(c -> {
                    Reduction r = Reduction.of(c.s("reduction"));
                    if (kl) return new KLDivLoss(r, c.b("log_target"));
                    Tensor w = tensor(c, "weight");
                    return logits ? new BCEWithLogitsLoss(w, r, tensor(c, "pos_weight")) : new BCELoss(w, r);
                })
                .build();
    }

    /** Input and target must have one shape; broadcasting a [N, 1] prediction against a [N] target is the classic silent bug. */
    private static void sameShape(ShapeContext ctx, String kind) {
        InputInfo in = ctx.input("input"), target = ctx.input("target");
        TensorType a = in.type(), b = target.type();
        if (!a.equals(b.withDtype(a.dtype()))) {
            String hint = "";
            if (a.rank() == b.rank() + 1 && a.dim(-1) == 1) {
                hint = "; set the target Input's shape to [1] so both are " + a + " (PyTorch would broadcast them to [N, N] and compute the wrong loss)";
            } else if (b.rank() == a.rank() + 1 && b.dim(-1) == 1) {
                hint = "; make them match, e.g. both " + a;
            }
            throw ctx.failPort("target", "input " + in.source() + " gives " + a + " but target " + target.source() + " gives " + b + "; "
                    + kind + " needs both the same shape" + hint);
        }
        lossOut(ctx, a, a);
    }

    /**
     * A per-column weight against the input's last dimension, as PyTorch broadcasts it: one entry for all, or one per
     * column. A [N] input has no columns (its last dimension is the batch), so only one entry fits it.
     */
    private static void perColumn(ShapeContext ctx, String param, InputInfo in, boolean oneAllowed) {
        float[] w = ctx.floats(param);
        if (w == null) return;
        TensorType a = in.type();
        int columns = a.rank() == 0 ? 1 : a.dim(-1);
        if (w.length == columns || oneAllowed && w.length == 1) return;
        String what = columns == TensorType.N ? "input " + in.source() + " gives " + a + ", whose last dimension is the batch: give one number"
                : "input " + in.source() + " gives " + a + ": give one per column (" + columns + ")" + (oneAllowed ? " or one for all" : "");
        throw ctx.failParam(param, param + " has " + entries(w.length) + " for " + (columns == TensorType.N ? "no columns" : columns + " columns") + "; " + what);
    }

    private static String entries(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    /** A {@link ParamType#FLOATS} param as a [k] float32 tensor, or null when unset. */
    private static Tensor tensor(Params p, String name) {
        float[] w = p.floats(name);
        return w == null ? null : Tensor.of(w, w.length);
    }

    private static void lossOut(ShapeContext ctx, TensorType perElement, TensorType input) {
        String red = ctx.s("reduction");
        TensorType out = red.equals("none") ? perElement : TensorType.of(DType.FLOAT32);
        ctx.out("loss", out);
        ctx.flops(3 * input.perSample());
        ctx.explain("loss = " + out + (red.equals("none") ? ": one loss per element" : ": the " + red + " over " + perElement + " losses"));
    }

    /**
     * What to do when the scores {@code a} hold their classes last ({@code [N, T, C]}, what an RNN then a Linear give) and
     * the labels {@code t} are one per step ({@code [N, T]}): PyTorch's loss wants the classes in dim 1, {@code [N, C, T]},
     * which a Transpose(1, 2) gives, as {@code loss(logits.transpose(1, 2), target)} does. Null when that is not the case.
     */
    static String perStepHint(TensorType a, TensorType t) {
        if (a.rank() != 3 || t.rank() != 2 || t.dtype() != DType.INT64 || t.dim(1) != a.dim(1) || a.dim(1) == a.dim(2)) return null;
        return "one class index per step " + t.describe() + " goes with scores [N, classes, steps], the classes in dim 1 as PyTorch's "
                + "CrossEntropyLoss wants them, but the scores are " + a + " (classes last); add a Transpose (dim0 1, dim1 2) before the loss's input to make them [N, "
                + a.dim(2) + ", " + a.dim(1) + "]";
    }

    private static LayerSpec classification(String kind, String doc, String... keywords) {
        boolean ce = kind.equals("CrossEntropyLoss");
        LayerSpec.Builder b = base(kind, doc, keywords).lossTarget(LossTarget.CLASS_INDICES)
                .param(ParamSpec.floats("weight", "a weight for each class, one per class (e.g. 1, 9 when one class is 9 times rarer); "
                        + "the mean then divides by the summed weights of the targets"))
                .param(ParamSpec.integer("ignore_index", -100, null, null, "a target class that contributes nothing"))
                .param(reduction(false));
        if (ce) b.param(ParamSpec.real("label_smoothing", 0.0, 0.0, 1.0, "mix the targets with the uniform distribution"));
        return b.in("input", PortType.FLOAT).in("target", ce ? PortType.ANY : PortType.INDICES).out("loss", PortType.FLOAT)
                .rule(ctx -> {
                    InputInfo in = ctx.input("input"), target = ctx.input("target");
                    TensorType a = in.type(), t = target.type();
                    if (a.rank() < 2 || !a.batchFirst()) throw ctx.failPort("input", "expects scores [N, classes] but input " + in.source() + " gives " + a);
                    int classes = a.dim(1);
                    float[] w = ctx.floats("weight");
                    if (w != null && w.length != classes) {
                        throw ctx.failParam("weight", "weight has " + entries(w.length) + " for " + classes + " classes; give one per class (input "
                                + in.source() + " gives " + a + ")");
                    }
                    int[] perElement = new int[a.rank() - 1];
                    perElement[0] = TensorType.N;
                    for (int i = 2; i < a.rank(); i++) perElement[i - 1] = a.dim(i);
                    TensorType labels = TensorType.of(DType.INT64, perElement);
                    if (t.dtype() == DType.FLOAT32) {
                        if (!t.equals(a)) {
                            throw ctx.failPort("target", "float targets are class probabilities and must match input " + a + ", but target "
                                    + target.source() + " gives " + t + "; for class labels use an int64 Input of shape []");
                        }
                    } else if (!t.equals(labels)) {
                        String perStep = perStepHint(a, t);
                        if (perStep != null) throw ctx.failPort("input", perStep + " (input " + in.source() + ", target " + target.source() + ")");
                        String hint = t.rank() == labels.rank() + 1 && t.dim(-1) == 1 ? "; set the label Input's shape to [] (one label per sample)" : "";
                        throw ctx.failPort("target", "class labels must be " + labels.describe() + " (one class index per "
                                + (labels.rank() == 1 ? "sample" : labels.rank() == 2 ? "step" : "position") + ") to go with input "
                                + a + ", but target " + target.source() + " gives " + t.describe() + hint);
                    }
                    ctx.explain("input " + a + ": scores for " + classes + " classes; target " + t.describe() + ": "
                            + (t.dtype() == DType.INT64 ? "class indices 0 … " + (classes - 1) : "class probabilities"));
                    lossOut(ctx, labels.withDtype(DType.FLOAT32), a);
                })
                .factory(c -> {
                    Reduction r = Reduction.of(c.s("reduction"));
                    long ignore = c.i("ignore_index");
                    Tensor w = tensor(c, "weight");
                    return ce ? new CrossEntropyLoss(w, ignore, r, (float) c.d("label_smoothing")) : new NLLLoss(w, ignore, r);
                })
                .build();
    }
}
