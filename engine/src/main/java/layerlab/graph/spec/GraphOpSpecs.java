package layerlab.graph.spec;

import java.util.ArrayList;
import java.util.List;
import layerlab.nn.Add;
import layerlab.nn.Concat;
import layerlab.nn.Multiply;
import layerlab.nn.Narrow;
import layerlab.nn.Permute;
import layerlab.nn.Reshape;
import layerlab.nn.Select;
import layerlab.nn.Transpose;
import layerlab.nn.View;

/**
 * The graph ops that make a drawing a DAG rather than a chain: {@code Add} (residual connections),
 * {@code Multiply}, {@code Concat}, {@code Reshape} / {@code View}, {@code Transpose}, {@code Permute} and {@code Narrow}. In PyTorch code they are expressions in
 * {@code forward}, not modules.
 */
final class GraphOpSpecs {
    private GraphOpSpecs() {
    }

    static List<LayerSpec> all() {
        return List.of(elementwise("Add", "+", "residual", "skip connection", "sum", "shortcut"),
                elementwise("Multiply", "*", "product", "gate", "elementwise", "hadamard"),
                concat(), reshape("Reshape"), reshape("View"), transpose(), permute(), narrow(), select());
    }

    private static LayerSpec transpose() {
        return LayerSpec.builder("Transpose", Category.GRAPH_OPS)
                .keywords("permute", "swap dims", "swapaxes", "channels first", "text cnn")
                .doc("Swaps two dims of each sample: [N, T, E] with dim0=1, dim1=2 → [N, E, T], how an Embedding's sequence "
                        + "becomes the channels-first [N, channels, length] a Conv1d reads (and back). Dims count from the batch "
                        + "N = 0, which stays in place. PyTorch: x.transpose(dim0, dim1).")
                .param(ParamSpec.integer("dim0", 1, null, null, "one dim to swap (1 or more; negative counts from the end)").positionalArg())
                .param(ParamSpec.integer("dim1", 2, null, null, "the other dim").positionalArg())
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = Rules.batchFirstIn(ctx);
                    int a = Rules.dim(ctx, "dim0", t.rank(), false), b = Rules.dim(ctx, "dim1", t.rank(), false);
                    int[] d = t.dims();
                    int keep = d[a];
                    d[a] = d[b];
                    d[b] = keep;
                    TensorType out = t.withDims(d);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": dims " + a + " and " + b + " of " + t + " swapped");
                })
                .factory(c -> new Transpose(c.i("dim0"), c.i("dim1")))
                .torch(p -> "x.transpose(" + p.i("dim0") + ", " + p.i("dim1") + ")")
                .onnx(e -> {
                    int rank = e.inputType("in").rank();
                    int a = e.i("dim0") < 0 ? e.i("dim0") + rank : e.i("dim0"), b = e.i("dim1") < 0 ? e.i("dim1") + rank : e.i("dim1");
                    int[] perm = new int[rank];
                    for (int i = 0; i < rank; i++) perm[i] = i == a ? b : i == b ? a : i;
                    e.op("Transpose", List.of(e.input("in")), e.output("out")).ints("perm", perm);
                })
                .build();
    }

    private static LayerSpec permute() {
        return LayerSpec.builder("Permute", Category.GRAPH_OPS)
                .keywords("transpose", "channels last", "channels first", "NHWC", "reorder dims", "convnext")
                .doc("Reorders the dims of each sample: [N, C, H, W] with dims (0, 2, 3, 1) → [N, H, W, C], the channels last, where "
                        + "a LayerNorm and Linear layers work on each position's channels (ConvNeXt's blocks), and (0, 3, 1, 2) back. "
                        + "dims lists every dim once, the batch N = 0 first, where it stays. PyTorch: x.permute(0, 2, 3, 1).")
                .param(ParamSpec.shape("dims", List.of(0, 2, 3, 1), 0, "the input's dims in their new order, 0 (the batch) first").positionalArg())
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = Rules.batchFirstIn(ctx);
                    List<Integer> dims = ctx.ints("dims");
                    if (dims.size() != t.rank())
                        throw ctx.failParam("dims", "dims " + dims + " orders " + dims.size() + " dims, but " + t + " has " + t.rank() + " (list each of 0 … " + (t.rank() - 1) + " once)");
                    boolean[] seen = new boolean[t.rank()];
                    for (int d : dims) {
                        if (d >= t.rank() || seen[d]) throw ctx.failParam("dims", "dims " + dims + " must list each of 0 … " + (t.rank() - 1) + " once");
                        seen[d] = true;
                    }
                    if (dims.get(0) != 0) throw ctx.failParam("dims", "dims " + dims + " moves the batch N (dim 0); it stays first, so start with 0");
                    int[] d = new int[t.rank()];
                    for (int i = 0; i < d.length; i++) d[i] = t.dim(dims.get(i));
                    TensorType out = t.withDims(d);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": the dims of " + t + " in the order " + dims);
                })
                .factory(c -> new Permute(c.ints("dims").stream().mapToInt(Integer::intValue).toArray()))
                .torch(p -> "x.permute(" + String.join(", ", p.ints("dims").stream().map(String::valueOf).toList()) + ")")
                .onnx(e -> e.op("Transpose", List.of(e.input("in")), e.output("out")).ints("perm", e.ints("dims").stream().mapToInt(Integer::intValue).toArray()))
                .build();
    }

    private static LayerSpec narrow() {
        return LayerSpec.builder("Narrow", Category.GRAPH_OPS)
                .keywords("slice", "chunk", "split", "crop", "take channels", "shufflenet")
                .doc("Takes length entries of one dim from start: [N, 116, 28, 28] with dim=1, start=58, length=58 → [N, 58, 28, 28], "
                        + "the second half of the channels, as torch.chunk(x, 2, dim=1) gives it (ShuffleNetV2's units split so). "
                        + "Two Narrows from one output split it; a Concat joins the parts again. Dims count from the batch N = 0, which "
                        + "stays whole. PyTorch: x.narrow(dim, start, length).")
                .param(ParamSpec.integer("dim", 1, null, null, "the dim to cut (1 or more; negative counts from the end)").positionalArg())
                .param(ParamSpec.integer("start", 0, 0, null, "the first entry taken").positionalArg())
                .param(ParamSpec.integer("length", 1, 1, null, "how many entries").positionalArg())
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = Rules.batchFirstIn(ctx);
                    int d = Rules.dim(ctx, "dim", t.rank(), false);
                    int start = ctx.i("start"), length = ctx.i("length"), size = t.dim(d);
                    if (start >= size) throw ctx.failParam("start", "start " + start + " is past the end of dim " + d + " of " + t + " (size " + size + ")");
                    if ((long) start + length > size) {
                        throw ctx.failParam("length", "start " + start + " + length " + length + " = " + (start + length) + " goes past the end of dim " + d
                                + " of " + t + " (size " + size + "); at most " + (size - start) + " fit");
                    }
                    TensorType out = t.withDim(d, length);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": entries " + start + " … " + (start + length - 1) + " of dim " + d + " of " + t);
                })
                .factory(c -> new Narrow(c.i("dim"), c.i("start"), c.i("length")))
                .torch(p -> "x.narrow(" + p.i("dim") + ", " + p.i("start") + ", " + p.i("length") + ")")
                .onnx(e -> {
                    int start = e.i("start");
                    e.op("Slice", List.of(e.input("in"), e.longs("starts", start), e.longs("ends", (long) start + e.i("length")), e.longs("axes", e.i("dim"))),
                            e.output("out"));
                })
                .build();
    }

    private static LayerSpec select() {
        return LayerSpec.builder("Select", Category.GRAPH_OPS)
                .keywords("index", "pick", "class token", "cls", "x[:, 0]", "first step", "vit")
                .doc("Takes one entry of a dim, which goes away: [N, 17, 64] with dim=1, index=0 → [N, 64], position 0 of each sequence, "
                        + "a Vision Transformer's class token after its encoder (index -1: the last). Dims count from the batch N = 0, which "
                        + "stays whole. PyTorch: x.select(dim, index), x[:, 0].")
                .param(ParamSpec.integer("dim", 1, null, null, "the dim to pick from (1 or more; negative counts from the end)").positionalArg())
                .param(ParamSpec.integer("index", 0, null, null, "the entry taken (negative counts from the end)").positionalArg())
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = Rules.batchFirstIn(ctx);
                    int d = Rules.dim(ctx, "dim", t.rank(), false), i = ctx.i("index"), size = t.dim(d);
                    if (i >= size || i < -size) {
                        throw ctx.failParam("index", "index " + i + " is outside dim " + d + " of " + t + " (size " + size + ": use " + (-size) + " … " + (size - 1) + ")");
                    }
                    int[] dims = new int[t.rank() - 1];
                    for (int k = 0, j = 0; k < t.rank(); k++) if (k != d) dims[j++] = t.dim(k);
                    TensorType out = t.withDims(dims);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": entry " + i + " of dim " + d + " of " + t);
                })
                .factory(c -> new Select(c.i("dim"), c.i("index")))
                .torch(p -> "x.select(" + p.i("dim") + ", " + p.i("index") + ")")
                .onnx(e -> e.op("Gather", List.of(e.input("in"), e.scalarLong("index", e.i("index"))), e.output("out")).i("axis", e.i("dim")))
                .build();
    }

    /** {@code in1}, {@code in2}, … for {@code num_inputs}. */
    private static List<PortSpec> numbered(Params p, PortType type) {
        Object v = p.value("num_inputs");
        int k = v instanceof Integer i && i >= 2 && i <= MAX_INPUTS ? i : 2;
        List<PortSpec> ports = new ArrayList<>(k);
        for (int i = 1; i <= k; i++) ports.add(PortSpec.of("in" + i, type));
        return ports;
    }

    /** The most inputs an Add, Multiply or Concat takes: a DenseNet block's concatenations have up to 49. */
    static final int MAX_INPUTS = 64;

    private static ParamSpec numInputs() {
        return ParamSpec.integer("num_inputs", 2, 2, MAX_INPUTS, "how many inputs (ports in1, in2, …)");
    }

    private static LayerSpec elementwise(String kind, String op, String... keywords) {
        boolean add = kind.equals("Add");
        return LayerSpec.builder(kind, Category.GRAPH_OPS)
                .keywords(keywords)
                .doc((add ? "Adds" : "Multiplies") + " its inputs elementwise: in1 " + op + " in2 " + op + " …. The shapes must match or "
                        + "broadcast (a size 1 stretches), and the output has the common shape. "
                        + (add ? "A residual connection adds a block's input to its output: x + f(x)." : "Useful for gating: x * sigmoid(g)."))
                .param(numInputs())
                .inputs(p -> numbered(p, PortType.FLOAT))
                .out("out", PortType.FLOAT)
                .rule(ctx -> {
                    List<InputInfo> ins = ctx.inputs();
                    TensorType acc = ins.get(0).type();
                    for (int i = 1; i < ins.size(); i++) acc = broadcast(ctx, acc, ins.get(0), ins.get(i), add ? "added" : "multiplied");
                    ctx.out("out", acc);
                    ctx.flops((long) (ins.size() - 1) * acc.perSample());
                    List<String> shapes = new ArrayList<>();
                    for (InputInfo in : ins) shapes.add(in.type().toString());
                    ctx.explain("out = " + String.join(" " + op + " ", shapes) + " → " + acc);
                })
                .factory(c -> add ? new Add() : new Multiply())
                .torch(p -> {
                    List<String> terms = new ArrayList<>();
                    for (PortSpec ps : numbered(p, PortType.FLOAT)) terms.add(ps.name());
                    return String.join(" " + op + " ", terms);
                })
                .onnx(e -> {
                    List<String> ins = new ArrayList<>();
                    for (PortSpec ps : numbered(e, PortType.FLOAT)) ins.add(e.input(ps.name()));
                    if (add) {
                        e.op(ins.size() == 2 ? "Add" : "Sum", ins, e.output("out"));
                        return;
                    }
                    String acc = ins.get(0);
                    for (int i = 1; i < ins.size(); i++) {
                        String next = i == ins.size() - 1 ? e.output("out") : e.temp("mul" + i);
                        e.op("Mul", List.of(acc, ins.get(i)), next);
                        acc = next;
                    }
                })
                .build();
    }

    /**
     * What to set when the two paths of a residual block (image tensors of one rank) meet at other sizes: the Add is where
     * they meet, but the fix lies on one of the paths, so the message says which setting to make match.
     */
    private static String residualHint(TensorType a, TensorType b, int dim) {
        if (a.rank() != b.rank() || a.rank() < 4 || dim < 1) return "";
        if (dim == 1) {
            return ". The two paths give different channels: make the last convolutions' out_channels match, or give the shortcut "
                    + "a 1×1 Conv2d to the main path's channels (a projection)";
        }
        return ". The two paths give different heights or widths: give them the same stride (a stride-2 convolution on the "
                + "main path needs a stride-2 1×1 Conv2d on the shortcut) and keep sizes with padding (padding=1 for kernel_size 3)";
    }

    /** NumPy broadcasting with the symbolic batch: N meets N or 1. */
    private static TensorType broadcast(ShapeContext ctx, TensorType a, InputInfo first, InputInfo next, String verb) {
        TensorType b = next.type();
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int y = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (x == y || y == 1) out[i] = x;
            else if (x == 1) out[i] = y;
            else {
                throw ctx.fail("its inputs cannot be " + verb + ": " + first.port() + " " + first.source() + " gives " + a + " and " + next.port() + " "
                        + next.source() + " gives " + b + " (dimension " + i + ": " + (x == TensorType.N ? "N" : x) + " vs " + (y == TensorType.N ? "N" : y) + ")"
                        + (verb.equals("added") ? residualHint(a, b, i) : ""));
            }
        }
        return a.withDims(out);
    }

    /**
     * What to set when parallel paths (an Inception module's branches, a U-Net's skip and its up-sampled path) meet at
     * another height or width: the Concat is where the sizes meet, but the cause lies upstream (a convolution without
     * padding, or a pooling that floors an odd size), so the message says where to look and what to set there; an
     * Inception branch with kernel_size 5 needs padding 2, not the 1 a 3×3 needs, so the rule is given, not one number.
     */
    private static String concatHint(TensorType a, TensorType t, int d, int bad) {
        if (bad < 0 || t.rank() != a.rank() || t.rank() < 4 || bad < 2 || d != 1) return "";
        return " (dim " + bad + ": " + a.dim(bad) + " vs " + t.dim(bad) + "). The paths were sized differently upstream: give each "
                + "convolution that shrinks its path padding = kernel_size // 2 (1 for kernel_size 3, 2 for 5) or padding='same', so "
                + "every path keeps its size; in a U-Net, also give the Input a height and width every pooling halves evenly (32, 64…), "
                + "so the up-sampling gets back to the skip's size";
    }

    private static LayerSpec concat() {
        return LayerSpec.builder("Concat", Category.GRAPH_OPS)
                .keywords("concatenate", "cat", "join", "stack", "merge", "dense connection")
                .doc("Joins its inputs along dim (default 1, the channels or features): [N, 16, 28, 28] and [N, 8, 28, 28] → "
                        + "[N, 24, 28, 28]. Every other dimension must match. PyTorch: torch.cat([in1, in2], dim=1).")
                .param(ParamSpec.integer("dim", 1, null, null, "the dimension to join along (not 0, the batch)"))
                .param(numInputs())
                .inputs(p -> numbered(p, PortType.ANY))
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    List<InputInfo> ins = ctx.inputs();
                    TensorType a = ins.get(0).type();
                    int d = Rules.dim(ctx, "dim", a.rank(), false);
                    long total = 0;
                    List<String> parts = new ArrayList<>();
                    for (InputInfo in : ins) {
                        TensorType t = in.type();
                        boolean ok = t.rank() == a.rank() && t.dtype() == a.dtype();
                        int bad = -1;
                        for (int i = 0; ok && i < t.rank(); i++) {
                            ok = i == d || t.dim(i) == a.dim(i);
                            if (!ok) bad = i;
                        }
                        if (!ok) {
                            throw ctx.fail("its inputs must match in every dimension but dim " + d + ": in1 " + ins.get(0).source() + " gives " + a.describe()
                                    + " and " + in.port() + " " + in.source() + " gives " + t.describe() + concatHint(a, t, d, bad));
                        }
                        total += t.dim(d);
                        parts.add(Integer.toString(t.dim(d)));
                    }
                    TensorType out = a.withDim(d, (int) total);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": dim " + d + " joined, " + String.join(" + ", parts) + " = " + total);
                })
                .factory(c -> new Concat(c.i("dim")))
                .torch(p -> {
                    List<String> names = new ArrayList<>();
                    for (PortSpec ps : numbered(p, PortType.ANY)) names.add(ps.name());
                    return "torch.cat([" + String.join(", ", names) + "], dim=" + p.i("dim") + ")";
                })
                .onnx(e -> {
                    List<String> ins = new ArrayList<>();
                    for (PortSpec ps : numbered(e, PortType.ANY)) ins.add(e.input(ps.name()));
                    e.op("Concat", ins, e.output("out")).i("axis", e.i("dim"));
                })
                .build();
    }

    private static LayerSpec reshape(String kind) {
        boolean view = kind.equals("View");
        return LayerSpec.builder(kind, Category.GRAPH_OPS)
                .keywords(view ? new String[] {"reshape", "unflatten"} : new String[] {"view", "unflatten", "resize shape"})
                .doc("Gives each sample a new shape with the same number of values: [N, 1568] with shape [32, 7, 7] → "
                        + "[N, 32, 7, 7]. One entry may be -1, meaning \"the rest\". The batch dimension is kept. PyTorch: "
                        + "x." + kind.toLowerCase(java.util.Locale.ROOT) + "(x.size(0), *shape).")
                .param(ParamSpec.shape("shape", List.of(-1), -1, "the new shape of one sample (-1 once: the rest)").positionalArg())
                .in("in", PortType.ANY)
                .out("out", PortType.ANY)
                .rule(ctx -> {
                    TensorType t = Rules.batchFirstIn(ctx);
                    List<Integer> shape = ctx.ints("shape");
                    long known = 1;
                    int free = -1;
                    for (int i = 0; i < shape.size(); i++) {
                        if (shape.get(i) == -1) free = i;
                        else known *= shape.get(i);
                    }
                    long have = t.perSample();
                    int[] dims = new int[shape.size()];
                    for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i);
                    if (free >= 0) {
                        if (known == 0 || have % known != 0) {
                            throw ctx.failParam("shape", "shape " + shape + " cannot hold the " + have + " values per sample of " + t + ": " + have
                                    + " is not a multiple of " + known);
                        }
                        dims[free] = (int) (have / known);
                    } else if (known != have) {
                        throw ctx.failParam("shape", "shape " + shape + " holds " + known + " values, but each sample of " + t + " has " + have);
                    }
                    TensorType out = TensorType.batch(t.dtype(), dims);
                    ctx.out("out", out);
                    ctx.explain("out = " + out + ": the " + have + " values of each sample of " + t + " rearranged"
                            + (free >= 0 ? ", -1 → " + have + "/" + known + " = " + dims[free] : ""));
                })
                .factory(c -> {
                    int[] sample = c.output("out").sampleDims();
                    int[] whole = new int[sample.length + 1];
                    whole[0] = -1;
                    System.arraycopy(sample, 0, whole, 1, sample.length);
                    return view ? new View(whole) : new Reshape(whole);
                })
                .torch(p -> {
                    StringBuilder sb = new StringBuilder("x." + kind.toLowerCase(java.util.Locale.ROOT) + "(x.size(0)");
                    for (int v : p.ints("shape")) sb.append(", ").append(v);
                    return sb.append(")").toString();
                })
                .onnx(e -> e.op("Reshape", List.of(e.input("in"), e.longs("shape", LinearSpecs.onnxShape(e.inputType("in"), e.outputType("out")))), e.output("out")))
                .build();
    }
}
