package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.nn.BatchNorm1d;
import layerlab.nn.BatchNorm2d;
import layerlab.nn.Dropout;
import layerlab.nn.Dropout2d;
import layerlab.nn.LayerNorm;

/** Normalisation ({@code BatchNorm1d}, {@code BatchNorm2d}, {@code LayerNorm}) and regularisation ({@code Dropout}, {@code Dropout2d}). */
final class NormSpecs {
    private NormSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(batchNorm(1), batchNorm(2), layerNorm(), dropout(false), dropout(true));
    }

    private static LayerSpec batchNorm(int d) {
        String kind = "BatchNorm" + d + "d";
        return LayerSpec.builder(kind, Category.NORMALISATION)
                .keywords("batch normalization", "batchnorm", "bn", "normalise")
                .doc("Normalises each channel over the batch" + (d == 2 ? " and H, W" : "") + ", then scales by weight and shifts by bias: "
                        + (d == 1 ? "[N, C] or [N, C, L]" : "[N, C, H, W]") + " → the same shape. In training it uses the batch's "
                        + "statistics and updates running_mean and running_var (buffers, saved with the weights); in eval "
                        + "it uses the running ones. num_features (C) is filled from the incoming shape. Parameters: 2·C "
                        + "with affine.")
                .param(ParamSpec.integer("num_features", null, 1, null, "channels C (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.real("eps", 1e-5, 0.0, null, "added to the variance for stability"))
                .param(ParamSpec.real("momentum", 0.1, 0.0, 1.0, "how fast the running statistics follow the batches; None (null in the file): "
                        + "their plain average over all batches seen (a cumulative moving average)").orExplicitNone())
                .param(ParamSpec.bool("affine", true, "learn weight and bias"))
                .param(ParamSpec.bool("track_running_stats", true, "keep running statistics for eval"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    InputInfo src = ctx.input("in");
                    TensorType t = d == 1 ? Rules.rank(ctx, "in", "[N, C] or [N, C, L]", x -> x.rank() == 4 ? "; for images [N, C, H, W] use BatchNorm2d" : "", 2, 3)
                            : Rules.rank(ctx, "in", "[N, C, H, W]", x -> x.rank() <= 3 ? "; for features [N, C] or sequences [N, C, L] use BatchNorm1d" : "", 4);
                    int c = ctx.fill("num_features", t.dim(1), set -> "num_features is " + set + " but " + Rules.from(ctx, src)
                            + " has " + t.dim(1) + " channels (" + t + ")");
                    ctx.out("out", t);
                    boolean affine = ctx.b("affine");
                    ctx.paramCount(affine ? 2L * c : 0);
                    ctx.flops(2 * t.perSample());
                    ctx.explain("out = in = " + t + ", each of the " + t.dim(1) + " channels normalised");
                    if (affine) ctx.explain("params = " + c + " weights + " + c + " biases = " + Rules.n(2L * c));
                    if (ctx.b("track_running_stats")) ctx.explain("buffers: running_mean [" + c + "], running_var [" + c + "], num_batches_tracked");
                })
                .parameterRoles(p -> p.b("affine") ? Map.of("weight", 1, "bias", 1) : Map.of())
                .defaultInit("weight ones, bias zeros")
                .factory(c -> d == 1
                        ? new BatchNorm1d(c.i("num_features"), c.d("eps"), momentum(c), c.b("affine"), c.b("track_running_stats"))
                        : new BatchNorm2d(c.i("num_features"), c.d("eps"), momentum(c), c.b("affine"), c.b("track_running_stats")))
                .onnx(e -> {
                    // Inference form: the running statistics, as eval() uses them.
                    if (!e.b("track_running_stats")) {
                        throw e.unsupported("track_running_stats is false, so even eval() normalises with each batch's own statistics; ONNX's BatchNormalization needs running ones");
                    }
                    List<String> ins = List.of(e.input("in"), scaleOrOnes(e, "affine", "weight"), biasOrZeros(e, "affine", "bias"),
                            e.param("running_mean"), e.param("running_var"));
                    // ONNX's momentum (the weight of the old running value) acts only in training mode, never in this
                    // inference form; None, a cumulative average, has no ONNX value, so it keeps ONNX's default (0.9).
                    Double momentum = momentum(e);
                    var bn = e.op("BatchNormalization", ins, e.output("out")).f("epsilon", e.d("eps"));
                    if (momentum != null) bn.f("momentum", 1 - momentum);
                })
                .build();
    }

    /** BatchNorm's momentum, or null for PyTorch's {@code momentum=None} (a cumulative moving average). */
    private static Double momentum(Params p) {
        Object v = p.value("momentum");
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** The weight when {@code affine} is on, else ones: the scale ONNX's normalisations always take. */
    private static String scaleOrOnes(OnnxEmitter e, String affine, String param) {
        if (e.b(affine)) return e.param(param);
        int[] shape = normShape(e);
        float[] ones = new float[(int) Rules.product(shape)];
        java.util.Arrays.fill(ones, 1f);
        return e.float32("ones", shape, ones);
    }

    private static String biasOrZeros(OnnxEmitter e, String affine, String param) {
        if (e.b(affine)) return e.param(param);
        int[] shape = normShape(e);
        return e.float32("zeros", shape, new float[(int) Rules.product(shape)]);
    }

    /** BatchNorm's [C] or LayerNorm's normalized_shape. */
    private static int[] normShape(OnnxEmitter e) {
        if (e.value("num_features") != null) return new int[] {e.i("num_features")};
        return e.ints("normalized_shape").stream().mapToInt(Integer::intValue).toArray();
    }

    private static LayerSpec layerNorm() {
        return LayerSpec.builder("LayerNorm", Category.NORMALISATION)
                .keywords("layer normalization", "layernorm", "ln", "normalise", "transformer")
                .doc("Normalises each sample over its last dims, normalized_shape, then scales and shifts elementwise: the output "
                        + "has the input's shape. Same behaviour in training and eval. normalized_shape defaults to the "
                        + "last dimension of the incoming shape; parameters: 2·prod(normalized_shape) with elementwise_affine.")
                .param(ParamSpec.shape("normalized_shape", null, 1, "the trailing dims normalised over (from the incoming shape: the last)").fromShape().positionalArg())
                .param(ParamSpec.real("eps", 1e-5, 0.0, null, "added to the variance for stability"))
                .param(ParamSpec.bool("elementwise_affine", true, "learn weight and bias"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    InputInfo src = ctx.input("in");
                    TensorType t = ctx.in("in");
                    if (t.rank() < 2 || !t.batchFirst()) throw ctx.failPort("in", "expects [N, …, features] but " + Rules.from(ctx, src) + " gives " + t);
                    List<Integer> shape = ctx.isSet("normalized_shape") ? ctx.ints("normalized_shape") : List.of(t.dim(-1));
                    // PyTorch refuses an empty one too ("at least 1-dimensional"): without this, training would fail with no node named.
                    if (shape.isEmpty()) throw ctx.failParam("normalized_shape", "normalized_shape is [] but must name at least one dim (the last: [" + t.dim(-1) + "])");
                    List<Integer> trailing = new ArrayList<>();
                    for (int i = Math.max(1, t.rank() - shape.size()); i < t.rank(); i++) trailing.add(t.dim(i));
                    List<Integer> used = ctx.fill("normalized_shape", trailing.subList(Math.max(0, trailing.size() - shape.size()), trailing.size()),
                            set -> "normalized_shape is " + set + " but the last dims of " + Rules.from(ctx, src) + " are " + trailing
                                    + " (" + t + ")");
                    ctx.out("out", t);
                    long n = 1;
                    for (int v : used) n *= v;
                    boolean affine = ctx.b("elementwise_affine");
                    ctx.paramCount(affine ? 2 * n : 0);
                    ctx.flops(5 * t.perSample());
                    ctx.explain("out = in = " + t + ", each sample normalised over its last " + used.size() + " dim" + (used.size() > 1 ? "s " : " ") + used);
                    if (affine) ctx.explain("params = " + n + " weights + " + n + " biases = " + Rules.n(2 * n));
                })
                .parameterRoles(p -> {
                    int rank = p.value("normalized_shape") instanceof List<?> l ? l.size() : 1;
                    return p.b("elementwise_affine") ? Map.of("weight", rank, "bias", rank) : Map.of();
                })
                .defaultInit("weight ones, bias zeros")
                .factory(c -> new LayerNorm(c.ints("normalized_shape").stream().mapToInt(Integer::intValue).toArray(), c.d("eps"), c.b("elementwise_affine")))
                .onnx(e -> {
                    List<String> ins = List.of(e.input("in"), scaleOrOnes(e, "elementwise_affine", "weight"), biasOrZeros(e, "elementwise_affine", "bias"));
                    e.op("LayerNormalization", ins, e.output("out")).i("axis", -e.ints("normalized_shape").size()).f("epsilon", e.d("eps"));
                })
                .build();
    }

    private static LayerSpec dropout(boolean channels) {
        return LayerSpec.builder(channels ? "Dropout2d" : "Dropout", Category.REGULARISATION)
                .keywords(channels ? new String[] {"spatial dropout", "channel dropout", "regularise"} : new String[] {"regularise", "noise", "overfitting"})
                .doc((channels ? "In training, zeroes whole channels of [N, C, H, W] with probability p" : "In training, zeroes each value with probability p")
                        + " and scales the rest by 1/(1 − p); in eval it passes the input through. The output has the input's shape; "
                        + "no parameters.")
                .param(ParamSpec.real("p", 0.5, 0.0, 1.0, "the probability of zeroing"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    if (channels) Rules.rank(ctx, "in", "[N, C, H, W] (or [N, C, L])", 3, 4);
                    Rules.same(ctx, 0);
                    ctx.explain("training: each " + (channels ? "channel" : "value") + " zeroed with p = " + Py.num(ctx.d("p")) + "; eval: unchanged");
                })
                .factory(c -> channels ? new Dropout2d(c.d("p")) : new Dropout(c.d("p")))
                // Inference: ONNX's Dropout passes its input through; the ratio is kept so an import gets p back.
                .onnx(e -> e.op("Dropout", List.of(e.input("in"), e.scalar("ratio", (float) e.d("p"))), e.output("out")))
                .build();
    }
}
