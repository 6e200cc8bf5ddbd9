package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.data.DataNames;
import layerlab.data.Normalization;
import layerlab.data.Vocabulary;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample and every exportable kind: ONNX Runtime on the export predicts what LayerLab predicts. */
class OnnxExportTest {
    static final double TOLERANCE = 1e-4;

    static List<ExportCases.Case> cases() throws IOException {
        return ExportCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeMatchesLayerLab(ExportCases.Case c) throws Exception {
        byte[] bytes = OnnxWire.write(OnnxExporter.export(c.graph(), c.weights()));
        Map<String, Tensor> got = Ort.run(bytes, c.inputs());
        assertEquals(c.expected().keySet(), got.keySet(), "the ONNX graph's outputs are the Output nodes");
        for (String out : c.expected().keySet()) assertClose(c.expected().get(out), got.get(out), c.name() + " " + out);
        leaveForTheCheckers(c, bytes);
    }

    /** The export, the inputs and LayerLab's predictions, for tools/check_exports.py. */
    static void leaveForTheCheckers(ExportCases.Case c, byte[] onnx) throws IOException {
        Path dir = ExportCases.OUT.resolve(c.name());
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), onnx);
        ExportCases.leaveInputs(c);
    }

    static void assertClose(Tensor want, Tensor got, String what) {
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), what + ": shape");
        float[] a = want.toFloatArray(), b = got.toFloatArray();
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
        assertTrue(worst <= TOLERANCE, what + ": differs by " + worst);
    }

    /**
     * A model trained on normalized inputs takes raw ones in ONNX, as in layerlab predict: per channel (SimpleCNN) and
     * per feature cut across two Inputs in document order (bilinear-features: sepal gets features 0–1, petal 2–3).
     */
    @Test
    void theTrainingNormalizationIsPartOfTheGraph() throws Exception {
        Map<String, float[][]> stats = Map.of("simple-cnn", new float[][] {{0.1307f}, {0.3081f}},
                "bilinear-features", new float[][] {{5.8f, 3.0f, 3.7f, 1.2f}, {0.8f, 0.4f, 1.7f, 0.75f}});
        for (var e : stats.entrySet()) {
            Graph g = ProjectJson.load(Path.of("..", "sample-projects", e.getKey() + ".json"));
            ExportCases.Case c = ExportCases.of(e.getKey(), g);
            Normalization.Per per = e.getValue()[0].length == 1 ? Normalization.Per.CHANNEL
                    : Normalization.Per.FEATURE;
            var norm = new Normalization(Normalization.Kind.STANDARDIZE, per, e.getValue()[0], e.getValue()[1]);
            // The raw inputs, and what the model sees of them: (x - offset) / scale per channel or per feature.
            Map<String, Tensor> raw = new java.util.LinkedHashMap<>(), seen = new java.util.LinkedHashMap<>();
            int at = 0;
            for (var in : c.inputs().entrySet()) {
                Tensor x = in.getValue().mul(2f).add(3f);
                float[] v = x.toFloatArray(), n = new float[v.length];
                int perSample = v.length / x.size(0), inner = per == Normalization.Per.CHANNEL ? perSample : 1;
                for (int i = 0; i < v.length; i++) {
                    int k = per == Normalization.Per.CHANNEL ? 0 : at + i % perSample;
                    n[i] = (v[i] - norm.offset()[k]) / norm.scale()[k];
                }
                at += per == Normalization.Per.CHANNEL ? 0 : perSample;
                raw.put(in.getKey(), x);
                seen.put(in.getKey(), Tensor.of(n, x.shape()));
            }
            Map<String, Tensor> want;
            try (var ng = Autograd.noGrad()) {
                want = c.model().run(seen, c.expected().keySet());
            }
            Map<String, Tensor> got = Ort.run(OnnxWire.write(OnnxExporter.export(g, c.weights(), norm)), raw);
            for (String out : want.keySet()) assertClose(want.get(out), got.get(out), e.getKey() + " " + out);
        }
    }

    /**
     * A model trained on a table whose gaps were filled: ONNX replaces each NaN by its feature's training mean
     * ({@code Where(IsNaN(x), fill, x)}) before (x − offset) / scale, per feature across two Inputs, and with no scaling.
     */
    @Test
    void gapsAreFilledInTheGraphAsInTraining() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        ExportCases.Case c = ExportCases.of("bilinear-features", g);
        for (Normalization norm : ExportCases.filledIris()) {
            float[] fill = norm.fill();
            Map<String, Tensor> raw = new java.util.LinkedHashMap<>(), seen = new java.util.LinkedHashMap<>();
            int at = 0;
            for (var in : c.inputs().entrySet()) {
                float[] v = in.getValue().mul(2f).add(3f).toFloatArray();
                int perSample = v.length / in.getValue().size(0);
                v[1] = Float.NaN; // the first sample's second feature of each Input
                v[v.length - perSample] = Float.NaN;
                Tensor x = Tensor.of(v, in.getValue().shape());
                raw.put(in.getKey(), x);
                // What the model saw in training: the Input's slice of the statistics applied to its features.
                float[] n = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    int k = at + i % perSample;
                    float f = Float.isNaN(v[i]) ? fill[k] : v[i];
                    n[i] = norm.kind() == Normalization.Kind.NONE ? f : (f - norm.offset()[k]) / norm.scale()[k];
                }
                seen.put(in.getKey(), Tensor.of(n, x.shape()));
                at += perSample;
            }
            Map<String, Tensor> want;
            try (var ng = Autograd.noGrad()) {
                want = c.model().run(seen, c.expected().keySet());
            }
            Map<String, Tensor> got = Ort.run(OnnxWire.write(OnnxExporter.export(g, c.weights(), norm)), raw);
            for (String out : want.keySet()) assertClose(want.get(out), got.get(out), norm.describe() + " " + out);
        }
    }

    /** Per-channel statistics of [3, 2, 2] samples fed to an Input that takes them flat ([12], as Feeds reshapes them). */
    @Test
    void channelStatisticsFollowTheSamplesIntoAFlatInput() throws Exception {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(12))
                .node("fc", "Linear", "in_features", 12, "out_features", 2)
                .node("y", "Output")
                .chain("x", "fc", "y")
                .build();
        ExportCases.Case c = ExportCases.of("flat", g);
        var norm = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.CHANNEL,
                new float[] {1f, -2f, 0.5f}, new float[] {2f, 0.5f, 4f});
        Tensor raw = c.inputs().get("x");
        float[] v = raw.toFloatArray(), n = new float[v.length];
        for (int i = 0; i < v.length; i++) n[i] = (v[i] - norm.offset()[i % 12 / 4]) / norm.scale()[i % 12 / 4];
        Map<String, Tensor> want;
        try (var ng = Autograd.noGrad()) {
            want = c.model().run(Map.of("x", Tensor.of(n, raw.shape())), List.of("y"));
        }
        assertClose(want.get("y"), Ort.run(OnnxWire.write(OnnxExporter.export(g, c.weights(), norm)), Map.of("x", raw)).get("y"), "flat input");
    }

    /**
     * A Reshape keeps the batch as 0 (copy the input's dim), not -1: onnx's shape inference then knows the output's batch is the
     * input's N (OnnxCheckerTest), where a -1 left it an unknown size; a -1 stays only where the sample's own size is left open.
     */
    @Test
    void aReshapeCopiesTheBatchDimRatherThanInferringIt() throws Exception {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(8, 5, 6))
                .node("groups", "Reshape", "shape", List.of(2, 4, 5, 6))
                .node("flat", "Flatten", "start_dim", 2)
                .node("out", "Output")
                .chain("x", "groups", "flat", "out").build();
        ExportCases.Case c = ExportCases.of("reshape", g);
        OnnxProto.Model m = OnnxExporter.export(g, c.weights());
        List<String> shapes = new java.util.ArrayList<>();
        for (OnnxProto.Node n : m.graph().nodes()) {
            if (!n.opType().equals("Reshape")) continue;
            for (OnnxProto.TensorData t : m.graph().initializers()) if (t.name().equals(n.input(1))) shapes.add(java.util.Arrays.toString(t.longs()));
        }
        assertEquals(List.of("[0, 2, 4, 5, 6]", "[0, 2, 120]"), shapes);
        assertClose(c.expected().get("out"), Ort.run(OnnxWire.write(m), c.inputs()).get("out"), "reshaped");
    }

    @Test
    void graphInputsAndOutputsComeInDocumentOrder() throws Exception {
        // embedding-gru draws logits before h_n, though h_n's branch runs first.
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "embedding-gru.json"));
        OnnxProto.Graph onnx = OnnxExporter.export(g, GraphCompiler.compile(g).stateDict()).graph();
        assertEquals(List.of("logits", "h_n"), onnx.outputs().stream().map(OnnxProto.ValueInfo::name).toList());
        assertEquals(List.of("tokens"), onnx.inputs().stream().map(OnnxProto.ValueInfo::name).toList());
    }

    @Test
    void theClassesAndFeaturesAreTheModelsMetadataAndComeBackOnImport() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        DataNames names = new DataNames(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                List.of("setosa", "versi\"color", "virginica"));
        byte[] bytes = OnnxWire.write(OnnxExporter.export(g, GraphCompiler.compile(g).stateDict(), null, names));
        OnnxProto.Model back = OnnxWire.read(bytes);
        assertEquals("[\"setosa\",\"versi\\\"color\",\"virginica\"]", back.metadata().get("classes"), "JSON, quotes escaped");
        assertEquals(names, OnnxImporter.read(bytes, "iris").names());
        assertEquals(Map.of(), OnnxWire.read(OnnxWire.write(OnnxExporter.export(g, GraphCompiler.compile(g).stateDict()))).metadata(),
                "nothing named, nothing written");
    }

    /** A text model's vocabulary is the "text" metadata, a JSON object as the bundle keeps it, and comes back on import. */
    @Test
    void aTextModelsVocabularyIsItsMetadataAndComesBackOnImport() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "surname-classifier.json"));
        Vocabulary v = Vocabulary.build(List.of("O'Neil", "Nuñez"), Vocabulary.Level.CHARACTERS, true, 24, 100);
        DataNames names = new DataNames(List.of(), List.of("English", "Spanish"), v);
        byte[] bytes = OnnxWire.write(OnnxExporter.export(g, GraphCompiler.compile(g).stateDict(), null, names));
        OnnxProto.Model back = OnnxWire.read(bytes);
        assertEquals("{\"tokenize\":\"characters\",\"lowercase\":true,\"length\":24,\"vocabulary\":[\"<pad>\",\"<unk>\",\"n\",\"e\",\"o\",\"'\","
                + "\"i\",\"l\",\"u\",\"ñ\",\"z\"]}", back.metadata().get("text"));
        assertEquals(names, OnnxImporter.read(bytes, "surnames").names());
    }

    @Test
    void aKindOnnxCannotHoldIsNamedWithItsNode() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(4))
                .node("y", "Input", "shape", List.of(4))
                .node("loss", "MSELoss")
                .node("out", "Output")
                .edge("x.out", "loss.input").edge("y.out", "loss.target").edge("loss.loss", "out.in")
                .build();
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.export(g, Map.of()));
        assertEquals("cannot export \"Untitled\" to ONNX: node \"loss\" (MSELoss): MSELoss cannot be exported to ONNX", e.getMessage());
    }

    @Test
    void settingsOnnxCannotExpressAreNamed() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(1, 8, 8))
                .node("conv", "Conv2d", "out_channels", 2, "padding", 1, "padding_mode", "circular")
                .node("out", "Output")
                .chain("x", "conv", "out").build();
        ExportCases.Case c = ExportCases.of("circular", g);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.export(g, c.weights()));
        assertEquals("node \"conv\" (Conv2d): padding_mode 'circular' needs ONNX's Pad 'wrap' mode, which opset 17 lacks", e.getMessage());
    }
}
