package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.spec.PyNone;
import layerlab.io.PyTorchExport;
import layerlab.io.Safetensors;
import layerlab.io.onnx.OnnxExporter;
import layerlab.io.onnx.OnnxImporter;
import layerlab.io.onnx.OnnxProto;
import layerlab.io.onnx.OnnxWire;
import layerlab.nn.BatchNormNd;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch's {@code BatchNorm(momentum=None)}, a cumulative moving average of the batch statistics, written in the project
 * file as {@code "momentum": null}: it trains PyTorch's running statistics (make_bn_momentum_fixtures.py), saves and
 * reads back as None, exports as {@code momentum=None}, and a file that leaves momentum out still means 0.1.
 */
class BatchNormMomentumNoneTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load("graph/bn_momentum_none.json").json().get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    /** Input → BatchNorm → Output, with the BatchNorm's params as JSON text. */
    static String project(boolean twoD, String bnParams) {
        String shape = twoD ? "[2, 3, 3]" : "[3]";
        return "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": ["
                + "{\"id\": \"n1\", \"name\": \"x\", \"kind\": \"Input\", \"params\": {\"shape\": " + shape + "}},"
                + "{\"id\": \"n2\", \"name\": \"bn\", \"kind\": \"BatchNorm" + (twoD ? 2 : 1) + "d\", \"params\": {" + bnParams + "}},"
                + "{\"id\": \"n3\", \"name\": \"y\", \"kind\": \"Output\", \"params\": {}}],"
                + "\"edges\": [{\"from\": \"x.out\", \"to\": \"bn.in\"}, {\"from\": \"bn.out\", \"to\": \"y.in\"}]}";
    }

    static Graph graph(JsonNode c) throws Exception {
        boolean twoD = c.get("name").asText().equals("bn2d");
        return ProjectJson.read(project(twoD, twoD ? "\"eps\": 0.001, \"momentum\": null" : "\"momentum\": null"), "bn.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainsPyTorchsRunningStatistics(String name, JsonNode c) throws Exception {
        Graph g = graph(c);
        assertSame(PyNone.NONE, g.nodes().get(1).param("momentum"));
        Model m = GraphCompiler.compile(g);
        assertNull(((BatchNormNd) m.node("bn")).momentum(), "a cumulative average, not the default 0.1");
        m.train();
        for (JsonNode b : c.get("batches")) m.forward(Fixtures.tensor(b));
        Map<String, Tensor> state = m.stateDict();
        Fixtures.assertClose(Fixtures.tensor(c.get("running_mean")), state.get("bn.running_mean"), Fixtures.RTOL, Fixtures.ATOL, name + " running_mean");
        Fixtures.assertClose(Fixtures.tensor(c.get("running_var")), state.get("bn.running_var"), Fixtures.RTOL, Fixtures.ATOL, name + " running_var");
        assertEquals(c.get("num_batches_tracked").asLong(), state.get("bn.num_batches_tracked").toLongArray()[0]);
        m.eval();
        Tensor evalIn = Fixtures.tensor(c.get("eval_input"));
        Tensor out = m.forward(evalIn);
        Fixtures.assertClose(Fixtures.tensor(c.get("eval_output")), out, Fixtures.RTOL, Fixtures.ATOL, name + " eval output");

        // The weights file keeps num_batches_tracked (the count the average divides by), so training goes on from it.
        Path w = dir.resolve(name + ".safetensors");
        Safetensors.save(w, state);
        Model again = GraphCompiler.compile(g, Safetensors.load(w).tensors());
        assertEquals(c.get("num_batches_tracked").asLong(), again.stateDict().get("bn.num_batches_tracked").toLongArray()[0]);
        again.eval();
        Fixtures.assertClose(out, again.forward(evalIn), 0, 0, name + " after reading the weights back");
    }

    @Test
    void savesAndReadsBackAsNoneWhileALeftOutMomentumStaysTheDefault() throws Exception {
        Graph none = ProjectJson.read(project(false, "\"momentum\": null"), "none.json");
        String text = ProjectJson.write(none);
        assertTrue(text.matches("(?s).*\"momentum\"\\s*:\\s*null.*"), text);
        Graph back = ProjectJson.read(text, "again.json");
        assertEquals(none.nodes(), back.nodes());
        assertNull(((BatchNormNd) GraphCompiler.compile(back).node("bn")).momentum());

        Graph older = ProjectJson.read(project(false, ""), "older.json");
        assertFalse(older.nodes().get(1).params().containsKey("momentum"));
        assertEquals(0.1, ((BatchNormNd) GraphCompiler.compile(older).node("bn")).momentum());
        assertFalse(ProjectJson.write(older).contains("momentum"), "an older file is written back as it was");

        // Softmax's dim=None (an implicit dim) is still not LayerLab's to take: refused, named.
        String softmax = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\", \"name\": \"sm\", \"kind\": \"Softmax\", "
                + "\"params\": {\"dim\": null}}], \"edges\": []}";
        assertTrue(assertThrows(ProjectFormatException.class, () -> ProjectJson.read(softmax, "s.json")).getMessage()
                .contains("dim cannot be null"));
    }

    @Test
    void exportsAsPyTorchWritesIt() throws Exception {
        JsonNode c = Fixtures.load("graph/bn_momentum_none.json").json().get("cases").get(1);
        Graph g = graph(c);
        String script = PyTorchExport.script(g, "w.safetensors");
        assertTrue(script.contains("nn.BatchNorm2d(2, eps=0.001, momentum=None)"), script);

        // ONNX's BatchNormalization has a fixed momentum, used only in training mode; the exported inference graph is
        // exact, keeps ONNX's default momentum attribute and comes back with LayerLab's default.
        Model m = GraphCompiler.compile(g);
        m.train();
        for (JsonNode b : c.get("batches")) m.forward(Fixtures.tensor(b));
        OnnxProto.Model onnx = OnnxExporter.export(g, m.stateDict());
        OnnxProto.Node bn = onnx.graph().nodes().stream().filter(n -> n.opType().equals("BatchNormalization")).findFirst().orElseThrow();
        assertNull(bn.attribute("momentum"));
        OnnxImporter.Imported im = OnnxImporter.read(OnnxWire.write(onnx), "bn");
        Model imported = GraphCompiler.compile(im.graph(), im.weights());
        imported.eval();
        m.eval();
        Tensor x = Fixtures.tensor(c.get("eval_input"));
        Fixtures.assertClose(m.forward(x), imported.forward(x), 0, 0, "imported eval output");
    }
}
