package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.io.Safetensors;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code layerlab export --format onnx} as a user runs it on a SegNet-like project (MaxPool2d with return_indices, MaxUnpool2d)
 * and on one with a stacked bidirectional LSTM of proj_size 3, both once refused; {@code layerlab import} reads each file back as
 * the layers drawn, predicting what the project predicts with the weights exported. (ONNX Runtime's numbers: the engine's
 * OnnxIndicesExportTest and OnnxProjLstmExportTest.)
 */
class IndexedExportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String node(String name, String kind, String params) {
        return "{\"id\": \"" + name + "\", \"name\": \"" + name + "\", \"kind\": \"" + kind + "\", \"params\": {" + params
                + "}, \"position\": {\"x\": 0, \"y\": 0}}";
    }

    private static String project(String name, List<String> nodes, List<String> edges) {
        List<String> e = new ArrayList<>();
        for (String edge : edges) {
            String[] ends = edge.split(" ");
            e.add("{\"from\": \"" + ends[0] + "\", \"to\": \"" + ends[1] + "\"}");
        }
        return "{\"format\": \"layerlab-project\", \"version\": 1, \"name\": \"" + name + "\", \"nodes\": [" + String.join(", ", nodes)
                + "], \"edges\": [" + String.join(", ", e) + "]}";
    }

    static String segnet() {
        return project("SegNetSmall", List.of(node("x", "Input", "\"shape\": [3, 8, 8]"),
                node("enc", "Conv2d", "\"out_channels\": 4, \"kernel_size\": 3, \"padding\": 1"), node("relu", "ReLU", ""),
                node("pool", "MaxPool2d", "\"kernel_size\": 2, \"return_indices\": true"), node("unpool", "MaxUnpool2d", "\"kernel_size\": 2"),
                node("dec", "Conv2d", "\"out_channels\": 2, \"kernel_size\": 3, \"padding\": 1"), node("y", "Output", "")),
                List.of("x.out enc.in", "enc.out relu.in", "relu.out pool.in", "pool.out unpool.in", "pool.indices unpool.indices",
                        "unpool.out dec.in", "dec.out y.in"));
    }

    static String projLstm() {
        return project("ProjLstm", List.of(node("x", "Input", "\"shape\": [5, 4]"),
                node("lstm", "LSTM", "\"hidden_size\": 6, \"num_layers\": 2, \"bidirectional\": true, \"proj_size\": 3"),
                node("last", "LastStep", ""), node("fc", "Linear", "\"out_features\": 2"), node("y", "Output", "")),
                List.of("x.out lstm.in", "lstm.out last.in", "last.out fc.in", "fc.out y.in"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"segnet", "proj-lstm"})
    void exportsAndImportsBack(String which, @TempDir Path dir) throws Exception {
        Path project = Files.writeString(dir.resolve(which + ".json"), which.equals("segnet") ? segnet() : projLstm());
        Path onnx = dir.resolve(which + ".onnx"), back = dir.resolve("back.json"), trained = dir.resolve("w.safetensors");
        Graph drawn = ProjectJson.load(project);
        Model a = GraphCompiler.compile(drawn);
        Safetensors.save(trained, a.stateDict(), Map.of());
        assertEquals(0, run("export", project.toString(), "--weights", trained.toString(), "--format", "onnx", "--out", onnx.toString()),
                err.toString());
        assertTrue(out.toString().contains("(ONNX opset 17)"), out.toString());
        assertEquals(0, run("import", onnx.toString(), "--out", back.toString()), err.toString());
        assertEquals("", err.toString());

        Graph imported = ProjectJson.load(back);
        assertEquals(drawn.nodes().stream().map(n -> n.name() + ":" + n.kind()).toList(),
                imported.nodes().stream().map(n -> n.name() + ":" + n.kind()).toList());
        Model b = GraphCompiler.compile(imported);
        b.loadStateDict(Safetensors.load(dir.resolve("back.safetensors")).tensors(), true);
        a.eval();
        b.eval();
        Tensor x = Tensor.randn(new Generator(5), which.equals("segnet") ? new int[] {2, 3, 8, 8} : new int[] {2, 5, 4});
        try (var ng = Autograd.noGrad()) {
            float[] want = a.forward(x).toFloatArray(), got = b.forward(x).toFloatArray();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6, which + " at " + i);
        }
    }
}
