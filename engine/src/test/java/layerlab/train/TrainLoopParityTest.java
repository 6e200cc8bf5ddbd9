package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Trainer's loop against PyTorch 1.13 ({@code make_train_loop_fixtures.py}): optimiser options, a schedule and
 * clipping together, over 6 epochs of 4 batches with validation. Each epoch's rate, training and validation loss and
 * the weights at the end match torch's loop as LayerLab documents it: clip by value then by norm before each step,
 * OneCycleLR stepped per batch, the others per epoch after validation, ReduceLROnPlateau given the validation loss; with
 * {@code param_groups}, each group's options and rate.
 */
class TrainLoopParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/loop.json");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Input [4] → Linear(4, 8) → Tanh → Linear(8, 3), cross-entropy: torch's Sequential in the fixture. */
    static final String MLP = """
            {"format": "layerlab-project", "version": 1, "name": "Loop",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "fc1", "kind": "Linear", "params": {"in_features": 4, "out_features": 8}, "position": {"x": 1, "y": 0}},
              {"id": "n3", "name": "act", "kind": "Tanh", "params": {}, "position": {"x": 2, "y": 0}},
              {"id": "n4", "name": "fc2", "kind": "Linear", "params": {"in_features": 8, "out_features": 3}, "position": {"x": 3, "y": 0}},
              {"id": "n5", "name": "out", "kind": "Output", "params": {}, "position": {"x": 4, "y": 0}},
              {"id": "n6", "name": "y", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 1}},
              {"id": "n7", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 4, "y": 1}}],
             "edges": [
              {"from": "x.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "act.in"}, {"from": "act.out", "to": "fc2.in"},
              {"from": "fc2.out", "to": "out.in"}, {"from": "fc2.out", "to": "loss.input"}, {"from": "y.out", "to": "loss.target"}],
             "blocks": [], "notes": []}
            """;

    static Stream<Arguments> cases() {
        return FIXTURE.namedCases();
    }

    static TensorDataset dataset(String name, JsonNode x, JsonNode y) {
        float[] xs = new float[x.size() * 4];
        long[] ys = new long[y.size()];
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < 4; j++) xs[i * 4 + j] = (float) x.get(i).get(j).asDouble();
            ys[i] = y.get(i).asLong();
        }
        return TensorDataset.classification(name, xs, new int[] {4}, ys, List.of("a", "b", "c"));
    }

    /** A nested list of numbers (a weight matrix or a bias) as a tensor of its shape. */
    static Tensor tensor(JsonNode nested) {
        boolean matrix = nested.get(0).isArray();
        int rows = nested.size(), cols = matrix ? nested.get(0).size() : 1;
        float[] v = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) v[i * cols + j] = (float) (matrix ? nested.get(i).get(j) : nested.get(i)).asDouble();
        }
        return matrix ? Tensor.of(v, rows, cols) : Tensor.of(v, rows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void theLoopMatchesTorchs(String name, JsonNode c) throws Exception {
        check(FIXTURE.json(), name, c);
    }

    /** One case of a fixture made by make_train_loop_fixtures.run ({@code f} holds the data sets). */
    @SuppressWarnings("unchecked")
    static void check(JsonNode f, String name, JsonNode c) throws Exception {
        Graph g = ProjectJson.read(MLP, "loop.json");
        Map<String, Object> training = new LinkedHashMap<>(JSON.convertValue(c.get("training"), Map.class));
        training.put("device", TestDevice.device().toString());
        training.put("seed", 0);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(training), dataset("train", f.get("x"), f.get("y")),
                dataset("val", f.get("val_x"), f.get("val_y")));
        Map<String, Tensor> init = new LinkedHashMap<>();
        c.get("init").fields().forEachRemaining(e -> init.put(e.getKey(), tensor(e.getValue())));
        t.loadWeights(init);
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());

        List<Map<String, Object>> history = t.history();
        assertEquals(c.get("lrs").size(), history.size());
        for (int e = 0; e < history.size(); e++) {
            Map<String, Object> m = history.get(e);
            String at = name + ", epoch " + (e + 1);
            TestDevice.assertClose(c.get("lrs").get(e).asDouble(), ((Number) m.get("lr")).doubleValue(), 1e-12, 0, at + " lr");
            TestDevice.assertClose(c.get("train_loss").get(e).asDouble(), ((Number) m.get("train_loss")).doubleValue(), 1e-5, 1e-6, at + " train_loss");
            TestDevice.assertClose(c.get("val_loss").get(e).asDouble(), ((Number) m.get("val_loss")).doubleValue(), 1e-5, 1e-6, at + " val_loss");
        }
        assertEquals(c.get("group_lrs").size(), t.optimizer().paramGroups().size(), "parameter groups");
        for (int i = 0; i < c.get("group_lrs").size(); i++) {
            TestDevice.assertClose(c.get("group_lrs").get(i).asDouble(), t.optimizer().getLr(i), 1e-12, 0, name + ": group " + i + "'s final lr");
        }
        Map<String, Tensor> weights = t.model().stateDict();
        c.get("final").fields().forEachRemaining(e ->
                TestDevice.assertClose(tensor(e.getValue()), weights.get(e.getKey()), 1e-5, 1e-6, name + ": " + e.getKey()));
    }
}
