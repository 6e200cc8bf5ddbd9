package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.json.ProjectJson;
import layerlab.io.onnx.ExportCases;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch script export. Its numbers are checked by tools/check_exports.py, which runs each script left in
 * target/exports with Debian's torch (JUnit itself needs no Python).
 */
class PyTorchExportTest {
    static List<ExportCases.Case> cases() throws IOException {
        return ExportCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesAScriptAndItsWeights(ExportCases.Case c) throws IOException {
        Path dir = ExportCases.OUT.resolve(c.name());
        Files.createDirectories(dir);
        Path script = dir.resolve("model.py");
        PyTorchExport.save(c.graph(), c.weights(), script);
        Map<String, Tensor> back = Safetensors.load(dir.resolve("model.safetensors")).tensors();
        assertEquals(c.weights().keySet(), back.keySet());
        String text = Files.readString(script);
        assertTrue(text.contains("class " + layerlab.graph.Names.className(c.graph().name()) + "(nn.Module):"), text);
        ExportCases.leaveInputs(c);
    }

    /**
     * The Code tab shows the classes the script holds, letter for letter (names, order, the variables forward uses):
     * what a student reads in the window is what runs after export.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCodeTabShowsTheScriptsClasses(ExportCases.Case c) {
        assertEquals(modules(PyTorchExport.script(c.graph(), "model.safetensors")), modules(layerlab.graph.PyTorchSource.of(c.graph())));
    }

    /** The nn.Module classes of a text, without the code view's comment on losses. */
    private static List<String> modules(String text) {
        return java.util.Arrays.stream(text.split("\n\n\n")).filter(p -> p.contains("(nn.Module):"))
                .map(p -> p.replaceAll("(?s)\n# Losses.*", "").strip()).toList();
    }

    private static final Normalization IRIS = new Normalization(Normalization.Kind.STANDARDIZE, Normalization.Per.FEATURE,
            new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f});

    /** A model trained on normalized inputs: the script carries the statistics per Input and its command line applies them. */
    @Test
    void theTrainingNormalizationGoesWithTheScript(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, ExportCases.of("bilinear-features", g).weights(), IRIS, script);
        String text = Files.readString(script);
        assertTrue(text.contains("    \"sepal\": ([5.8, 3.0], [0.8, 0.4], [2]),\n    \"petal\": ([3.7, 1.2], [1.7, 0.75], [2]),\n"), text);
        assertTrue(text.contains("xs = [normalize(name, x) for name, x in zip([\"sepal\", \"petal\"], xs)]"), text);
        assertTrue(text.contains("model(normalize(\"sepal\", x))"), text);
    }

    /** A layer whose output goes nowhere (a warning, not an error) is left out of the script and of its weights alike. */
    @Test
    void aLayerTheOutputsDoNotNeedIsLeftOutOfScriptAndWeights(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        g = g.addNode(new layerlab.graph.Node("nx", "extra", "Linear", Map.of("out_features", 2), new layerlab.graph.Position(900, 0))).after()
                .connect(g.nodeByName("relu").id() + ".out", "nx.in").after();
        Map<String, Tensor> weights = layerlab.graph.compile.GraphCompiler.compile(g).stateDict();
        assertTrue(weights.containsKey("extra.weight"), "LayerLab's model has it");
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, weights, script);
        assertFalse(Files.readString(script).contains("extra"), "not in the module");
        Map<String, Tensor> saved = Safetensors.load(dir.resolve("iris.safetensors")).tensors();
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(saved.keySet()),
                "exactly the module's state dict: load_state_dict(strict=True) takes it");
    }

    @Test
    void theScriptNamesTheClassesAndFeatures(@TempDir Path dir) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        String text = PyTorchExport.script(g, "iris.safetensors", null, new DataNames(List.of("sepal length"), List.of("setosa", "\"odd\" one")));
        assertTrue(text.contains("\nCLASSES = [\"setosa\", \"\\\"odd\\\" one\"]  # what the first output scores, in order\n"), text);
        assertTrue(text.contains("\nFEATURES = [\"sepal length\"]  # a sample's values, in order\n"), text);
        assertFalse(PyTorchExport.script(g, "iris.safetensors", null).contains("CLASSES"), "no names, no lists");
    }

    /**
     * The script run on raw inputs prints what the model gives for the normalized ones, as layerlab predict does.
     * It needs python3 with torch and is skipped, saying so, without them (tools/check_exports.py covers the rest).
     */
    @Test
    void theScriptNormalizesWhatItReads(@TempDir Path dir) throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        Assumptions.assumeTrue(probe != null && probe.waitFor() == 0, "no python3 with torch here: the script cannot run");
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        ExportCases.Case c = ExportCases.of("bilinear-features", g);
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, c.weights(), IRIS, script);
        Tensor sepal = Tensor.of(new float[] {5.1f, 3.5f, 6.7f, 3.1f}, 2, 2), petal = Tensor.of(new float[] {1.4f, 0.2f, 4.4f, 1.4f}, 2, 2);
        Map<String, Tensor> seen = Map.of("sepal", Tensor.of(new float[] {(5.1f - 5.8f) / 0.8f, (3.5f - 3.0f) / 0.4f, (6.7f - 5.8f) / 0.8f,
                (3.1f - 3.0f) / 0.4f}, 2, 2), "petal", Tensor.of(new float[] {(1.4f - 3.7f) / 1.7f, (0.2f - 1.2f) / 0.75f, (4.4f - 3.7f) / 1.7f,
                (1.4f - 1.2f) / 0.75f}, 2, 2));
        Tensor want;
        try (var ng = Autograd.noGrad()) {
            want = c.model().run(seen, List.of("logits")).get("logits");
        }
        Npy.write(dir.resolve("sepal.npy"), sepal);
        Npy.write(dir.resolve("petal.npy"), petal);
        Process run = new ProcessBuilder("/usr/bin/python3", script.toString(), "--input", dir.resolve("sepal.npy").toString(), "--input",
                dir.resolve("petal.npy").toString(), "--output", dir.resolve("y.npy").toString()).redirectErrorStream(true).start();
        String log = new String(run.getInputStream().readAllBytes());
        assertEquals(0, run.waitFor(), log);
        float[] got = Npy.read(dir.resolve("y.npy")).toFloatArray(), exp = want.toFloatArray();
        for (int i = 0; i < exp.length; i++) assertEquals(exp[i], got[i], 1e-5 * Math.max(1, Math.abs(exp[i])), "logit " + i);
    }

    @Test
    void theResBlockSampleBecomesTwoClasses() throws IOException {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "net-with-resblock.json"));
        String text = PyTorchExport.script(g, "model.safetensors");
        assertTrue(text.contains("""
                class ResBlock(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.conv1 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
                        self.bn1 = nn.BatchNorm2d(16)
                        self.relu1 = nn.ReLU()
                        self.conv2 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
                        self.bn2 = nn.BatchNorm2d(16)
                        self.relu2 = nn.ReLU()

                    def forward(self, x):
                        conv1 = self.conv1(x)
                        bn1 = self.bn1(conv1)
                        relu1 = self.relu1(bn1)
                        conv2 = self.conv2(relu1)
                        bn2 = self.bn2(conv2)
                        add = bn2 + x
                        relu2 = self.relu2(add)
                        return relu2
                """), text);
        assertTrue(text.contains("        self.res1 = ResBlock()\n"), text);
        assertTrue(text.contains("        res1 = self.res1(conv1)\n"), text);
    }

    @Test
    void aLossFeedingAnOutputIsNamed() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(4))
                .node("y", "Input", "shape", List.of(4))
                .node("loss", "MSELoss")
                .node("out", "Output")
                .edge("x.out", "loss.input").edge("y.out", "loss.target").edge("loss.loss", "out.in")
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyTorchExport.script(g, "w.safetensors"));
        assertEquals("cannot export \"Untitled\" to PyTorch: node \"loss\" (MSELoss): a loss cannot be part of the exported model", e.getMessage());
    }
}
