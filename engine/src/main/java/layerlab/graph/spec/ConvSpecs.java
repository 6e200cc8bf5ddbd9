package layerlab.graph.spec;

import java.util.List;
import layerlab.nn.Conv1d;
import layerlab.nn.Conv2d;
import layerlab.nn.Conv3d;
import layerlab.nn.ConvTranspose2d;

/** The convolution group: {@code Conv1d}, {@code Conv2d}, {@code Conv3d}, {@code ConvTranspose2d}. */
final class ConvSpecs {
    private ConvSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(conv(1), conv(2), conv(3), transposed());
    }

    private static LayerSpec conv(int d) {
        String kind = "Conv" + d + "d";
        String[] ax = Rules.axes(d);
        return LayerSpec.builder(kind, Category.CONVOLUTION)
                .keywords(d == 1 ? new String[] {"convolution", "temporal", "signal", "audio", "cnn"}
                        : d == 2 ? new String[] {"convolution", "image", "filter", "kernel", "cnn"}
                        : new String[] {"convolution", "volume", "video", "3d", "cnn"})
                .doc("Slides out_channels learned filters of size kernel_size over the input: " + Rules.layout(d) + " → [N, out_channels, "
                        + String.join(", ", java.util.Arrays.stream(ax).map(a -> a + "_out").toList()) + "], with "
                        + ax[0] + "_out = ⌊(" + ax[0] + " + 2·padding − dilation·(kernel_size − 1) − 1)/stride⌋ + 1 per spatial "
                        + "dimension. Weights: out_channels·(in_channels/groups)·" + (d == 1 ? "k" : d == 2 ? "kH·kW" : "kD·kH·kW")
                        + ", plus out_channels biases. in_channels is filled from the incoming shape.")
                .param(ParamSpec.integer("in_channels", null, 1, null, "channels of the input (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("out_channels", 16, 1, null, "number of filters, the output's channels").positionalArg())
                .param(ParamSpec.size("kernel_size", 3, d, 1, "the filter's size").positionalArg())
                .param(ParamSpec.size("stride", 1, d, 1, "step between filter positions"))
                .param(ParamSpec.padding(d, true))
                .param(ParamSpec.size("dilation", 1, d, 1, "spacing between the filter's taps"))
                .param(ParamSpec.integer("groups", 1, 1, null, "split channels into groups convolved separately"))
                .param(ParamSpec.bool("bias", true, "learn one bias per output channel"))
                .param(ParamSpec.choice("padding_mode", "zeros", List.of("zeros", "reflect", "replicate", "circular"), "what the padding holds"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> inferConv(ctx, d, false))
                .weightAndBias(d + 2)
                .defaultInit("weight kaiming_uniform(a=√5), bias uniform(±1/√fan_in), fan_in = in_channels/groups · the kernel's taps")
                .factory(c -> {
                    int in = c.i("in_channels"), out = c.i("out_channels"), g = c.i("groups");
                    int[] k = c.size("kernel_size", d), s = c.size("stride", d), dil = c.size("dilation", d);
                    boolean b = c.b("bias");
                    String mode = c.s("padding_mode");
                    if (c.value("padding") instanceof String ps) {
                        return d == 1 ? new Conv1d(in, out, k, s, ps, dil, g, b, mode)
                                : d == 2 ? new Conv2d(in, out, k, s, ps, dil, g, b, mode) : new Conv3d(in, out, k, s, ps, dil, g, b, mode);
                    }
                    int[] p = c.size("padding", d);
                    return d == 1 ? new Conv1d(in, out, k, s, p, dil, g, b, mode)
                            : d == 2 ? new Conv2d(in, out, k, s, p, dil, g, b, mode) : new Conv3d(in, out, k, s, p, dil, g, b, mode);
                })
                .onnx(e -> onnxConv(e, d, false))
                .build();
    }

    private static LayerSpec transposed() {
        return LayerSpec.builder("ConvTranspose2d", Category.CONVOLUTION)
                .keywords("deconvolution", "transposed convolution", "learned upsampling", "decoder", "fractionally strided")
                .doc("The gradient of a Conv2d used as a layer, mostly to upsample: [N, C, H, W] → [N, out_channels, H_out, W_out] "
                        + "with H_out = (H − 1)·stride − 2·padding + dilation·(kernel_size − 1) + output_padding + 1. Weights: "
                        + "in_channels·(out_channels/groups)·kH·kW, plus out_channels biases.")
                .param(ParamSpec.integer("in_channels", null, 1, null, "channels of the input (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("out_channels", 16, 1, null, "channels of the output").positionalArg())
                .param(ParamSpec.size("kernel_size", 2, 2, 1, "the filter's size").positionalArg())
                .param(ParamSpec.size("stride", 1, 2, 1, "upsampling factor"))
                .param(ParamSpec.padding(2, false))
                .param(ParamSpec.size("output_padding", 0, 2, 0, "extra size added on one side of the output"))
                .param(ParamSpec.integer("groups", 1, 1, null, "split channels into groups"))
                .param(ParamSpec.bool("bias", true, "learn one bias per output channel"))
                .param(ParamSpec.size("dilation", 1, 2, 1, "spacing between the filter's taps"))
                .param(ParamSpec.choice("padding_mode", "zeros", List.of("zeros"), "only zeros, as in PyTorch"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> inferConv(ctx, 2, true))
                .weightAndBias(4)
                .defaultInit("weight kaiming_uniform(a=√5), bias uniform(±1/√fan_in), fan_in = out_channels/groups · the kernel's taps "
                        + "(its weight is [in_channels, out_channels/groups, kH, kW])")
                .factory(c -> new ConvTranspose2d(c.i("in_channels"), c.i("out_channels"), c.size("kernel_size", 2), c.size("stride", 2),
                        c.size("padding", 2), c.size("output_padding", 2), c.i("groups"), c.b("bias"), c.size("dilation", 2)))
                .onnx(e -> onnxConv(e, 2, true))
                .build();
    }

    /**
     * Conv (or ConvTranspose) with explicit pads: 'same' becomes PyTorch's split (the odd one on the end side),
     * 'valid' none. A reflect or replicate padding_mode is a Pad op before a Conv with no padding of its own.
     */
    private static void onnxConv(OnnxEmitter e, int d, boolean transposed) {
        int[] k = e.size("kernel_size", d), s = e.size("stride", d), dil = e.size("dilation", d);
        long[] pads = new long[2 * d];
        Object pad = e.value("padding");
        for (int i = 0; i < d; i++) {
            int total = "same".equals(pad) ? dil[i] * (k[i] - 1) : "valid".equals(pad) ? 0 : 2 * e.size("padding", d)[i];
            pads[i] = total / 2;
            pads[d + i] = total - total / 2;
        }
        String x = e.input("in");
        String mode = e.s("padding_mode");
        if (!mode.equals("zeros")) {
            if (mode.equals("circular")) throw e.unsupported("padding_mode 'circular' needs ONNX's Pad 'wrap' mode, which opset 17 lacks");
            long[] all = new long[2 * (d + 2)];
            for (int i = 0; i < d; i++) {
                all[2 + i] = pads[i];
                all[d + 4 + i] = pads[d + i];
            }
            String padded = e.temp("padded");
            e.op("Pad", List.of(x, e.longs("pads", all)), padded).s("mode", mode.equals("reflect") ? "reflect" : "edge");
            x = padded;
            pads = new long[2 * d];
        }
        List<String> ins = e.b("bias") ? List.of(x, e.param("weight"), e.param("bias")) : List.of(x, e.param("weight"));
        int[] outPad = transposed ? e.size("output_padding", d) : null;
        if (transposed) {
            for (int i = 0; i < d; i++) {
                // PyTorch allows output_padding below stride or below dilation; ONNX Runtime only below stride. The rows it adds
                // at the end are the ones the end's padding crops otherwise, so cropping that many fewer gives the same output.
                if (outPad[i] < s[i]) continue;
                if (pads[d + i] < outPad[i]) {
                    throw e.unsupported("output_padding " + outPad[i] + " is not below stride " + s[i] + " (PyTorch allows it below dilation "
                            + dil[i] + "), which ONNX Runtime refuses, and padding " + pads[d + i] + " is too small to take it instead");
                }
                pads[d + i] -= outPad[i];
                outPad[i] = 0;
            }
        }
        int[] p = new int[2 * d];
        for (int i = 0; i < p.length; i++) p[i] = (int) pads[i];
        OnnxEmitter.Op op = e.op(transposed ? "ConvTranspose" : "Conv", ins, e.output("out"))
                .ints("kernel_shape", k).ints("strides", s).ints("pads", p).ints("dilations", dil).i("group", e.i("groups"));
        if (transposed) op.ints("output_padding", outPad);
    }

    /**
     * PyTorch's F.pad limits for a reflect or circular padding_mode, checked here so the graph shows them rather than the
     * first training step: a reflection must stay inside the input (padding below its size), a wrap may go round at most
     * once. 'same' pads dilation·(kernel_size − 1) in all, the odd one on the end side.
     */
    private static void checkPaddingMode(ShapeContext ctx, TensorType t, int d, int[] k, int[] dil, int[] p, boolean same) {
        String mode = ctx.s("padding_mode");
        boolean reflect = mode.equals("reflect");
        if (!reflect && !mode.equals("circular")) return;
        String[] ax = Rules.axes(d);
        for (int i = 0; i < d; i++) {
            int len = t.dim(2 + i);
            int total = same ? dil[i] * (k[i] - 1) : 2 * p[i];
            int most = total - (same ? total / 2 : p[i]);
            if (reflect ? most >= len : most > len) {
                throw ctx.failParam("padding", "padding_mode '" + mode + "' pads " + ax[i] + " by " + most + (same ? " (padding 'same')" : "")
                        + " but the input " + t + " has " + ax[i] + " = " + len + "; " + (reflect
                        ? "a reflection needs padding smaller than the input" : "a circular padding may wrap around at most once")
                        + ", as in PyTorch: use less padding, a smaller kernel_size, or padding_mode 'replicate' or 'zeros'");
            }
        }
    }

    private static void inferConv(ShapeContext ctx, int d, boolean transposed) {
        String layout = Rules.layout(d);
        InputInfo src = ctx.input("in");
        TensorType t = Rules.rank(ctx, "in", layout, x -> Rules.spatialHint(x, d), d + 2);
        int c = t.dim(1);
        int in = ctx.fill("in_channels", c, set -> "in_channels is " + set + " but " + Rules.from(ctx, src) + " has " + c
                + " channels (" + t + ", channels are dim 1)"
                // A sequence [N, steps, features] (an Embedding's, an RNN's) whose features are the channels meant.
                + (d == 1 && t.dim(2) == set ? "; its last dim has " + set + ", the features of a sequence [N, steps, features]: put a "
                        + "Transpose (dim0 1, dim1 2) in between to make them the channels" : ""));
        int out = ctx.i("out_channels"), groups = ctx.i("groups");
        if (in % groups != 0) ctx.error("groups", "in_channels (" + in + ") must be divisible by groups (" + groups + ")");
        if (out % groups != 0) ctx.error("groups", "out_channels (" + out + ") must be divisible by groups (" + groups + ")");
        int[] k = ctx.size("kernel_size", d), s = ctx.size("stride", d), dil = ctx.size("dilation", d);
        int[] p;
        String[] ax = Rules.axes(d);
        List<String> lines = Rules.lines();
        int[] o = new int[d];
        Object pad = ctx.value("padding");
        if ("same".equals(pad)) {
            for (int i = 0; i < d; i++) {
                if (s[i] != 1) throw ctx.failParam("padding", "padding 'same' needs stride 1, but stride is " + Rules.compact(s));
            }
            p = new int[d];
            for (int i = 0; i < d; i++) {
                o[i] = t.dim(2 + i);
                lines.add(ax[i] + "_out = " + ax[i] + " = " + o[i] + " (padding 'same')");
            }
        } else {
            p = "valid".equals(pad) ? new int[d] : ctx.size("padding", d);
            for (int i = 0; i < d; i++) {
                int len = t.dim(2 + i);
                if (transposed) {
                    int op = ctx.size("output_padding", d)[i];
                    if (op >= s[i] && op >= dil[i]) {
                        throw ctx.failParam("output_padding", "output_padding (" + op + ") must be smaller than stride (" + s[i] + ") or dilation (" + dil[i] + ")");
                    }
                    long v = (long) (len - 1) * s[i] - 2L * p[i] + (long) dil[i] * (k[i] - 1) + op + 1;
                    lines.add(ax[i] + "_out = (" + len + " − 1)·" + s[i] + (p[i] == 0 ? "" : " − 2·" + p[i]) + " + "
                            + (dil[i] == 1 ? "" : dil[i] + "·") + "(" + k[i] + " − 1)" + (op == 0 ? "" : " + " + op) + " + 1 = " + v);
                    o[i] = (int) v;
                } else {
                    o[i] = Rules.slide(ax[i], len, k[i], s[i], p[i], dil[i], false, lines);
                }
                if (o[i] < 1) {
                    throw ctx.fail("its input " + t + " is too small: " + ax[i] + "_out would be " + o[i] + " (" + lines.get(lines.size() - 1)
                            + "); use a smaller kernel_size or more padding");
                }
            }
        }
        if (!transposed) checkPaddingMode(ctx, t, d, k, dil, p, "same".equals(pad));
        int[] outDims = new int[d + 2];
        outDims[0] = TensorType.N;
        outDims[1] = out;
        System.arraycopy(o, 0, outDims, 2, d);
        TensorType ot = t.withDims(outDims);
        ctx.out("out", ot);
        long kernel = Rules.product(k);
        long weights = (long) out * (in / Math.max(groups, 1)) * kernel;
        boolean bias = ctx.b("bias");
        ctx.paramCount(weights + (bias ? out : 0));
        long positions = Rules.product(transposed ? t.sampleDims() : o) / (transposed ? c : 1);
        ctx.flops(2L * weights * positions);
        ctx.explain("out = " + ot + ": " + out + " filters of " + (in / Math.max(groups, 1)) + "×" + Rules.times(k));
        Rules.explainAll(ctx, lines);
        ctx.explain("params = " + out + "·" + (in / Math.max(groups, 1)) + "·" + Rules.times(k).replace('×', '·') + " weights"
                + (bias ? " + " + out + " biases" : "") + " = " + Rules.n(weights + (bias ? out : 0)));
    }
}
