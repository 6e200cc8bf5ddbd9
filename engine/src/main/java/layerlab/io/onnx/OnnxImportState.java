package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.scalarLong;
import static layerlab.io.onnx.OnnxAttributes.tensor;
import static layerlab.io.onnx.OnnxAttributes.unsupported;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.io.onnx.OnnxProto.ValueInfo;
import layerlab.tensor.Tensor;

/**
 * What an import knows while it reads an ONNX graph, and the steps every op's conversion takes: the values each ONNX
 * value stands for ({@link Src}), the layers made so far ({@link INode}), the constants and who reads what. One import
 * ({@link OnnxImporter}) makes one of these and hands it to its converters, one class per op family ({@link OnnxShapeOps},
 * {@link OnnxLayerOps}, {@link OnnxConvOps}, {@link OnnxRecurrentOps}, {@link OnnxPatterns}), which all read and write the same state.
 */
final class OnnxImportState {
    /** Why an op of a padding mask that is not exactly as LayerLab writes one is refused. */
    static final String MASK_OPS = "padding masks are understood only as LayerLab's export writes a Lengths node, a recurrent layer's "
            + "sequence_lens, or a LastStep or MeanOverTime given lengths, and this op or one next to it differs from that";

    // ---- what an ONNX value stands for while the graph is read ----

    sealed interface Src permits Port, TimeMajor, RnnY, RnnYT, RnnSeq, RnnH, RnnC, RnnYB, RnnSeqB, RnnStateB, Gelu, SiluGate, Padded, ShapeOf, BatchSize, Dim, ShapeVec, Zeros, Tiled,
            SequenceLens {}

    /** A LayerLab output port. */
    record Port(INode node, String port) implements Src {}

    /** A batch-first sequence transposed to [T, N, F], on its way into a recurrent op. */
    record TimeMajor(Port src) implements Src {}

    /** A recurrent layer's Y [T, D, N, H], Y transposed to [T, N, D, H], and reshaped to [T, N, D·H]. */
    record RnnY(INode node, int layer) implements Src {}

    record RnnYT(INode node, int layer) implements Src {}

    record RnnSeq(INode node, int layer) implements Src {}

    /** A recurrent layer's Y_h or Y_c [D, N, H]. */
    record RnnH(INode node, int layer) implements Src {}

    record RnnC(INode node, int layer) implements Src {}

    /**
     * With layout=1 (batch first, as tf2onnx and Keras write recurrent ops): Y [N, T, D, H], Y reshaped to [N, T, D·H]
     * (or one direction's squeezed), and Y_h or Y_c [N, D, H] ({@code port} h_n or c_n).
     */
    record RnnYB(INode node, int layer) implements Src {}

    record RnnSeqB(INode node, int layer) implements Src {}

    record RnnStateB(INode node, int layer, String port) implements Src {}

    /** A step of x·0.5·(1 + erf(x/√2)): 1 after the Div, 2 after Erf, 3 after Add, 4 after the first Mul. */
    record Gelu(Port x, int stage) implements Src {}

    /** {@code sigmoid(x)} whose one reader multiplies it by {@code x}: SiLU, as torch.onnx.export writes {@code nn.SiLU}. */
    record SiluGate(Port x) implements Src {}

    /** Lengths cast to int32, as a recurrent op's sequence_lens reads them: LayerLab's lengths input. */
    record SequenceLens(Port lengths) implements Src {}

    /** A Pad in front of a Conv. */
    record Padded(Port src, String mode, long[] pads) implements Src {}

    // What torch.onnx.export writes where a size depends on the batch: x.view(x.size(0), -1), a recurrent layer's zero
    // initial state ConstantOfShape(Concat(layers, Unsqueeze(Gather(Shape(x), 0)), hidden)) and its per-layer Slices.

    /** {@code Shape(x)} of a computed tensor whose batch is on axis {@code batchAxis}; {@code of} is x when it is a port. */
    record ShapeOf(int batchAxis, Port of) implements Src {}

    /** The batch size, a scalar: {@code Gather(Shape(x), 0)}. */
    record BatchSize() implements Src {}

    /**
     * The product of sample sizes of a port, a scalar: {@code Gather(Shape(x), axis)} (one axis), or such sizes
     * multiplied ({@code num_flat_features}'s product of {@code x.size()[1:]}); {@code axes} a bit per axis.
     */
    record Dim(Port of, long axes) implements Src {}

    /**
     * A 1-D shape whose entries are known, except those that are the batch size ({@link #BATCH}) or a product of sizes of
     * the port {@code of} ({@link #DIM} + a bit per axis).
     */
    record ShapeVec(long[] dims, Port of) implements Src {
        ShapeVec(long... dims) {
            this(dims, null);
        }

        boolean readsSizes() {
            for (long d : dims) if (d > BATCH && d <= DIM + (1L << 32)) return true;
            return false;
        }
    }

    /** A float tensor of zeros whose shape follows the batch (a recurrent layer's initial state), or a Slice of one. */
    record Zeros() implements Src {}

    /** A constant {@code [1, …]} expanded to the batch ({@code class_token.expand(N, -1, -1)}), on its way into a Concat. */
    record Tiled(String value) implements Src {}

    /** The batch size's place in a {@link ShapeVec}. */
    static final long BATCH = Long.MIN_VALUE;

    /** A product of a port's sizes in a {@link ShapeVec}: {@code DIM} + a bit per axis ({@code DIM + (1 << a)} for axis a). */
    static final long DIM = Long.MIN_VALUE + 1;

    /** A LayerLab node being built. */
    static final class INode {
        final String kind;
        final String hint;
        final Map<String, Object> params = new LinkedHashMap<>();
        final Map<String, Port> inputs = new LinkedHashMap<>();
        final Map<String, Tensor> state = new LinkedHashMap<>();
        final Map<String, Integer> ranks = new HashMap<>();
        int layers;
        boolean frozen;
        String id, name;
        /** The modules PyTorch ran it in, from its op's name ({@code /layer1/layer1.0} of {@code /layer1/layer1.0/conv1/Conv}). */
        String scope = "";

        INode(String kind, String hint) {
            this.kind = kind;
            this.hint = hint;
        }
    }

    final OnnxProto.Graph graph;

    final List<INode> nodes = new ArrayList<>();

    final Map<String, Src> values = new HashMap<>();

    /** {@link #sampleDims(Port)}'s answers: a port's sizes do not change as later layers are read. */
    final Map<Port, int[]> sampleDims = new HashMap<>();

    final Map<String, Tensor> consts = new HashMap<>();

    /** The initializer a constant came from ({@code fc.weight} for its transpose too), for naming. */
    final Map<String, String> origin = new HashMap<>();

    final Map<String, List<OnnxProto.Node>> consumers = new HashMap<>();

    final Set<OnnxProto.Node> fused = new HashSet<>();

    /** Each MaxPool whose indices torch.onnx.export made per plane, and the value that holds them (OnnxPatterns#findTorchPoolIndices). */
    final Map<OnnxProto.Node, String> poolIndices = new HashMap<>();

    /** The op that writes each value. */
    final Map<String, OnnxProto.Node> producerOf = new HashMap<>();

    /** The model's opset of ONNX's own domain (0 when it imports none). */
    long opset;

    /** The op being converted: the layers it makes are in its modules. */
    OnnxProto.Node converting;

    /** The batch size the graph's inputs fix (an export without dynamic axes), when they all fix the same one; else null. */
    Long staticBatch;
    /** What the import says about some layers, and those layers (named once the project is assembled): {@link OnnxImporter.Imported#notes}. */
    final Map<String, List<INode>> notes = new LinkedHashMap<>();

    OnnxImportState(OnnxProto.Graph graph) {
        this.graph = graph;
    }

    /** An op's axes: its attribute (opsets before 13, ReduceMean before 18) or its second input, a constant; null when neither. */
    long[] axes(OnnxProto.Node n) {
        long[] a = n.attribute("axes") != null ? n.attribute("axes").ints() : longs(n.input(1));
        return a == null ? null : a.clone();
    }

    /** The other operand of a two-input op one of whose operands is {@code value}. */
    static String other(OnnxProto.Node n, String value) {
        return n.inputs().size() != 2 ? "" : n.input(0).equals(value) ? n.input(1) : n.input(0);
    }

    /** The one op that reads {@code value}, or null. */
    OnnxProto.Node onlyReader(String value) {
        List<OnnxProto.Node> r = consumers.getOrDefault(value, List.of());
        return r.size() == 1 && !isOutput(value) ? r.get(0) : null;
    }

    boolean isOutput(String value) {
        for (ValueInfo v : graph.outputs()) if (v.name().equals(value)) return true;
        return false;
    }

    static boolean near(Float v, double want) {
        return v != null && Math.abs(v - want) < 1e-6;
    }

    void constant(OnnxProto.Node n) {
        String out = n.outputs().get(0);
        for (Attribute a : n.attributes()) {
            Tensor t = switch (a.name()) {
                case "value" -> tensor(n, a);
                case "value_float" -> Tensor.of(new float[] {a.f()}, new int[0]);
                case "value_floats" -> Tensor.of(a.floats(), a.floats().length);
                case "value_int" -> scalarLong(a.i());
                case "value_ints" -> Tensor.ofLongs(a.ints(), a.ints().length);
                default -> null;
            };
            if (t != null) {
                consts.put(out, t);
                return;
            }
        }
        throw unsupported(n, "a Constant without a numeric value");
    }

    /**
     * An Identity of a constant: the same tensor. Where torch.onnx.export kept equal weights once (a LayerNorm's ones in each
     * of a TransformerEncoder's layers), the Identity's output has the parameter's own name ({@code enc.layers.0.norm2.weight}),
     * which names the layer rather than the weight it shares values with.
     */
    void identity(OnnxProto.Node n) {
        String out = n.outputs().get(0);
        constAlias(out, n.input(0));
        if (!out.contains("::") && !out.startsWith("/") && (out.endsWith(".weight") || out.endsWith(".bias"))) origin.put(out, out);
    }

    void constAlias(String to, String from) {
        consts.put(to, consts.get(from));
        if (origin.containsKey(from)) origin.put(to, origin.get(from));
    }


    /** A layer with one input, its params as name, value pairs, its output of rank {@code rank}. */
    void layer(OnnxProto.Node n, String kind, Port x, int rank, Object... kv) {
        INode l = add(kind, n.name());
        for (int i = 0; i < kv.length; i += 2) l.params.put((String) kv[i], kv[i + 1]);
        l.inputs.put("in", x);
        l.ranks.put("out", rank);
        out(n, 0, new Port(l, "out"));
    }

    /**
     * The sizes of one sample of {@code p} ({@code [C, H, W]} of an image's [N, C, H, W]) as LayerLab's shape rules give them for
     * the layers read so far, or null where they do not (a layer not complete yet): what {@code x.size(k)} reads at run time,
     * known before. Its layers are assembled apart from the import's, the ones {@code p} depends on only.
     */
    int[] sampleDims(Port p) {
        if (sampleDims.containsKey(p)) return sampleDims.get(p);
        Map<INode, String> ids = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<INode> todo = new java.util.ArrayDeque<>(List.of(p.node()));
        while (!todo.isEmpty()) {
            INode n = todo.pop();
            if (ids.put(n, "") == null) for (Port in : n.inputs.values()) todo.push(in.node());
        }
        List<Node> part = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (INode n : nodes) {
            if (!ids.containsKey(n)) continue;
            ids.put(n, "t" + (part.size() + 1));
            part.add(new Node(ids.get(n), ids.get(n), n.kind, n.params, new Position(0, 0)));
        }
        for (INode n : nodes) {
            if (!ids.containsKey(n)) continue;
            for (var e : n.inputs.entrySet()) edges.add(new Edge(ids.get(e.getValue().node()), e.getValue().port(), ids.get(n), e.getKey()));
        }
        int[] dims = null;
        try {
            Analysis a = Analysis.of(Graph.of("part", "", part, edges, List.of(), List.of(), CanvasView.DEFAULT, Map.of(), Map.of()));
            var t = a.info(ids.get(p.node())).output(p.port());
            if (t != null && t.batchFirst()) dims = t.sampleDims();
        } catch (RuntimeException e) {
            dims = null; // a layer the rules cannot read yet: the size stays unknown, and what needs it says so
        }
        sampleDims.put(p, dims);
        return dims;
    }

    /** Notes {@code why} about the layer {@code l}; layers with the same note are named in one. */
    void note(INode l, String why) {
        notes.computeIfAbsent(why, k -> new ArrayList<>()).add(l);
    }

    INode add(String kind, String hint) {
        INode n = new INode(kind, hint);
        if (converting != null) n.scope = converting.name().contains("/") ? converting.name().substring(0, converting.name().lastIndexOf('/')) : "";
        nodes.add(n);
        return n;
    }

    void out(OnnxProto.Node n, int i, Src s) {
        if (i < n.outputs().size() && !n.outputs().get(i).isEmpty()) values.put(n.outputs().get(i), s);
    }

    /** Outputs past the first (a pool's indices, BatchNorm's training statistics) must be unused. */
    void unusedBeyond(OnnxProto.Node n, int keep) {
        for (int i = keep; i < n.outputs().size(); i++) {
            String v = n.outputs().get(i);
            if (!v.isEmpty() && (consumers.containsKey(v) || isOutput(v))) throw unsupported(n, "its output \"" + v + "\" is used, which LayerLab's layer does not give");
        }
    }

    Src src(String value, OnnxProto.Node at) {
        Src s = values.get(value);
        if (s == null) throw unsupported(at, "its input \"" + value + "\" is not produced by any node before it");
        return s;
    }

    /**
     * The out port of a batch-first recurrent layer whose sequence {@code s} is, time-major ([T, N, H], as a model that
     * transposed its input for a time-major layer reads it: {@code y[-1]}, {@code y.mean(0)}); else null.
     */
    static Port timeMajorOut(Src s) {
        if (!(s instanceof RnnSeq q) || q.layer() != q.node().layers - 1 || !Boolean.TRUE.equals(q.node().params.get("batch_first"))) return null;
        q.node().frozen = true;
        return new Port(q.node(), "out");
    }

    /** The LayerLab port {@code value} stands for; a recurrent op's final state is its h_n (c_n) when the op is one layer. */
    Port port(String value, OnnxProto.Node at) {
        if (consts.containsKey(value)) {
            throw at == null ? new OnnxException("output \"" + value + "\" is a constant, not computed from the inputs")
                    : unsupported(at, "its input \"" + value + "\" is a constant where LayerLab needs a computed tensor");
        }
        Src s = values.get(value);
        if (s instanceof Port p) return p;
        if ((s instanceof RnnH h && h.node().layers == 1) || (s instanceof RnnC c && c.node().layers == 1)) {
            INode r = s instanceof RnnH h ? h.node() : ((RnnC) s).node();
            r.frozen = true;
            return new Port(r, s instanceof RnnH ? "h_n" : "c_n");
        }
        if (s instanceof RnnSeq q && Boolean.FALSE.equals(q.node().params.get("batch_first")) && q.layer() == q.node().layers - 1) {
            q.node().frozen = true;
            return new Port(q.node(), "out");
        }
        if (s instanceof RnnSeqB q && q.layer() == q.node().layers - 1) {
            q.node().frozen = true;
            return new Port(q.node(), "out");
        }
        if (s instanceof RnnYB y && y.layer() == y.node().layers - 1) {
            // Y of layout=1 itself, [N, T, D, H]: the layer's out [N, T, D·H] with its directions apart.
            y.node().frozen = true;
            INode r = add("Reshape", hintAfter(y.node(), "Y"));
            r.params.put("shape", List.of(-1, y.node().params.containsKey("bidirectional") ? 2 : 1, (Integer) y.node().params.get("hidden_size")));
            r.inputs.put("in", new Port(y.node(), "out"));
            r.ranks.put("out", 4);
            Port p = new Port(r, "out");
            values.put(value, p);
            return p;
        }
        if (s instanceof RnnStateB b) {
            // Y_h of layout=1 is that layer's rows of h_n [L·D, N, H] with the batch first, [N, D, H]: each direction's
            // FinalHidden, joined and shaped so; made once for all its readers.
            b.node().frozen = true;
            int dirs = b.node().params.containsKey("bidirectional") ? 2 : 1, h = (Integer) b.node().params.get("hidden_size");
            Port[] rows = new Port[dirs];
            for (int d = 0; d < dirs; d++) {
                INode f = add("FinalHidden", hintAfter(b.node(), b.port() + (dirs == 2 ? "_" + d : "")));
                f.params.put("layer", b.layer());
                if (dirs == 2) {
                    f.params.put("direction", d);
                    f.params.put("num_directions", 2);
                }
                f.inputs.put("in", new Port(b.node(), b.port()));
                f.ranks.put("out", 2);
                rows[d] = new Port(f, "out");
            }
            Port joined = rows[0];
            if (dirs == 2) {
                INode c = add("Concat", hintAfter(b.node(), b.port()));
                c.params.put("dim", 1);
                c.inputs.put("in1", rows[0]);
                c.inputs.put("in2", rows[1]);
                c.ranks.put("out", 2);
                joined = new Port(c, "out");
            }
            INode r = add("Reshape", hintAfter(b.node(), b.port() + "_batch_first"));
            r.params.put("shape", List.of(dirs, h));
            r.inputs.put("in", joined);
            r.ranks.put("out", 3);
            Port p = new Port(r, "out");
            values.put(value, p);
            return p;
        }
        String why = s == null ? "is not produced by any node before it" : "is part of a pattern LayerLab cannot express as a layer";
        throw at == null ? new OnnxException("output \"" + value + "\" " + why) : unsupported(at, "its input \"" + value + "\" " + why);
    }

    /** A name for a layer that reshapes {@code n}'s output: n's own with {@code what} after it; none (the kind's prefix) when n has none. */
    private static String hintAfter(INode n, String what) {
        return n.hint == null || n.hint.isBlank() ? null : n.hint + "_" + what;
    }

    static int rank(Port p) {
        Integer r = p.node().ranks.get(p.port());
        return r == null ? -1 : r;
    }

    Tensor weight(OnnxProto.Node n, int i) {
        Tensor t = consts.get(n.input(i));
        if (t == null) throw unsupported(n, "its input " + i + " (\"" + n.input(i) + "\") must be a constant weight");
        return t;
    }

    /** The layer's name from its weight's initializer ({@code fc1.weight} → fc1), else from the op. */
    String hintOf(OnnxProto.Node n, String weightValue) {
        String o = origin.get(weightValue);
        return o != null && o.endsWith(".weight") ? o.substring(0, o.length() - ".weight".length()) : n.name();
    }

    Float scalar(String value) {
        Tensor t = consts.get(value);
        return t == null || t.numel() != 1 ? null : t.toFloatArray()[0];
    }

    long[] longs(String value) {
        Tensor t = consts.get(value);
        return t == null ? null : t.toLongArray();
    }
}
