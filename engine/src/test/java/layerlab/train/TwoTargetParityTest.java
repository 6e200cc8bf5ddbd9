package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.TargetHead;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * A shared trunk with two heads, each reading a target of its own: a classifier (CrossEntropyLoss on a class) and a
 * regressor (MSELoss on an amount), trained with {@code loss_weights} {ce: 1, mse: 0.5} as PyTorch's
 * {@code loss = ce + 0.5 * mse} does ({@code make_two_target_fixtures.py}): each step's loss, each loss's own value and
 * the weights after three SGD steps and after three Adam steps; the epoch's metrics hold each head's own accuracy and
 * MAE; a data set of one target for a network of two is refused naming both Inputs.
 */
class TwoTargetParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/two_targets.json");
    static final List<String> PARAMS = List.of("trunk.weight", "trunk.bias", "cls.weight", "cls.bias", "reg.weight", "reg.bias");

    static Graph graph() throws Exception {
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "TwoTargets", "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "trunk", "kind": "Linear", "params": {"in_features": 4, "out_features": 6}, "position": {"x": 200, "y": 0}},
                  {"id": "n3", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 400, "y": 0}},
                  {"id": "n4", "name": "cls", "kind": "Linear", "params": {"in_features": 6, "out_features": 3}, "position": {"x": 600, "y": 0}},
                  {"id": "n5", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 800, "y": 0}},
                  {"id": "n6", "name": "reg", "kind": "Linear", "params": {"in_features": 6, "out_features": 1}, "position": {"x": 600, "y": 200}},
                  {"id": "n7", "name": "amount", "kind": "Output", "params": {}, "position": {"x": 800, "y": 200}},
                  {"id": "n8", "name": "kind", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 400}},
                  {"id": "n9", "name": "mass", "kind": "Input", "params": {"shape": [1]}, "position": {"x": 0, "y": 500}},
                  {"id": "n10", "name": "ce", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 800, "y": 400}},
                  {"id": "n11", "name": "mse", "kind": "MSELoss", "params": {}, "position": {"x": 1000, "y": 400}}],
                 "edges": [{"from": "x.out", "to": "trunk.in"}, {"from": "trunk.out", "to": "relu.in"}, {"from": "relu.out", "to": "cls.in"},
                           {"from": "cls.out", "to": "logits.in"}, {"from": "relu.out", "to": "reg.in"}, {"from": "reg.out", "to": "amount.in"},
                           {"from": "cls.out", "to": "ce.input"}, {"from": "kind.out", "to": "ce.target"},
                           {"from": "reg.out", "to": "mse.input"}, {"from": "mass.out", "to": "mse.target"}],
                 "dataset": {"source": "penguins", "targets": {"kind": "species", "mass": "body_mass_g"}}}
                """;
        return ProjectJson.read(json, "two-targets.json");
    }

    /** x[i, j] = sin(0.37·i + 0.91·j); targets [class (5·i + 1) mod 3 as a word column's index, amount 2·cos(0.23·i) + 0.5]. */
    static TensorDataset data(int n) {
        float[] x = new float[n * 4], y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) Math.sin(0.37 * i + 0.91 * j);
            y[i * 2] = (5 * i + 1) % 3;
            y[i * 2 + 1] = (float) (2 * Math.cos(0.23 * i) + 0.5);
        }
        return TensorDataset.regression("two-targets", x, new int[] {4}, y, new int[] {2})
                .withHeads(List.of(new TargetHead("kind", List.of("species"), List.of("a", "b", "c"), true),
                        new TargetHead("mass", List.of("body_mass_g"), List.of(), false)));
    }

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

    static TrainingConfig config(Map<String, Object> optimizer) {
        return TrainingConfig.fromMap(Map.of("optimizer", optimizer, "epochs", 1, "batch_size", 6, "shuffle", false,
                "device", TestDevice.device().toString(), "loss_weights", Map.of("ce", 1.0, "mse", 0.5)));
    }

    private void trainsAsPyTorch(String which, Map<String, Object> optimizer) throws Exception {
        JsonNode f = FIXTURE.json().get(which);
        int n = FIXTURE.json().get("steps").asInt() * FIXTURE.json().get("batch_size").asInt();
        Trainer t = new Trainer(graph(), config(optimizer), data(n), null);
        t.loadWeights(initialWeights(t));
        List<Double> losses = new ArrayList<>();
        List<Map<String, Double>> epochs = new ArrayList<>();
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.BatchEnded b) losses.add(b.loss());
            if (ev instanceof TrainingEvent.EpochEnded ep) epochs.add(ep.metrics());
        });
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        assertEquals(3, losses.size());
        for (int s = 0; s < losses.size(); s++) TestDevice.assertClose(f.get("losses").get(s).asDouble(), losses.get(s), 1e-5, 1e-6, which + " loss at step " + (s + 1));
        Map<String, Tensor> state = t.model().stateDict();
        for (String p : PARAMS) {
            float[] got = TestDevice.cpu(state.get(p)).toFloatArray();
            JsonNode want = f.get("state").get(p);
            assertEquals(want.size(), got.length, p);
            for (int k = 0; k < got.length; k++) TestDevice.assertClose(want.get(k).asDouble(), got[k], 1e-5, 1e-6, which + " " + p + "[" + k + "]");
        }
        // Each head's own metric beside its loss: the classifier's accuracy, the regressor's MAE; the sum as trained.
        Map<String, Double> m = epochs.get(0);
        assertEquals(m.get("train_loss"), m.get("train_loss_ce") + 0.5 * m.get("train_loss_mse"), 1e-6, m.toString());
        assertEquals(List.of("train_loss", "train_loss_ce", "train_loss_mse", "train_accuracy", "train_accuracy_ce", "train_mae_mse"),
                m.keySet().stream().filter(k -> k.startsWith("train_")).toList());
        assertEquals(m.get("train_accuracy"), m.get("train_accuracy_ce"));
        assertTrue(m.get("train_mae_mse") > 0, m.toString());
    }

    @Test
    void threeSgdStepsEndAtPyTorchsWeights() throws Exception {
        trainsAsPyTorch("sgd", Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9));
    }

    @Test
    void threeAdamStepsEndAtPyTorchsWeights() throws Exception {
        trainsAsPyTorch("adam", Map.of("name", "Adam", "lr", 0.01));
    }

    @Test
    void theFirstStepsLossesAreEachHeadsOwn() throws Exception {
        JsonNode f = FIXTURE.json().get("sgd");
        Trainer t = new Trainer(graph(), config(Map.of("name", "SGD", "lr", 0.1)), data(18), null);
        t.loadWeights(initialWeights(t));
        Evaluator e = Evaluator.forRun(t.model(), config(Map.of("name", "SGD", "lr", 0.1)), TestDevice.device());
        e.feeds().check(data(18));
        assertEquals(List.of("ce", "mse"), new ArrayList<>(e.heads().keySet()));
        Evaluator.Pass pass = e.forward(data(6).batch(new int[] {0, 1, 2, 3, 4, 5}), List.of());
        Map<String, Double> parts = pass.parts(e.lossNodes());
        for (String l : List.of("ce", "mse")) TestDevice.assertClose(f.get("first_parts").get(l).asDouble(), parts.get(l), 1e-5, 1e-6, l);
        TestDevice.assertClose(f.get("losses").get(0).asDouble(), TestDevice.cpu(pass.loss()).item(), 1e-5, 1e-6, "the first step's loss");
    }

    @Test
    void oneTargetForTwoTargetInputsIsRefusedNamingThem() throws Exception {
        float[] x = new float[6 * 4];
        TensorDataset one = TensorDataset.classification("one", x, new int[] {4}, new long[6], List.of("a", "b", "c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(graph(), config(Map.of("name", "SGD", "lr", 0.1)), one, null));
        assertEquals("the network has 2 target Inputs (\"kind\", \"mass\"), but a data set gives one target per sample unless its \"targets\" names "
                + "each one's column: \"targets\": {\"kind\": …, \"mass\": …}", e.getMessage());
    }

    @Test
    void aHeadNamingNoTargetInputIsRefused() throws Exception {
        TensorDataset d = data(6).withHeads(List.of(new TargetHead("kind", List.of("species"), List.of("a", "b", "c"), true),
                new TargetHead("weight", List.of("body_mass_g"), List.of(), false)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(graph(), config(Map.of("name", "SGD", "lr", 0.1)), d, null));
        assertEquals("dataset.targets names \"weight\" (column \"body_mass_g\"), but the network's target Inputs are \"kind\", \"mass\"", e.getMessage());
    }
}
