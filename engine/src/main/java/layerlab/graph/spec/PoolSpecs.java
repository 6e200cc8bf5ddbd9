package layerlab.graph.spec;

import java.util.List;
import layerlab.nn.AdaptiveAvgPool2d;
import layerlab.nn.AdaptiveMaxPool2d;
import layerlab.nn.AvgPool1d;
import layerlab.nn.AvgPool2d;
import layerlab.nn.MaxPool1d;
import layerlab.nn.MaxPool2d;
import layerlab.nn.MaxPoolNd;
import layerlab.nn.MaxUnpool1d;
import layerlab.nn.MaxUnpool2d;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/** The pooling group: max and average pools in 1-D and 2-D, the adaptive 2-D pools, MaxUnpool2d/1d and Upsample (the ways back up). No parameters. */
final class PoolSpecs {
    private PoolSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(pool("MaxPool1d", 1, true), pool("MaxPool2d", 2, true), pool("AvgPool1d", 1, false), pool("AvgPool2d", 2, false),
                adaptive("AdaptiveAvgPool2d", true), adaptive("AdaptiveMaxPool2d", false), unpool(2), unpool(1), UpsampleSpec.spec());
    }

    private static LayerSpec pool(String kind, int d, boolean max) {
        String[] ax = Rules.axes(d);
        LayerSpec.Builder b = LayerSpec.builder(kind, Category.POOLING)
                .keywords(max ? new String[] {"max pooling", "downsample", "subsample"} : new String[] {"average pooling", "mean", "downsample"})
                .doc("Takes the " + (max ? "maximum" : "average") + " of each kernel_size window, channel by channel: " + Rules.layout(d)
                        + " → [N, C, " + String.join(", ", java.util.Arrays.stream(ax).map(a -> a + "_out").toList()) + "] with "
                        + ax[0] + "_out = ⌊(" + ax[0] + " + 2·padding − " + (max ? "dilation·(kernel_size − 1) − 1" : "kernel_size")
                        + ")/stride⌋ + 1 (⌈…⌉ with ceil_mode); stride defaults to kernel_size, so " + kind + "(2) halves "
                        + (d == 1 ? "L" : "H and W") + ". "
                        + (max ? "With return_indices it also gives each maximum's position within its plane (int64 indices, the "
                        + "output's shape) for a MaxUnpool" + d + "d. " : "") + "No parameters.")
                .param(ParamSpec.size("kernel_size", 2, d, 1, "the window's size").positionalArg())
                .param(ParamSpec.size("stride", null, d, 1, "step between windows (None: kernel_size)").orNone())
                .param(ParamSpec.size("padding", 0, d, 0, "implicit padding on both sides (at most half the kernel)"));
        if (max) {
            b.param(ParamSpec.size("dilation", 1, d, 1, "spacing between the window's elements"))
                    .param(ParamSpec.bool("return_indices", false, "also give each maximum's position in its plane (indices, int64), "
                            + "what a MaxUnpool" + d + "d reads"));
        }
        b.param(ParamSpec.bool("ceil_mode", false, "round the output size up instead of down"));
        if (!max) b.param(ParamSpec.bool("count_include_pad", true, "count the padding zeros in the average"));
        // PyTorch's AvgPool1d has no divisor_override; AvgPool2d's divides every window's sum by it instead of its size.
        if (!max && d == 2) b.param(ParamSpec.integer("divisor_override", null, 1, null, "divide each window's sum by this instead of "
                + "the window's size (None: the size)").orNone());
        b.in("in", PortType.FLOAT);
        if (max) {
            b.outputs(p -> p.b("return_indices") ? List.of(PortSpec.of("out", PortType.FLOAT), PortSpec.of("indices", PortType.INDICES))
                    : List.of(PortSpec.of("out", PortType.FLOAT)))
                    .invoker((m, in) -> ((MaxPoolNd) m).returnIndices() ? ((MaxPoolNd) m).forwardWithIndices(in[0])
                            : new Tensor[] {m.forward(in[0])});
        } else {
            b.out("out", PortType.FLOAT);
        }
        return b.rule(ctx -> inferPool(ctx, d, max))
                .factory(c -> {
                    // The 2-D pools keep their sizes as given, as PyTorch's do (kernel_size=2 prints as 2, not (2, 2)).
                    int[] k = given(c, "kernel_size", d), s = c.value("stride") == null ? k : given(c, "stride", d), p = given(c, "padding", d);
                    boolean ceil = c.b("ceil_mode");
                    if (max) {
                        int[] dil = given(c, "dilation", d);
                        boolean idx = c.b("return_indices");
                        return d == 1 ? new MaxPool1d(k, s, p, dil, ceil, idx) : new MaxPool2d(k, s, p, dil, ceil, idx);
                    }
                    return d == 1 ? new AvgPool1d(k[0], s[0], p[0], ceil, c.b("count_include_pad"))
                            : new AvgPool2d(k, s, p, ceil, c.b("count_include_pad"), (Integer) c.value("divisor_override"));
                })
                .onnx(e -> onnxPool(e, d, max))
                .build();
    }

    /** A size param as the student wrote it: one int as {@code [k]}, a tuple as its {@code d} values. */
    private static int[] given(Params c, String name, int d) {
        return c.value(name) instanceof Integer k ? new int[] {k} : c.size(name, d);
    }

    /**
     * MaxPool or AveragePool with the same windows. ONNX's AveragePool has no divisor_override: without ceil_mode every
     * window lies inside the padded input, so with count_include_pad it divides by the kernel's size, and a Mul by
     * size/divisor_override turns that into PyTorch's sum/divisor_override (the two ops marked as one AvgPool2d, which
     * LayerLab's importer reads back). A ceil_mode window can be cut short, so its divisor would differ from the others': refused.
     */
    private static void onnxPool(OnnxEmitter e, int d, boolean max) {
        int[] k = e.size("kernel_size", d), s = e.value("stride") == null ? k : e.size("stride", d), p = e.size("padding", d);
        int[] dil = max ? e.size("dilation", d) : new int[] {1, 1};
        int[] pads = new int[2 * d];
        for (int i = 0; i < d; i++) pads[i] = pads[d + i] = p[i];
        // ceil_mode only where it adds a window. Where PyTorch drops the extra window (it would start in the end's padding) the
        // windows are floor mode's, and so written: the onnx package's shape inference (before 1.16) keeps that window.
        boolean ceil = false;
        TensorType in = e.inputType("in");
        for (int i = 0; i < d && e.b("ceil_mode"); i++) {
            int len = in.dim(2 + i);
            ceil |= Rules.slide("", len, k[i], s[i], p[i], dil[i], true, Rules.lines()) != Rules.slide("", len, k[i], s[i], p[i], dil[i], false, Rules.lines());
        }
        Integer divisor = max || d != 2 ? null : (Integer) e.value("divisor_override");
        if (divisor != null && ceil) {
            throw e.unsupported("divisor_override with a ceil_mode window: ONNX's AveragePool has no divisor_override, and the last "
                    + "window that ceil_mode adds is cut short, so it cannot be rescaled like the others; turn ceil_mode off or leave "
                    + "divisor_override None");
        }
        boolean indices = max && e.b("return_indices");
        String out = divisor == null ? e.output("out") : e.temp("mean"), flat = indices ? e.temp("flat_indices") : null;
        // With return_indices the MaxPool's optional second output, Indices, numbered over the whole tensor (storage_order 0).
        String[] outs = indices ? new String[] {out, flat} : new String[] {out};
        OnnxEmitter.Op op = e.op(max ? "MaxPool" : "AveragePool", List.of(e.input("in")), outs)
                .ints("kernel_shape", k).ints("strides", s).ints("pads", pads).i("ceil_mode", ceil ? 1 : 0);
        if (max) op.ints("dilations", e.size("dilation", d));
        else op.i("count_include_pad", divisor != null || e.b("count_include_pad") ? 1 : 0);
        if (indices) {
            e.op("Sub", List.of(flat, planeStarts(e, d)), e.output("indices"));
            e.composite();
            return;
        }
        if (divisor == null) return;
        e.op("Mul", List.of(out, e.scalar("size_over_divisor", (float) Rules.product(k) / divisor)), e.output("out"));
        e.composite();
    }

    /**
     * Where each [n, c] plane of the input starts in ONNX's numbering, [N, C, 1…] int64: ONNX's MaxPool numbers its Indices
     * over the whole N·C·spatial tensor, PyTorch's within each plane, so the plane's start is the difference. As
     * torch.onnx.export finds it (its batch is only known at run time): a MaxPool of kernel 1 numbers every element, and
     * the first of each plane is its start. The ops are marked a composite, read back by LayerLab's importer as the layer.
     */
    private static String planeStarts(OnnxEmitter e, int d) {
        int[] ones = new int[d];
        java.util.Arrays.fill(ones, 1);
        String all = e.temp("every_index"), starts = e.temp("plane_starts");
        e.op("MaxPool", List.of(e.input("in")), e.temp("every_value"), all).ints("kernel_shape", ones).ints("strides", ones);
        long[] zeros = new long[d], ends = new long[d], axes = new long[d];
        for (int i = 0; i < d; i++) {
            ends[i] = 1;
            axes[i] = 2 + i;
        }
        e.op("Slice", List.of(all, e.longs("starts", zeros), e.longs("ends", ends), e.longs("axes", axes)), starts);
        return starts;
    }

    private static void inferPool(ShapeContext ctx, int d, boolean max) {
        TensorType t = Rules.rank(ctx, "in", Rules.layout(d), x -> Rules.spatialHint(x, d), d + 2);
        int[] k = ctx.size("kernel_size", d);
        int[] s = ctx.value("stride") == null ? k : ctx.size("stride", d);
        int[] p = ctx.size("padding", d);
        int[] dil = max ? ctx.size("dilation", d) : new int[] {1, 1, 1};
        boolean ceil = ctx.b("ceil_mode");
        String[] ax = Rules.axes(d);
        List<String> lines = Rules.lines();
        int[] outDims = t.dims();
        for (int i = 0; i < d; i++) {
            if (p[i] > k[i] / 2) {
                throw ctx.failParam("padding", "padding (" + p[i] + ") must be at most half of kernel_size (" + k[i] + ")");
            }
            int o = Rules.slide(ax[i], t.dim(2 + i), k[i], s[i], p[i], dil[i], ceil, lines);
            if (o < 1) {
                throw ctx.fail("its input " + t + " is too small for a " + Rules.times(k) + " window: " + lines.get(lines.size() - 1)
                        + (dil[i] == 1 ? "; use a kernel_size of at most " + (t.dim(2 + i) + 2 * p[i]) + ", or shrink the input less before it" : ""));
            }
            outDims[2 + i] = o;
        }
        TensorType ot = t.withDims(outDims);
        ctx.out("out", ot);
        if (max && ctx.b("return_indices")) {
            ctx.out("indices", ot.withDtype(DType.INT64));
            ctx.explain("indices = " + ot.withDtype(DType.INT64).describe() + ": where each maximum lies in its "
                    + Rules.times(java.util.Arrays.copyOfRange(t.dims(), 2, 2 + d)) + " plane");
        }
        ctx.flops(ot.perSample() * Rules.product(k));
        ctx.explain("out = " + ot + ": the " + (max ? "maximum" : "average") + " of each " + Rules.times(k) + " window, stride "
                + Rules.times(s));
        Rules.explainAll(ctx, lines);
    }

    /** MaxUnpool1d/2d: a MaxPool's values (or others of their shape) put back where its indices say, the rest 0. */
    private static LayerSpec unpool(int d) {
        String[] ax = Rules.axes(d);
        String shape = d == 2 ? "[N, C, H, W]" : "[N, C, L]", outShape = d == 2 ? "[N, C, H_out, W_out]" : "[N, C, L_out]";
        return LayerSpec.builder("MaxUnpool" + d + "d", Category.POOLING)
                .keywords("unpooling", "upsample", "segnet", "decoder", "inverse of max pooling")
                .doc("Puts each value back where a MaxPool" + d + "d (with return_indices) found its maximum, the rest 0: in " + shape + " and "
                        + "indices of the same shape (the pool's) → " + outShape + " with " + ax[0] + "_out = (" + ax[0] + " − 1)·stride − 2·padding + "
                        + "kernel_size; give it the pool's kernel_size, stride and padding to get the pool's input size back. No parameters.")
                .param(ParamSpec.size("kernel_size", 2, d, 1, "the pool's window size").positionalArg())
                .param(ParamSpec.size("stride", null, d, 1, "the pool's stride (None: kernel_size)").orNone())
                .param(ParamSpec.size("padding", 0, d, 0, "the pool's padding"))
                .in("in", PortType.FLOAT)
                .in("indices", PortType.INDICES)
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    TensorType t = Rules.rank(ctx, "in", Rules.layout(d), x -> Rules.spatialHint(x, d), d + 2);
                    TensorType i = ctx.in("indices");
                    if (i.dtype() != DType.INT64 || !java.util.Arrays.equals(i.dims(), t.dims())) {
                        throw ctx.failPort("indices", "indices must be a max pool's int64 indices of the input's shape " + t + ", but "
                                + Rules.from(ctx, ctx.input("indices")) + " gives " + i.describe());
                    }
                    int[] k = ctx.size("kernel_size", d), s = ctx.value("stride") == null ? k : ctx.size("stride", d), p = ctx.size("padding", d);
                    int[] dims = t.dims();
                    for (int a = 0; a < d; a++) {
                        dims[2 + a] = (t.dim(2 + a) - 1) * s[a] - 2 * p[a] + k[a];
                        if (dims[2 + a] < 1) {
                            throw ctx.failParam("padding", "the output would have " + dims[2 + a] + " " + ax[a] + ": padding is too large");
                        }
                    }
                    TensorType out = t.withDims(dims);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": (size − 1)·stride − 2·padding + kernel_size" + (d == 2 ? " per side" : "")
                            + ", each value at its index, the rest 0");
                })
                .factory(c -> d == 2 ? new MaxUnpool2d(given(c, "kernel_size", 2), c.value("stride") == null ? null : given(c, "stride", 2),
                        given(c, "padding", 2))
                        : new MaxUnpool1d(c.size("kernel_size", 1)[0], c.value("stride") == null ? null : c.size("stride", 1)[0], c.size("padding", 1)[0]))
                .onnx(e -> onnxUnpool(e, d))
                .build();
    }

    /**
     * ONNX's MaxUnpool, whose indices number the whole N·C·spatial output: each plane's start, (n·C + c)·(its output size), is
     * added to PyTorch's per-plane indices first. The input's planes are numbered as {@link #planeStarts} numbers them
     * ((n·C + c)·its size), then divided by the input plane's size and multiplied by the output plane's (exact in int64).
     * ONNX's default output size is PyTorch's, (size − 1)·stride − pads + kernel_size; where windows overlap, the last value
     * written stays in both.
     */
    private static void onnxUnpool(OnnxEmitter e, int d) {
        e.composite();
        int[] k = e.size("kernel_size", d), s = e.value("stride") == null ? k : e.size("stride", d), p = e.size("padding", d);
        TensorType in = e.inputType("in"), out = e.outputType("out");
        long inPlane = 1, outPlane = 1;
        int[] pads = new int[2 * d];
        for (int a = 0; a < d; a++) {
            inPlane *= in.dim(2 + a);
            outPlane *= out.dim(2 + a);
            pads[a] = pads[d + a] = p[a];
        }
        String plane = e.temp("plane"), starts = e.temp("out_plane_starts"), flat = e.temp("flat_indices");
        e.op("Div", List.of(planeStarts(e, d), e.scalarLong("in_plane_size", inPlane)), plane);
        e.op("Mul", List.of(plane, e.scalarLong("out_plane_size", outPlane)), starts);
        e.op("Add", List.of(e.input("indices"), starts), flat);
        e.op("MaxUnpool", List.of(e.input("in"), flat), e.output("out")).ints("kernel_shape", k).ints("strides", s).ints("pads", pads);
    }

    private static LayerSpec adaptive(String kind, boolean avg) {
        LayerSpec.Builder b = LayerSpec.builder(kind, Category.POOLING)
                .keywords(avg ? new String[] {"global average pooling", "gap", "adaptive"} : new String[] {"global max pooling", "adaptive"})
                .doc("Pools each channel down to output_size, whatever the input's size: [N, C, H, W] → [N, C, out_H, out_W], "
                        + "choosing the windows itself. output_size 1 gives global " + (avg ? "average" : "max") + " pooling, "
                        + "[N, C, 1, 1]. " + (avg ? "" : "With return_indices it also gives each maximum's position within its plane "
                        + "(int64 indices, the output's shape), as PyTorch numbers it. ") + "No parameters.")
                .param(ParamSpec.size("output_size", 1, 2, 1, "the output's H and W").positionalArg());
        if (!avg) {
            b.param(ParamSpec.bool("return_indices", false, "also give each maximum's position in its plane (indices, int64)"))
                    .outputs(p -> p.b("return_indices") ? List.of(PortSpec.of("out", PortType.FLOAT), PortSpec.of("indices", PortType.INDICES))
                            : List.of(PortSpec.of("out", PortType.FLOAT)))
                    .invoker((m, in) -> ((AdaptiveMaxPool2d) m).returnIndices() ? ((AdaptiveMaxPool2d) m).forwardWithIndices(in[0])
                            : new Tensor[] {m.forward(in[0])});
        } else {
            b.out("out", PortType.FLOAT);
        }
        b.in("in", PortType.FLOAT)
                .rule(ctx -> {
                    TensorType t = Rules.rank(ctx, "in", "[N, C, H, W]", 4);
                    int[] o = ctx.size("output_size", 2);
                    TensorType ot = t.withDim(2, o[0]).withDim(3, o[1]);
                    ctx.out("out", ot);
                    if (!avg && ctx.b("return_indices")) {
                        ctx.out("indices", ot.withDtype(DType.INT64));
                        ctx.explain("indices = " + ot.withDtype(DType.INT64).describe() + ": where each maximum lies in its " + t.dim(2) + "×"
                                + t.dim(3) + " plane");
                    }
                    ctx.flops(t.perSample());
                    ctx.explain("out = " + ot + ": each channel's " + t.dim(2) + "×" + t.dim(3) + " pooled to " + o[0] + "×" + o[1]);
                })
                .factory(c -> avg ? new AdaptiveAvgPool2d(c.size("output_size", 2))
                        : new AdaptiveMaxPool2d(c.size("output_size", 2), c.b("return_indices")))
                .onnx(e -> {
                    // ONNX has only the global form; an output size that divides the input is a plain pool with equal windows.
                    TensorType in = e.inputType("in");
                    int[] o = e.size("output_size", 2);
                    boolean indices = !avg && e.b("return_indices");
                    if (o[0] == 1 && o[1] == 1 && !indices) {
                        e.op(avg ? "GlobalAveragePool" : "GlobalMaxPool", List.of(e.input("in")), e.output("out"));
                        return;
                    }
                    int[] k = new int[2];
                    for (int i = 0; i < 2; i++) {
                        if (in.dim(2 + i) % o[i] != 0) {
                            throw e.unsupported("output_size " + o[0] + "×" + o[1] + " does not divide the input's " + in.dim(2) + "×" + in.dim(3)
                                    + ", so the windows differ in size, which ONNX pooling cannot express");
                        }
                        k[i] = in.dim(2 + i) / o[i];
                    }
                    if (!indices) {
                        e.op(avg ? "AveragePool" : "MaxPool", List.of(e.input("in")), e.output("out")).ints("kernel_shape", k).ints("strides", k);
                        return;
                    }
                    // GlobalMaxPool has no Indices: a MaxPool of equal windows (the whole plane for 1×1) with them, made per plane.
                    String flat = e.temp("flat_indices");
                    e.op("MaxPool", List.of(e.input("in")), e.output("out"), flat).ints("kernel_shape", k).ints("strides", k);
                    e.op("Sub", List.of(flat, planeStarts(e, 2)), e.output("indices"));
                    e.composite();
                });
        return b.build();
    }
}
