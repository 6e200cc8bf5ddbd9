package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectFormatException;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.json.ProjectSchema;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.Registry;
import layerlab.io.ModelBundle;
import layerlab.io.PyTorchExport;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.train.ConfigException;
import layerlab.train.Evaluator;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loss's class {@code weight} and BCEWithLogitsLoss's {@code pos_weight}, lists of numbers as PyTorch's tensors: the
 * project file, the count checked against the input's shape, the compiled loss, the script, the bundle and the schema.
 * The numbers against PyTorch are {@link ParamParityTest}'s (make_param_fixtures.py's weighted_losses).
 */
class LossWeightTest {
    /** x [4] → Linear(4, classes) into a loss of {@code kind} with {@code params}, labels (int64 []) or float targets [classes]. */
    static String project(String kind, int classes, String params) {
        boolean binary = kind.startsWith("BCE");
        String target = binary ? "{\"shape\": [" + classes + "]}" : "{\"shape\": [], \"dtype\": \"int64\"}";
        return """
                {"format": "layerlab-project", "version": 1, "name": "Weighted", "nodes": [
                  {"id": "n0", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n1", "name": "fc", "kind": "Linear", "params": {"in_features": 4, "out_features": %d}, "position": {"x": 200, "y": 0}},
                  {"id": "n2", "name": "y", "kind": "Output", "params": {}, "position": {"x": 400, "y": 0}},
                  {"id": "n3", "name": "t", "kind": "Input", "params": %s, "position": {"x": 0, "y": 200}},
                  {"id": "n4", "name": "loss", "kind": "%s", "params": %s, "position": {"x": 400, "y": 200}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}, {"from": "fc.out", "to": "loss.input"},
                           {"from": "t.out", "to": "loss.target"}]}
                """.formatted(classes, target, kind, params);
    }

    static Graph read(String kind, int classes, String params) throws ProjectFormatException {
        return ProjectJson.read(project(kind, classes, params), "weighted.json");
    }

    static List<Problem> problems(Graph g) {
        return Analysis.of(g).problems().stream().filter(Problem::isError).toList();
    }

    @Test
    void weightsAreReadAsNumbersAndWrittenBackTheSame() throws Exception {
        Graph g = read("CrossEntropyLoss", 2, "{\"weight\": [1, 9.0]}");
        assertEquals(List.of(1.0, 9.0), g.nodeByName("loss").params().get("weight"), "whole numbers are read as floats");
        String written = ProjectJson.write(g);
        assertTrue(written.contains("\"weight\" : [ 1.0, 9.0 ]") || written.replaceAll("\\s", "").contains("\"weight\":[1.0,9.0]"), written);
        Graph back = ProjectJson.read(written, "again.json");
        assertEquals(g.nodeByName("loss").params(), back.nodeByName("loss").params());
        assertEquals(List.of(), problems(back));
    }

    @Test
    void aCountThatDoesNotFitTheClassesIsSaidOnTheLossNode() throws Exception {
        List<Problem> ps = problems(read("CrossEntropyLoss", 2, "{\"weight\": [1, 2, 3]}"));
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("loss", ps.get(0).nodeName());
        assertEquals("weight", ps.get(0).param());
        assertTrue(ps.get(0).message().startsWith("weight has 3 entries for 2 classes"), ps.get(0).message());
        assertTrue(problems(read("NLLLoss", 3, "{\"weight\": [1]}")).get(0).message().startsWith("weight has 1 entry for 3 classes"));

        Problem bce = problems(read("BCEWithLogitsLoss", 3, "{\"pos_weight\": [1, 2]}")).get(0);
        assertEquals("pos_weight", bce.param());
        assertTrue(bce.message().startsWith("pos_weight has 2 entries for 3 columns"), bce.message());
        assertTrue(problems(read("BCELoss", 3, "{\"weight\": [1, 2, 3, 4]}")).get(0).message().startsWith("weight has 4 entries for 3 columns"));
        // PyTorch broadcasts one number over every column, and one per column.
        assertEquals(List.of(), problems(read("BCELoss", 3, "{\"weight\": [2.5]}")));
        assertEquals(List.of(), problems(read("BCEWithLogitsLoss", 3, "{\"weight\": [1, 2, 3], \"pos_weight\": [9]}")));
    }

    @Test
    void whatIsNotAListOfNumbersIsRefusedByNameWhenRead() {
        for (String bad : List.of("[1, \"x\"]", "\"1, 9\"", "[]", "9", "[[1, 9]]")) {
            ProjectFormatException e = assertThrows(ProjectFormatException.class, () -> read("CrossEntropyLoss", 2, "{\"weight\": " + bad + "}"), bad);
            assertTrue(e.getMessage().contains("weight must be a list of numbers such as [1.0, 9.0]"), e.getMessage());
        }
        ParamSpec w = Registry.get("CrossEntropyLoss").param("weight");
        assertTrue(w.check(List.of(1.0, Double.NaN)).contains("must be a finite number"));
        assertTrue(w.check(List.of(1.0, Double.POSITIVE_INFINITY)).contains("must be a finite number"));
        assertNull(w.check(null), "unset is PyTorch's None");
        assertNull(Registry.get("KLDivLoss").param("weight"), "KLDivLoss takes no weight in PyTorch");
    }

    @Test
    void theCompiledLossWeighsTheClasses() throws Exception {
        // Two samples, both scoring class 0 at 2 and class 1 at 0: the weighted mean is (1·l0 + 9·l1) / (1 + 9).
        Graph g = read("CrossEntropyLoss", 2, "{\"weight\": [1, 9]}");
        Model m = GraphCompiler.compile(g);
        m.node("fc").loadStateDict(Map.of("weight", Tensor.zeros(2, 4), "bias", Tensor.of(new float[] {2, 0}, 2)), true, true);
        Tensor loss = m.run(Map.of("x", Tensor.zeros(2, 4), "t", Tensor.ofLongs(new long[] {0, 1}, 2)), List.of("loss")).get("loss");
        double l0 = Math.log(1 + Math.exp(-2)), l1 = 2 + l0;
        assertEquals((l0 + 9 * l1) / 10, loss.item(), 1e-6);
        assertTrue(!m.stateDict().containsKey("loss.weight"), "the weights come from the params, not the weights file: " + m.stateDict().keySet());
    }

    @Test
    void theScriptGivesTheLossItsWeightsAsTensors(@TempDir Path dir) throws Exception {
        Graph g = read("BCEWithLogitsLoss", 3, "{\"weight\": [1, 2, 3], \"pos_weight\": [9.0, 0.5, 1e-3]}");
        String script = PyTorchExport.script(g, "w.safetensors");
        assertTrue(script.contains("nn.BCEWithLogitsLoss(weight=torch.tensor([1.0, 2.0, 3.0]), pos_weight=torch.tensor([9.0, 0.5, 0.001]))"), script);
        assertTrue(Registry.get("BCEWithLogitsLoss").torch(Analysis.of(g).params("n4")).contains("pos_weight=torch.tensor([9.0, 0.5, 0.001])"));
        assertTrue(Registry.get("CrossEntropyLoss").torch(Analysis.of(read("CrossEntropyLoss", 2, "{}")).params("n4")).equals("nn.CrossEntropyLoss()"));

        Path file = dir.resolve("w.llab");
        ModelBundle.save(file, new ModelBundle(g, GraphCompiler.compile(g).stateDict(), Map.of(), List.of(), null,
                layerlab.data.DataNames.NONE, null));
        assertEquals(List.of(9.0, 0.5, 1e-3), ModelBundle.load(file).graph().nodeByName("loss").params().get("pos_weight"));
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void aLossNamedInTheTrainingSettingsTakesWeightsToo() throws Exception {
        TrainingConfig c = TrainingConfig.fromMap(Map.of("loss", Map.of("name", "CrossEntropyLoss", "weight", List.of(1, 9.0))));
        assertEquals(List.of(1.0, 9.0), c.loss().params().get("weight"));
        assertEquals(List.of(1.0, 9.0), TrainingConfig.fromMap(c.toMap()).loss().params().get("weight"), "kept through the settings map");
        ConfigException bad = assertThrows(ConfigException.class,
                () -> TrainingConfig.fromMap(Map.of("loss", Map.of("name", "BCEWithLogitsLoss", "pos_weight", List.of(1, "x")))));
        assertTrue(bad.getMessage().contains("pos_weight must be a list of numbers"), bad.getMessage());

        // x [4] → Linear(4, 2) → Output, no loss node: the settings' loss applies to the Output, its 2 classes counted.
        Graph g = ProjectJson.read(project("CrossEntropyLoss", 2, "{}"), "p.json").removeNode("n4").after();
        Model m = GraphCompiler.compile(g);
        new Evaluator(m, c.loss(), Device.CPU);
        TrainingConfig three = TrainingConfig.fromMap(Map.of("loss", Map.of("name", "CrossEntropyLoss", "weight", List.of(1, 2, 3))));
        ConfigException e = assertThrows(ConfigException.class, () -> new Evaluator(m, three.loss(), Device.CPU));
        assertTrue(e.getMessage().startsWith("training.loss.weight has 3 entries for 2 classes"), e.getMessage());
    }

    @Test
    void theSchemaTakesAListOfNumbersOrNull() throws Exception {
        JsonNode w = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ProjectSchema.generate()).at("/$defs/params/CrossEntropyLoss/properties/weight");
        assertEquals("array", w.at("/anyOf/0/type").asText(), w.toString());
        assertEquals("number", w.at("/anyOf/0/items/type").asText(), w.toString());
        assertEquals("null", w.at("/anyOf/1/type").asText(), w.toString());
    }
}
