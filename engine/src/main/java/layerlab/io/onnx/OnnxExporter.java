package layerlab.io.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.OnnxEmitter;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;
import layerlab.io.AtomicFiles;
import layerlab.io.InputNormalization;
import layerlab.io.onnx.OnnxProto.Attribute;
import layerlab.io.onnx.OnnxProto.TensorData;
import layerlab.io.onnx.OnnxProto.ValueInfo;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/**
 * A graph and its weights as an ONNX model (opset 17), for inference: what the Output nodes need, in eval
 * form (BatchNorm with its running statistics, Dropout passing through). Each node is written by its kind's
 * {@link LayerSpec#onnx()}; the batch dimension is the symbolic {@code "N"}. Graph inputs and outputs are named
 * after the Input and Output nodes, weights after the state dict ({@code conv1.weight}); a block placement is
 * written inline with its name as prefix ({@code res1.conv1.weight}). A node ONNX cannot express is named in
 * an {@link OnnxException}, all of them at once; nothing is written then.
 */
public final class OnnxExporter {
    public static final int OPSET = 17;
    /** ONNX IR version 8: the one opset 17 came with. */
    public static final int IR_VERSION = 8;

    private final Map<String, Tensor> weights;
    private final List<OnnxProto.Node> nodes = new ArrayList<>();
    private final List<TensorData> initializers = new ArrayList<>();
    private final List<ValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<InputNormalization> normalizations;

    private OnnxExporter(Map<String, Tensor> weights, List<InputNormalization> normalizations) {
        this.normalizations = normalizations;
        this.weights = weights;
    }

    /** The ONNX model of {@code g} with {@code weights} (a state dict, keys {@code <node>.<param>}). */
    public static OnnxProto.Model export(Graph g, Map<String, Tensor> weights) {
        return export(g, weights, null);
    }

    /**
     * {@link #export}, for a model trained on inputs normalized by {@code norm} (null: none): each normalized data
     * Input then goes through {@code Sub} and {@code Div} by the training statistics first ({@code x/normalize_*}), so
     * the graph takes raw inputs, as {@code layerlab predict} does.
     */
    public static OnnxProto.Model export(Graph g, Map<String, Tensor> weights, Normalization norm) {
        return export(g, weights, norm, DataNames.NONE);
    }

    /**
     * {@link #export}, naming what the inputs and outputs mean in the model's {@code metadata_props}: {@code "classes"}
     * (the classes the first Output scores, in order) and {@code "features"} (a sample's values), each a JSON array of
     * strings, and {@code "text"} (how a text model turns text into its Input's token ids: the vocabulary as a JSON
     * object, {@link layerlab.data.Vocabulary#toJson}, and {@code "text_recipe"}, the same in words), each left out when unknown or not there; and {@code "fill_with"}
     * ("mean", "median", "most_frequent") when the model fills missing values, whose values alone do not say; {@code
     * "resize"} (a whole number of pixels) when pictures are framed as torchvision's {@code Resize(resize)} then {@code
     * CenterCrop}, which runs before the model as its normalization does not.
     */
    public static OnnxProto.Model export(Graph g, Map<String, Tensor> weights, Normalization norm, DataNames names) {
        Analysis a = Analysis.of(g);
        if (a.hasErrors()) throw new OnnxException("\"" + g.name() + "\" has errors", a.errors().stream().map(Problem::toString).toList());
        List<String> outs = new ArrayList<>();
        for (Node n : g.nodes()) if (n.kind().equals("Output")) outs.add(n.id());
        if (outs.isEmpty()) throw new OnnxException("\"" + g.name() + "\" has no Output node, so there is nothing to export");
        List<String> reasons = new ArrayList<>();
        unexportable(a, g.upstreamOf(outs), "", reasons);
        if (!reasons.isEmpty()) throw new OnnxException("cannot export \"" + g.name() + "\" to ONNX", reasons);
        OnnxExporter x = new OnnxExporter(weights, InputNormalization.of(g, norm));
        x.emitGraph(a, g.upstreamOf(outs), "", null, true);
        // The graph's inputs and outputs in document order (emitGraph meets them in run order), as the model, the
        // PyTorch script and layerlab predict list them.
        Map<String, Integer> documentOrder = new HashMap<>();
        for (Node n : g.nodes()) documentOrder.put(n.name(), documentOrder.size());
        Comparator<ValueInfo> byDocument = Comparator.comparingInt(v -> documentOrder.getOrDefault(v.name(), Integer.MAX_VALUE));
        x.inputs.sort(byDocument);
        x.outputs.sort(byDocument);
        OnnxProto.Graph graph = new OnnxProto.Graph(g.name(), x.nodes, x.initializers, x.inputs, x.outputs);
        String version = OnnxExporter.class.getPackage().getImplementationVersion();
        Map<String, String> metadata = metadata(names, norm);
        if (!x.composites.isEmpty()) {
            try {
                metadata.put(COMPOSITES, JSON.writeValueAsString(x.composites));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // names, numbers, booleans and lists of them always write
            }
        }
        return new OnnxProto.Model(IR_VERSION, "LayerLab", version == null ? "development" : version,
                List.of(new OnnxProto.OpsetId("", OPSET)), graph, metadata);
    }

    /**
     * The metadata keys that name a model's classes and features, that hold a text model's vocabulary, and that say
     * what its gaps are filled with.
     */
    public static final String CLASSES = "classes", FEATURES = "features", TEXT = "text", FILL_WITH = "fill_with", RESIZE = "resize";

    /** The metadata key that says in words how a text becomes the "text" vocabulary's token ids ({@link layerlab.data.Vocabulary#recipe}). */
    public static final String TEXT_RECIPE = "text_recipe";

    private static Map<String, String> metadata(DataNames names, Normalization norm) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            if (!names.classes().isEmpty()) m.put(CLASSES, JSON.writeValueAsString(names.classes()));
            if (!names.features().isEmpty()) m.put(FEATURES, JSON.writeValueAsString(names.features()));
            if (names.vocabulary() != null) {
                m.put(TEXT, JSON.writeValueAsString(names.vocabulary().toJson()));
                m.put(TEXT_RECIPE, names.vocabulary().recipe());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings, numbers and lists of strings always write
        }
        if (norm != null && norm.fills()) m.put(FILL_WITH, norm.fillWith().key());
        if (names.resize() > 0) m.put(RESIZE, Integer.toString(names.resize()));
        return m;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exports and writes the model to {@code file} atomically. */
    public static void save(Graph g, Map<String, Tensor> weights, Path file) throws IOException {
        save(g, weights, null, file);
    }

    /** {@link #export} with {@code norm}, written to {@code file} atomically. */
    public static void save(Graph g, Map<String, Tensor> weights, Normalization norm, Path file) throws IOException {
        save(g, weights, norm, DataNames.NONE, file);
    }

    /** {@link #export} with {@code norm} and {@code names}, written to {@code file} atomically. */
    public static void save(Graph g, Map<String, Tensor> weights, Normalization norm, DataNames names, Path file) throws IOException {
        OnnxProto.Model model = export(g, weights, norm, names);
        AtomicFiles.write(file, out -> OnnxWire.write(model, out));
    }

    private static void unexportable(Analysis a, Set<String> need, String prefix, List<String> reasons) {
        for (Node n : a.graph().nodes()) {
            if (!need.contains(n.id())) continue;
            NodeInfo info = a.info(n.id());
            if (info.body() != null) {
                Graph body = info.body().graph();
                unexportable(info.body(), body.neededByOutputs(),
                        prefix + n.name() + ".", reasons);
                continue;
            }
            if (n.kind().equals("Input") || n.kind().equals("Output")) continue;
            if (Registry.get(n.kind()).onnx() == null) {
                reasons.add("node \"" + prefix + n.name() + "\" (" + n.kind() + "): " + n.kind() + " cannot be exported to ONNX");
            }
        }
    }

    /**
     * Writes the needed nodes of one graph (the model, or a block's body under {@code prefix}); returns each
     * Output's value by name. {@code bound} gives a body's Inputs their values; null at the top, where Inputs
     * and Outputs become the ONNX graph's.
     */
    private Map<String, String> emitGraph(Analysis a, Set<String> need, String prefix, Map<String, String> bound, boolean top) {
        Graph g = a.graph();
        Map<String, String> values = new HashMap<>();
        Map<String, String> result = new HashMap<>();
        for (String id : a.order()) {
            if (!need.contains(id)) continue;
            Node n = g.node(id);
            NodeInfo info = a.info(id);
            Map<String, String> in = new HashMap<>();
            for (Edge e : g.incoming(id)) in.put(e.toPort(), values.get(e.fromNode() + "." + e.fromPort()));
            String name = prefix + n.name();
            switch (n.kind()) {
                case "Input" -> {
                    if (top) {
                        inputs.add(valueInfo(claim(name), info.output("out")));
                        InputNormalization norm = InputNormalization.find(normalizations, n.name());
                        values.put(id + ".out", norm == null ? name : normalized(name, norm));
                    } else values.put(id + ".out", bound.get(n.name()));
                }
                case "Output" -> {
                    String src = in.get("in");
                    if (top) {
                        nodes.add(new OnnxProto.Node(name, "Identity", "", List.of(src), List.of(claim(name)), List.of()));
                        outputs.add(valueInfo(name, info.inputTypes().get(0)));
                    }
                    result.put(n.name(), src);
                }
                default -> {
                    if (info.body() != null) {
                        Graph body = info.body().graph();
                        Set<String> bodyNeed = body.neededByOutputs();
                        Map<String, String> outs = emitGraph(info.body(), bodyNeed, name + ".", in, false);
                        outs.forEach((port, v) -> values.put(id + "." + port, v));
                        continue;
                    }
                    LayerSpec spec = Registry.get(n.kind());
                    Emitter e = new Emitter(name, n.kind(), a.params(id), info, in, spec);
                    spec.onnx().emit(e);
                    for (PortSpec p : spec.outputs(a.params(id))) values.put(id + "." + p.name(), e.output(p.name()));
                    if (e.composite) composites.add(composite(e, spec, a.params(id)));
                }
            }
        }
        return result;
    }

    /**
     * {@code (input − offset) / scale} as two nodes on constants shaped to broadcast over the batch, after
     * {@code Where(IsNaN(input), fill, input)} when gaps are filled; returns the result's name.
     */
    private String normalized(String input, InputNormalization norm) {
        long[] dims = new long[norm.constDims().length];
        for (int i = 0; i < dims.length; i++) dims[i] = norm.constDims()[i];
        String x = input;
        if (norm.fill() != null) {
            String fill = fresh(input + "/fill_value"), gap = fresh(input + "/is_missing"), filled = fresh(input + "/filled");
            initializers.add(new TensorData(fill, OnnxFields.TensorProto.FLOAT, dims, norm.fill(), null));
            nodes.add(new OnnxProto.Node(fresh(input + "/fill_isnan"), "IsNaN", "", List.of(input), List.of(gap), List.of()));
            nodes.add(new OnnxProto.Node(fresh(input + "/fill_where"), "Where", "", List.of(gap, fill, input), List.of(filled), List.of()));
            x = filled;
        }
        if (!norm.affine()) return x;
        String offset = fresh(input + "/normalize_offset"), scale = fresh(input + "/normalize_scale");
        initializers.add(new TensorData(offset, OnnxFields.TensorProto.FLOAT, dims, norm.offset(), null));
        initializers.add(new TensorData(scale, OnnxFields.TensorProto.FLOAT, dims, norm.scale(), null));
        String centered = fresh(input + "/centered"), result = fresh(input + "/normalized");
        nodes.add(new OnnxProto.Node(fresh(input + "/normalize_sub"), "Sub", "", List.of(x, offset), List.of(centered), List.of()));
        nodes.add(new OnnxProto.Node(fresh(input + "/normalize_div"), "Div", "", List.of(centered, scale), List.of(result), List.of()));
        return result;
    }

    private String claim(String value) {
        if (!names.add(value)) throw new IllegalStateException("two ONNX values are named \"" + value + "\"");
        return value;
    }

    /** A fresh name: {@code base}, else {@code base_2}, … */
    private String fresh(String base) {
        String n = base;
        for (int i = 2; names.contains(n); i++) n = base + "_" + i;
        names.add(n);
        return n;
    }

    private static ValueInfo valueInfo(String name, TensorType t) {
        List<Object> dims = new ArrayList<>();
        for (int d : t.dims()) dims.add(d == TensorType.N ? (Object) "N" : (Object) (long) d);
        return new ValueInfo(name, t.dtype() == DType.INT64 ? OnnxFields.TensorProto.INT64 : OnnxFields.TensorProto.FLOAT, dims);
    }

    static TensorData tensorData(String name, Tensor t) {
        long[] dims = new long[t.dim()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.size(i);
        return t.dtype() == DType.INT64 ? new TensorData(name, OnnxFields.TensorProto.INT64, dims, null, t.toLongArray())
                : new TensorData(name, OnnxFields.TensorProto.FLOAT, dims, t.toFloatArray(), null);
    }

    /** The composite layers written ({@link OnnxEmitter#composite}), for the metadata. */
    private final List<Map<String, Object>> composites = new ArrayList<>();

    /** The metadata key that lists the composite layers: a JSON array of {name, kind, params, inputs, outputs, ranks}. */
    public static final String COMPOSITES = "layerlab.composites";

    /** A composite layer's metadata entry: its name (its ops are that name and name/…), kind, settings, ports' values and output ranks. */
    private static Map<String, Object> composite(Emitter e, LayerSpec spec, Params params) {
        Map<String, Object> settings = new LinkedHashMap<>(), inputs = new LinkedHashMap<>(), outputs = new LinkedHashMap<>(), ranks = new LinkedHashMap<>();
        for (var ps : spec.params()) {
            Object v = params.value(ps.name());
            // None where that is the default (an Embedding's padding_idx) is the param left out, as a project file leaves it.
            if (v != null || ps.explicitNone()) settings.put(ps.name(), v);
        }
        for (PortSpec p : spec.inputs(params)) inputs.put(p.name(), e.input(p.name()));
        for (PortSpec p : spec.outputs(params)) {
            outputs.put(p.name(), e.output(p.name()));
            ranks.put(p.name(), e.outputType(p.name()).rank());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.nodeName());
        m.put("kind", e.kind);
        m.put("params", settings);
        m.put("inputs", inputs);
        m.put("outputs", outputs);
        m.put("ranks", ranks);
        return m;
    }

    /** One node's view of the export. */
    private final class Emitter implements OnnxEmitter, Params.Forwarding {
        private final String name, kind;
        private final Params params;
        private final NodeInfo info;
        private final Map<String, String> in;
        private final LayerSpec spec;
        private final Map<String, String> out = new HashMap<>();
        private boolean composite;

        Emitter(String name, String kind, Params params, NodeInfo info, Map<String, String> in, LayerSpec spec) {
            this.name = name;
            this.kind = kind;
            this.params = params;
            this.info = info;
            this.in = in;
            this.spec = spec;
        }

        @Override
        public Params params() {
            return params;
        }

        @Override
        public String nodeName() {
            return name;
        }

        @Override
        public String input(String port) {
            return in.get(port);
        }

        @Override
        public TensorType inputType(String port) {
            List<PortSpec> ports = spec.inputs(params);
            for (int i = 0; i < ports.size(); i++) if (ports.get(i).name().equals(port)) return info.inputTypes().get(i);
            return null;
        }

        @Override
        public String output(String port) {
            return out.computeIfAbsent(port, p -> claim(p.equals("out") ? name : name + "." + p));
        }

        @Override
        public TensorType outputType(String port) {
            return info.output(port);
        }

        @Override
        public Tensor state(String param) {
            Tensor t = weights.get(name + "." + param);
            if (t == null) throw new OnnxException("the weights hold no \"" + name + "." + param + "\" for node \"" + name + "\" (" + kind + ")");
            return t;
        }

        @Override
        public String param(String param) {
            String key = name + "." + param;
            if (!names.contains(key)) initializers.add(tensorData(claim(key), state(param)));
            return key;
        }

        @Override
        public String constant(String suffix, Tensor value) {
            String n = fresh(name + "/" + suffix);
            initializers.add(tensorData(n, value));
            return n;
        }

        @Override
        public String int64(String suffix, int[] dims, long... values) {
            String n = fresh(name + "/" + suffix);
            initializers.add(new TensorData(n, OnnxFields.TensorProto.INT64, toLong(dims), null, values.clone()));
            return n;
        }

        @Override
        public String float32(String suffix, int[] dims, float... values) {
            String n = fresh(name + "/" + suffix);
            initializers.add(new TensorData(n, OnnxFields.TensorProto.FLOAT, toLong(dims), values.clone(), null));
            return n;
        }

        @Override
        public String temp(String suffix) {
            return fresh(name + "/" + suffix);
        }

        @Override
        public Op op(String opType, List<String> inputs, String... outputs) {
            boolean first = nodes.stream().noneMatch(x -> x.name().equals(name));
            OpBuilder b = new OpBuilder(first ? name : fresh(name + "/" + opType), opType, inputs, List.of(outputs));
            nodes.add(null);
            int at = nodes.size() - 1;
            b.commit = () -> nodes.set(at, b.build());
            b.commit.run();
            return b;
        }

        @Override
        public void composite() {
            composite = true;
        }

        @Override
        public RuntimeException unsupported(String why) {
            return new OnnxException("node \"" + name + "\" (" + kind + "): " + why);
        }
    }

    private static long[] toLong(int[] dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < d.length; i++) d[i] = dims[i];
        return d;
    }

    /** An op whose attributes arrive after it is placed: each one rewrites the placed node. */
    private static final class OpBuilder implements OnnxEmitter.Op {
        private final String name, type;
        private final List<String> ins, outs;
        private final List<Attribute> attrs = new ArrayList<>();
        private Runnable commit;

        OpBuilder(String name, String type, List<String> ins, List<String> outs) {
            this.name = name;
            this.type = type;
            this.ins = ins;
            this.outs = outs;
        }

        OnnxProto.Node build() {
            return new OnnxProto.Node(name, type, "", ins, outs, attrs);
        }

        private OnnxEmitter.Op add(Attribute a) {
            attrs.add(a);
            commit.run();
            return this;
        }

        @Override
        public OnnxEmitter.Op i(String n, long v) {
            return add(Attribute.ofInt(n, v));
        }

        @Override
        public OnnxEmitter.Op f(String n, double v) {
            return add(Attribute.ofFloat(n, (float) v));
        }

        @Override
        public OnnxEmitter.Op s(String n, String v) {
            return add(Attribute.ofString(n, v));
        }

        @Override
        public OnnxEmitter.Op ints(String n, int... v) {
            long[] l = new long[v.length];
            for (int k = 0; k < v.length; k++) l[k] = v[k];
            return add(Attribute.ofInts(n, l));
        }

        @Override
        public OnnxEmitter.Op strings(String n, String... v) {
            return add(Attribute.ofStrings(n, List.of(v)));
        }
    }
}
