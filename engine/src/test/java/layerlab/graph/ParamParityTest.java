package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.io.PyTorchExport;
import layerlab.io.onnx.ExportCases;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unusual combinations of PyTorch's constructor arguments (make_param_fixtures.py), each as a user draws it: one node whose
 * params are written as in a project file, between Inputs and an Output, read, compiled, given PyTorch's weights, run in
 * PyTorch's mode and differentiated with PyTorch's upstream gradient. So the descriptor (its params, its defaults, its
 * shape rule, its factory) is checked along with the module: output, input and parameter gradients, and the weights a
 * forward changes (an Embedding's max_norm), all within 1e-5; on the {@link TestDevice}.
 */
class ParamParityTest {
    static final double RTOL = 1e-5, ATOL = 1e-6;
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.load("param/cases.json").json().get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
        return out.stream();
    }

    static boolean isLoss(JsonNode c) {
        return c.get("kind").asText().endsWith("Loss");
    }

    /** Input(s) → the case's node "layer" → Output "y" (a loss has no Output: its value is asked for by name). */
    static String project(JsonNode c) {
        ObjectNode p = JSON.createObjectNode().put("format", "layerlab-project").put("version", 1);
        ArrayNode nodes = p.putArray("nodes"), edges = p.putArray("edges");
        boolean loss = isLoss(c);
        int id = 0;
        for (JsonNode in : c.get("inputs")) {
            JsonNode t = in.get("tensor");
            ObjectNode params = JSON.createObjectNode();
            ArrayNode shape = params.putArray("shape");
            for (int i = 1; i < t.get("shape").size(); i++) shape.add(t.get("shape").get(i).asInt());
            if (t.has("dtype")) params.put("dtype", t.get("dtype").asText());
            String name = in.get("name").asText();
            nodes.addObject().put("id", "n" + id++).put("name", name).put("kind", "Input").set("params", params);
            edges.addObject().put("from", name + ".out").put("to", "layer." + (loss ? (name.equals("x") ? "input" : "target") : "in"));
        }
        nodes.addObject().put("id", "n" + id++).put("name", "layer").put("kind", c.get("kind").asText()).set("params", c.get("params"));
        if (!loss) {
            nodes.addObject().put("id", "n" + id).put("name", "y").put("kind", "Output").putObject("params");
            edges.addObject().put("from", "layer.out").put("to", "y.in");
        }
        return p.toString();
    }

    static Map<String, Tensor> tensors(JsonNode node, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(prefix + e.getKey(), Fixtures.tensor(e.getValue()));
        }
        return out;
    }

    static double atol(Tensor expected) {
        double max = 0;
        for (float v : expected.toFloatArray()) if (Float.isFinite(v)) max = Math.max(max, Math.abs(v));
        return ATOL * Math.max(1, max);
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertNotNull(actual, what + " is missing");
        TestDevice.assertClose(expected, actual, RTOL, atol(expected), what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchAsDrawn(String name, JsonNode c) throws Exception {
        TestDevice.device();
        Graph g = ProjectJson.read(project(c), name + ".json");
        Model m = TestDevice.on(GraphCompiler.compile(g, tensors(c.get("state"), "layer.")));
        assertEquals(c.get("repr").asText(), m.node("layer").toString(), name + ": printed form");
        if (c.get("train").asBoolean()) m.train();
        else m.eval();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        List<Tensor> inputs = new ArrayList<>();
        JsonNode grads = c.get("grads");
        for (JsonNode in : c.get("inputs")) {
            Tensor x = TestDevice.on(Fixtures.tensor(in.get("tensor")));
            if (grads.has("input" + inputs.size())) x.requiresGrad(true);
            inputs.add(x);
            feeds.put(in.get("name").asText(), x);
        }
        String wanted = isLoss(c) ? "layer" : "y";
        Tensor out = m.run(feeds, List.of(wanted)).get(wanted);
        assertClose(Fixtures.tensor(c.get("output")), out, name + ": output");
        out.backward(TestDevice.on(Fixtures.tensor(c.get("gout"))));
        for (int i = 0; i < inputs.size(); i++) {
            if (grads.has("input" + i)) assertClose(Fixtures.tensor(grads.get("input" + i)), inputs.get(i).grad(), name + ": gradient of input " + i);
        }
        for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
            JsonNode expected = grads.get(p.getKey().substring("layer.".length()));
            assertNotNull(expected, name + ": PyTorch has no parameter " + p.getKey());
            assertClose(Fixtures.tensor(expected), p.getValue().grad(), name + ": gradient of " + p.getKey());
        }
        if (c.has("state_after")) {
            Map<String, Tensor> state = m.stateDict();
            tensors(c.get("state_after"), "layer.").forEach((k, v) -> assertClose(v, state.get(k), name + ": " + k + " after the forward"));
        }
    }

    /**
     * Each layer's PyTorch script, its weights and inputs and LayerLab's outputs, left in target/exports/param_&lt;case&gt; for
     * tools/check_exports.py, which runs the script in torch: the constructor text each descriptor writes for these arguments
     * ({@code padding='same', dilation=(3, 1), padding_mode='reflect'}, {@code divisor_override=2}, {@code max_norm=1.0}) must
     * build PyTorch's module with LayerLab's numbers.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void leavesItsPyTorchScriptForTheCheckers(String name, JsonNode c) throws Exception {
        if (isLoss(c)) return;
        ExportCases.Case k = ExportCases.of("param_" + name, ProjectJson.read(project(c), name + ".json"));
        Path dir = ExportCases.OUT.resolve(k.name());
        Files.createDirectories(dir);
        PyTorchExport.save(k.graph(), k.weights(), dir.resolve("model.py"));
        ExportCases.leaveInputs(k);
        assertTrue(Files.readString(dir.resolve("model.py")).contains("self.layer = nn." + c.get("kind").asText() + "("), name);
    }

    /**
     * PyTorch's constructor arguments LayerLab does not have are refused when a project file sets them, naming the node and
     * the argument: never read as the layer without them.
     */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"Embedding, sparse, true", "Dropout, inplace, true"})
    void torchArgumentsLayerLabLacksAreRefusedByName(String kind, String param, String value) {
        String text = "{\"format\": \"layerlab-project\", \"version\": 1, \"nodes\": [{\"id\": \"a\", \"name\": \"layer\", \"kind\": \""
                + kind + "\", \"params\": {\"" + param + "\": " + value + "}}], \"edges\": []}";
        ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> ProjectJson.read(text, "p.json"));
        assertTrue(e.getMessage().contains("node \"layer\" (" + kind + "): unknown param \"" + param + "\""), e.getMessage());
    }
}
