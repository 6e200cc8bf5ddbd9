package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Device;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * Two heads on one trunk, each with its loss node on the one target, train with their weighted sum as PyTorch's
 * {@code loss = ce + 0.3 * aux} does ({@code make_loss_sum_fixtures.py}): the same total loss and gradients at the first
 * step, each loss's own value, the same losses and weights after three SGD steps with momentum; the epoch's metrics hold
 * each loss beside the sum; a weight naming no loss node is refused naming the nodes there are.
 */
class LossSumParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/loss_sum.json");
    static final List<String> PARAMS = List.of("trunk.weight", "trunk.bias", "cls.weight", "cls.bias", "aux_fc.weight", "aux_fc.bias");

    static Graph graph() throws Exception {
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "TwoHeads", "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "trunk", "kind": "Linear", "params": {"in_features": 4, "out_features": 6}, "position": {"x": 200, "y": 0}},
                  {"id": "n3", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 400, "y": 0}},
                  {"id": "n4", "name": "cls", "kind": "Linear", "params": {"in_features": 6, "out_features": 3}, "position": {"x": 600, "y": 0}},
                  {"id": "n5", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 800, "y": 0}},
                  {"id": "n6", "name": "aux_fc", "kind": "Linear", "params": {"in_features": 6, "out_features": 3}, "position": {"x": 600, "y": 200}},
                  {"id": "n7", "name": "log_softmax", "kind": "LogSoftmax", "params": {"dim": 1}, "position": {"x": 800, "y": 200}},
                  {"id": "n8", "name": "aux_out", "kind": "Output", "params": {}, "position": {"x": 1000, "y": 200}},
                  {"id": "n9", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 400}},
                  {"id": "n10", "name": "ce", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 800, "y": 400}},
                  {"id": "n11", "name": "aux", "kind": "NLLLoss", "params": {}, "position": {"x": 1000, "y": 400}}],
                 "edges": [{"from": "x.out", "to": "trunk.in"}, {"from": "trunk.out", "to": "relu.in"}, {"from": "relu.out", "to": "cls.in"},
                           {"from": "cls.out", "to": "logits.in"}, {"from": "relu.out", "to": "aux_fc.in"}, {"from": "aux_fc.out", "to": "log_softmax.in"},
                           {"from": "log_softmax.out", "to": "aux_out.in"}, {"from": "cls.out", "to": "ce.input"}, {"from": "labels.out", "to": "ce.target"},
                           {"from": "log_softmax.out", "to": "aux.input"}, {"from": "labels.out", "to": "aux.target"}]}
                """;
        return ProjectJson.read(json, "two-heads.json");
    }

    /** x[i, j] = sin(0.37·i + 0.91·j) over 4 features, labels (5·i + 1) mod 3. */
    static TensorDataset data(int n) {
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) Math.sin(0.37 * i + 0.91 * j);
            y[i] = (5L * i + 1) % 3;
        }
        return TensorDataset.classification("two-heads", x, new int[] {4}, y, List.of("0", "1", "2"));
    }

    /** Parameter number p of {@link #PARAMS}, element k = 0.5·sin(1.3·k + p). */
    static Map<String, Tensor> initialWeights(Trainer t) {
        Map<String, Tensor> w = new LinkedHashMap<>(t.model().stateDict());
        for (int p = 0; p < PARAMS.size(); p++) {
            var param = t.model().namedParameters().get(PARAMS.get(p));
            float[] v = new float[param.numel()];
            for (int k = 0; k < v.length; k++) v[k] = (float) (0.5 * Math.sin(1.3 * k + p));
            w.put(PARAMS.get(p), Tensor.of(v, param.shape()));
        }
        return w;
    }

    static TrainingConfig config(Map<String, Object> lossWeights) {
        return TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9), "epochs", 1, "batch_size", 6,
                "shuffle", false, "device", TestDevice.device().toString(), "loss_weights", lossWeights));
    }

    private static Trainer trainer() throws Exception {
        JsonNode f = FIXTURE.json();
        Trainer t = new Trainer(graph(), config(Map.of("aux", f.get("aux_weight").asDouble())), data(f.get("steps").asInt() * f.get("batch_size").asInt()), null);
        t.loadWeights(initialWeights(t));
        return t;
    }

    @Test
    void theLossIsTheWeightedSumWithPyTorchsGradients() throws Exception {
        JsonNode f = FIXTURE.json();
        Trainer t = trainer();
        Evaluator e = Evaluator.forRun(t.model(), config(Map.of("aux", f.get("aux_weight").asDouble())), TestDevice.device());
        assertEquals(List.of("ce", "aux"), e.lossNodes());
        Evaluator.Pass pass = e.forward(data(6).batch(new int[] {0, 1, 2, 3, 4, 5}), List.of());
        pass.loss().backward();
        TestDevice.assertClose(f.get("losses").get(0).asDouble(), TestDevice.cpu(pass.loss()).item(), 1e-5, 1e-6, "the first step's loss");
        Map<String, Double> parts = pass.parts(e.lossNodes());
        assertEquals(List.of("ce", "aux"), new ArrayList<>(parts.keySet()));
        for (String l : parts.keySet()) TestDevice.assertClose(f.get("first_parts").get(l).asDouble(), parts.get(l), 1e-5, 1e-6, l);
        for (String p : PARAMS) {
            float[] g = TestDevice.cpu(t.model().namedParameters().get(p).grad()).toFloatArray();
            JsonNode want = f.get("first_grads").get(p);
            assertEquals(want.size(), g.length, p);
            for (int k = 0; k < g.length; k++) TestDevice.assertClose(want.get(k).asDouble(), g[k], 1e-5, 1e-6, "grad " + p + "[" + k + "]");
        }
    }

    @Test
    void threeStepsEndAtPyTorchsWeightsAndTheEpochShowsEachLoss() throws Exception {
        JsonNode f = FIXTURE.json();
        Trainer t = trainer();
        List<Double> losses = new ArrayList<>();
        List<Map<String, Double>> epochs = new ArrayList<>();
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.BatchEnded b) losses.add(b.loss());
            if (ev instanceof TrainingEvent.EpochEnded ep) epochs.add(ep.metrics());
        });
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        assertEquals(f.get("steps").asInt(), losses.size());
        for (int s = 0; s < losses.size(); s++) TestDevice.assertClose(f.get("losses").get(s).asDouble(), losses.get(s), 1e-5, 1e-6, "loss at step " + (s + 1));
        Map<String, Tensor> state = t.model().stateDict();
        for (String p : PARAMS) {
            float[] got = TestDevice.cpu(state.get(p)).toFloatArray();
            JsonNode want = f.get("state").get(p);
            for (int k = 0; k < got.length; k++) TestDevice.assertClose(want.get(k).asDouble(), got[k], 1e-5, 1e-6, p + "[" + k + "]");
        }
        // The epoch's train_loss is the sum as trained; each loss node's own mean is beside it, unweighted.
        Map<String, Double> m = epochs.get(0);
        assertEquals(m.get("train_loss"), m.get("train_loss_ce") + 0.3 * m.get("train_loss_aux"), 1e-6, m.toString());
        assertEquals(List.of("train_loss", "train_loss_ce", "train_loss_aux", "train_accuracy"),
                m.keySet().stream().filter(k -> k.startsWith("train_")).toList());
    }

    @Test
    void aWeightNamingNoLossNodeIsRefusedNamingThem() throws Exception {
        Trainer t = trainer();
        ConfigException e = assertThrows(ConfigException.class, () -> Evaluator.forRun(t.model(), config(Map.of("aux_ce", 0.3)), Device.CPU));
        assertEquals("training.loss_weights names \"aux_ce\", but the network's loss nodes are \"ce\", \"aux\"", e.getMessage());
        ConfigException negative = assertThrows(ConfigException.class, () -> config(Map.of("aux", -1)));
        assertEquals("training.loss_weights.aux must be a number of at least 0 (the loss's share of the sum), got -1", negative.getMessage());
    }
}
