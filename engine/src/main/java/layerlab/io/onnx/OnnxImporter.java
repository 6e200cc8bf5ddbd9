package layerlab.io.onnx;

import static layerlab.io.onnx.OnnxAttributes.node;
import static layerlab.io.onnx.OnnxAttributes.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.data.Vocabulary;
import layerlab.graph.AutoLayout;
import layerlab.graph.CanvasView;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Names;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.spec.Registry;
import layerlab.io.onnx.OnnxImportState.INode;
import layerlab.io.onnx.OnnxImportState.Port;
import layerlab.io.onnx.OnnxProto.TensorData;
import layerlab.io.onnx.OnnxProto.ValueInfo;
import layerlab.nn.LoadResult;
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
    /**
     * @param names the class and feature names the model's metadata gives (as LayerLab's export writes them), else none
     * @param notes what a user should know of the layers as imported, each naming its layers (a BatchNorm's momentum that
     *              the file cannot tell): said by {@code layerlab import} and the editor's message, changing nothing
     */
    public record Imported(Graph graph, Map<String, Tensor> weights, Normalization normalization, DataNames names, List<String> notes) {}

    static final Set<String> OPS = new TreeSet<>(List.of("Add", "AveragePool", "BatchNormalization", "Concat", "Constant", "Conv",
            "Clip", "ConvTranspose", "Div", "Dropout", "Einsum", "Elu", "Erf", "Flatten", "GRU", "Gather", "Gemm", "GlobalAveragePool",
            "GlobalMaxPool", "HardSigmoid", "HardSwish", "Identity", "IsNaN", "LSTM", "LayerNormalization", "LeakyRelu", "LogSoftmax", "MatMul", "MaxPool", "MaxUnpool", "Mul", "Pad",
            "RNN", "ReduceMean", "ReduceSum", "Relu", "Reshape", "Resize", "Sigmoid", "Softmax", "Split", "Squeeze", "Sub", "Sum", "Tanh", "Transpose", "Where",
            "Shape", "Unsqueeze", "ConstantOfShape", "Expand", "Slice", "Pow", "Sqrt", "Equal", "Not", "Cast", "Max", "Less"));

    /** The graph names exporters give every model, which name none. */
    private static final Set<String> GENERIC_TITLES = Set.of("torch_jit", "torch-jit-export", "main_graph", "graph");

    /** What the import knows so far, shared with the converters of {@link #ops}. */
    private final OnnxImportState st;

    private final OnnxDispatch ops;

    private OnnxImporter(OnnxProto.Graph graph) {
        st = new OnnxImportState(graph);
        ops = new OnnxDispatch(st);
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
        x.ops.patterns.composites = m.metadata().get(OnnxExporter.COMPOSITES);
        x.st.opset = m.opset();
        Imported im;
        try {
            im = x.build(title, m.producerName());
        } catch (OnnxException e) {
            throw e;
        } catch (RuntimeException e) {
            // A damaged file (bytes flipped, cut short) can still parse, with an attribute, an input or a size that no export
            // writes: say so, at the node, rather than as an index or a reshape gone wrong somewhere inside.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            OnnxException damaged = new OnnxException((x.st.converting == null ? "" : node(x.st.converting) + ": ")
                    + "the file is damaged or not as torch.onnx.export writes it (" + why + ")");
            damaged.initCause(e);
            throw damaged;
        }
        return new Imported(im.graph(), im.weights(), fillWith(im.normalization(), m.metadata().get(OnnxExporter.FILL_WITH)), names(m.metadata()),
                im.notes());
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

    private Imported build(String title, String producer) {
        for (TensorData t : st.graph.initializers()) {
            st.consts.put(t.name(), tensor(t));
            st.origin.put(t.name(), t.name());
        }
        for (OnnxProto.Node n : st.graph.nodes()) {
            for (String v : n.inputs()) st.consumers.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
            for (String o : n.outputs()) st.producerOf.put(o, n);
            // Constants are read before the patterns below look at their values (convert reads them again, in order).
            if (n.opType().equals("Constant")) st.constant(n);
            // torch.onnx.export keeps equal weights once (a TransformerEncoder's layers start as copies): the others are Identities of it.
            if (n.opType().equals("Identity") && st.consts.containsKey(n.input(0))) st.identity(n);
        }
        st.staticBatch = staticBatch();
        for (ValueInfo v : st.graph.inputs()) {
            if (st.consts.containsKey(v.name())) continue;
            INode in = st.add("Input", v.name());
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
            st.values.put(v.name(), new Port(in, "out"));
        }
        Normalization norm = inputNormalization();
        ops.patterns.findAll();
        for (OnnxProto.Node n : st.graph.nodes()) {
            if (st.fused.contains(n)) continue;
            st.converting = n;
            try {
                ops.convert(n);
            } catch (OnnxException e) {
                for (var why : ops.patterns.notAttention.entrySet()) {
                    if (n.name().startsWith(why.getKey() + "/")) throw new OnnxException(e.getMessage() + "; it is in " + why.getValue());
                }
                throw e;
            }
        }
        st.converting = null;
        for (ValueInfo v : st.graph.outputs()) {
            Port p = st.port(v.name(), null);
            INode out = st.add("Output", v.name());
            out.inputs.put("in", p);
        }
        return assemble(title, producer, norm);
    }

    private Long staticBatch() {
        Long batch = null;
        for (ValueInfo v : st.graph.inputs()) {
            if (st.consts.containsKey(v.name()) || v.dims() == null || v.dims().isEmpty()) continue;
            if (!(v.dims().get(0) instanceof Long l) || batch != null && !batch.equals(l)) return null;
            batch = l;
        }
        return batch;
    }

    /**
     * Finds {@code (x − offset) / scale} right on graph inputs (a Sub by a constant whose only reader is a Div by a
     * constant), after {@code Where(IsNaN(x), fill, x)} where gaps are filled (as LayerLab exports a model trained on a
     * table with {@code "missing": "fill"}), takes those nodes out, and returns the statistics as a normalization: per
     * channel when the constants are {@code [C, 1, …]} for samples {@code [C, …]}, per variable when they are {@code [1, …, F]}
     * for a time series' windows {@code [steps, F]}, else per feature over the inputs in order.
     */
    private Normalization inputNormalization() {
        List<float[]> offsets = new ArrayList<>(), scales = new ArrayList<>(), fills = new ArrayList<>();
        boolean perChannel = false, perVariable = false;
        int found = 0, filled = 0, inputs = 0;
        for (ValueInfo v : st.graph.inputs()) {
            if (st.consts.containsKey(v.name()) || v.elemType() != OnnxFields.TensorProto.FLOAT) continue;
            inputs++;
            int[] sample = ((Port) st.values.get(v.name())).node().params.get("shape") instanceof List<?> l
                    ? l.stream().mapToInt(o -> ((Number) o).intValue()).toArray() : new int[0];
            int size = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
            String x = v.name();
            OnnxProto.Node[] fill = fillOf(x, size);
            if (fill != null) {
                st.fused.add(fill[0]);
                st.fused.add(fill[1]);
                x = fill[1].outputs().get(0);
                st.values.put(x, st.values.get(v.name()));
                fills.add(st.consts.get(fill[1].input(1)).toFloatArray());
                filled++;
            }
            List<OnnxProto.Node> readers = st.consumers.getOrDefault(x, List.of());
            if (readers.size() != 1 || !readers.get(0).opType().equals("Sub") || !readers.get(0).input(0).equals(x)) continue;
            OnnxProto.Node sub = readers.get(0);
            Tensor offset = st.consts.get(sub.input(1));
            List<OnnxProto.Node> next = st.consumers.getOrDefault(sub.outputs().get(0), List.of());
            if (offset == null || next.size() != 1 || !next.get(0).opType().equals("Div") || !next.get(0).input(0).equals(sub.outputs().get(0))) continue;
            OnnxProto.Node div = next.get(0);
            Tensor scale = st.consts.get(div.input(1));
            if (scale == null || !java.util.Arrays.equals(scale.shape(), offset.shape())) continue;
            boolean channel = sample.length >= 2 && offset.dim() == sample.length && offset.size(0) == sample[0] && offset.numel() == sample[0]
                    && offset.numel() != size;
            // A time series' windows [steps, variables]: constants [1, …, variables], one pair per variable.
            int last = sample.length - 1;
            boolean variable = !channel && sample.length >= 2 && offset.dim() == sample.length && offset.size(last) == sample[last]
                    && offset.numel() == sample[last] && offset.numel() != size;
            if (!channel && !variable && offset.numel() != size) continue;
            perChannel |= channel;
            perVariable |= variable;
            st.fused.add(sub);
            st.fused.add(div);
            st.values.put(div.outputs().get(0), st.values.get(v.name()));
            offsets.add(offset.toFloatArray());
            scales.add(scale.toFloatArray());
            found++;
        }
        if (found == 0 && filled == 0) return null;
        if (found > 0 && ((perChannel || perVariable) && found > 1 || perChannel && perVariable || found != inputs)) {
            throw new OnnxException("the model normalizes some of its inputs in a way LayerLab cannot keep",
                    List.of(found + " of " + inputs + " float inputs go through (x - offset) / scale first" + (perChannel ? ", per channel" : "")
                            + "; LayerLab normalizes the data set as a whole: all data inputs per feature, or the one input per channel or per variable"));
        }
        if (filled > 0 && (filled != inputs || perChannel || perVariable)) {
            throw new OnnxException("the model fills missing values in some of its inputs in a way LayerLab cannot keep",
                    List.of(filled + " of " + inputs + " float inputs replace NaN first; LayerLab fills the gaps of all data inputs, per feature"));
        }
        float[] fill = filled > 0 ? concat(fills) : new float[0];
        // The statistics alone do not say whether they were a standardization or a min-max scaling; both are
        // (x − offset) / scale, which is all that prediction needs.
        if (found == 0) return new Normalization(Normalization.Kind.NONE, Normalization.Per.FEATURE, new float[0], new float[0], fill);
        Normalization.Per per = perChannel ? Normalization.Per.CHANNEL : perVariable ? Normalization.Per.VARIABLE : Normalization.Per.FEATURE;
        return new Normalization(Normalization.Kind.STANDARDIZE, per, concat(offsets), concat(scales), fill);
    }

    /**
     * {@code [IsNaN, Where]} when the only readers of {@code x} are {@code m = IsNaN(x)} and {@code Where(m, fill, x)}
     * with a constant {@code fill} of {@code size} values; else null.
     */
    private OnnxProto.Node[] fillOf(String x, int size) {
        List<OnnxProto.Node> readers = st.consumers.getOrDefault(x, List.of());
        if (readers.size() != 2) return null;
        OnnxProto.Node isNan = readers.stream().filter(r -> r.opType().equals("IsNaN")).findFirst().orElse(null);
        OnnxProto.Node where = readers.stream().filter(r -> r.opType().equals("Where")).findFirst().orElse(null);
        if (isNan == null || where == null || where.inputs().size() != 3) return null;
        String mask = isNan.outputs().get(0);
        if (!where.input(0).equals(mask) || !where.input(2).equals(x) || st.consumers.getOrDefault(mask, List.of()).size() != 1) return null;
        Tensor fill = st.consts.get(where.input(1));
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


    private Imported assemble(String title, String producer, Normalization norm) {
        // Names: the hint made a Python identifier, unique; else the kind's usual prefix.
        Set<String> taken = new HashSet<>();
        int k = 0;
        for (INode n : st.nodes) {
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
        for (INode n : st.nodes) {
            out.add(new Node(n.id, n.name, n.kind, n.params, new Position(0, 0)));
            for (var e : n.inputs.entrySet()) edges.add(new Edge(e.getValue().node().id, e.getValue().port(), n.id, e.getKey()));
        }
        String description = "Imported from ONNX" + (producer == null || producer.isBlank() ? "" : " (made by " + producer + ")") + ".";
        Map<String, Tensor> flatState = new LinkedHashMap<>();
        Map<String, String> scopes = new HashMap<>();
        for (INode n : st.nodes) {
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
        return new Imported(g, m.stateDict(), norm, DataNames.NONE, notes());
    }

    /** Each note with the layers it is about ("cumulative, frozen: ONNX momentum 1.0 …"), once they are named. */
    private List<String> notes() {
        List<String> out = new ArrayList<>();
        st.notes.forEach((why, layers) -> {
            List<String> names = layers.stream().map(l -> l.name).toList();
            String named = names.size() <= 6 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
            out.add(named + ": " + why);
        });
        return List.copyOf(out);
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
