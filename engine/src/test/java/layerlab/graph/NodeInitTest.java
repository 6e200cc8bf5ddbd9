package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.init.InitChoice;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's initialisers (CATALOG: "initialisation per layer"): the file, the edit, the checks, the compiled weights, the script. */
class NodeInitTest {
    static Graph sample(String file) throws IOException {
        return ProjectJson.load(Path.of("..", "sample-projects", file));
    }

    static Graph init(Graph g, String node, String role, InitChoice c) {
        return g.setInit(g.nodeByName(node).id(), role, c).after();
    }

    static float[] weights(Graph g, String key, long seed) {
        Generator.manualSeed(seed);
        Tensor t = GraphCompiler.compile(g).stateDict().get(key);
        return t.toFloatArray();
    }

    static List<Problem> initProblems(Graph g) {
        return Analysis.of(g).problems().stream().filter(p -> p.code() == ProblemCode.INIT).toList();
    }

    @Test
    void argumentsReadAsAPythonCallWritesThem() {
        assertEquals(Map.of(), InitChoice.parseArgs("  "));
        Map<String, Object> a = InitChoice.parseArgs("mode='fan_out', nonlinearity=\"relu\", a=0.1");
        assertEquals(List.of("mode", "nonlinearity", "a"), List.copyOf(a.keySet()));
        assertEquals("fan_out", a.get("mode"));
        assertEquals("relu", a.get("nonlinearity"));
        assertEquals(0.1, a.get("a"));
        assertEquals("fan_in", InitChoice.parseArgs("mode=fan_in").get("mode"), "a bare word is a string");
        assertEquals(-2.0, InitChoice.parseArgs("val=-2").get("val"));
        InitChoice c = new InitChoice("kaiming_normal_", InitChoice.parseArgs("mode='fan_out', nonlinearity='relu'"));
        assertEquals("kaiming_normal", c.name(), "torch's trailing underscore is dropped");
        assertEquals("nn.init.kaiming_normal_(self.conv1.weight, mode='fan_out', nonlinearity='relu')", c.pythonCall("self.conv1.weight"));
        assertEquals("nn.init.xavier_uniform_(w, gain=2.0)", new InitChoice("xavier_uniform", Map.of("gain", 2)).pythonCall("w"));
        assertEquals("nn.init.zeros_(b)", InitChoice.of("zeros").pythonCall("b"));
        for (String bad : List.of("gain", "=2", "gain=", "mode='fan_out", "gain=2, gain=3", "a b=1", "gain=2x")) {
            assertThrows(IllegalArgumentException.class, () -> InitChoice.parseArgs(bad), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InitChoice.parseArgs("gain")).getMessage().contains("'gain' is not name=value"));
    }

    @Test
    void theInitIsWrittenOnlyWhereSetAndReadBack() throws Exception {
        Graph g = init(sample("iris.json"), "fc1", "weight", new InitChoice("xavier_uniform", Map.of("gain", 2.0)));
        g = init(g, "fc1", "bias", InitChoice.of("zeros"));
        String text = ProjectJson.write(g);
        assertEquals(1, text.split("\"init\"", -1).length - 1, text);
        assertTrue(text.contains("\"bias\": \"zeros\""), "without arguments, the name alone: " + text);
        Graph back = ProjectJson.read(text, "iris.json");
        assertEquals(g.nodes(), back.nodes());
        assertEquals(2.0, back.nodeByName("fc1").init("weight").args().get("gain"));
        assertTrue(back.nodeByName("fc2").init().isEmpty());

        // The form is checked where it is read, with the node and the place.
        ProjectFormatException e = assertThrows(ProjectFormatException.class,
                () -> ProjectJson.read(text.replace("\"bias\": \"zeros\"", "\"biases\": \"zeros\""), "iris.json"));
        assertTrue(e.getMessage().contains("node \"fc1\": init has no role \"biases\"; its roles are weight, bias"), e.getMessage());
        e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text.replace("\"gain\": 2.0", "\"gain\": [2]"), "iris.json"));
        assertTrue(e.getMessage().contains("argument \"gain\" is a number or a string"), e.getMessage());
        e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text.replace("\"bias\": \"zeros\"", "\"bias\": 0"), "iris.json"));
        assertTrue(e.getMessage().contains("the bias initialiser is a name"), e.getMessage());
    }

    @Test
    void settingAnInitIsOneEditThatUndoesAndOtherEditsKeepIt() throws Exception {
        Graph g = sample("iris.json");
        String id = g.nodeByName("fc1").id();
        InitChoice xavier = InitChoice.of("xavier_normal");
        var edit = g.setInit(id, "weight", xavier);
        assertEquals(xavier, edit.after().node(id).init("weight"));
        assertEquals(1, edit.changes().size());
        assertNull(edit.after().applyAll(List.of(edit.changes().get(0).inverse())).node(id).init("weight"));
        assertTrue(edit.after().setInit(id, "weight", xavier).changes().isEmpty(), "the same choice again changes nothing");
        assertNull(edit.after().setInit(id, "weight", null).after().node(id).init("weight"), "null goes back to PyTorch's default");
        Node n = edit.after().node(id);
        assertEquals(xavier, n.withName("head").withPosition(n.position().translate(5, 5)).withParam("bias", false).withFrozen(true).init("weight"));
        assertThrows(IllegalArgumentException.class, () -> n.withInit("gamma", xavier));
    }

    @Test
    void whatTheTensorsCannotTakeIsAProblemOnTheNode() throws Exception {
        Graph iris = sample("iris.json");
        assertEquals(List.of(), initProblems(init(iris, "fc1", "weight", new InitChoice("kaiming_uniform", Map.of("nonlinearity", "relu")))));

        List<Problem> ps = initProblems(init(iris, "relu", "weight", InitChoice.of("ones")));
        assertEquals(1, ps.size());
        assertEquals("relu", ps.get(0).nodeName());
        assertTrue(ps.get(0).isError());
        assertTrue(ps.get(0).message().contains("has no parameters"), ps.get(0).message());

        Graph noBias = iris.setParam(iris.nodeByName("fc2").id(), "bias", false).after();
        ps = initProblems(init(noBias, "fc2", "bias", InitChoice.of("zeros")));
        assertTrue(ps.get(0).message().contains("has no bias (bias is off)"), ps.get(0).message());

        ps = initProblems(init(iris, "fc1", "weight", InitChoice.of("he_normal")));
        assertTrue(ps.get(0).message().contains("unknown initialiser 'he_normal'"), ps.get(0).message());
        ps = initProblems(init(iris, "fc1", "weight", new InitChoice("xavier_uniform", Map.of("mode", "fan_in"))));
        assertTrue(ps.get(0).message().contains("xavier_uniform takes no argument 'mode'"), ps.get(0).message());
        ps = initProblems(init(iris, "fc1", "weight", new InitChoice("kaiming_normal", Map.of("mode", "fan_middle"))));
        assertTrue(ps.get(0).message().contains("fan_middle"), ps.get(0).message());

        // Fans need a matrix: a bias, or batch norm's per-channel weight, is a vector.
        ps = initProblems(init(iris, "fc1", "bias", InitChoice.of("xavier_uniform")));
        assertTrue(ps.get(0).message().startsWith("bias initialiser: xavier_uniform needs a tensor of 2 or more dimensions"), ps.get(0).message());
        Graph bn = sample("conv-batchnorm-rgb.json");
        ps = initProblems(init(bn, "bn1", "weight", InitChoice.of("orthogonal")));
        assertEquals("bn1", ps.get(0).nodeName());
        assertTrue(ps.get(0).message().contains("the weight is a vector"), ps.get(0).message());
        assertEquals(List.of(), initProblems(init(bn, "bn1", "weight", new InitChoice("normal", Map.of("mean", 1.0, "std", 0.02)))));

        Graph res = sample("net-with-resblock.json");
        ps = initProblems(init(res, "res1", "weight", InitChoice.of("zeros")));
        assertTrue(ps.get(0).message().contains("set initialisers on the layers inside the block"), ps.get(0).message());
        assertTrue(Analysis.of(init(iris, "relu", "weight", InitChoice.of("ones"))).hasErrors(), "a run cannot start with it");
    }

    @Test
    void theCompiledModelStartsFromTheChosenInitialisers() throws Exception {
        Graph iris = sample("iris.json");
        // fc1: [16, 4] (in 4, out 16).
        Graph g = init(iris, "fc1", "weight", new InitChoice("xavier_uniform", Map.of("gain", 2.0)));
        g = init(g, "fc1", "bias", new InitChoice("constant", Map.of("val", 0.1)));
        float[] w = weights(g, "fc1.weight", 7);
        int out = 16, in = w.length / out;
        double bound = 2.0 * Math.sqrt(6.0 / (in + out)), max = 0;
        for (float v : w) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.8 * bound, "xavier_uniform(gain=2) draws from ±" + bound + ", max |w| " + max);
        double defaultBound = 1 / Math.sqrt(in);
        assertTrue(max > defaultBound, "PyTorch's default (±" + defaultBound + ") would not reach " + max);
        for (float v : weights(g, "fc1.bias", 7)) assertEquals(0.1f, v);
        assertArrayEquals(w, weights(g, "fc1.weight", 7), "the seed makes them repeatable");
        assertFalse(java.util.Arrays.equals(w, weights(g, "fc1.weight", 8)));
        assertFalse(java.util.Arrays.equals(w, weights(iris, "fc1.weight", 7)), "without the init, PyTorch's default");

        // kaiming_normal(fan_out, relu) on conv1 [32, 1, 3, 3]: std √(2 / fan_out), fan_out = 32·9.
        Graph cnn = init(sample("simple-cnn.json"), "conv1", "weight", new InitChoice("kaiming_normal", Map.of("mode", "fan_out", "nonlinearity", "relu")));
        float[] k = weights(cnn, "conv1.weight", 3);
        double ss = 0;
        for (float v : k) ss += v * v;
        double std = Math.sqrt(ss / k.length), want = Math.sqrt(2.0 / (32 * 9));
        assertEquals(want, std, want * 0.1, "kaiming_normal's std over 288 draws");

        // A recurrent layer's role covers all its weights: orthogonal weight_ih_l0 [4h, e] and weight_hh_l0 [4h, h]; biases zeros.
        Graph lstm = init(init(sample("lstm-text-classifier.json"), "lstm", "weight", InitChoice.of("orthogonal")), "lstm", "bias", InitChoice.of("zeros"));
        Generator.manualSeed(1);
        Map<String, Tensor> sd = GraphCompiler.compile(lstm).stateDict();
        for (String key : List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0")) {
            Tensor t = sd.get(key);
            int rows = t.shape()[0], cols = t.shape()[1];
            assertTrue(rows >= cols, key);
            float[] m = t.toFloatArray();
            for (int i = 0; i < cols; i++) {
                for (int j = 0; j < cols; j++) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) dot += m[r * cols + i] * m[r * cols + j];
                    assertEquals(i == j ? 1 : 0, dot, 1e-4, key + ": columns orthonormal at " + i + "," + j);
                }
            }
        }
        for (String key : List.of("lstm.bias_ih_l0", "lstm.bias_hh_l0")) for (float v : sd.get(key).toFloatArray()) assertEquals(0f, v, key);
        assertNotEquals(0f, sd.get("fc.bias").toFloatArray()[0], "other layers keep their default");
    }

    @Test
    void theScriptCallsTorchNnInitAfterEachLayer(@TempDir Path dir) throws Exception {
        Graph cnn = init(sample("simple-cnn.json"), "conv1", "weight", new InitChoice("kaiming_normal", Map.of("mode", "fan_out", "nonlinearity", "relu")));
        cnn = init(cnn, "conv1", "bias", InitChoice.of("zeros"));
        String py = PyTorchSource.of(cnn);
        assertTrue(py.contains("        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)\n"
                + "        nn.init.kaiming_normal_(self.conv1.weight, mode='fan_out', nonlinearity='relu')\n"
                + "        nn.init.zeros_(self.conv1.bias)\n"
                + "        self.relu1"), py);
        Graph lstm = init(sample("lstm-text-classifier.json"), "lstm", "weight", new InitChoice("orthogonal", Map.of("gain", 1.5)));
        String lpy = PyTorchSource.of(lstm);
        assertTrue(lpy.contains("        for name, p in self.lstm.named_parameters():\n"
                + "            if name.startswith('weight'):\n"
                + "                nn.init.orthogonal_(p, gain=1.5)\n"), lpy);

        // PyTorch itself runs both and gets what was asked for.
        Torch.assume();
        Path f = dir.resolve("check.py");
        Files.writeString(f, py + "\n" + lpy.substring(lpy.indexOf("class ")) + """

                torch.manual_seed(0)
                models = [SimpleCNN() for _ in range(20)]
                assert all((m.conv1.bias == 0).all() for m in models)
                std = torch.cat([m.conv1.weight.flatten() for m in models]).std().item()
                assert abs(std - (2 / 288) ** 0.5) < 0.05 * (2 / 288) ** 0.5, std
                l = %s()
                w = l.lstm.weight_hh_l0
                eye = w.t() @ w
                assert torch.allclose(eye, 2.25 * torch.eye(eye.shape[0]), atol=1e-4), eye
                print("ok")
                """.formatted(lpy.substring(lpy.indexOf("class ") + 6, lpy.indexOf("(nn.Module)"))));
        String outText = Torch.python(0, f.toString());
        assertTrue(outText.contains("ok"), outText);
    }

    /**
     * Every kind's declared parameter roles ({@code LayerSpec.parameterRoles}, what the checks and the property sheet go by)
     * are the roles and fewest dimensions of the parameters its module really has, with the params that change them.
     */
    @Test
    void eachKindsDeclaredRolesAreItsModulesParameters() {
        record Case(String kind, List<Integer> shape, String dtype, Object... params) {}
        List<Case> cases = List.of(
                new Case("Linear", List.of(8), "float32", "out_features", 4),
                new Case("Linear", List.of(8), "float32", "out_features", 4, "bias", false),
                new Case("Conv1d", List.of(2, 10), "float32", "out_channels", 3, "kernel_size", 3),
                new Case("Conv2d", List.of(2, 8, 8), "float32", "out_channels", 3, "kernel_size", 3, "bias", false),
                new Case("Conv3d", List.of(2, 4, 4, 4), "float32", "out_channels", 3, "kernel_size", 3),
                new Case("ConvTranspose2d", List.of(2, 4, 4), "float32", "out_channels", 3, "kernel_size", 2),
                new Case("BatchNorm1d", List.of(4), "float32"),
                new Case("BatchNorm2d", List.of(2, 4, 4), "float32", "affine", false),
                new Case("LayerNorm", List.of(3, 4), "float32", "normalized_shape", List.of(3, 4)),
                new Case("LayerNorm", List.of(3, 4), "float32", "elementwise_affine", false),
                new Case("Embedding", List.of(5), "int64", "num_embeddings", 10, "embedding_dim", 4),
                new Case("RNN", List.of(5, 4), "float32", "hidden_size", 3, "batch_first", true),
                new Case("LSTM", List.of(5, 4), "float32", "hidden_size", 3, "batch_first", true, "num_layers", 2, "bidirectional", true),
                new Case("GRU", List.of(5, 4), "float32", "hidden_size", 3, "batch_first", true, "bias", false),
                new Case("ReLU", List.of(4), "float32"),
                new Case("Dropout", List.of(4), "float32"));
        for (Case c : cases) {
            Graph g = TestGraphs.graph().node("x", "Input", "shape", c.shape(), "dtype", c.dtype()).node("layer", c.kind(), c.params())
                    .node("y", "Output").edge("x.out", "layer.in").edge("layer.out", "y.in").build();
            Analysis a = Analysis.of(g);
            assertFalse(a.hasErrors(), c + ": " + a.errors());
            Map<String, Integer> declared = layerlab.graph.spec.Registry.get(c.kind()).parameterRoles(a.params("layer"));
            Map<String, Integer> actual = new java.util.TreeMap<>();
            GraphCompiler.compile(g).namedParameters().forEach((name, p) -> {
                String local = name.substring(name.lastIndexOf('.') + 1);
                String role = InitChoice.ROLES.stream().filter(local::startsWith).findFirst().orElseThrow(() -> new AssertionError(c + ": " + name));
                actual.merge(role, p.data().dim(), Math::min);
            });
            assertEquals(actual, new java.util.TreeMap<>(declared), c.toString());
            String dflt = layerlab.graph.spec.Registry.get(c.kind()).defaultInit();
            assertEquals(c.kind().equals("ReLU") || c.kind().equals("Dropout"), dflt == null, c.kind() + " says what PyTorch fills its tensors with: " + dflt);
        }
    }
}
