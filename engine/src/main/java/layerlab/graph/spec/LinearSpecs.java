package layerlab.graph.spec;

import java.util.List;
import layerlab.nn.Bilinear;
import layerlab.nn.Flatten;
import layerlab.nn.Identity;
import layerlab.nn.Linear;
import layerlab.nn.Unflatten;

/** The Linear group: {@code Linear}, {@code Bilinear}, {@code Identity}, {@code Flatten}, {@code Unflatten}. */
final class LinearSpecs {
    private LinearSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(linear(), bilinear(), identity(), flatten(), unflatten());
    }

    private static LayerSpec linear() {
        return LayerSpec.builder("Linear", Category.LINEAR)
                .keywords("dense", "fully connected", "fc", "affine", "matmul", "perceptron")
                .doc("A fully connected layer, y = x·Wᵀ + b, applied to the last dimension: [N, *, in_features] → "
                        + "[N, *, out_features]. Every input value feeds every output, so it has "
                        + "in_features·out_features weights plus out_features biases. in_features is filled from the "
                        + "incoming shape; put a Flatten before it to feed it images.")
                .param(ParamSpec.integer("in_features", null, 1, null, "size of each input sample (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("out_features", 64, 1, null, "size of each output sample").positionalArg())
                .param(ParamSpec.bool("bias", true, "learn an additive bias"))
                .in("in", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(LinearSpecs::inferLinear)
                .factory(c -> new Linear(c.i("in_features"), c.i("out_features"), c.b("bias")))
                .weightAndBias(2)
                .defaultInit("weight kaiming_uniform(a=√5), bias uniform(±1/√in_features)")
                .onnx(LinearSpecs::onnxLinear)
                .build();
    }

    private static void inferLinear(ShapeContext ctx) {
        InputInfo in = ctx.input("in");
        TensorType t = ctx.in("in");
        if (t.rank() < 2 || !t.batchFirst()) throw ctx.failPort("in", "expects [N, features] but " + Rules.from(ctx, in) + " gives " + t);
        int actual = t.dim(-1);
        int inF = ctx.fill("in_features", actual, set -> "in_features is " + set + " but " + Rules.from(ctx, in) + " gives " + valuesPerSample(in)
                + (t.rank() > 2 && set == t.perSample() ? "; a Linear reads the last dimension only: put a Flatten before it to give it all " + set
                        + " values of each sample"
                        : readsImageRows(in) ? "; to read whole images, put a Flatten before it and set in_features to " + t.perSample() : ""));
        if (!ctx.isSet("in_features") && readsImageRows(in)) {
            ctx.warn("in_features", "reads the last dimension only (" + actual + " of " + t + "); a Flatten before it is usually meant, "
                    + "to give it all " + t.perSample() + " values of each sample");
        }
        int outF = ctx.i("out_features");
        boolean bias = ctx.b("bias");
        TensorType out = t.withDim(-1, outF);
        ctx.out("out", out);
        long rows = t.perSample() / Math.max(actual, 1);
        long params = (long) inF * outF + (bias ? outF : 0);
        ctx.paramCount(params);
        ctx.flops(2L * inF * outF * rows);
        ctx.explain("out = " + out + ": each of the " + inF + " input values feeds each of the " + outF + " outputs");
        ctx.explain("params = " + inF + "·" + outF + " weights" + (bias ? " + " + outF + " biases" : "") + " = " + Rules.n(params));
    }

    /**
     * An image [N, C, H, W] (or a volume) straight from an Input, a convolution or a pooling (or a layer that keeps
     * their layout: an activation, a norm, a dropout): a Linear on it mixes only the pixels of each row, which is
     * rarely what was meant. After a Transpose, a Reshape or a sequence layer the last dimension is taken to be
     * the features on purpose.
     */
    private static boolean readsImageRows(InputInfo in) {
        int rank = in.type().rank();
        LayerSpec source = Registry.find(in.sourceKind());
        if ((rank != 4 && rank != 5) || source == null) return false;
        return switch (source.category()) {
            case DATA -> in.sourceKind().equals("Input");
            case CONVOLUTION, POOLING, NORMALISATION, REGULARISATION, ACTIVATION -> true;
            default -> false;
        };
    }

    /** {@code 1568 values per sample ([N, 32, 7, 7] flattened)}, or the last dim of a longer shape. */
    static String valuesPerSample(InputInfo in) {
        TensorType t = in.type();
        if (t.rank() == 2) {
            if (in.sourceKind().equals("Flatten") && in.sourceInputs().size() == 1) {
                return t.dim(-1) + " values per sample (" + in.sourceInputs().get(0) + " flattened)";
            }
            return t.dim(-1) + " values per sample (" + t + ")";
        }
        return t.dim(-1) + " values in its last dimension (" + t + ")";
    }

    /** Gemm for [N, in]; MatMul with the transposed weight (and Add) when there are more leading dims. */
    private static void onnxLinear(OnnxEmitter e) {
        String x = e.input("in"), w = e.param("weight"), y = e.output("out");
        boolean bias = e.b("bias");
        if (e.inputType("in").rank() == 2) {
            e.op("Gemm", bias ? List.of(x, w, e.param("bias")) : List.of(x, w), y).i("transB", 1);
            return;
        }
        String wt = e.temp("weight_t"), mm = bias ? e.temp("matmul") : y;
        e.op("Transpose", List.of(w), wt).ints("perm", 1, 0);
        e.op("MatMul", List.of(x, wt), mm);
        if (bias) e.op("Add", List.of(mm, e.param("bias")), y);
    }

    /** An ONNX Reshape target for {@code t}: its sizes, and -1 for the one dim that holds the batch. */
    /**
     * A Reshape's shape from {@code in} to {@code out}: the batch as 0, which copies the input's batch dim, so that onnx's shape
     * inference keeps it the symbolic N (a -1 there leaves it unknown); -1 for any other dim the batch decides.
     */
    static long[] onnxShape(TensorType in, TensorType out) {
        long[] s = new long[out.rank()];
        for (int i = 0; i < s.length; i++) {
            s[i] = out.dim(i) != TensorType.N ? out.dim(i) : i < in.rank() && in.dim(i) == TensorType.N ? 0 : -1;
        }
        return s;
    }

    private static LayerSpec bilinear() {
        return LayerSpec.builder("Bilinear", Category.LINEAR)
                .keywords("bilinear", "two inputs", "interaction", "outer product")
                .doc("Combines two inputs, y_k = x1ᵀ·W_k·x2 + b_k: [N, *, in1_features] and [N, *, in2_features] → "
                        + "[N, *, out_features], with out_features·in1_features·in2_features weights. Both inputs must "
                        + "agree on every dimension but the last.")
                .param(ParamSpec.integer("in1_features", null, 1, null, "size of each first input sample (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("in2_features", null, 1, null, "size of each second input sample (from the incoming shape)").fromShape().positionalArg())
                .param(ParamSpec.integer("out_features", 64, 1, null, "size of each output sample").positionalArg())
                .param(ParamSpec.bool("bias", true, "learn an additive bias"))
                .in("in1", PortType.FLOAT)
                .in("in2", PortType.FLOAT)
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    InputInfo a = ctx.input("in1"), b = ctx.input("in2");
                    TensorType ta = Rules.rank(ctx, "in1", "[N, features]", 2, 3, 4, 5);
                    TensorType tb = Rules.rank(ctx, "in2", "[N, features]", 2, 3, 4, 5);
                    if (ta.rank() != tb.rank() || !java.util.Arrays.equals(ta.withDim(-1, 0).dims(), tb.withDim(-1, 0).dims())) {
                        throw ctx.fail("its inputs must agree on every dimension but the last, but in1 " + a.source() + " gives " + ta
                                + " and in2 " + b.source() + " gives " + tb);
                    }
                    int i1 = ctx.fill("in1_features", ta.dim(-1), set -> "in1_features is " + set + " but " + Rules.from(ctx, a) + " gives " + valuesPerSample(a));
                    int i2 = ctx.fill("in2_features", tb.dim(-1), set -> "in2_features is " + set + " but " + Rules.from(ctx, b) + " gives " + valuesPerSample(b));
                    int o = ctx.i("out_features");
                    boolean bias = ctx.b("bias");
                    TensorType out = ta.withDim(-1, o);
                    ctx.out("out", out);
                    long params = (long) o * i1 * i2 + (bias ? o : 0);
                    ctx.paramCount(params);
                    ctx.flops(2L * o * i1 * i2 * (ta.perSample() / Math.max(ta.dim(-1), 1)));
                    ctx.explain("out = " + out + ": y_k = x1ᵀ·W_k·x2 + b_k for each of the " + o + " outputs");
                    ctx.explain("params = " + o + "·" + i1 + "·" + i2 + " weights" + (bias ? " + " + o + " biases" : "") + " = " + Rules.n(params));
                })
                .factory(c -> new Bilinear(c.i("in1_features"), c.i("in2_features"), c.i("out_features"), c.b("bias")))
                .weightAndBias(3)
                .defaultInit("weight and bias uniform(±1/√in1_features)")
                .onnx(e -> {
                    // y_bo = Σ_ij x1_bi·W_oij·x2_bj: one Einsum (the leading dims broadcast through "...").
                    String eq = e.inputType("in1").rank() == 2 ? "bi,oij,bj->bo" : "...i,oij,...j->...o";
                    String y = e.b("bias") ? e.temp("einsum") : e.output("out");
                    e.op("Einsum", List.of(e.input("in1"), e.param("weight"), e.input("in2")), y).s("equation", eq);
                    if (e.b("bias")) e.op("Add", List.of(y, e.param("bias")), e.output("out"));
                })
                .build();
    }

    private static LayerSpec identity() {
        return LayerSpec.builder("Identity", Category.LINEAR)
                .keywords("pass", "no-op", "skip", "placeholder")
                .doc("Passes its input through unchanged: out = in. Handy as a placeholder or a named tap point.")
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> Rules.same(ctx, 0))
                .factory(c -> new Identity())
                .onnx(e -> e.op("Identity", List.of(e.input("in")), e.output("out")))
                .build();
    }

    private static LayerSpec flatten() {
        return LayerSpec.builder("Flatten", Category.LINEAR)
                .keywords("flatten", "reshape", "vectorise", "view")
                .doc("Joins the dimensions start_dim … end_dim into one: [N, 32, 7, 7] → [N, 1568] with the "
                        + "defaults (start_dim=1, end_dim=-1), the bridge from convolutions to Linear layers.")
                .param(ParamSpec.integer("start_dim", 1, null, null, "first dim to flatten (0 is the batch N)"))
                .param(ParamSpec.integer("end_dim", -1, null, null, "last dim to flatten (-1: the last)"))
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = ctx.in("in");
                    int r = t.rank();
                    int s = Rules.dim(ctx, "start_dim", r, false), e = Rules.dim(ctx, "end_dim", r, false);
                    if (s > e) throw ctx.failParam("start_dim", "start_dim (" + ctx.i("start_dim") + ") comes after end_dim (" + ctx.i("end_dim") + ") in " + t);
                    int[] d = t.dims();
                    int[] out = new int[r - (e - s)];
                    long joined = 1;
                    StringBuilder parts = new StringBuilder();
                    for (int i = s; i <= e; i++) {
                        joined *= d[i];
                        parts.append(i > s ? "·" : "").append(d[i]);
                    }
                    if (joined > Integer.MAX_VALUE) throw ctx.fail("flattening " + t + " gives " + joined + " values, too many for one dimension");
                    for (int i = 0, k = 0; i < r; i++) {
                        if (i < s || i > e) out[k++] = d[i];
                        else if (i == s) out[k++] = (int) joined;
                    }
                    TensorType o = t.withDims(out);
                    ctx.out("out", o);
                    ctx.explain("out = " + o + ": dims " + s + "…" + e + " of " + t + " joined, " + parts + " = " + joined);
                })
                .factory(c -> new Flatten(c.i("start_dim"), c.i("end_dim")))
                .onnx(e -> {
                    TensorType in = e.inputType("in");
                    int s = e.i("start_dim") < 0 ? e.i("start_dim") + in.rank() : e.i("start_dim");
                    int end = e.i("end_dim") < 0 ? e.i("end_dim") + in.rank() : e.i("end_dim");
                    if (s == 1 && end == in.rank() - 1) {
                        e.op("Flatten", List.of(e.input("in")), e.output("out")).i("axis", 1);
                    } else {
                        e.op("Reshape", List.of(e.input("in"), e.longs("shape", onnxShape(in, e.outputType("out")))), e.output("out"));
                    }
                })
                .build();
    }

    private static LayerSpec unflatten() {
        return LayerSpec.builder("Unflatten", Category.LINEAR)
                .keywords("unflatten", "reshape", "view", "split dim")
                .doc("Splits dimension dim of each sample into unflattened_size, Flatten undone: [N, 392] with dim=1, unflattened_size=[8, 7, 7] "
                        + "→ [N, 8, 7, 7], the bridge from a Linear back to feature maps (a decoder's). One size may be -1, meaning \"the rest\". "
                        + "PyTorch: nn.Unflatten(dim, unflattened_size).")
                .param(ParamSpec.integer("dim", 1, null, null, "the dim to split (0 is the batch N; -1: the last)").positionalArg())
                .param(ParamSpec.shape("unflattened_size", List.of(-1), -1, "the sizes it splits into (-1 once: the rest)").positionalArg())
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = ctx.in("in");
                    int r = t.rank(), d = Rules.dim(ctx, "dim", r, false);
                    List<Integer> sizes = ctx.ints("unflattened_size");
                    int[] dims = t.dims(), split = new int[sizes.size()];
                    // PyTorch's own refusal ("sizes must be non-empty"); the check below read "[] holds 1 values".
                    if (sizes.isEmpty()) throw ctx.failParam("unflattened_size", "unflattened_size is empty: give the sizes dim " + d + " of " + t
                            + " (" + dims[d] + ") splits into, e.g. [" + dims[d] + "] or [2, -1]");
                    long known = 1;
                    int free = -1;
                    for (int i = 0; i < split.length; i++) {
                        split[i] = sizes.get(i);
                        // A second -1 is refused with the param, as a shape's.
                        if (split[i] != -1) known *= split[i];
                        else free = i;
                    }
                    if (free >= 0) {
                        // A 0 beside the -1 leaves nothing to divide by: said as the sizes that do not multiply up, as PyTorch says it.
                        if (known == 0) {
                            throw ctx.failParam("unflattened_size", "unflattened_size " + sizes + " holds a 0, so no size for -1 makes the " + dims[d]
                                    + " values of dim " + d + " of " + t);
                        }
                        if (dims[d] % known != 0) {
                            throw ctx.failParam("unflattened_size", "unflattened_size " + sizes + " cannot split dim " + d + " of " + t + " (" + dims[d]
                                    + "): " + dims[d] + " is not a multiple of " + known);
                        }
                        split[free] = (int) (dims[d] / known);
                    } else if (known != dims[d]) {
                        throw ctx.failParam("unflattened_size", "unflattened_size " + sizes + " holds " + known + " values, but dim " + d + " of " + t
                                + " has " + dims[d]);
                    }
                    int[] out = new int[r - 1 + split.length];
                    System.arraycopy(dims, 0, out, 0, d);
                    System.arraycopy(split, 0, out, d, split.length);
                    System.arraycopy(dims, d + 1, out, d + split.length, r - d - 1);
                    TensorType o = t.withDims(out);
                    ctx.out("out", o);
                    ctx.explain("out = " + o + ": dim " + d + " of " + t + " (" + dims[d] + ") split into " + java.util.Arrays.toString(split)
                            + (free >= 0 ? ", -1 → " + dims[d] + "/" + known + " = " + split[free] : ""));
                })
                .factory(c -> new Unflatten(c.i("dim"), c.ints("unflattened_size").stream().mapToInt(Integer::intValue).toArray()))
                // ONNX has no Unflatten: a Reshape to the output's shape, the batch copied (0), as Flatten's other cases.
                .onnx(e -> e.op("Reshape", List.of(e.input("in"), e.longs("shape", onnxShape(e.inputType("in"), e.outputType("out")))), e.output("out")))
                .build();
    }
}
