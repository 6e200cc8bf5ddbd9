package layerlab.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
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

    @Test
    void graphInputsAndOutputsComeInDocumentOrder() throws Exception {
        // embedding-gru draws logits before h_n, though h_n's branch runs first.
        Graph g = layerlab.graph.json.ProjectJson.load(Path.of("..", "sample-projects", "embedding-gru.json"));
        OnnxProto.Graph onnx = OnnxExporter.export(g, layerlab.graph.compile.GraphCompiler.compile(g).stateDict()).graph();
        assertEquals(List.of("logits", "h_n"), onnx.outputs().stream().map(OnnxProto.ValueInfo::name).toList());
        assertEquals(List.of("tokens"), onnx.inputs().stream().map(OnnxProto.ValueInfo::name).toList());
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
