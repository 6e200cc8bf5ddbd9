package layerlab.io.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import layerlab.graph.AutoLayout;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.spec.Registry;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.io.onnx.OnnxProto.TensorData;
import layerlab.io.onnx.OnnxProto.ValueInfo;
import layerlab.autograd.Autograd;
import layerlab.nn.LoadResult;
import layerlab.nn.MultiheadAttention;
import layerlab.tensor.Generator;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * An ONNX model as a LayerLab project: each op (or the few ops one layer becomes) mapped to a layer kind, the
 * initializers loaded as its weights, the nodes laid out left to right by depth. It reads what
 * {@link OnnxExporter} writes and the common shapes of {@code torch.onnx.export}: Gemm or MatMul (+ Add) for
 * Linear, Conv, pools, BatchNormalization, Flatten, Reshape with a constant shape, activations, the erf form of
 * GELU, Gather as Embedding, recurrent ops between Transposes, the padding masks of LayerLab's export (a Lengths node, a recurrent
 * op's sequence_lens, a masked LastStep or MeanOverTime: {@link MaskedOps}), and the batch size read at run time (a recurrent layer's
 * zero initial state, {@code x.view(x.size(0), -1)}). An op it cannot map is named with its node, and
 * nothing is returned then: the import is whole or refused.
 */
public final class OnnxImporter {
    /**
     * The imported project and its weights (a state dict keyed {@code <node>.<param>}), and the input normalization
     * the model applies first ({@code Sub} and {@code Div} by constants on a graph input, as {@link OnnxExporter} writes
     * a trained model's), which a model bundle keeps and a project cannot; null when there is none.
     */
    /** @param names the class and feature names the model's metadata gives (as LayerLab's export writes them), else none */
    public record Imported(Graph graph, Map<String, Tensor> weights, Normalization normalization, DataNames names) {}

    static final Set<String> OPS = new TreeSet<>(List.of("Add", "AveragePool", "BatchNormalization", "Concat", "Constant", "Conv",
            "Clip", "ConvTranspose", "Div", "Dropout", "Einsum", "Elu", "Erf", "Flatten", "GRU", "Gather", "Gemm", "GlobalAveragePool",
            "GlobalMaxPool", "HardSigmoid", "HardSwish", "Identity", "IsNaN", "LSTM", "LayerNormalization", "LeakyRelu", "LogSoftmax", "MatMul", "MaxPool", "Mul", "Pad",
            "RNN", "ReduceMean", "ReduceSum", "Relu", "Reshape", "Sigmoid", "Softmax", "Squeeze", "Sub", "Sum", "Tanh", "Transpose", "Where",
            "Shape", "Unsqueeze", "ConstantOfShape", "Expand", "Slice", "Pow", "Sqrt", "Equal", "Not", "Cast", "Max", "Less"));

    /** Why an op of a padding mask that is not exactly as LayerLab writes one is refused. */
    private static final String MASK_OPS = "padding masks are understood only as LayerLab's export writes a Lengths node, a recurrent layer's "
            + "sequence_lens, or a LastStep or MeanOverTime given lengths, and this op or one next to it differs from that";

    /** The graph names exporters give every model, which name none. */
    private static final Set<String> GENERIC_TITLES = Set.of("torch_jit", "torch-jit-export", "main_graph", "graph");

    // ---- what an ONNX value stands for while the graph is read ----

    private sealed interface Src permits Port, TimeMajor, RnnY, RnnYT, RnnSeq, RnnH, RnnC, Gelu, SiluGate, Padded, ShapeOf, BatchSize, Dim, ShapeVec, Zeros, Tiled,
            SequenceLens {}

    /** A LayerLab output port. */
    private record Port(INode node, String port) implements Src {}

    /** A batch-first sequence transposed to [T, N, F], on its way into a recurrent op. */
    private record TimeMajor(Port src) implements Src {}

    /** A recurrent layer's Y [T, D, N, H], Y transposed to [T, N, D, H], and reshaped to [T, N, D·H]. */
    private record RnnY(INode node, int layer) implements Src {}

    private record RnnYT(INode node, int layer) implements Src {}

    private record RnnSeq(INode node, int layer) implements Src {}

    /** A recurrent layer's Y_h or Y_c [D, N, H]. */
    private record RnnH(INode node, int layer) implements Src {}

    private record RnnC(INode node, int layer) implements Src {}

    /** A step of x·0.5·(1 + erf(x/√2)): 1 after the Div, 2 after Erf, 3 after Add, 4 after the first Mul. */
    private record Gelu(Port x, int stage) implements Src {}
    /** {@code sigmoid(x)} whose one reader multiplies it by {@code x}: SiLU, as torch.onnx.export writes {@code nn.SiLU}. */
    private record SiluGate(Port x) implements Src {}

    /** Lengths cast to int32, as a recurrent op's sequence_lens reads them: LayerLab's lengths input. */
    private record SequenceLens(Port lengths) implements Src {}

    /** A Pad in front of a Conv. */
    private record Padded(Port src, String mode, long[] pads) implements Src {}

    // What torch.onnx.export writes where a size depends on the batch: x.view(x.size(0), -1), a recurrent layer's zero
    // initial state ConstantOfShape(Concat(layers, Unsqueeze(Gather(Shape(x), 0)), hidden)) and its per-layer Slices.

    /** {@code Shape(x)} of a computed tensor whose batch is on axis {@code batchAxis}; {@code of} is x when it is a port. */
    private record ShapeOf(int batchAxis, Port of) implements Src {}

    /** The batch size, a scalar: {@code Gather(Shape(x), 0)}. */
    private record BatchSize() implements Src {}

    /**
     * The product of sample sizes of a port, a scalar: {@code Gather(Shape(x), axis)} (one axis), or such sizes
     * multiplied ({@code num_flat_features}'s product of {@code x.size()[1:]}); {@code axes} a bit per axis.
     */
    private record Dim(Port of, long axes) implements Src {}

    /**
     * A 1-D shape whose entries are known, except those that are the batch size ({@link #BATCH}) or a product of sizes of
     * the port {@code of} ({@link #DIM} + a bit per axis).
     */
    private record ShapeVec(long[] dims, Port of) implements Src {
        ShapeVec(long... dims) {
            this(dims, null);
        }

        boolean readsSizes() {
            for (long d : dims) if (d > BATCH && d <= DIM + (1L << 32)) return true;
            return false;
        }
    }

    /** A float tensor of zeros whose shape follows the batch (a recurrent layer's initial state), or a Slice of one. */
    private record Zeros() implements Src {}

    /** A constant {@code [1, …]} expanded to the batch ({@code class_token.expand(N, -1, -1)}), on its way into a Concat. */
    private record Tiled(String value) implements Src {}

    /** The batch size's place in a {@link ShapeVec}. */
    private static final long BATCH = Long.MIN_VALUE;

    /** A product of a port's sizes in a {@link ShapeVec}: {@code DIM} + a bit per axis ({@code DIM + (1 << a)} for axis a). */
    private static final long DIM = Long.MIN_VALUE + 1;

    /** A LayerLab node being built. */
    private static final class INode {
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

    private final OnnxProto.Graph graph;
    private final List<INode> nodes = new ArrayList<>();
    private final Map<String, Src> values = new HashMap<>();
    /** {@link #sampleDims(Port)}'s answers: a port's sizes do not change as later layers are read. */
    private final Map<Port, int[]> sampleDims = new HashMap<>();
    private final Map<String, Tensor> consts = new HashMap<>();
    /** The initializer a constant came from ({@code fc.weight} for its transpose too), for naming. */
    private final Map<String, String> origin = new HashMap<>();
    private final Map<String, List<OnnxProto.Node>> consumers = new HashMap<>();
    private final Set<OnnxProto.Node> fused = new HashSet<>();
    /** The op that writes each value. */
    private final Map<String, OnnxProto.Node> producerOf = new HashMap<>();
    /** The last op of each tanh-form GELU found, and the value that GELU reads. */
    private final Map<OnnxProto.Node, String> tanhGelus = new HashMap<>();
    /** The last op of each LayerNorm written out in ops (opsets before 17), and what it becomes. */
    private final Map<OnnxProto.Node, DecomposedNorm> layerNorms = new HashMap<>();
    /** The last op of each Lengths node and masked LastStep or MeanOverTime as LayerLab's export writes them ({@link MaskedOps}). */
    private final Map<OnnxProto.Node, MaskedOps.Match> maskedAt = new HashMap<>();

    private record DecomposedNorm(String x, Tensor weight, Tensor bias, float eps, String name) {}

    /** The last op of each nn.MultiheadAttention module torch.onnx.export wrote out in ops, and the layer it is. */
    private final Map<OnnxProto.Node, TorchAttention> torchAttentionAt = new HashMap<>();
    /** Modules that looked like nn.MultiheadAttention but were not read as one, and why (said with the op refused there). */
    private final Map<String, String> notAttention = new LinkedHashMap<>();

    private record TorchAttention(String scope, List<OnnxProto.Node> ops, String query, Map<String, String> outputs, Map<String, Tensor> state) {}

    /** The metadata's composite layers (JSON), or null. */
    private String composites;
    /** The model's opset of ONNX's own domain (0 when it imports none). */
    private long opset;
    /** The last op of each composite layer found ({@link OnnxEmitter#composite}), and the layer. */
    private final Map<OnnxProto.Node, Composite> compositeAt = new HashMap<>();

    private record Composite(String name, String kind, Map<String, Object> params, Map<String, String> inputs, Map<String, String> outputs,
                             Map<String, Integer> ranks) {}
    /** The op being converted: the layers it makes are in its modules. */
    private OnnxProto.Node converting;
    /** The batch size the graph's inputs fix (an export without dynamic axes), when they all fix the same one; else null. */
    private Long staticBatch;

    private OnnxImporter(OnnxProto.Graph graph) {
        this.graph = graph;
    }

    public static Imported load(Path file) throws IOException {
        String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return convert(OnnxWire.read(file), stem);
    }

    /** The model in {@code bytes}; {@code name} names the project when the ONNX graph has no name. */
    public static Imported read(byte[] bytes, String name) throws IOException {
        OnnxProto.Model m = OnnxWire.read(bytes);
        return convert(m, name);
    }

    /** How big an imported graph is, in a message: "38 nodes; 5 blocks placed 18 times for its repeated modules". */
    public static String size(Graph g) {
        long placed = g.nodes().stream().filter(n -> n.kind().equals(Registry.BLOCK)).count();
        int blocks = g.blocks().size();
        return g.nodes().size() + " nodes" + (placed == 0 ? "" : "; " + blocks + " block" + (blocks == 1 ? "" : "s") + " placed " + placed
                + " times for its repeated modules");
    }

    public static Imported convert(OnnxProto.Model m, String name) {
        List<String> unknown = new ArrayList<>();
        for (OnnxProto.Node n : m.graph().nodes()) {
            if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) unknown.add(node(n) + ": the op domain \"" + n.domain() + "\" is not ONNX's own");
            else if (!OPS.contains(n.opType()) && !OnnxFolding.OPS.contains(n.opType())) unknown.add(node(n) + ": LayerLab has no layer for the ONNX op " + n.opType());
        }
        if (!unknown.isEmpty()) throw new OnnxException("cannot import \"" + name + "\"", unknown);
        OnnxImporter x = new OnnxImporter(m.graph());
        // PyTorch names every graph alike ("torch_jit", "torch-jit-export", "main_graph"): the file says more.
        String title = m.graph().name().isBlank() || GENERIC_TITLES.contains(m.graph().name()) ? name : m.graph().name();
        x.composites = m.metadata().get(OnnxExporter.COMPOSITES);
        x.opset = m.opset();
        Imported im;
        try {
            im = x.build(title, m.producerName());
        } catch (OnnxException e) {
            throw e;
        } catch (RuntimeException e) {
            // A damaged file (bytes flipped, cut short) can still parse, with an attribute, an input or a size that no export
            // writes: say so, at the node, rather than as an index or a reshape gone wrong somewhere inside.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            OnnxException damaged = new OnnxException((x.converting == null ? "" : node(x.converting) + ": ")
                    + "the file is damaged or not as torch.onnx.export writes it (" + why + ")");
            damaged.initCause(e);
            throw damaged;
        }
        return new Imported(im.graph(), im.weights(), fillWith(im.normalization(), m.metadata().get(OnnxExporter.FILL_WITH)), names(m.metadata()));
    }

    /** {@code norm} with what fills its gaps as the metadata says ({@code "fill_with"}); the mean when it does not say. */
    private static Normalization fillWith(Normalization norm, String key) {
        if (norm == null || !norm.fills() || key == null) return norm;
        for (Normalization.FillWith w : Normalization.FillWith.values()) if (w.key().equals(key)) return norm.withFillWith(w);
        return norm;
    }

    /**
     * The {@code "classes"} and {@code "features"} metadata as JSON arrays of strings, the {@code "text"} metadata as
     * a vocabulary ({@link Vocabulary#fromJson}'s checks), and {@code "resize"} as a number of pixels; anything else there
     * (or a value that does not read) is not ours to read.
     */
    static DataNames names(Map<String, String> metadata) {
        return new DataNames(list(metadata.get(OnnxExporter.FEATURES)), list(metadata.get(OnnxExporter.CLASSES)),
                vocabulary(metadata.get(OnnxExporter.TEXT)), resize(metadata.get(OnnxExporter.RESIZE)));
    }

    private static int resize(String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,4}")) return 0;
        int n = Integer.parseInt(text);
        return n <= 65_536 ? n : 0;
    }

    private static Vocabulary vocabulary(String json) {
        if (json == null) return null;
        try {
            return Vocabulary.fromJson(new ObjectMapper().readValue(json, Object.class), OnnxExporter.TEXT);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> list(String json) {
        if (json == null) return List.of();
        try {
            List<String> out = new ArrayList<>();
            JsonNode node = new ObjectMapper().readTree(json);
            if (node == null || !node.isArray()) return List.of();
            for (JsonNode e : node) {
                if (!e.isTextual()) return List.of();
                out.add(e.asText());
            }
            return out;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String node(OnnxProto.Node n) {
        return "node \"" + (!n.name().isEmpty() || n.outputs().isEmpty() ? n.name() : n.outputs().get(0)) + "\" (" + n.opType() + ")";
    }

    private Imported build(String title, String producer) {
        for (TensorData t : graph.initializers()) {
            consts.put(t.name(), tensor(t));
            origin.put(t.name(), t.name());
        }
        for (OnnxProto.Node n : graph.nodes()) {
            for (String v : n.inputs()) consumers.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
            for (String o : n.outputs()) producerOf.put(o, n);
            // Constants are read before the patterns below look at their values (convert reads them again, in order).
            if (n.opType().equals("Constant")) constant(n);
            // torch.onnx.export keeps equal weights once (a TransformerEncoder's layers start as copies): the others are Identities of it.
            if (n.opType().equals("Identity") && consts.containsKey(n.input(0))) identity(n);
        }
        staticBatch = staticBatch();
        for (ValueInfo v : graph.inputs()) {
            if (consts.containsKey(v.name())) continue;
            INode in = add("Input", v.name());
            if (v.elemType() != OnnxFields.TensorProto.FLOAT && v.elemType() != OnnxFields.TensorProto.INT64) {
                throw new OnnxException("input \"" + v.name() + "\": LayerLab's inputs are float32 or int64, this one has ONNX type " + v.elemType());
            }
            if (v.dims() == null || v.dims().isEmpty()) throw new OnnxException("input \"" + v.name() + "\" needs a known shape with the batch first");
            List<Integer> shape = new ArrayList<>();
            for (Object d : v.dims().subList(1, v.dims().size())) {
                if (!(d instanceof Long l)) throw new OnnxException("input \"" + v.name() + "\": only its first (batch) dimension may be symbolic, got " + v.dims());
                shape.add(l.intValue());
            }
            in.params.put("shape", shape);
            if (v.elemType() == OnnxFields.TensorProto.INT64) in.params.put("dtype", "int64");
            in.ranks.put("out", v.dims().size());
            values.put(v.name(), new Port(in, "out"));
        }
        Normalization norm = inputNormalization();
        findTanhGelus();
        findLayerNorms();
        findComposites();
        findMasked();
        findTorchAttentions();
        for (OnnxProto.Node n : graph.nodes()) {
            if (fused.contains(n)) continue;
            converting = n;
            try {
                convert(n);
            } catch (OnnxException e) {
                for (var why : notAttention.entrySet()) {
                    if (n.name().startsWith(why.getKey() + "/")) throw new OnnxException(e.getMessage() + "; it is in " + why.getValue());
                }
                throw e;
            }
        }
        converting = null;
        for (ValueInfo v : graph.outputs()) {
            Port p = port(v.name(), null);
            INode out = add("Output", v.name());
            out.inputs.put("in", p);
        }
        return assemble(title, producer, norm);
    }

    private Long staticBatch() {
        Long batch = null;
        for (ValueInfo v : graph.inputs()) {
            if (consts.containsKey(v.name()) || v.dims() == null || v.dims().isEmpty()) continue;
            if (!(v.dims().get(0) instanceof Long l) || batch != null && !batch.equals(l)) return null;
            batch = l;
        }
        return batch;
    }

    /**
     * Finds GELU's tanh form, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), around each Tanh, as torch.onnx.export writes
     * it (x³ as Mul(x, Mul(x, x)), the 0.5 last) and as {@link layerlab.graph.spec.ActivationSpecs} does (Pow, x·0.5 first),
     * the operands of each Mul and Add in either order: its ops are taken out, and its last one becomes the layer.
     */
    private void findTanhGelus() {
        for (OnnxProto.Node tanh : graph.nodes()) {
            if (!tanh.opType().equals("Tanh") || fused.contains(tanh)) continue;
            List<OnnxProto.Node> ops = new ArrayList<>(List.of(tanh));
            // Backwards: arg = c·inner, inner = x + 0.044715·cube, cube = x³.
            String inner = byConstant(producerOf.get(tanh.input(0)), "Mul", Math.sqrt(2 / Math.PI), ops);
            OnnxProto.Node add = inner == null ? null : producerOf.get(inner);
            if (add == null || !add.opType().equals("Add") || add.inputs().size() != 2) continue;
            String x = null;
            for (int k = 0; k < 2 && x == null; k++) {
                List<OnnxProto.Node> tried = new ArrayList<>();
                String cube = byConstant(producerOf.get(add.input(1 - k)), "Mul", 0.044715, tried);
                if (cube != null && cubeOf(producerOf.get(cube), add.input(k), tried)) {
                    x = add.input(k);
                    ops.addAll(tried);
                }
            }
            if (x == null) continue;
            ops.add(add);
            // Forwards: plus = tanh + 1, then x·plus·0.5 in either grouping.
            OnnxProto.Node plus = onlyReader(tanh.outputs().get(0));
            if (plus == null || !plus.opType().equals("Add") || !near(scalar(other(plus, tanh.outputs().get(0))), 1)) continue;
            ops.add(plus);
            OnnxProto.Node mul = onlyReader(plus.outputs().get(0)), last;
            if (mul == null || !mul.opType().equals("Mul")) continue;
            String with = other(mul, plus.outputs().get(0));
            if (with.equals(x)) {
                last = onlyReader(mul.outputs().get(0));
                if (last == null || !last.opType().equals("Mul") || !near(scalar(other(last, mul.outputs().get(0))), 0.5)) continue;
                ops.add(mul);
            } else {
                OnnxProto.Node half = producerOf.get(with);
                if (half == null || !half.opType().equals("Mul") || !x.equals(half.input(0)) && !x.equals(half.input(1))
                        || !near(scalar(other(half, x)), 0.5) || onlyReader(with) != mul) continue;
                ops.add(half);
                last = mul;
            }
            boolean inside = true;
            for (OnnxProto.Node o : ops) for (String v : o.outputs()) inside &= !isOutput(v);
            if (!inside) continue;
            fused.addAll(ops);
            tanhGelus.put(last, x);
        }
    }

    /**
     * Finds LayerNorm as opsets before 17 write it (PyTorch's default opset is 14): mean = ReduceMean(x), d = x − mean,
     * d / √(ReduceMean(d²) + eps) · weight + bias over the last dims, the weight's shape. Its ops are taken out, and
     * its last one becomes the layer. Without weight and bias the normalised sizes are not written anywhere: that form
     * stays unread, and the message for its Sqrt says to export with opset 17.
     */
    private void findLayerNorms() {
        for (OnnxProto.Node sqrt : graph.nodes()) {
            if (!sqrt.opType().equals("Sqrt") || fused.contains(sqrt)) continue;
            List<OnnxProto.Node> ops = new ArrayList<>(List.of(sqrt));
            OnnxProto.Node add = producerOf.get(sqrt.input(0));
            if (add == null || !add.opType().equals("Add") || onlyReader(add.outputs().get(0)) != sqrt) continue;
            String varName = scalar(add.input(1)) != null ? add.input(0) : add.input(1);
            Float eps = scalar(other(add, varName));
            OnnxProto.Node var = producerOf.get(varName);
            if (eps == null || var == null || !var.opType().equals("ReduceMean") || onlyReader(varName) != add) continue;
            OnnxProto.Node pow = producerOf.get(var.input(0));
            if (pow == null || !pow.opType().equals("Pow") || !near(scalar(pow.input(1)), 2) || onlyReader(pow.outputs().get(0)) != var) continue;
            String d = pow.input(0);
            OnnxProto.Node sub = producerOf.get(d), div = onlyReader(sqrt.outputs().get(0));
            if (sub == null || !sub.opType().equals("Sub") || div == null || !div.opType().equals("Div") || !div.input(0).equals(d)
                    || consumers.getOrDefault(d, List.of()).size() != 2 || isOutput(d)) continue;
            String x = sub.input(0);
            OnnxProto.Node mean = producerOf.get(sub.input(1));
            if (mean == null || !mean.opType().equals("ReduceMean") || !mean.input(0).equals(x) || onlyReader(mean.outputs().get(0)) != sub) continue;
            long[] axes = axes(mean), varAxes = axes(var);
            if (axes == null || !Arrays.equals(axes, varAxes) || intAttr(mean, "keepdims", 1) == 0 || intAttr(var, "keepdims", 1) == 0) continue;
            OnnxProto.Node mul = onlyReader(div.outputs().get(0));
            Tensor w = mul == null || !mul.opType().equals("Mul") ? null : consts.get(other(mul, div.outputs().get(0)));
            OnnxProto.Node plus = w == null ? null : onlyReader(mul.outputs().get(0));
            Tensor b = plus == null || !plus.opType().equals("Add") ? null : consts.get(other(plus, mul.outputs().get(0)));
            if (b == null || !Arrays.equals(w.shape(), b.shape()) || w.dim() != axes.length) continue;
            // The axes are the last w.dim() ones: negative -k … -1 (positive ones need the rank, read when converting).
            boolean last = true;
            for (int i = 0; i < axes.length; i++) last &= axes[i] == i - axes.length;
            if (!last) continue;
            ops.addAll(List.of(add, var, pow, sub, mean, div, mul));
            fused.addAll(ops);
            layerNorms.put(plus, new DecomposedNorm(x, w, b, eps, hintOf(mul, other(mul, div.outputs().get(0)))));
        }
    }

    /** An op's axes: its attribute (opsets before 13, ReduceMean before 18) or its second input, a constant; null when neither. */
    private long[] axes(OnnxProto.Node n) {
        long[] a = n.attribute("axes") != null ? n.attribute("axes").ints() : longs(n.input(1));
        return a == null ? null : a.clone();
    }

    /** The other operand of a two-input op one of whose operands is {@code value}. */
    private static String other(OnnxProto.Node n, String value) {
        return n.inputs().size() != 2 ? "" : n.input(0).equals(value) ? n.input(1) : n.input(0);
    }

    /** The one op that reads {@code value}, or null. */
    private OnnxProto.Node onlyReader(String value) {
        List<OnnxProto.Node> r = consumers.getOrDefault(value, List.of());
        return r.size() == 1 && !isOutput(value) ? r.get(0) : null;
    }

    /** The operand of {@code n} (an {@code op} by the constant {@code c}, in either order, read only there), after noting {@code n}; else null. */
    private String byConstant(OnnxProto.Node n, String op, double c, List<OnnxProto.Node> ops) {
        if (n == null || !n.opType().equals(op) || n.inputs().size() != 2 || onlyReader(n.outputs().get(0)) == null) return null;
        for (int k = 0; k < 2; k++) {
            Float v = scalar(n.input(k));
            if (v != null && Math.abs(v - c) < 1e-5 * Math.max(1, Math.abs(c))) {
                ops.add(n);
                return n.input(1 - k);
            }
        }
        return null;
    }

    /** Whether {@code n} makes x³ (Pow(x, 3), or x·(x·x) in any order), noting its ops. */
    private boolean cubeOf(OnnxProto.Node n, String x, List<OnnxProto.Node> ops) {
        if (n == null || onlyReader(n.outputs().get(0)) == null) return false;
        if (n.opType().equals("Pow") && n.input(0).equals(x) && near(scalar(n.input(1)), 3)) return ops.add(n);
        if (!n.opType().equals("Mul") || n.inputs().size() != 2) return false;
        String sq = n.input(0).equals(x) ? n.input(1) : n.input(1).equals(x) ? n.input(0) : null;
        if (sq == null) return false;
        OnnxProto.Node m = producerOf.get(sq);
        if (m == null || !m.opType().equals("Mul") || !m.input(0).equals(x) || !m.input(1).equals(x) || onlyReader(sq) != n) return false;
        ops.add(m);
        return ops.add(n);
    }

    /**
     * Finds {@code (x − offset) / scale} right on graph inputs (a Sub by a constant whose only reader is a Div by a
     * constant), after {@code Where(IsNaN(x), fill, x)} where gaps are filled (as LayerLab exports a model trained on a
     * table with {@code "missing": "fill"}), takes those nodes out, and returns the statistics as a normalization: per
     * channel when the constants are {@code [C, 1, …]} for samples {@code [C, …]}, else per feature over the inputs in order.
     */
    private Normalization inputNormalization() {
        List<float[]> offsets = new ArrayList<>(), scales = new ArrayList<>(), fills = new ArrayList<>();
        boolean perChannel = false;
        int found = 0, filled = 0, inputs = 0;
        for (ValueInfo v : graph.inputs()) {
            if (consts.containsKey(v.name()) || v.elemType() != OnnxFields.TensorProto.FLOAT) continue;
            inputs++;
            int[] sample = ((Port) values.get(v.name())).node.params.get("shape") instanceof List<?> l
                    ? l.stream().mapToInt(o -> ((Number) o).intValue()).toArray() : new int[0];
            int size = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
            String x = v.name();
            OnnxProto.Node[] fill = fillOf(x, size);
            if (fill != null) {
                fused.add(fill[0]);
                fused.add(fill[1]);
                x = fill[1].outputs().get(0);
                values.put(x, values.get(v.name()));
                fills.add(consts.get(fill[1].input(1)).toFloatArray());
                filled++;
            }
            List<OnnxProto.Node> readers = consumers.getOrDefault(x, List.of());
            if (readers.size() != 1 || !readers.get(0).opType().equals("Sub") || !readers.get(0).input(0).equals(x)) continue;
            OnnxProto.Node sub = readers.get(0);
            Tensor offset = consts.get(sub.input(1));
            List<OnnxProto.Node> next = consumers.getOrDefault(sub.outputs().get(0), List.of());
            if (offset == null || next.size() != 1 || !next.get(0).opType().equals("Div") || !next.get(0).input(0).equals(sub.outputs().get(0))) continue;
            OnnxProto.Node div = next.get(0);
            Tensor scale = consts.get(div.input(1));
            if (scale == null || !java.util.Arrays.equals(scale.shape(), offset.shape())) continue;
            boolean channel = sample.length >= 2 && offset.dim() == sample.length && offset.size(0) == sample[0] && offset.numel() == sample[0]
                    && offset.numel() != size;
            if (!channel && offset.numel() != size) continue;
            perChannel |= channel;
            fused.add(sub);
            fused.add(div);
            values.put(div.outputs().get(0), values.get(v.name()));
            offsets.add(offset.toFloatArray());
            scales.add(scale.toFloatArray());
            found++;
        }
        if (found == 0 && filled == 0) return null;
        if (found > 0 && (perChannel && found > 1 || found != inputs)) {
            throw new OnnxException("the model normalizes some of its inputs in a way LayerLab cannot keep",
                    List.of(found + " of " + inputs + " float inputs go through (x - offset) / scale first" + (perChannel ? ", per channel" : "")
                            + "; LayerLab normalizes the data set as a whole: all data inputs per feature, or the one input per channel"));
        }
        if (filled > 0 && (filled != inputs || perChannel)) {
            throw new OnnxException("the model fills missing values in some of its inputs in a way LayerLab cannot keep",
                    List.of(filled + " of " + inputs + " float inputs replace NaN first; LayerLab fills the gaps of all data inputs, per feature"));
        }
        float[] fill = filled > 0 ? concat(fills) : new float[0];
        // The statistics alone do not say whether they were a standardization or a min-max scaling; both are
        // (x − offset) / scale, which is all that prediction needs.
        if (found == 0) return new Normalization(Normalization.Kind.NONE, Normalization.Per.FEATURE, new float[0], new float[0], fill);
        return new Normalization(Normalization.Kind.STANDARDIZE, perChannel ? Normalization.Per.CHANNEL : Normalization.Per.FEATURE, concat(offsets),
                concat(scales), fill);
    }

    /**
     * {@code [IsNaN, Where]} when the only readers of {@code x} are {@code m = IsNaN(x)} and {@code Where(m, fill, x)}
     * with a constant {@code fill} of {@code size} values; else null.
     */
    private OnnxProto.Node[] fillOf(String x, int size) {
        List<OnnxProto.Node> readers = consumers.getOrDefault(x, List.of());
        if (readers.size() != 2) return null;
        OnnxProto.Node isNan = readers.stream().filter(r -> r.opType().equals("IsNaN")).findFirst().orElse(null);
        OnnxProto.Node where = readers.stream().filter(r -> r.opType().equals("Where")).findFirst().orElse(null);
        if (isNan == null || where == null || where.inputs().size() != 3) return null;
        String mask = isNan.outputs().get(0);
        if (!where.input(0).equals(mask) || !where.input(2).equals(x) || consumers.getOrDefault(mask, List.of()).size() != 1) return null;
        Tensor fill = consts.get(where.input(1));
        return fill != null && fill.numel() == size ? new OnnxProto.Node[] {isNan, where} : null;
    }

    private static float[] concat(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    // ---------------------------------------------------------------- one op

    private void convert(OnnxProto.Node n) {
        if (torchAttentionAt.containsKey(n)) {
            torchAttention(n, torchAttentionAt.get(n));
            return;
        }
        if (compositeAt.containsKey(n)) {
            composite(n, compositeAt.get(n));
            return;
        }
        if (maskedAt.containsKey(n)) {
            masked(n, maskedAt.get(n));
            return;
        }
        if (layerNorms.containsKey(n)) {
            DecomposedNorm d = layerNorms.get(n);
            layerNorm(n, d.name(), port(d.x(), n), d.weight(), d.bias(), d.eps());
            return;
        }
        if (tanhGelus.containsKey(n)) {
            Port x = port(tanhGelus.get(n), n);
            layer(n, "GELU", x, rank(x), "approximate", "tanh");
            return;
        }
        if (OnnxFolding.OPS.contains(n.opType()) && (n.inputs().stream().allMatch(v -> v.isEmpty() || consts.containsKey(v)) || sizeArithmetic(n))) {
            List<Tensor> in = new ArrayList<>();
            for (String v : n.inputs()) in.add(v.isEmpty() ? null : known(v));
            Tensor folded = OnnxFolding.fold(n, in);
            if (folded != null) {
                consts.put(n.outputs().get(0), folded);
                if (origin.containsKey(n.input(0))) origin.put(n.outputs().get(0), origin.get(n.input(0)));
                return;
            }
        }
        if (batchArithmetic(n)) return;
        switch (n.opType()) {
            case "Constant" -> constant(n);
            case "Identity" -> {
                String in = n.input(0);
                if (consts.containsKey(in)) identity(n);
                else values.put(n.outputs().get(0), src(in, n));
            }
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            case "Einsum" -> einsum(n);
            case "Add", "Sum", "Mul" -> elementwise(n);
            case "Sub" -> throw unsupported(n, "only (input - offset) / scale right on a model input (its normalization) is understood");
            case "Div" -> {
                Float c = scalar(n.input(1));
                if (c == null || Math.abs(c - Math.sqrt(2)) > 1e-4) throw unsupported(n, "only x/√2 (a step of GELU) is understood");
                out(n, 0, new Gelu(port(n.input(0), n), 1));
            }
            case "Erf" -> {
                if (!(values.get(n.input(0)) instanceof Gelu g && g.stage() == 1)) throw unsupported(n, "only erf(x/√2) (a step of GELU) is understood");
                out(n, 0, new Gelu(g.x(), 2));
            }
            case "Flatten" -> {
                Port p = port(n.input(0), n);
                long axis = intAttr(n, "axis", 1);
                if (axis < 0) axis += rank(p);
                if (axis != 1) throw unsupported(n, "ONNX's Flatten with axis " + axis + " merges the batch into other dims; only axis 1 is a layer");
                layer(n, "Flatten", p, 2, "start_dim", 1, "end_dim", -1);
            }
            case "Reshape" -> reshape(n);
            case "Conv", "ConvTranspose" -> conv(n);
            case "Pad" -> pad(n);
            case "MaxPool", "AveragePool" -> pool(n);
            case "GlobalAveragePool", "GlobalMaxPool" -> {
                Port p = port(n.input(0), n);
                if (rank(p) != 4) throw unsupported(n, "only the 2-D form ([N, C, H, W]) is a LayerLab layer");
                layer(n, n.opType().equals("GlobalAveragePool") ? "AdaptiveAvgPool2d" : "AdaptiveMaxPool2d", p, 4, "output_size", 1);
            }
            case "BatchNormalization" -> batchNorm(n);
            case "LayerNormalization" -> layerNorm(n);
            case "Dropout" -> {
                Port p = port(n.input(0), n);
                if (!n.input(2).isEmpty() && (scalar(n.input(2)) == null || scalar(n.input(2)) != 0)) throw unsupported(n, "only inference Dropout (training_mode false) is understood");
                // The ratio is an attribute before opset 12, an input from then on.
                Float ratio = n.attribute("ratio") != null ? Float.valueOf(floatAttr(n, "ratio", 0.5f))
                        : n.input(1).isEmpty() ? Float.valueOf(0.5f) : scalar(n.input(1));
                if (ratio == null) throw unsupported(n, "its ratio must be a constant");
                unusedBeyond(n, 1);
                layer(n, "Dropout", p, rank(p), "p", decimal(ratio));
            }
            case "Gather" -> gather(n);
            case "ReduceMean" -> {
                long[] axes = axes(n);
                Port seq = timeMajorOut(values.get(n.input(0)));
                if (seq != null && intAttr(n, "keepdims", 1) == 0 && axes != null && axes.length == 1 && axes[0] == 0) {
                    layer(n, "MeanOverTime", seq, 2, "batch_first", true);
                    return;
                }
                Port p = port(n.input(0), n);
                if (axes != null && rank(p) == 4 && axes.length == 2 && Math.floorMod(Math.min(axes[0], axes[1]), 4) == 2
                        && Math.floorMod(Math.max(axes[0], axes[1]), 4) == 3 && axes[0] != axes[1]) {
                    // x.mean((2, 3)): global average pooling, then (keepdims 0) the two size-1 dims flattened away.
                    boolean keep = intAttr(n, "keepdims", 1) != 0;
                    INode pool = add("AdaptiveAvgPool2d", n.name());
                    pool.params.put("output_size", 1);
                    pool.inputs.put("in", p);
                    pool.ranks.put("out", 4);
                    if (keep) {
                        out(n, 0, new Port(pool, "out"));
                        return;
                    }
                    layer(n, "Flatten", new Port(pool, "out"), 2, "start_dim", 1, "end_dim", -1);
                    return;
                }
                if (intAttr(n, "keepdims", 1) != 0 || axes == null || axes.length != 1 || rank(p) != 3 || (axes[0] != 1 && axes[0] != 0)) {
                    throw unsupported(n, "only a mean over the time axis of a sequence (axes [1] or [0], keepdims 0: MeanOverTime) or over "
                            + "an image's height and width (axes [2, 3]: AdaptiveAvgPool2d(1)) is a layer");
                }
                layer(n, "MeanOverTime", p, 2, "batch_first", axes[0] == 1);
            }
            case "Relu" -> activation(n, "ReLU");
            case "Sigmoid" -> {
                List<OnnxProto.Node> readers = consumers.getOrDefault(n.outputs().get(0), List.of());
                boolean silu = readers.size() == 1 && readers.get(0).opType().equals("Mul") && !isOutput(n.outputs().get(0))
                        && readers.get(0).inputs().size() == 2 && readers.get(0).inputs().contains(n.input(0));
                if (silu) out(n, 0, new SiluGate(port(n.input(0), n)));
                else activation(n, "Sigmoid");
            }
            case "Tanh" -> activation(n, "Tanh");
            case "LeakyRelu" -> activation(n, "LeakyReLU", "negative_slope", decimal(floatAttr(n, "alpha", 0.01f)));
            case "Elu" -> activation(n, "ELU", "alpha", decimal(floatAttr(n, "alpha", 1f)));
            case "Softmax", "LogSoftmax" -> {
                // Before opset 13 the op sees its input as 2-D, [dims before axis, dims from axis on], and normalises over all
                // of the latter at once (axis 1 by default): the same as a layer's dim only when axis is the last dim.
                boolean flattening = opset > 0 && opset < 13;
                long axis = intAttr(n, "axis", flattening ? 1 : -1);
                Port x = port(n.input(0), n);
                int r = rank(x);
                if (flattening && Math.floorMod(axis, r) != r - 1) {
                    throw unsupported(n, "in opset " + opset + " it normalises over every dim from axis " + axis + " of its rank-" + r
                            + " input at once, which no layer does (Softmax's dim is one dim); export with opset 13 or later");
                }
                layer(n, n.opType(), x, r, "dim", (int) axis);
            }
            case "Clip" -> clip(n);
            case "HardSwish" -> activation(n, "Hardswish");
            case "HardSigmoid" -> {
                float alpha = floatAttr(n, "alpha", 0.2f), beta = floatAttr(n, "beta", 0.5f);
                if (Math.abs(alpha - 1 / 6f) > 1e-6 || beta != 0.5f) {
                    throw unsupported(n, "only PyTorch's Hardsigmoid (alpha 1/6, beta 0.5) is a LayerLab layer, not alpha " + alpha + ", beta " + beta);
                }
                activation(n, "Hardsigmoid");
            }
            case "Concat" -> concat(n);
            case "Transpose" -> transpose(n);
            case "Squeeze" -> {
                long[] axes = axes(n);
                if (values.get(n.input(0)) instanceof RnnY y && axes != null && axes.length == 1 && axes[0] == 1 && !y.node().params.containsKey("bidirectional")) {
                    out(n, 0, new RnnSeq(y.node(), y.layer()));
                } else if (values.get(n.input(0)) instanceof RnnH h && axes != null && axes.length == 1 && axes[0] == 0 && h.node().layers == 1
                        && h.layer() == 0 && !h.node().params.containsKey("bidirectional")) {
                    // h_n.squeeze(0) of a one-layer, one-direction recurrent layer: its final state, [N, H].
                    h.node().frozen = true;
                    layer(n, "FinalHidden", new Port(h.node(), "h_n"), 2, "layer", 0);
                } else if (values.get(n.input(0)) instanceof Port p && axes != null && axes.length == 1 && (rank(p) == 2 || rank(p) == 3)
                        && (axes[0] < 0 ? axes[0] + rank(p) : axes[0]) >= 1) {
                    // x.squeeze(1) of [N, 1] (a regression's one output) or of [N, 1, F] / [N, F, 1]: a Reshape of each
                    // sample, whose rule checks the size squeezed away is 1.
                    layer(n, "Reshape", p, rank(p) - 1, "shape", rank(p) == 2 ? List.of() : List.of(-1));
                } else throw unsupported(n, "only squeezing a one-directional recurrent op's Y or a sample's size-1 dim is understood");
            }
            case "RNN", "LSTM", "GRU" -> recurrent(n);
            case "Shape" -> {
                if (intAttr(n, "start", 0) != 0 || n.attribute("end") != null) throw unsupported(n, "only a whole Shape (no start or end) is understood");
                // Where the batch is: [T, N, F] on its way into a recurrent op or out of one, [T, D, N, H] its Y.
                Src x = src(n.input(0), n);
                int batchAxis = x instanceof TimeMajor || x instanceof RnnSeq || x instanceof RnnYT ? 1 : x instanceof RnnY ? 2 : 0;
                out(n, 0, new ShapeOf(batchAxis, batchAxis == 0 ? port(n.input(0), n) : null));
            }
            case "Unsqueeze" -> {
                long[] axes = axes(n);
                Src x = values.get(n.input(0));
                if (x instanceof Port p && p.node().kind.equals("Lengths")) throw unsupported(n, MASK_OPS);
                if (!(x instanceof BatchSize || x instanceof Dim) || axes == null || axes.length != 1 || axes[0] != 0) {
                    throw unsupported(n, "only a size read with x.size(k), made a 1-D shape, is understood");
                }
                out(n, 0, x instanceof Dim d ? new ShapeVec(new long[] {DIM + d.axes()}, d.of()) : new ShapeVec(BATCH));
            }
            case "ConstantOfShape" -> {
                Attribute v = n.attribute("value");
                Tensor fill = v == null ? null : tensor(n, v);
                if (!(values.get(n.input(0)) instanceof ShapeVec) || fill != null && (fill.dtype() != DType.FLOAT32 || fill.abs().max().item() != 0)) {
                    throw unsupported(n, "only zeros the batch's size (a recurrent layer's initial state) are understood");
                }
                out(n, 0, new Zeros());
            }
            case "Expand" -> {
                Tensor c = consts.get(n.input(0));
                if (c != null && c.dtype() == DType.FLOAT32 && c.dim() >= 2 && c.size(0) == 1 && values.get(n.input(1)) instanceof ShapeVec sv
                        && sv.dims().length == c.dim() && sv.dims()[0] == BATCH && tilesOnlyTheBatch(c, sv)) {
                    out(n, 0, new Tiled(n.input(0)));
                    return;
                }
                if (c == null || c.dtype() != DType.FLOAT32 || c.abs().max().item() != 0 || !(values.get(n.input(1)) instanceof ShapeVec)) {
                    throw unsupported(n, "only zeros expanded to the batch's size (a recurrent layer's initial state) are understood");
                }
                out(n, 0, new Zeros());
            }
            case "Slice" -> {
                Src x = values.get(n.input(0));
                long[] starts = longs(n.input(1)), ends = longs(n.input(2)), axes = n.input(3).isEmpty() ? new long[] {0} : longs(n.input(3)),
                        steps = n.input(4).isEmpty() ? new long[] {1} : longs(n.input(4));
                if (x instanceof ShapeOf sh && sh.of() != null && starts != null && ends != null && axes != null && steps != null && starts.length == 1
                        && starts[0] == 0 && ends[0] >= 1 && ends[0] <= rank(sh.of()) && axes[0] == 0 && steps[0] == 1) {
                    // x.shape[:k], as x.flatten(k) writes it: the batch and the port's sizes up to k.
                    long[] dims = new long[(int) ends[0]];
                    dims[0] = BATCH;
                    for (int i = 1; i < dims.length; i++) dims[i] = DIM + (1L << i);
                    out(n, 0, new ShapeVec(dims, sh.of()));
                } else if (x instanceof Zeros) {
                    out(n, 0, new Zeros());
                } else if (x instanceof Port p && starts != null && ends != null && axes != null && steps != null && starts.length == 1 && ends.length == 1
                        && axes.length == 1 && steps.length == 1) {
                    narrow(n, p, starts[0], ends[0], axes[0], steps[0]);
                } else throw unsupported(n, "only slicing one dim of a tensor by constant bounds (Narrow), a recurrent layer's zero initial state, or a tensor's leading sizes, is understood");
            }
            case "Sqrt", "Pow" -> throw unsupported(n, n.opType().equals("Sqrt")
                    ? "only a LayerNorm with weight and bias written out in ops (opsets before 17) is understood; export with opset_version=17, which has a LayerNormalization op"
                    : "only x³ in GELU's tanh form and d² in a LayerNorm written out in ops are understood");
            case "Cast" -> sequenceLens(n);
            case "Equal", "Not", "Less", "Max" -> throw unsupported(n, MASK_OPS);
            case "IsNaN", "Where" -> throw unsupported(n, "only filling a graph input's missing values, Where(IsNaN(x), constant, x) right on the input, is understood");
            default -> throw unsupported(n, "LayerLab has no layer for it");
        }
    }

    private void constant(OnnxProto.Node n) {
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
    private void identity(OnnxProto.Node n) {
        String out = n.outputs().get(0);
        constAlias(out, n.input(0));
        if (!out.contains("::") && !out.startsWith("/") && (out.endsWith(".weight") || out.endsWith(".bias"))) origin.put(out, out);
    }

    private void constAlias(String to, String from) {
        consts.put(to, consts.get(from));
        if (origin.containsKey(from)) origin.put(to, origin.get(from));
    }

    private void gemm(OnnxProto.Node n) {
        Port x = port(n.input(0), n);
        Tensor b = weight(n, 1);
        if (intAttr(n, "transA", 0) != 0) throw unsupported(n, "transA=1 (a transposed input) is not a Linear layer");
        Tensor w = intAttr(n, "transB", 0) != 0 ? b : b.t().contiguous();
        float alpha = floatAttr(n, "alpha", 1f), beta = floatAttr(n, "beta", 1f);
        if (alpha != 1) w = w.mul(alpha);
        Tensor bias = n.input(2).isEmpty() ? null : consts.get(n.input(2));
        if (!n.input(2).isEmpty() && bias == null) throw unsupported(n, "its C input must be a constant bias");
        if (bias != null) bias = bias.numel() == 1 ? Tensor.full(bias.toFloatArray()[0] * beta, w.size(0)) : bias.reshape(w.size(0)).mul(beta);
        linear(n, x, w, bias, hintOf(n, n.input(1)), n.outputs().get(0));
    }

    private void matmul(OnnxProto.Node n) {
        Port x = port(n.input(0), n);
        Tensor b = weight(n, 1);
        if (b.dim() != 2) throw unsupported(n, "only a product with a constant matrix is a Linear layer");
        Tensor w = b.t().contiguous();
        Bias fusedBias = biasAfter(n, w.size(0));
        linear(n, x, w, fusedBias == null ? null : fusedBias.bias, hintOf(n, n.input(1)), fusedBias == null ? n.outputs().get(0) : fusedBias.out);
    }

    private record Bias(Tensor bias, String out) {}

    /** The Add of a constant [out] right after {@code n} (MatMul + Add, Einsum + Add), folded in as the bias. */
    private Bias biasAfter(OnnxProto.Node n, int features) {
        List<OnnxProto.Node> next = consumers.getOrDefault(n.outputs().get(0), List.of());
        if (next.size() != 1 || !next.get(0).opType().equals("Add") || isOutput(n.outputs().get(0))) return null;
        OnnxProto.Node add = next.get(0);
        String other = add.input(0).equals(n.outputs().get(0)) ? add.input(1) : add.input(0);
        Tensor c = consts.get(other);
        if (c == null || c.numel() != features) return null;
        fused.add(add);
        return new Bias(c.reshape(features), add.outputs().get(0));
    }

    private boolean isOutput(String value) {
        for (ValueInfo v : graph.outputs()) if (v.name().equals(value)) return true;
        return false;
    }

    private void linear(OnnxProto.Node n, Port x, Tensor w, Tensor bias, String hint, String out) {
        INode l = add("Linear", hint);
        l.params.put("in_features", w.size(1));
        l.params.put("out_features", w.size(0));
        if (bias == null) l.params.put("bias", false);
        l.inputs.put("in", x);
        l.state.put("weight", w);
        if (bias != null) l.state.put("bias", bias);
        l.ranks.put("out", rank(x));
        values.put(out, new Port(l, "out"));
    }

    private void einsum(OnnxProto.Node n) {
        String eq = stringAttr(n, "equation", "").replace(" ", "");
        if (!eq.equals("bi,oij,bj->bo") && !eq.equals("...i,oij,...j->...o")) throw unsupported(n, "only the Bilinear form x1ᵀ·W·x2 is understood, got \"" + eq + "\"");
        Port a = port(n.input(0), n), b = port(n.input(2), n);
        Tensor w = weight(n, 1);
        Bias bias = biasAfter(n, w.size(0));
        INode l = add("Bilinear", hintOf(n, n.input(1)));
        l.params.put("in1_features", w.size(1));
        l.params.put("in2_features", w.size(2));
        l.params.put("out_features", w.size(0));
        if (bias == null) l.params.put("bias", false);
        l.inputs.put("in1", a);
        l.inputs.put("in2", b);
        l.state.put("weight", w);
        if (bias != null) l.state.put("bias", bias.bias);
        l.ranks.put("out", rank(a));
        values.put(bias == null ? n.outputs().get(0) : bias.out, new Port(l, "out"));
    }

    private void elementwise(OnnxProto.Node n) {
        boolean mul = n.opType().equals("Mul");
        Src a = values.get(n.input(0)), b = n.inputs().size() > 1 ? values.get(n.input(1)) : null;
        if (mul && a instanceof Dim p && b instanceof Dim q && p.of().equals(q.of()) && (p.axes() & q.axes()) == 0) {
            // Sizes of one tensor multiplied (num_flat_features): their product.
            out(n, 0, new Dim(p.of(), p.axes() | q.axes()));
            return;
        }
        if (mul && (a instanceof Dim && near(scalar(n.input(1)), 1) || b instanceof Dim && near(scalar(n.input(0)), 1))) {
            out(n, 0, a instanceof Dim ? a : b); // n = 1; n *= size
            return;
        }
        if (mul && (a instanceof SiluGate s && s.x().equals(b) || b instanceof SiluGate t && t.x().equals(a))) {
            Port x = a instanceof SiluGate s ? s.x() : ((SiluGate) b).x();
            layer(n, "SiLU", x, rank(x));
            return;
        }
        // GELU's steps: erf(x/√2) + 1, x · that, then · 0.5.
        if (n.opType().equals("Add") && (a instanceof Gelu g && g.stage() == 2 && near(scalar(n.input(1)), 1) || b instanceof Gelu h && h.stage() == 2 && near(scalar(n.input(0)), 1))) {
            out(n, 0, new Gelu(a instanceof Gelu g ? g.x() : ((Gelu) b).x(), 3));
            return;
        }
        if (mul && a instanceof Gelu g && g.stage() == 3 && g.x().equals(b) || mul && b instanceof Gelu h && h.stage() == 3 && h.x().equals(a)) {
            out(n, 0, new Gelu(a instanceof Gelu g ? g.x() : ((Gelu) b).x(), 4));
            return;
        }
        if (mul && (a instanceof Gelu g && g.stage() == 4 && near(scalar(n.input(1)), 0.5) || b instanceof Gelu h && h.stage() == 4 && near(scalar(n.input(0)), 0.5))) {
            Port x = a instanceof Gelu g ? g.x() : ((Gelu) b).x();
            layer(n, "GELU", x, rank(x));
            return;
        }
        if (mul && n.inputs().size() == 2 && consts.containsKey(n.input(0)) != consts.containsKey(n.input(1))) {
            // ConvNeXt's layer scale, gamma · x: taken into the layer that makes x.
            String c = consts.containsKey(n.input(0)) ? n.input(0) : n.input(1), x = c.equals(n.input(0)) ? n.input(1) : n.input(0);
            if (values.get(x) instanceof Port p && scaleInto(x, p, consts.get(c))) {
                out(n, 0, p);
                return;
            }
            throw unsupported(n, "multiplying by the constant \"" + c + "\" is not a LayerLab layer (a scale per channel or feature is taken into "
                    + "the Linear or convolution that makes its input, when nothing else reads that)");
        }
        List<Port> ins = new ArrayList<>();
        for (String v : n.inputs()) {
            if (!mul && n.inputs().size() == 2 && consts.containsKey(v) && positionEmbedding(n, v)) return;
            if (consts.containsKey(v)) throw unsupported(n, (mul ? "multiplying by" : "adding") + " the constant \"" + v + "\" is not a LayerLab layer");
            ins.add(port(v, n));
        }
        INode op = add(mul ? "Multiply" : "Add", n.name());
        if (ins.size() != 2) op.params.put("num_inputs", ins.size());
        int r = 0;
        for (int i = 0; i < ins.size(); i++) {
            op.inputs.put("in" + (i + 1), ins.get(i));
            r = Math.max(r, rank(ins.get(i)));
        }
        op.ranks.put("out", r);
        out(n, 0, new Port(op, "out"));
    }

    /**
     * Takes a constant {@code scale} that multiplies the value {@code x} (port {@code p}) into the Linear or convolution
     * that makes it, through the Permutes and Transposes between (ConvNeXt's {@code layer_scale * x} after its block's
     * last Linear and permute back): its weight's rows and bias times the scale, when the scale is one number or varies
     * along one axis only, that axis is the layer's outputs (a Linear's last, a convolution's channels), and nothing else
     * reads the values on the way. False, and nothing changed, otherwise.
     */
    private boolean scaleInto(String x, Port p, Tensor scale) {
        int rank = rank(p);
        if (scale.dim() > rank) return false;
        int axis = -1;
        for (int i = 0; i < scale.dim(); i++) {
            if (scale.size(i) == 1) continue;
            if (axis >= 0) return false;
            axis = rank - scale.dim() + i;
        }
        String value = x;
        INode node = p.node();
        while (true) {
            if (consumers.getOrDefault(value, List.of()).size() != 1 || isOutput(value) || !p.port().equals("out")) return false;
            if (node.kind.equals("Permute") || node.kind.equals("Transpose")) {
                if (axis >= 0) {
                    // Output axis a of a Permute is its input's axis dims[a]; a Transpose swaps two.
                    if (node.kind.equals("Permute")) axis = (Integer) ((List<?>) node.params.get("dims")).get(axis);
                    else {
                        int d0 = (Integer) node.params.get("dim0"), d1 = (Integer) node.params.get("dim1");
                        axis = axis == d0 ? d1 : axis == d1 ? d0 : axis;
                    }
                }
                OnnxProto.Node made = producerOf.get(value);
                if (made == null) return false;
                value = made.input(0);
                p = node.inputs.get("in");
                node = p.node();
                continue;
            }
            boolean linear = node.kind.equals("Linear"), conv = node.kind.matches("Conv[123]d");
            int r = node.ranks.getOrDefault("out", -1);
            if (!linear && !conv || axis >= 0 && axis != (linear ? r - 1 : 1)) return false;
            Tensor w = node.state.get("weight"), b = node.state.get("bias");
            float[] g = scale.contiguous().toFloatArray();
            int outs = w.size(0);
            if (g.length != 1 && g.length != outs) return false;
            int[] perRow = new int[w.dim()];
            java.util.Arrays.fill(perRow, 1);
            perRow[0] = g.length;
            Tensor gw = Tensor.of(g, perRow);
            node.state.put("weight", w.mul(gw));
            if (b != null) node.state.put("bias", b.mul(Tensor.of(g, g.length)));
            return true;
        }
    }

    private static boolean near(Float v, double want) {
        return v != null && Math.abs(v - want) < 1e-6;
    }

    private void reshape(OnnxProto.Node n) {
        long[] shape = longs(n.input(1));
        if (shape != null) shape = shape.clone();
        if (shape == null && values.get(n.input(1)) instanceof ShapeVec sv) {
            if (sv.readsSizes()) {
                // x.flatten(k), x.view(x.size(0), …, x.size(k - 1), -1), x.view(-1, x.size(1)·…·x.size(r − 1)): the sizes
                // before k kept, the rest flattened.
                long[] d = sv.dims();
                int r = sv.of().equals(values.get(n.input(0))) ? rank(sv.of()) : -1;
                long rest = 0;
                for (int i = d.length - 1; i < r; i++) rest |= 1L << i;
                boolean flatten = r > 0 && d.length >= 2 && d.length <= r && (d[0] == BATCH || d[0] == -1)
                        && (d[d.length - 1] == -1 && d[0] == BATCH || d[d.length - 1] == DIM + rest);
                for (int i = 1; i < d.length - 1 && flatten; i++) flatten = d[i] == DIM + (1L << i);
                if (flatten) {
                    layer(n, "Flatten", sv.of(), d.length, "start_dim", d.length - 1, "end_dim", -1);
                    return;
                }
                // Other sizes read at run time (ShuffleNetV2's x.view(N, groups, C // groups, H, W)): as LayerLab knows them.
                long[] known = resolved(sv);
                if (known == null) throw unsupported(n, "its shape reads sizes of a tensor at run time that LayerLab cannot know before");
                if (d[0] != BATCH && d[0] != -1) {
                    throw unsupported(n, "its shape starts with a size read from a tensor at run time (" + known[0] + "), not the batch size; LayerLab keeps the batch first");
                }
                sv = new ShapeVec(known, null);
            }
            // x.view(x.size(0), …): the batch size first is what a copied first size (0) says.
            shape = sv.dims().clone();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == BATCH && i > 0) throw unsupported(n, "its shape puts the batch size at place " + i + "; LayerLab keeps the batch first");
                if (shape[i] == BATCH) shape[i] = 0;
            }
        }
        if (shape == null) throw unsupported(n, "its shape must be a constant, or the batch size and constants");
        if (values.get(n.input(0)) instanceof RnnYT y && java.util.Arrays.equals(shape, new long[] {0, 0, -1})) {
            out(n, 0, new RnnSeq(y.node(), y.layer()));
            return;
        }
        Port p = port(n.input(0), n);
        // Exported without dynamic axes, x.view(x.size(0), -1) keeps the batch size as a number: the inputs' batch size
        // first is the batch.
        if (shape.length >= 2 && staticBatch != null && shape[0] == staticBatch) shape[0] = 0;
        if (shape.length < 2 || (shape[0] != 0 && shape[0] != -1)) throw unsupported(n, "shape " + java.util.Arrays.toString(shape) + " does not keep the batch dimension first");
        List<Integer> sample = new ArrayList<>();
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] == 0 || shape[i] == -1 && shape[0] == -1) throw unsupported(n, "shape " + java.util.Arrays.toString(shape) + " needs the input's sizes to be read");
            sample.add((int) shape[i]);
        }
        layer(n, "Reshape", p, shape.length, "shape", sample);
    }

    /** {@code x[..., start:end]} on one dim after the batch, step 1: a Narrow, its bounds clamped as ONNX's Slice clamps them. */
    private void narrow(OnnxProto.Node n, Port p, long start, long end, long axis, long step) {
        int r = rank(p);
        long a = axis < 0 ? axis + r : axis;
        if (step != 1) throw unsupported(n, "only a Slice with step 1 is a Narrow, not step " + step);
        if (a <= 0 || a >= r) throw unsupported(n, a == 0 ? "it slices the batch dim; layers take whole batches" : "its axis " + axis + " is outside the input's " + r + " dims");
        int[] sizes = sampleDims(p);
        if (sizes == null) throw unsupported(n, "the size of the dim it slices is not known before the run");
        long size = sizes[(int) a - 1];
        long from = Math.max(0, Math.min(size, start < 0 ? start + size : start)), to = Math.max(0, Math.min(size, end < 0 ? end + size : end));
        if (to <= from) throw unsupported(n, "it takes nothing (" + start + " … " + end + " of a dim of size " + size + ")");
        if (from == 0 && to == size) {
            out(n, 0, p);
            return;
        }
        layer(n, "Narrow", p, r, "dim", (int) a, "start", (int) from, "length", (int) (to - from));
    }

    private void pad(OnnxProto.Node n) {
        Port p = port(n.input(0), n);
        long[] pads = n.attribute("pads") != null ? n.attribute("pads").ints() : longs(n.input(1));
        String mode = stringAttr(n, "mode", "constant");
        Float value = n.input(2).isEmpty() ? Float.valueOf(0f) : scalar(n.input(2));
        if (pads == null || mode.equals("constant") && (value == null || value != 0) || mode.equals("wrap")) {
            throw unsupported(n, "only a constant zero, reflect or edge padding before a Conv is understood");
        }
        out(n, 0, new Padded(p, mode, pads));
    }

    private void conv(OnnxProto.Node n) {
        boolean transposed = n.opType().equals("ConvTranspose");
        Tensor w = weight(n, 1);
        int d = w.dim() - 2;
        if (d < 1 || d > 3 || transposed && d != 2) throw unsupported(n, "LayerLab has Conv1d/2d/3d and ConvTranspose2d, not this " + d + "-D form");
        if (!stringAttr(n, "auto_pad", "NOTSET").equals("NOTSET") && !stringAttr(n, "auto_pad", "").equals("VALID")) {
            throw unsupported(n, "auto_pad " + stringAttr(n, "auto_pad", "") + " is not understood; export with explicit pads");
        }
        if (n.attribute("output_shape") != null) throw unsupported(n, "output_shape is not understood; export with output_padding");
        Src s = values.get(n.input(0));
        String mode = "zeros";
        long[] pads = ints(n, "pads", 2 * d, 0);
        Port x;
        if (s instanceof Padded pd && !transposed) {
            for (long v : pads) if (v != 0) throw unsupported(n, "a Conv with pads of its own after a Pad");
            long[] all = pd.pads();
            if (all.length != 2 * (d + 2) || all[0] != 0 || all[1] != 0 || all[d + 2] != 0 || all[d + 3] != 0) throw unsupported(n, "its Pad pads the batch or channel dims");
            pads = new long[2 * d];
            for (int i = 0; i < d; i++) {
                pads[i] = all[2 + i];
                pads[d + i] = all[d + 4 + i];
            }
            mode = switch (pd.mode()) {
                case "reflect" -> "reflect";
                case "edge" -> "replicate";
                default -> "zeros";
            };
            x = pd.src();
        } else x = port(n.input(0), n);
        long group = intAttr(n, "group", 1);
        int[] k = new int[d];
        for (int i = 0; i < d; i++) k[i] = w.size(2 + i);
        long[] strides = ints(n, "strides", d, 1), dil = ints(n, "dilations", d, 1);
        INode c = add(transposed ? "ConvTranspose2d" : "Conv" + d + "d", hintOf(n, n.input(1)));
        c.params.put("in_channels", transposed ? w.size(0) : (int) (w.size(1) * group));
        c.params.put("out_channels", transposed ? (int) (w.size(1) * group) : w.size(0));
        c.params.put("kernel_size", compact(k));
        c.params.put("stride", compact(strides));
        boolean symmetric = true;
        for (int i = 0; i < d; i++) symmetric &= pads[i] == pads[d + i];
        if (symmetric) {
            long[] half = java.util.Arrays.copyOf(pads, d);
            c.params.put("padding", compact(half));
        } else {
            boolean same = !transposed;
            for (int i = 0; i < d; i++) {
                long total = dil[i] * (k[i] - 1);
                same &= strides[i] == 1 && pads[i] == total / 2 && pads[d + i] == total - total / 2;
            }
            if (!same) throw unsupported(n, "uneven pads " + java.util.Arrays.toString(pads) + " (other than PyTorch's 'same') are not a LayerLab layer");
            c.params.put("padding", "same");
        }
        c.params.put("dilation", compact(dil));
        if (group != 1) c.params.put("groups", (int) group);
        if (!mode.equals("zeros")) c.params.put("padding_mode", mode);
        if (transposed) {
            long[] op = ints(n, "output_padding", d, 0);
            c.params.put("output_padding", compact(op));
        }
        c.state.put("weight", w);
        if (!n.input(2).isEmpty()) c.state.put("bias", weight(n, 2));
        else c.params.put("bias", false);
        c.inputs.put("in", x);
        c.ranks.put("out", d + 2);
        out(n, 0, new Port(c, "out"));
    }

    private void pool(OnnxProto.Node n) {
        boolean max = n.opType().equals("MaxPool");
        Attribute ks = n.attribute("kernel_shape");
        if (ks == null) throw unsupported(n, "it has no kernel_shape");
        int d = ks.ints().length;
        if (d != 1 && d != 2) throw unsupported(n, "LayerLab pools in 1-D and 2-D, not " + d + "-D");
        if (!stringAttr(n, "auto_pad", "NOTSET").equals("NOTSET")) throw unsupported(n, "auto_pad is not understood; export with explicit pads");
        unusedBeyond(n, 1);
        long[] pads = ints(n, "pads", 2 * d, 0);
        Port x;
        boolean countPad = intAttr(n, "count_include_pad", 0) != 0;
        if (values.get(n.input(0)) instanceof Padded pd && !max) {
            // PyTorch exports AvgPool as a zero Pad (its padding, counted in the mean) and an AveragePool without pads.
            long[] all = pd.pads();
            if (!pd.mode().equals("constant") || all.length != 2 * (d + 2) || all[0] != 0 || all[1] != 0 || all[d + 2] != 0 || all[d + 3] != 0) {
                throw unsupported(n, "its Pad is not zeros on the spatial dims alone");
            }
            for (long v : pads) if (v != 0) throw unsupported(n, "an AveragePool with pads of its own after a Pad");
            for (int i = 0; i < d; i++) {
                pads[i] = all[2 + i];
                pads[d + i] = all[d + 4 + i];
            }
            countPad = true;
            x = pd.src();
        } else x = port(n.input(0), n);
        for (int i = 0; i < d; i++) if (pads[i] != pads[d + i]) throw unsupported(n, "uneven pads " + java.util.Arrays.toString(pads) + " are not a LayerLab layer");
        INode p = add((max ? "MaxPool" : "AvgPool") + d + "d", n.name());
        p.params.put("kernel_size", compact(ks.ints()));
        p.params.put("stride", compact(ints(n, "strides", d, 1)));
        p.params.put("padding", compact(java.util.Arrays.copyOf(pads, d)));
        if (max) p.params.put("dilation", compact(ints(n, "dilations", d, 1)));
        if (intAttr(n, "ceil_mode", 0) != 0) p.params.put("ceil_mode", true);
        if (!max) p.params.put("count_include_pad", countPad);
        p.inputs.put("in", x);
        p.ranks.put("out", d + 2);
        out(n, 0, new Port(p, "out"));
    }

    private void batchNorm(OnnxProto.Node n) {
        Port x = port(n.input(0), n);
        if (intAttr(n, "training_mode", 0) != 0) throw unsupported(n, "training_mode=1; LayerLab imports the inference form");
        unusedBeyond(n, 1);
        int r = rank(x);
        if (r < 2 || r > 4) throw unsupported(n, "LayerLab has BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]), not rank " + r);
        // Opsets 7 and 8 say spatial=0 for statistics per element of [C, …] rather than per channel: on [N, C] the same
        // thing, otherwise no LayerLab layer (its scale would be read as num_features = C·H·W).
        if (intAttr(n, "spatial", 1) == 0 && r > 2) {
            throw unsupported(n, "spatial=0 (opset 7–8) normalises each element of its [C, …] input on its own; LayerLab's BatchNorm1d/2d "
                    + "normalise per channel (spatial=1)");
        }
        Tensor scale = weight(n, 1);
        if (scale.dim() != 1) throw unsupported(n, "its scale has shape " + scale.shapeString() + "; LayerLab's BatchNorm takes one per channel, [C]");
        INode b = add(r == 4 ? "BatchNorm2d" : "BatchNorm1d", hintOf(n, n.input(1)));
        b.params.put("num_features", scale.numel());
        b.params.put("eps", decimal(floatAttr(n, "epsilon", 1e-5f)));
        double momentum = 1 - floatAttr(n, "momentum", 0.9f);
        if (Math.abs(momentum - 0.1) > 1e-6) b.params.put("momentum", Math.max(0, Math.min(1, Math.round(momentum * 1e6) / 1e6)));
        b.state.put("weight", scale);
        b.state.put("bias", weight(n, 2));
        b.state.put("running_mean", weight(n, 3));
        b.state.put("running_var", weight(n, 4));
        b.inputs.put("in", x);
        b.ranks.put("out", r);
        out(n, 0, new Port(b, "out"));
    }

    private void layerNorm(OnnxProto.Node n) {
        Port x = port(n.input(0), n);
        unusedBeyond(n, 1);
        Tensor scale = weight(n, 1);
        long axis = intAttr(n, "axis", -1);
        int r = rank(x);
        if (axis >= 0) axis -= r;
        if (axis != -scale.dim()) throw unsupported(n, "its scale's shape does not match the normalised dims (axis " + axis + ")");
        layerNorm(n, hintOf(n, n.input(1)), x, scale, n.input(2).isEmpty() ? Tensor.zeros(scale.shape()) : weight(n, 2), floatAttr(n, "epsilon", 1e-5f));
    }

    /** A LayerNorm over the last dims, the scale's shape, as {@code n}'s output: the LayerNormalization op, or its ops. */
    private void layerNorm(OnnxProto.Node n, String hint, Port x, Tensor scale, Tensor bias, float eps) {
        INode l = add("LayerNorm", hint);
        List<Integer> shape = new ArrayList<>();
        for (int s : scale.shape()) shape.add(s);
        l.params.put("normalized_shape", shape);
        l.params.put("eps", decimal(eps));
        l.state.put("weight", scale);
        l.state.put("bias", bias);
        l.inputs.put("in", x);
        l.ranks.put("out", rank(x));
        out(n, 0, new Port(l, "out"));
    }

    private void gather(OnnxProto.Node n) {
        long axis = intAttr(n, "axis", 0);
        Tensor table = consts.get(n.input(0));
        if (table != null) {
            if (table.dim() != 2 || axis != 0) throw unsupported(n, "only a lookup of rows of a constant matrix is an Embedding");
            Port ids = port(n.input(1), n);
            INode e = add("Embedding", hintOf(n, n.input(0)));
            e.params.put("num_embeddings", table.size(0));
            e.params.put("embedding_dim", table.size(1));
            e.state.put("weight", table);
            e.inputs.put("in", ids);
            e.ranks.put("out", rank(ids) + 1);
            out(n, 0, new Port(e, "out"));
            return;
        }
        Tensor idx = consts.get(n.input(1));
        Src s = values.get(n.input(0));
        if (s instanceof ShapeOf sh) {
            long[] at = idx == null ? null : idx.toLongArray();
            if (axis == 0 && at != null && at.length == 1 && sh.of() != null && at[0] > 0 && at[0] < rank(sh.of())) {
                // A sample size (x.size(1)), understood where a Reshape keeps it in place (x.view(x.size(0), x.size(1), -1)).
                int a = (int) at[0];
                out(n, 0, idx.dim() == 0 ? new Dim(sh.of(), 1L << a) : new ShapeVec(new long[] {DIM + (1L << a)}, sh.of()));
                return;
            }
            if (axis != 0 || at == null || at.length != 1 || at[0] != sh.batchAxis()) {
                throw unsupported(n, "only the batch size (Shape(x)[" + sh.batchAxis() + "] here) is understood; other sizes would be read at run time");
            }
            out(n, 0, idx.dim() == 0 ? new BatchSize() : new ShapeVec(BATCH));
            return;
        }
        if (idx == null || idx.dim() != 0) throw unsupported(n, "only a constant single index is understood (a last step, a final state)");
        long i = idx.toLongArray()[0];
        Port seq = timeMajorOut(s);
        if (seq != null && axis == 0 && i == -1) {
            layer(n, "LastStep", seq, 2, "batch_first", true);
            return;
        }
        Port p = port(n.input(0), n);
        boolean state = s instanceof RnnH || s instanceof RnnC || p.port().equals("h_n") || p.port().equals("c_n");
        if (state && axis == 0) layer(n, "FinalHidden", p, 2, "layer", (int) i);
        else if (rank(p) == 3 && i == -1 && (axis == 1 || axis == 0)) layer(n, "LastStep", p, 2, "batch_first", axis == 1);
        else if (axis != 0 && axis >= -(rank(p) - 1) && axis < rank(p)) layer(n, "Select", p, rank(p) - 1, "dim", (int) axis, "index", (int) i);
        else throw unsupported(n, "picking index " + i + " of axis " + axis + " is not a LayerLab layer");
    }

    private void activation(OnnxProto.Node n, String kind, Object... kv) {
        Port x = port(n.input(0), n);
        layer(n, kind, x, rank(x), kv);
    }

    /**
     * {@code Clip(x, min, max)}, bounds as constant inputs (opset 11 on) or attributes (before): ReLU6 from 0 to 6 (MobileNet's
     * {@code nn.ReLU6}, which torch.onnx.export writes so), ReLU for a lower bound of 0 alone, Hardtanh for any other two.
     */
    private void clip(OnnxProto.Node n) {
        Float lo, hi;
        if (n.inputs().size() > 1 || n.attribute("min") == null && n.attribute("max") == null) {
            String min = n.inputs().size() > 1 ? n.input(1) : "", max = n.inputs().size() > 2 ? n.input(2) : "";
            lo = min.isEmpty() ? null : scalar(min);
            hi = max.isEmpty() ? null : scalar(max);
            if (!min.isEmpty() && lo == null || !max.isEmpty() && hi == null) throw unsupported(n, "only bounds that are constants are understood");
        } else {
            lo = n.attribute("min") == null ? null : n.attribute("min").f();
            hi = n.attribute("max") == null ? null : n.attribute("max").f();
        }
        if (lo != null && hi != null && lo == 0f && hi == 6f) activation(n, "ReLU6");
        else if (lo != null && hi != null) activation(n, "Hardtanh", "min_val", decimal(lo), "max_val", decimal(hi));
        else if (lo != null && lo == 0f) activation(n, "ReLU");
        else throw unsupported(n, "only a clip to two bounds (Hardtanh, ReLU6) or at 0 from below (ReLU) is understood, not [" + lo + ", " + hi + "]");
    }

    private void concat(OnnxProto.Node n) {
        long axis = intAttr(n, "axis", 0);
        if (n.inputs().stream().anyMatch(v -> values.get(v) instanceof ShapeVec)) {
            List<Long> dims = new ArrayList<>();
            Port of = null;
            for (String v : n.inputs()) {
                Tensor c = consts.get(v);
                if (values.get(v) instanceof ShapeVec sv) {
                    if (sv.readsSizes() && of != null && !of.equals(sv.of())) throw unsupported(n, "a shape joined from the sizes of two tensors");
                    if (sv.readsSizes()) of = sv.of();
                    for (long d : sv.dims()) dims.add(d);
                } else if (c != null && c.dim() == 1 && c.dtype() == DType.INT64) for (long d : c.toLongArray()) dims.add(d);
                else throw unsupported(n, "a shape joined from \"" + v + "\", which is neither constant sizes nor sizes read from a tensor");
            }
            out(n, 0, new ShapeVec(dims.stream().mapToLong(Long::longValue).toArray(), of));
            return;
        }
        Src first = values.get(n.input(0));
        if (first instanceof RnnH || first instanceof RnnC) {
            INode r = first instanceof RnnH h ? h.node() : ((RnnC) first).node();
            boolean whole = axis == 0 && n.inputs().size() == r.layers;
            for (int l = 0; l < n.inputs().size() && whole; l++) {
                Src s = values.get(n.input(l));
                whole = first instanceof RnnH ? s.equals(new RnnH(r, l)) : s.equals(new RnnC(r, l));
            }
            if (!whole) throw unsupported(n, "only joining every layer's final state in order is understood");
            r.frozen = true;
            out(n, 0, new Port(r, first instanceof RnnH ? "h_n" : "c_n"));
            return;
        }
        if (first instanceof Tiled t && n.inputs().size() == 2 && values.get(n.input(1)) instanceof Port x && rank(x) == 3
                && (axis == 1 || axis == -2) && consts.get(t.value()).dim() == 3 && consts.get(t.value()).size(1) == 1) {
            // torch.cat([class_token.expand(N, -1, -1), x], dim=1): a Vision Transformer's class token.
            INode c = add("ClassToken", origin.getOrDefault(t.value(), t.value()) + "/ClassToken"); // named as its parameter: class_token
            c.params.put("embed_dim", consts.get(t.value()).size(2));
            c.state.put("class_token", consts.get(t.value()));
            c.inputs.put("in", x);
            c.ranks.put("out", 3);
            out(n, 0, new Port(c, "out"));
            return;
        }
        List<Port> ins = new ArrayList<>();
        for (String v : n.inputs()) ins.add(port(v, n));
        if (ins.size() == 1) { // torch.cat([x]) (a DenseNet block's first layer) is x
            out(n, 0, ins.get(0));
            return;
        }
        INode c = add("Concat", n.name());
        c.params.put("dim", (int) axis);
        if (ins.size() != 2) c.params.put("num_inputs", ins.size());
        for (int i = 0; i < ins.size(); i++) c.inputs.put("in" + (i + 1), ins.get(i));
        c.ranks.put("out", rank(ins.get(0)));
        out(n, 0, new Port(c, "out"));
    }

    private void transpose(OnnxProto.Node n) {
        long[] perm = n.attribute("perm") == null ? null : n.attribute("perm").ints();
        String in = n.input(0);
        Tensor c = consts.get(in);
        if (c != null) {
            int[] p = new int[c.dim()];
            for (int i = 0; i < p.length; i++) p[i] = perm == null ? p.length - 1 - i : (int) perm[i];
            consts.put(n.outputs().get(0), c.permute(p).contiguous());
            if (origin.containsKey(in)) origin.put(n.outputs().get(0), origin.get(in));
            return;
        }
        Src s = values.get(in);
        boolean swap01 = java.util.Arrays.equals(perm, new long[] {1, 0, 2});
        if (s instanceof RnnY y && java.util.Arrays.equals(perm, new long[] {0, 2, 1, 3})) out(n, 0, new RnnYT(y.node(), y.layer()));
        else if (s instanceof RnnSeq q && swap01 && Boolean.TRUE.equals(q.node().params.get("batch_first")) && q.layer() == q.node().layers - 1) {
            q.node().frozen = true;
            out(n, 0, new Port(q.node(), "out"));
        } else if (s instanceof Port p && swap01 && rank(p) == 3 && feedsRecurrent(n.outputs().get(0))) out(n, 0, new TimeMajor(p));
        else if (s instanceof Port p && perm != null && perm.length == rank(p) && perm[0] == 0 && swapped(perm) != null) {
            int[] ab = swapped(perm);
            layer(n, "Transpose", p, rank(p), "dim0", ab[0], "dim1", ab[1]);
        } else if (s instanceof Port p && perm != null && perm.length == rank(p) && perm[0] == 0 && isOrder(perm)) {
            List<Integer> dims = new ArrayList<>();
            for (long d : perm) dims.add((int) d);
            layer(n, "Permute", p, rank(p), "dims", dims);
        } else throw unsupported(n, "only orders of the dims after the batch (x.permute(0, 2, 3, 1), x.transpose(1, 2)) and the transposes around a recurrent layer are understood");
    }

    /** Whether {@code perm} lists each of 0 … length − 1 once. */
    private static boolean isOrder(long[] perm) {
        boolean[] seen = new boolean[perm.length];
        for (long d : perm) {
            if (d < 0 || d >= perm.length || seen[(int) d]) return false;
            seen[(int) d] = true;
        }
        return true;
    }

    /** The two places a permutation swaps, leaving the rest in place; null for any other permutation. */
    private static int[] swapped(long[] perm) {
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; i < perm.length; i++) if (perm[i] != i) moved.add(i);
        if (moved.size() != 2 || perm[moved.get(0)] != moved.get(1)) return null;
        return new int[] {moved.get(0), moved.get(1)};
    }

    /**
     * Whether a [T, N, F] value feeds a recurrent op, as PyTorch's time-major layers read a batch-first input; else its
     * swap is a Transpose layer.
     */
    private boolean feedsRecurrent(String value) {
        for (OnnxProto.Node r : consumers.getOrDefault(value, List.of())) {
            if (r.opType().equals("RNN") || r.opType().equals("LSTM") || r.opType().equals("GRU")) return true;
        }
        return false;
    }

    /** One ONNX recurrent op is one layer (both directions): a new LayerLab node, or the next layer of the one feeding it. */
    private void recurrent(OnnxProto.Node n) {
        String kind = n.opType();
        int[] order = switch (kind) {
            case "LSTM" -> new int[] {0, 3, 1, 2};
            case "GRU" -> new int[] {1, 0, 2};
            default -> new int[] {0};
        };
        int h = (int) intAttr(n, "hidden_size", -1);
        String direction = stringAttr(n, "direction", "forward");
        if (h <= 0) throw unsupported(n, "it has no hidden_size");
        if (direction.equals("reverse")) throw unsupported(n, "a reverse-only recurrent layer is not a LayerLab layer");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (n.attribute("clip") != null || intAttr(n, "input_forget", 0) != 0 || intAttr(n, "layout", 0) != 0) {
            throw unsupported(n, "clip, input_forget and layout=1 are not understood");
        }
        if (kind.equals("GRU") && intAttr(n, "linear_before_reset", 0) != 1) {
            throw unsupported(n, "linear_before_reset=0 differs from PyTorch's GRU (which applies the reset gate after the hidden projection)");
        }
        String nonlinearity = "tanh";
        Attribute acts = n.attribute("activations");
        if (acts != null) {
            Set<String> set = new HashSet<>(acts.strings());
            boolean ok = switch (kind) {
                case "RNN" -> set.size() == 1 && (set.contains("Tanh") || set.contains("Relu"));
                case "LSTM" -> acts.strings().equals(dirs == 2 ? List.of("Sigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh") : List.of("Sigmoid", "Tanh", "Tanh"));
                default -> acts.strings().equals(dirs == 2 ? List.of("Sigmoid", "Tanh", "Sigmoid", "Tanh") : List.of("Sigmoid", "Tanh"));
            };
            if (!ok) throw unsupported(n, "activations " + acts.strings() + " differ from PyTorch's " + kind);
            if (set.contains("Relu")) nonlinearity = "relu";
        }
        Port lengths = null;
        if (!n.input(4).isEmpty()) {
            if (!(values.get(n.input(4)) instanceof SequenceLens q)) {
                throw unsupported(n, "only sequence_lens cast from a LayerLab lengths tensor (int64 [N], as a Lengths node gives) is understood");
            }
            lengths = q.lengths();
        }
        for (int i = 5; i <= 6; i++) {
            if (n.input(i).isEmpty()) continue;
            Tensor t = consts.get(n.input(i));
            if (values.get(n.input(i)) instanceof Zeros) continue;
            if (t == null || t.abs().max().item() != 0) throw unsupported(n, "a non-zero initial state is not a LayerLab layer");
        }
        if (!n.input(7).isEmpty()) throw unsupported(n, "peepholes are not understood");
        Tensor w = weight(n, 1), r = weight(n, 2), b = n.input(3).isEmpty() ? null : weight(n, 3);
        Src s = values.get(n.input(0));
        INode node;
        int layer;
        if (s instanceof RnnSeq q && q.layer() == q.node().layers - 1 && !q.node().frozen && q.node().kind.equals(kind)
                && q.node().params.get("hidden_size").equals(h) && (dirs == 2) == q.node().params.containsKey("bidirectional")
                && (b == null) == q.node().params.containsKey("bias") && java.util.Objects.equals(lengths, q.node().inputs.get("lengths"))) {
            node = q.node();
            layer = node.layers++;
            node.params.put("num_layers", node.layers);
        } else {
            boolean bf = s instanceof TimeMajor;
            Port x = bf ? ((TimeMajor) s).src() : port(n.input(0), n);
            if (rank(x) != 3) throw unsupported(n, "its input is not a sequence");
            node = add(kind, n.name());
            node.params.put("input_size", w.size(2));
            node.params.put("hidden_size", h);
            if (kind.equals("RNN") && nonlinearity.equals("relu")) node.params.put("nonlinearity", "relu");
            if (b == null) node.params.put("bias", false);
            node.params.put("batch_first", bf);
            if (dirs == 2) node.params.put("bidirectional", true);
            node.inputs.put("in", x);
            if (lengths != null) node.inputs.put("lengths", lengths);
            node.ranks.put("out", 3);
            node.ranks.put("h_n", 3);
            node.ranks.put("c_n", 3);
            node.layers = 1;
            layer = 0;
        }
        for (int d = 0; d < dirs; d++) {
            String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
            node.state.put("weight_ih" + sfx, ungate(w.select(0, d), order, h));
            node.state.put("weight_hh" + sfx, ungate(r.select(0, d), order, h));
            if (b != null) {
                Tensor bd = b.select(0, d);
                int g = order.length * h;
                node.state.put("bias_ih" + sfx, ungate(bd.narrow(0, 0, g), order, h));
                node.state.put("bias_hh" + sfx, ungate(bd.narrow(0, g, g), order, h));
            }
        }
        out(n, 0, new RnnY(node, layer));
        out(n, 1, new RnnH(node, layer));
        out(n, 2, new RnnC(node, layer));
    }

    /**
     * A Cast of lengths to int32 whose readers are all recurrent ops' sequence_lens, as LayerLab's export writes a
     * recurrent layer's lengths input; any other Cast is refused.
     */
    private void sequenceLens(OnnxProto.Node n) {
        List<OnnxProto.Node> readers = consumers.getOrDefault(n.outputs().get(0), List.of());
        if (readers.stream().noneMatch(r -> Set.of("RNN", "LSTM", "GRU").contains(r.opType()))) throw unsupported(n, "LayerLab has no layer for it");
        boolean lens = intAttr(n, "to", -1) == OnnxFields.TensorProto.INT32 && !isOutput(n.outputs().get(0))
                && readers.stream().allMatch(r -> Set.of("RNN", "LSTM", "GRU").contains(r.opType()) && r.input(4).equals(n.outputs().get(0))
                && r.inputs().indexOf(n.outputs().get(0)) == 4);
        Port p = lens && values.get(n.input(0)) instanceof Port q ? q : null;
        if (p == null || rank(p) != 1) {
            throw unsupported(n, "only lengths (int64 [N]) cast to int32 for recurrent ops' sequence_lens, as LayerLab's export writes them, are understood");
        }
        out(n, 0, new SequenceLens(p));
    }

    /** ONNX's gate blocks back in PyTorch's order: PyTorch block {@code order[j]} is ONNX block {@code j}. */
    private static Tensor ungate(Tensor t, int[] order, int h) {
        Tensor[] parts = new Tensor[order.length];
        for (int j = 0; j < order.length; j++) parts[order[j]] = t.narrow(0, j * h, h);
        return Tensor.cat(0, parts).contiguous();
    }

    /**
     * The layers LayerLab wrote as several ops (its metadata's {@link OnnxExporter#COMPOSITES}: a MultiheadAttention) whose
     * ops are all still there as written: named after the layer ({@code attn}, {@code attn/MatMul}, …), reading nothing
     * made by another layer's ops but the layer's inputs, and writing its outputs. Their ops are taken out and the last one
     * becomes the layer. An entry that does not fit (the file was changed since) is passed over: its ops then import as
     * ops, or are refused naming them.
     */
    private void findComposites() {
        if (composites == null) return;
        ObjectMapper json = new ObjectMapper();
        JsonNode list;
        try {
            list = json.readTree(composites);
        } catch (JsonProcessingException e) {
            return;
        }
        if (list == null || !list.isArray()) return;
        for (JsonNode entry : list) {
            Composite c;
            try {
                c = new Composite(entry.get("name").asText(), entry.get("kind").asText(), json.convertValue(entry.get("params"), new TypeReference<>() {}),
                        json.convertValue(entry.get("inputs"), new TypeReference<>() {}), json.convertValue(entry.get("outputs"), new TypeReference<>() {}),
                        json.convertValue(entry.get("ranks"), new TypeReference<>() {}));
            } catch (RuntimeException e) {
                continue;
            }
            if (Registry.find(c.kind()) == null || c.outputs() == null || c.inputs() == null || c.params() == null || c.ranks() == null) continue;
            List<OnnxProto.Node> ops = graph.nodes().stream().filter(n -> n.name().equals(c.name()) || n.name().startsWith(c.name() + "/")).toList();
            Set<OnnxProto.Node> own = new HashSet<>(ops);
            if (ops.isEmpty() || ops.stream().anyMatch(fused::contains)) continue;
            Set<String> made = new HashSet<>();
            for (OnnxProto.Node op : ops) made.addAll(op.outputs());
            boolean fits = c.outputs().values().stream().allMatch(made::contains);
            // What the ops read from outside: the layer's inputs and constants only.
            for (OnnxProto.Node op : ops) {
                for (String v : op.inputs()) {
                    if (!v.isEmpty() && !made.contains(v) && !consts.containsKey(v) && !c.inputs().containsValue(v)) fits = false;
                }
            }
            // What other ops read of theirs: the layer's outputs only.
            for (String v : made) {
                for (OnnxProto.Node reader : consumers.getOrDefault(v, List.of())) if (!own.contains(reader) && !c.outputs().containsValue(v)) fits = false;
                if (isOutput(v) && !c.outputs().containsValue(v)) fits = false;
            }
            if (!fits) continue;
            for (OnnxProto.Node op : ops) fused.add(op);
            OnnxProto.Node last = ops.get(ops.size() - 1);
            fused.remove(last);
            compositeAt.put(last, c);
        }
    }

    /** Finds the ops of each Lengths node and masked LastStep or MeanOverTime ({@link MaskedOps}): they are taken out, and the last one becomes the layer. */
    private void findMasked() {
        for (MaskedOps.Match m : new MaskedOps(graph.nodes(), producerOf, consumers, consts, this::isOutput).find()) {
            if (m.ops().stream().anyMatch(fused::contains)) continue;
            fused.addAll(m.ops().subList(0, m.ops().size() - 1));
            maskedAt.put(m.last(), m);
        }
    }

    /** A layer {@link #findMasked} found; a mask's steps must be the sequence's. */
    private void masked(OnnxProto.Node at, MaskedOps.Match m) {
        INode l = add(m.kind(), m.hint());
        l.params.putAll(m.params());
        for (var in : m.inputs().entrySet()) l.inputs.put(in.getKey(), port(in.getValue(), at));
        Port x = l.inputs.get("in");
        if (m.steps() > 0) {
            int[] dims = Boolean.TRUE.equals(m.params().get("batch_first")) ? sampleDims(x) : null;
            if (rank(x) != 3 || dims != null && dims[0] != m.steps()) {
                throw unsupported(at, "its mask has " + m.steps() + " steps, which its sequence does not");
            }
            if (rank(l.inputs.get("lengths")) != 1) throw unsupported(at, "its lengths are not one per sample");
        }
        l.ranks.put("out", m.rank());
        out(at, 0, new Port(l, "out"));
    }

    /**
     * Finds each nn.MultiheadAttention module as torch.onnx.export writes it: time-major ops named under the module
     * ({@code /encoder/layers.0/self_attn/MatMul}) around a Softmax, the batch and the heads in one dim, which no layer per
     * sample stands for. Self-attention (one input: query, key and value the same) with the packed in-projection
     * (in_proj_weight, or its transpose under another name) and out_proj is taken as one MultiheadAttention layer, with
     * the head count and causal mask under which that layer computes what the ops compute: checked when the layer is
     * made ({@link #torchAttention}), on a random input, against the ops run as written ({@link OnnxEval}).
     */
    private void findTorchAttentions() {
        Set<String> seen = new HashSet<>();
        for (OnnxProto.Node soft : graph.nodes()) {
            if (!soft.opType().equals("Softmax") || fused.contains(soft) || soft.name().lastIndexOf('/') <= 0) continue;
            String scope = soft.name().substring(0, soft.name().lastIndexOf('/'));
            if (!seen.add(scope)) continue;
            List<OnnxProto.Node> ops = new ArrayList<>();
            Set<String> made = new HashSet<>();
            for (OnnxProto.Node n : graph.nodes()) {
                if (!n.name().startsWith(scope + "/") || n.opType().equals("Constant")) continue;
                ops.add(n);
                made.addAll(n.outputs());
            }
            String module = "PyTorch's module " + scope.substring(1).replaceAll("^.*/", "");
            Tensor outW = null, outB = null, inW = null, inWt = null, inB = null;
            for (OnnxProto.Node n : ops) {
                for (String v : n.inputs()) {
                    String from = origin.getOrDefault(v, v);
                    Tensor c = consts.get(v);
                    if (c == null || c.dtype() != DType.FLOAT32) continue;
                    if (from.endsWith("out_proj.weight")) outW = c;
                    else if (from.endsWith("out_proj.bias")) outB = c;
                    else if (from.endsWith("in_proj_weight")) inW = c;
                    else if (from.endsWith("in_proj_bias")) inB = c;
                    else if (n.opType().equals("MatMul") && v.equals(n.input(1)) && c.dim() == 2) inWt = c;
                }
            }
            if (outW == null || outW.dim() != 2) continue; // not an attention module
            int e = outW.size(0);
            if (inW == null && inWt != null && inWt.size(0) == e && inWt.size(1) == 3 * e) inW = inWt.transpose(0, 1).contiguous();
            List<String> external = new ArrayList<>();
            for (OnnxProto.Node n : ops) {
                for (String v : n.inputs()) if (!v.isEmpty() && !made.contains(v) && !consts.containsKey(v) && !external.contains(v)) external.add(v);
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (OnnxProto.Node n : ops) {
                for (String v : n.outputs()) {
                    boolean read = isOutput(v) || consumers.getOrDefault(v, List.of()).stream().anyMatch(r -> !ops.contains(r));
                    if (read) outputs.put(v, null);
                }
            }
            String why = null;
            if (external.size() != 1) why = module + ", an nn.MultiheadAttention of " + external.size() + " different inputs; LayerLab reads torch.onnx.export's "
                    + "attention as a layer only where query, key and value are one tensor (self-attention)";
            else if (inW == null || inW.size(0) != 3 * e || inW.size(1) != e || outW.size(1) != e) why = module + ", an nn.MultiheadAttention whose projections "
                    + "are not the packed in_proj_weight [" + 3 * e + ", " + e + "] and out_proj LayerLab's layer has";
            else if (outputs.isEmpty() || outputs.size() > 2) why = module + ", whose ops give " + outputs.size() + " values to the rest of the model (an attention gives its output and perhaps its weights)";
            if (why != null) {
                notAttention.put(scope, why);
                continue;
            }
            OnnxProto.Node last = ops.get(ops.size() - 1);
            // What reads the module's results must come after its last op, where the layer is made.
            int at = graph.nodes().indexOf(last);
            boolean inOrder = true;
            for (String v : outputs.keySet()) {
                for (OnnxProto.Node r : consumers.getOrDefault(v, List.of())) inOrder &= ops.contains(r) || graph.nodes().indexOf(r) > at;
            }
            if (!inOrder) {
                notAttention.put(scope, module + ", whose results are read between its ops");
                continue;
            }
            Map<String, Tensor> state = new LinkedHashMap<>();
            state.put("in_proj_weight", inW);
            if (inB != null) state.put("in_proj_bias", inB);
            state.put("out_proj.weight", outW);
            if (outB != null) state.put("out_proj.bias", outB);
            fused.addAll(ops);
            fused.remove(last);
            torchAttentionAt.put(last, new TorchAttention(scope, ops, external.get(0), outputs, state));
        }
    }

    /**
     * The MultiheadAttention layer {@code a}'s ops compute: the head count (each divisor of embed_dim, the fewest first) and
     * mask (none, then causal) under which the layer's output (and attention weights, where the model reads them) agree with
     * the ops run as written on a random input of the query's shape; refused, naming the module, when none do.
     */
    private void torchAttention(OnnxProto.Node at, TorchAttention a) {
        Port q = port(a.query(), at);
        int[] sample = sampleDims(q);
        String module = "PyTorch's module " + a.scope().substring(1).replaceAll("^.*/", "") + " (nn.MultiheadAttention)";
        int e = a.state().get("out_proj.weight").size(0);
        if (sample == null || sample.length != 2 || sample[1] != e) {
            throw unsupported(at, module + " reads " + (sample == null ? "a tensor of unknown shape" : java.util.Arrays.toString(sample))
                    + "; LayerLab reads it as a layer of batch-first sequences [N, L, " + e + "]");
        }
        int batch = staticBatch != null ? staticBatch.intValue() : 1;
        Tensor x;
        Map<String, Tensor> ran;
        try (var g = Autograd.noGrad()) {
            x = Tensor.randn(new Generator(20261203L), batch, sample[0], e);
            Map<String, Tensor> known = new HashMap<>(consts);
            known.put(a.query(), x);
            ran = OnnxEval.run(a.ops(), known);
        } catch (OnnxEval.Unsupported | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException ex) {
            throw unsupported(at, module + ": its ops could not be run to check them as one layer (" + ex.getMessage() + ")");
        }
        // The head counts to try: whole numbers the ops use that divide embed_dim first (torch writes num_heads into the
        // reshapes' sizes), then every other divisor.
        java.util.LinkedHashSet<Integer> tries = new java.util.LinkedHashSet<>();
        for (OnnxProto.Node n : a.ops()) {
            for (String v : n.inputs()) {
                Tensor c = consts.get(v);
                if (c != null && c.numel() == 1 && c.dtype() != DType.FLOAT32) {
                    long k = c.toLongArray()[0];
                    if (k > 0 && k <= e && e % k == 0) tries.add((int) k);
                }
            }
        }
        for (int k = 1; k <= e; k++) if (e % k == 0) tries.add(k);
        for (int heads : tries) {
            for (boolean causal : new boolean[] {false, true}) {
                MultiheadAttention m;
                try (var own = Generator.use(new Generator(0))) { // its fresh weights, replaced below, leave the global generator be
                    m = new MultiheadAttention(e, heads, 0, a.state().containsKey("in_proj_bias"), causal);
                }
                m.loadStateDict(a.state(), true);
                m.eval();
                Tensor[] got;
                try (var g = Autograd.noGrad()) {
                    got = m.forwardFull(x, x, x, null);
                }
                Map<String, String> ports = new LinkedHashMap<>();
                boolean same = true;
                for (String v : a.outputs().keySet()) {
                    Tensor want = ran.get(v);
                    String port = want != null && java.util.Arrays.equals(want.shape(), got[0].shape()) && close(want, got[0]) ? "out"
                            : want != null && java.util.Arrays.equals(want.shape(), got[1].shape()) && close(want, got[1]) ? "weights" : null;
                    same &= port != null;
                    ports.put(v, port);
                }
                if (!same) continue;
                INode l = add("MultiheadAttention", a.scope() + "/MultiheadAttention"); // named as its module
                l.params.put("embed_dim", e);
                l.params.put("num_heads", heads);
                if (!a.state().containsKey("in_proj_bias")) l.params.put("bias", false);
                if (causal) l.params.put("causal", true);
                l.inputs.put("query", q);
                l.state.putAll(a.state());
                l.ranks.put("out", 3);
                l.ranks.put("weights", 3);
                ports.forEach((v, p) -> values.put(v, new Port(l, p)));
                return;
            }
        }
        throw unsupported(at, module + ": no MultiheadAttention(" + e + ", num_heads) LayerLab has, with or without a causal mask, computes what its ops compute "
                + "(a mask or dropout of another kind, or key_padding_mask, is not read)");
    }

    /** Whether {@code a} and {@code b} agree to float32's accumulated rounding, relative to {@code b}'s size. */
    private static boolean close(Tensor a, Tensor b) {
        float scale = Math.max(1f, b.abs().max().item());
        return a.sub(b).abs().max().item() <= 1e-4f * scale;
    }

    /** A composite layer ({@link #findComposites}): its settings, inputs, outputs, and its weights, the initializers {@code <name>.<param>}. */
    private void composite(OnnxProto.Node at, Composite c) {
        INode l = add(c.kind(), c.name());
        l.params.putAll(c.params());
        c.inputs().forEach((p, v) -> {
            if (v != null) l.inputs.put(p, port(v, at));
        });
        String prefix = c.name() + ".";
        for (Map.Entry<String, Tensor> e : consts.entrySet()) {
            if (e.getKey().startsWith(prefix)) l.state.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        l.ranks.putAll(c.ranks());
        c.outputs().forEach((p, v) -> values.put(v, new Port(l, p)));
    }

    // ---------------------------------------------------------------- helpers

    /** A layer with one input, its params as name, value pairs, its output of rank {@code rank}. */
    private void layer(OnnxProto.Node n, String kind, Port x, int rank, Object... kv) {
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
    private int[] sampleDims(Port p) {
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

    /**
     * Whether {@code n} computes with sizes read at run time and constants only, in a way no layer stands for: ShuffleNetV2's
     * {@code (C + 1) / 2}, {@code C / 2}: then the sizes are taken as they are known before the run ({@link #known}) and the
     * arithmetic folded. A product of sizes alone, their joining into a shape and a Reshape stay as they are read, which
     * keeps {@code x.flatten(k)} a Flatten.
     */
    private boolean sizeArithmetic(OnnxProto.Node n) {
        if (!Set.of("Add", "Sub", "Mul", "Div", "Cast").contains(n.opType())) return false;
        boolean sizes = false;
        for (String v : n.inputs()) {
            if (v.isEmpty() || consts.containsKey(v)) continue;
            if (!(values.get(v) instanceof Dim || values.get(v) instanceof ShapeVec sv && sv.readsSizes())) return false;
            sizes = true;
        }
        if (!sizes) return false;
        if (n.opType().equals("Mul")) {
            // num_flat_features's n = 1; n *= size, and its products of sizes, stay sizes.
            boolean factor = false;
            for (String v : n.inputs()) {
                if (consts.containsKey(v) && near(scalar(v), 1)) return false;
                factor |= consts.containsKey(v);
            }
            if (!factor) return false;
        }
        for (String v : n.inputs()) if (!v.isEmpty() && known(v) == null) return false;
        return true;
    }

    /**
     * The value {@code v} has, where it is known before the run: a constant, or sizes of a tensor that LayerLab's shape rules
     * give ({@link #sampleDims}): a {@link Dim} as a scalar, a {@link ShapeVec} without the batch size as a vector; else null.
     */
    private Tensor known(String v) {
        if (consts.containsKey(v)) return consts.get(v);
        if (values.get(v) instanceof Dim d) {
            Long size = size(d.of(), d.axes());
            return size == null ? null : scalarLong(size);
        }
        if (values.get(v) instanceof ShapeVec sv) {
            long[] dims = resolved(sv);
            if (dims == null) return null;
            for (long d : dims) if (d == BATCH) return null;
            return Tensor.ofLongs(dims, dims.length);
        }
        return null;
    }

    /** {@code sv} with its sizes read from a tensor as the numbers they are (the batch size stays {@link #BATCH}), or null. */
    private long[] resolved(ShapeVec sv) {
        long[] dims = sv.dims().clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > BATCH && dims[i] <= DIM + (1L << 32)) {
                Long size = size(sv.of(), dims[i] - DIM);
                if (size == null) return null;
                dims[i] = size;
            }
        }
        return dims;
    }

    /** The product of the sizes of {@code p} at the axes whose bits {@code axes} has (axis 1 is bit 1), or null when not known. */
    private Long size(Port p, long axes) {
        int[] sizes = p == null ? null : sampleDims(p);
        if (sizes == null) return null;
        long product = 1;
        for (int a = 1; a <= sizes.length; a++) if ((axes & (1L << a)) != 0) product *= sizes[a - 1];
        return product;
    }

    /**
     * {@code x + pos_embedding}, a float constant {@code [1, L, D]} (or {@code [L, D]}) added to a sequence {@code x [N, L, D]}:
     * a Vision Transformer's learned positions (torchvision's {@code Encoder.pos_embedding}), a PositionEmbedding layer with the
     * constant its weights.
     */
    private boolean positionEmbedding(OnnxProto.Node n, String c) {
        String other = n.input(0).equals(c) ? n.input(1) : n.input(0);
        Tensor t = consts.get(c);
        if (!(values.get(other) instanceof Port x) || rank(x) != 3 || t.dtype() != DType.FLOAT32) return false;
        int[] sizes = sampleDims(x);
        if (sizes == null || !(t.dim() == 3 && t.size(0) == 1 && t.size(1) == sizes[0] && t.size(2) == sizes[1]
                || t.dim() == 2 && t.size(0) == sizes[0] && t.size(1) == sizes[1])) return false;
        INode l = add("PositionEmbedding", hintOf(n, c));
        l.params.put("num_positions", sizes[0]);
        l.params.put("embed_dim", sizes[1]);
        l.state.put("pos_embedding", t.dim() == 3 ? t : t.reshape(1, sizes[0], sizes[1]));
        l.inputs.put("in", x);
        l.ranks.put("out", 3);
        out(n, 0, new Port(l, "out"));
        return true;
    }

    /** Whether expanding {@code c} to {@code sv} repeats it over the batch alone (its other sizes kept: -1, 1 or its own). */
    private static boolean tilesOnlyTheBatch(Tensor c, ShapeVec sv) {
        for (int i = 1; i < c.dim(); i++) {
            long d = sv.dims()[i];
            if (d != 1 && d != -1 && d != c.size(i)) return false;
        }
        return true;
    }

    /**
     * Arithmetic on shapes that hold the batch size ({@code x.expand(N, -1, -1)}'s {@code Where(Equal(shape, -1), 1, shape)}):
     * run at two batch sizes; what does not change is a constant, a 1-D result whose changing entries are those batch sizes a
     * shape with the batch there, a scalar that is them the batch size. Only for ops none of whose inputs is a computed
     * tensor, and not the forms read as they are above (a batch size made a shape, joined into one, zeros of its size).
     */
    private boolean batchArithmetic(OnnxProto.Node n) {
        if (!Set.of("Reshape", "Shape", "Equal", "Where", "Add", "Sub", "Mul", "Div", "Cast", "Gather", "Squeeze", "Unsqueeze", "Slice").contains(n.opType())) return false;
        boolean batch = false;
        for (String v : n.inputs()) {
            if (v.isEmpty() || consts.containsKey(v)) continue;
            Src s = values.get(v);
            if (s instanceof ShapeVec sv) batch |= java.util.Arrays.stream(sv.dims()).anyMatch(d -> d == BATCH);
            else if (s instanceof BatchSize) batch = true;
            else if (!(s instanceof Dim)) return false;
        }
        // Read as they are elsewhere: x.size(0) made a 1-D shape, a ShapeVec's entries multiplied by sizes.
        if (!batch || n.opType().equals("Unsqueeze") && values.get(n.input(0)) instanceof BatchSize) return false;
        Tensor[] r = new Tensor[2];
        long[] sizes = {2, 3};
        for (int k = 0; k < 2; k++) {
            Map<String, Tensor> known = new HashMap<>();
            for (String v : n.inputs()) {
                if (v.isEmpty()) continue;
                Tensor t = withBatch(v, sizes[k]);
                if (t == null) return false;
                known.put(v, t);
            }
            try {
                r[k] = OnnxEval.run(List.of(n), known).get(n.outputs().get(0));
            } catch (OnnxEval.Unsupported | IllegalArgumentException | IndexOutOfBoundsException e) {
                return false;
            }
            if (r[k] == null || r[k].dtype() == DType.FLOAT32) return false;
        }
        long[] a = r[0].toLongArray(), b = r[1].toLongArray();
        if (java.util.Arrays.equals(a, b)) {
            consts.put(n.outputs().get(0), r[0]);
            return true;
        }
        if (r[0].dim() == 0) {
            if (a[0] != sizes[0] || b[0] != sizes[1]) return false;
            out(n, 0, new BatchSize());
            return true;
        }
        if (r[0].dim() != 1) return false;
        long[] dims = a.clone();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) continue;
            if (a[i] != sizes[0] || b[i] != sizes[1]) return false;
            dims[i] = BATCH;
        }
        out(n, 0, new ShapeVec(dims));
        return true;
    }

    /** {@code v}'s value with the batch size {@code batch}: a constant, or sizes known but for the batch; else null. */
    private Tensor withBatch(String v, long batch) {
        if (consts.containsKey(v)) return consts.get(v);
        Src s = values.get(v);
        if (s instanceof BatchSize) return scalarLong(batch);
        if (s instanceof Dim) return known(v);
        if (s instanceof ShapeVec sv) {
            long[] dims = resolved(sv);
            if (dims == null) return null;
            for (int i = 0; i < dims.length; i++) if (dims[i] == BATCH) dims[i] = batch;
            return Tensor.ofLongs(dims, dims.length);
        }
        return null;
    }

    private INode add(String kind, String hint) {
        INode n = new INode(kind, hint);
        if (converting != null) n.scope = converting.name().contains("/") ? converting.name().substring(0, converting.name().lastIndexOf('/')) : "";
        nodes.add(n);
        return n;
    }

    private void out(OnnxProto.Node n, int i, Src s) {
        if (i < n.outputs().size() && !n.outputs().get(i).isEmpty()) values.put(n.outputs().get(i), s);
    }

    /** Outputs past the first (a pool's indices, BatchNorm's training statistics) must be unused. */
    private void unusedBeyond(OnnxProto.Node n, int keep) {
        for (int i = keep; i < n.outputs().size(); i++) {
            String v = n.outputs().get(i);
            if (!v.isEmpty() && (consumers.containsKey(v) || isOutput(v))) throw unsupported(n, "its output \"" + v + "\" is used, which LayerLab's layer does not give");
        }
    }

    private Src src(String value, OnnxProto.Node at) {
        Src s = values.get(value);
        if (s == null) throw unsupported(at, "its input \"" + value + "\" is not produced by any node before it");
        return s;
    }

    /**
     * The out port of a batch-first recurrent layer whose sequence {@code s} is, time-major ([T, N, H], as a model that
     * transposed its input for a time-major layer reads it: {@code y[-1]}, {@code y.mean(0)}); else null.
     */
    private static Port timeMajorOut(Src s) {
        if (!(s instanceof RnnSeq q) || q.layer() != q.node().layers - 1 || !Boolean.TRUE.equals(q.node().params.get("batch_first"))) return null;
        q.node().frozen = true;
        return new Port(q.node(), "out");
    }

    /** The LayerLab port {@code value} stands for; a recurrent op's final state is its h_n (c_n) when the op is one layer. */
    private Port port(String value, OnnxProto.Node at) {
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
        String why = s == null ? "is not produced by any node before it" : "is part of a pattern LayerLab cannot express as a layer";
        throw at == null ? new OnnxException("output \"" + value + "\" " + why) : unsupported(at, "its input \"" + value + "\" " + why);
    }

    private static int rank(Port p) {
        Integer r = p.node().ranks.get(p.port());
        return r == null ? -1 : r;
    }

    private Tensor weight(OnnxProto.Node n, int i) {
        Tensor t = consts.get(n.input(i));
        if (t == null) throw unsupported(n, "its input " + i + " (\"" + n.input(i) + "\") must be a constant weight");
        return t;
    }

    /** The layer's name from its weight's initializer ({@code fc1.weight} → fc1), else from the op. */
    private String hintOf(OnnxProto.Node n, String weightValue) {
        String o = origin.get(weightValue);
        return o != null && o.endsWith(".weight") ? o.substring(0, o.length() - ".weight".length()) : n.name();
    }

    private Float scalar(String value) {
        Tensor t = consts.get(value);
        return t == null || t.numel() != 1 ? null : t.toFloatArray()[0];
    }

    private long[] longs(String value) {
        Tensor t = consts.get(value);
        return t == null ? null : t.toLongArray();
    }

    static long intAttr(OnnxProto.Node n, String name, long def) {
        Attribute a = n.attribute(name);
        return a == null ? def : a.i();
    }

    /**
     * A float attribute as the shortest decimal that reads back as it (1e-5, not 9.999999747378752e-6): ONNX keeps
     * float32, PyTorch's modules and the project's JSON the number the user wrote.
     */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static float floatAttr(OnnxProto.Node n, String name, float def) {
        Attribute a = n.attribute(name);
        return a == null ? def : a.f();
    }

    private static String stringAttr(OnnxProto.Node n, String name, String def) {
        Attribute a = n.attribute(name);
        return a == null || a.s() == null ? def : a.s();
    }

    private static long[] ints(OnnxProto.Node n, String name, int count, long def) {
        Attribute a = n.attribute(name);
        if (a != null && a.ints().length == count) return a.ints();
        long[] v = new long[count];
        java.util.Arrays.fill(v, def);
        return v;
    }

    /** An int when every entry is the same, as PyTorch writes sizes; otherwise the list. */
    private static Object compact(long[] v) {
        for (long x : v) if (x != v[0]) return java.util.Arrays.stream(v).mapToInt(l -> (int) l).boxed().toList();
        return (int) v[0];
    }

    private static Object compact(int[] v) {
        return compact(java.util.Arrays.stream(v).asLongStream().toArray());
    }

    private static RuntimeException unsupported(OnnxProto.Node n, String why) {
        return new OnnxException(node(n) + ": " + why);
    }

    /** The tensor attribute {@code a} of {@code n}: a damaged file may give the name another type's value, and no tensor. */
    private static Tensor tensor(OnnxProto.Node n, Attribute a) {
        if (a.t() == null) throw unsupported(n, "its attribute \"" + a.name() + "\" holds no tensor; the file is damaged");
        return tensor(a.t());
    }

    /** {@code t} as a tensor; an initializer's floats become the tensor's own (not copied: a model's weights are on the heap once). */
    static Tensor tensor(TensorData t) {
        int[] dims = new int[t.dims().length];
        for (int i = 0; i < dims.length; i++) dims[i] = (int) t.dims()[i];
        if (t.isFloat()) return Tensor.adopt(t.floats(), dims);
        return dims.length == 0 ? scalarLong(t.longs()[0]) : Tensor.ofLongs(t.longs(), dims);
    }

    private static Tensor scalarLong(long v) {
        return Tensor.ofLongs(new long[] {v}, 1).reshape();
    }

    // ---------------------------------------------------------------- the project

    private Imported assemble(String title, String producer, Normalization norm) {
        // Names: the hint made a Python identifier, unique; else the kind's usual prefix.
        Set<String> taken = new HashSet<>();
        int k = 0;
        for (INode n : nodes) {
            n.id = "n" + ++k;
            String name = identifier(n.hint);
            // An op outside any module ("/Gather_1", x[:, -1] in forward) is named by its op: the layer's kind names it better.
            if (name != null && isOpName(name)) name = null;
            if (name == null || taken.contains(name)) name = Names.fresh(Names.prefixFor(n.kind), taken::contains);
            taken.add(name);
            n.name = name;
        }
        List<Node> out = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (INode n : nodes) {
            out.add(new Node(n.id, n.name, n.kind, n.params, new Position(0, 0)));
            for (var e : n.inputs.entrySet()) edges.add(new Edge(e.getValue().node().id, e.getValue().port(), n.id, e.getKey()));
        }
        String description = "Imported from ONNX" + (producer == null || producer.isBlank() ? "" : " (made by " + producer + ")") + ".";
        Map<String, Tensor> flatState = new LinkedHashMap<>();
        Map<String, String> scopes = new HashMap<>();
        for (INode n : nodes) {
            n.state.forEach((p, t) -> flatState.put(n.name + "." + p, t));
            scopes.put(n.id, n.scope);
        }
        // Repeated modules (ConvNeXt's and ResNet's blocks) become blocks; should the grouped graph not check (it always
        // should), the layers stay as they are.
        ModuleBlocks.Grouped grouped = ModuleBlocks.group(out, edges, scopes, flatState);
        Graph g = placed(title, description, grouped);
        Analysis a = Analysis.of(g);
        if (a.hasErrors() && !grouped.blocks().isEmpty()) {
            grouped = new ModuleBlocks.Grouped(out, edges, List.of(), flatState);
            g = placed(title, description, grouped);
            a = Analysis.of(g);
        }
        if (a.hasErrors()) throw new OnnxException("the imported graph of \"" + title + "\" does not check", a.errors().stream().map(Problem::toString).toList());
        Map<String, Tensor> state = grouped.state();
        // The file's tensors become the layers' own: the weights are on the heap once while the model checks them.
        Model m = GraphCompiler.compile(a, state);
        LoadResult r = m.loadStateDict(state, false, true);
        List<String> missing = r.missingKeys().stream().filter(key -> !key.endsWith("num_batches_tracked")).toList();
        if (!missing.isEmpty() || !r.unexpectedKeys().isEmpty() || !r.shapeMismatches().isEmpty()) {
            throw new OnnxException("the weights of \"" + title + "\" do not fit the imported layers: " + r);
        }
        return new Imported(g, m.stateDict(), norm, DataNames.NONE);
    }

    /** The project of {@code grouped}'s parts, laid out as the editor's Auto-layout lays a graph out. */
    private static Graph placed(String title, String description, ModuleBlocks.Grouped grouped) {
        List<Node> laid = new ArrayList<>(grouped.nodes());
        Graph unplaced = Graph.of(title, description, laid, grouped.edges(), grouped.blocks(), List.of(), CanvasView.DEFAULT, Map.of(), Map.of());
        Map<String, Position> at = AutoLayout.layout(unplaced, List.of());
        laid.replaceAll(n -> n.withPosition(at.get(n.id())));
        return Graph.of(title, description, laid, grouped.edges(), grouped.blocks(), List.of(), CanvasView.DEFAULT, Map.of(), Map.of());
    }

    /** Whether {@code name} is an ONNX op's name, perhaps numbered ({@code Gather}, {@code Gather_1}), not a module's. */
    static boolean isOpName(String name) {
        String op = name.replaceFirst("_\\d+$", "");
        return OPS.contains(op) || OnnxFolding.OPS.contains(op);
    }

    /**
     * {@code /fc1/Gemm} → fc1, {@code input.1} → input_1; a scope PyTorch writes as each module's full name under its parent's
     * ({@code /layer1/layer1.0/conv1/Conv}, {@code /features/features.4/features.4.2/block/block.1/...}) → the module's own
     * name, as in its state dict ({@code layer1_0_conv1}, {@code features_4_2_block_1_...}); null when nothing usable is left.
     */
    static String identifier(String hint) {
        if (hint == null) return null;
        List<String> parts = new ArrayList<>();
        for (String s : hint.split("/")) {
            if (s.isEmpty()) continue;
            if (!parts.isEmpty() && s.startsWith(parts.get(parts.size() - 1) + ".")) parts.set(parts.size() - 1, s);
            else parts.add(s);
        }
        if (parts.size() > 1) parts.remove(parts.size() - 1);
        String s = String.join("_", parts).replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (s.isEmpty()) return null;
        if (Character.isDigit(s.charAt(0))) s = "n" + s;
        if (!Names.isNodeName(s)) s = s + "_";
        return Names.isNodeName(s) ? s : null;
    }
}
