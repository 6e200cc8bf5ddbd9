package layerlab.graph.spec;

import java.util.List;
import layerlab.nn.ELU;
import layerlab.nn.GELU;
import layerlab.nn.Hardsigmoid;
import layerlab.nn.Hardswish;
import layerlab.nn.Hardtanh;
import layerlab.nn.LeakyReLU;
import layerlab.nn.LogSoftmax;
import layerlab.nn.ReLU;
import layerlab.nn.ReLU6;
import layerlab.nn.SiLU;
import layerlab.nn.Sigmoid;
import layerlab.nn.Softmax;
import layerlab.nn.Tanh;

/** Elementwise activations and the two normalising ones, Softmax and LogSoftmax: the output has the input's shape. */
final class ActivationSpecs {
    private ActivationSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(
                simple("ReLU", "max(0, x)", 1, ReLU::new, "rectifier", "relu", "nonlinearity"),
                LayerSpec.builder("LeakyReLU", Category.ACTIVATION)
                        .keywords("leaky", "relu", "nonlinearity")
                        .doc("x for x ≥ 0, negative_slope·x otherwise, elementwise: the output has the input's shape. "
                                + "Unlike ReLU it lets a little gradient through for negative inputs.")
                        .param(ParamSpec.real("negative_slope", 0.01, null, null, "the slope for negative inputs"))
                        .in("in", PortType.FLOAT).out("out", PortType.FLOAT)
                        .rule(ctx -> Rules.same(ctx, 1))
                        .factory(c -> new LeakyReLU((float) c.d("negative_slope")))
                        .onnx(e -> e.op("LeakyRelu", List.of(e.input("in")), e.output("out")).f("alpha", e.d("negative_slope")))
                        .build(),
                simple("ReLU6", "min(max(0, x), 6)", "ReLU capped at 6, MobileNetV2's activation; it is Hardtanh from 0 to 6.", 2, ReLU6::new,
                        e -> e.op("Clip", List.of(e.input("in"), e.scalar("min", 0f), e.scalar("max", 6f)), e.output("out")),
                        "relu", "clip", "mobilenet", "nonlinearity"),
                LayerSpec.builder("Hardtanh", Category.ACTIVATION)
                        .keywords("clip", "clamp", "hard tanh", "nonlinearity")
                        .doc("x clamped to [min_val, max_val], elementwise: the output has the input's shape. A cheap, "
                                + "piecewise-linear tanh; its gradient is 0 outside (min_val, max_val).")
                        .param(ParamSpec.real("min_val", -1.0, null, null, "the lowest output"))
                        .param(ParamSpec.real("max_val", 1.0, null, null, "the highest output; must be greater than min_val"))
                        .in("in", PortType.FLOAT).out("out", PortType.FLOAT)
                        .rule(ctx -> {
                            double lo = ctx.d("min_val"), hi = ctx.d("max_val");
                            if (!(hi > lo)) throw ctx.failParam("max_val", "max_val (" + Py.num(hi) + ") must be greater than min_val (" + Py.num(lo) + ")");
                            Rules.same(ctx, 2);
                        })
                        .factory(c -> new Hardtanh((float) c.d("min_val"), (float) c.d("max_val")))
                        .onnx(e -> e.op("Clip", List.of(e.input("in"), e.scalar("min", (float) e.d("min_val")), e.scalar("max", (float) e.d("max_val"))),
                                e.output("out")))
                        .build(),
                simple("SiLU", "x·sigmoid(x)", "Smooth, slightly negative below 0, close to x above: EfficientNet's activation (also called "
                        + "swish).", 5, SiLU::new, e -> {
                            // As torch.onnx.export writes nn.SiLU (ONNX has no op of its own for it before opset 24).
                            String gate = e.temp("sigmoid");
                            e.op("Sigmoid", List.of(e.input("in")), gate);
                            e.op("Mul", List.of(e.input("in"), gate), e.output("out"));
                        }, "swish", "sigmoid linear unit", "efficientnet", "nonlinearity"),
                simple("Hardswish", "x·min(max(x + 3, 0), 6)/6", "0 below −3, x above 3, a curve between: a cheap swish (x·sigmoid(x)), "
                        + "MobileNetV3's activation.", 5, Hardswish::new, e -> e.op("HardSwish", List.of(e.input("in")), e.output("out")),
                        "hard swish", "mobilenet", "nonlinearity"),
                simple("Hardsigmoid", "min(max(x + 3, 0), 6)/6", "0 below −3, 1 above 3, a straight line between: a cheap sigmoid, the "
                        + "gate of MobileNetV3's squeeze-and-excitation blocks.", 4, Hardsigmoid::new,
                        e -> e.op("HardSigmoid", List.of(e.input("in")), e.output("out")).f("alpha", 1.0 / 6).f("beta", 0.5),
                        "hard sigmoid", "gate", "mobilenet", "squeeze excitation"),
                LayerSpec.builder("ELU", Category.ACTIVATION)
                        .keywords("exponential linear unit", "nonlinearity")
                        .doc("x for x > 0, alpha·(eˣ − 1) otherwise, elementwise: the output has the input's shape.")
                        .param(ParamSpec.real("alpha", 1.0, null, null, "the value negative inputs approach"))
                        .in("in", PortType.FLOAT).out("out", PortType.FLOAT)
                        .rule(ctx -> Rules.same(ctx, 3))
                        .factory(c -> new ELU((float) c.d("alpha")))
                        .onnx(e -> e.op("Elu", List.of(e.input("in")), e.output("out")).f("alpha", e.d("alpha")))
                        .build(),
                LayerSpec.builder("GELU", Category.ACTIVATION)
                        .keywords("gaussian error linear unit", "transformer", "nonlinearity")
                        .doc("x·Φ(x), where Φ is the standard normal CDF ('tanh': its tanh approximation), elementwise: "
                                + "the output has the input's shape.")
                        .param(ParamSpec.choice("approximate", "none", List.of("none", "tanh"), "'tanh' uses the faster tanh approximation"))
                        .in("in", PortType.FLOAT).out("out", PortType.FLOAT)
                        .rule(ctx -> Rules.same(ctx, 8))
                        .factory(c -> new GELU(c.s("approximate")))
                        .onnx(ActivationSpecs::onnxGelu)
                        .build(),
                simple("Sigmoid", "1/(1 + e⁻ˣ), squashing each value into (0, 1)", 4, Sigmoid::new, "logistic", "squash", "probability"),
                simple("Tanh", "tanh(x), squashing each value into (−1, 1)", 5, Tanh::new, "hyperbolic tangent", "squash"),
                softmax("Softmax", "exp(xᵢ)/Σⱼ exp(xⱼ) along dim, so the values along it are positive and sum to 1 "
                        + "(probabilities). Feed raw logits to CrossEntropyLoss instead of putting Softmax before it.", "probabilities", "normalise"),
                softmax("LogSoftmax", "log(softmax(x)) along dim, computed stably; pair it with NLLLoss.", "log probabilities", "nll"));
    }

    /**
     * Opset 17 has no Gelu op: the formula in ops, in the order torch.onnx.export writes it, so an import
     * recognises both: x·0.5·(1 + erf(x/√2)), or with 'tanh' 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
     */
    private static void onnxGelu(OnnxEmitter e) {
        String x = e.input("in");
        if (e.s("approximate").equals("none")) {
            String div = e.temp("div"), erf = e.temp("erf"), plus = e.temp("erf_plus_1"), mul = e.temp("mul");
            e.op("Div", List.of(x, e.scalar("sqrt2", (float) Math.sqrt(2))), div);
            e.op("Erf", List.of(div), erf);
            e.op("Add", List.of(erf, e.scalar("one", 1f)), plus);
            e.op("Mul", List.of(x, plus), mul);
            e.op("Mul", List.of(mul, e.scalar("half", 0.5f)), e.output("out"));
            return;
        }
        String cube = e.temp("cube"), scaled = e.temp("cube_scaled"), inner = e.temp("inner"), arg = e.temp("arg"), th = e.temp("tanh"),
                plus = e.temp("tanh_plus_1"), half = e.temp("half_x");
        e.op("Pow", List.of(x, e.scalar("three", 3f)), cube);
        e.op("Mul", List.of(cube, e.scalar("c", 0.044715f)), scaled);
        e.op("Add", List.of(x, scaled), inner);
        e.op("Mul", List.of(inner, e.scalar("sqrt_2_over_pi", (float) Math.sqrt(2 / Math.PI))), arg);
        e.op("Tanh", List.of(arg), th);
        e.op("Add", List.of(th, e.scalar("one", 1f)), plus);
        e.op("Mul", List.of(x, e.scalar("half", 0.5f)), half);
        e.op("Mul", List.of(half, plus), e.output("out"));
    }

    private static LayerSpec simple(String kind, String formula, int flops, java.util.function.Supplier<layerlab.nn.Module> make, String... keywords) {
        return simple(kind, formula, "", flops, make, e -> e.op(kind.equals("ReLU") ? "Relu" : kind, List.of(e.input("in")), e.output("out")), keywords);
    }

    /** An activation without params: {@code formula} elementwise, then {@code more} in its doc; {@code onnx} writes it. */
    private static LayerSpec simple(String kind, String formula, String more, int flops, java.util.function.Supplier<layerlab.nn.Module> make,
                                    OnnxExport onnx, String... keywords) {
        return LayerSpec.builder(kind, Category.ACTIVATION)
                .keywords(keywords)
                .doc(sentence(formula) + ", elementwise: the output has the input's shape." + (more.isEmpty() ? "" : " " + more))
                .in("in", PortType.FLOAT).out("out", PortType.FLOAT)
                .rule(ctx -> Rules.same(ctx, flops))
                .factory(c -> make.get())
                .onnx(onnx)
                .build();
    }

    /** A formula opening a sentence: a function's name capitalised (Max(0, x)), a variable not (x·sigmoid(x)). */
    private static String sentence(String formula) {
        boolean variable = formula.length() > 1 && !Character.isLetter(formula.charAt(1));
        return variable ? formula : formula.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + formula.substring(1);
    }

    private static LayerSpec softmax(String kind, String doc, String... keywords) {
        return LayerSpec.builder(kind, Category.ACTIVATION)
                .keywords(keywords)
                .doc(doc.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + doc.substring(1) + " The output has the input's shape; dim=1 is the "
                        + "class dimension of [N, classes].")
                .param(ParamSpec.integer("dim", 1, null, null, "the dimension the values are normalised along").torchDefault(null))
                .in("in", PortType.FLOAT).out("out", PortType.FLOAT)
                .rule(ctx -> {
                    TensorType t = ctx.in("in");
                    int d = Rules.dim(ctx, "dim", t.rank(), false);
                    ctx.out("out", t);
                    ctx.flops(3 * t.perSample());
                    ctx.explain("out = in = " + t + ", normalised along dim " + d + " (" + t.dim(d) + " values)");
                })
                .factory(c -> kind.equals("Softmax") ? new Softmax(c.i("dim")) : new LogSoftmax(c.i("dim")))
                .onnx(e -> e.op(kind, List.of(e.input("in")), e.output("out")).i("axis", e.i("dim")))
                .build();
    }
}
