package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.json.ProjectJson;
import layerlab.optim.LBFGS;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LBFGS through the Trainer against PyTorch 1.13's {@code torch.optim.LBFGS} stepped with a closure
 * (make_lbfgs_fixtures.py), on a logistic regression and a small MLP: full batch and in batches, a fixed step and strong_wolfe, history_size, max_iter, max_eval and
 * the tolerances, under a schedule. The closure's evaluations in all (torch's {@code func_evals}) are the same count, each
 * epoch's training loss (the first evaluation's) and validation loss and the weights at the end within 1e-5.
 */
class LbfgsParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/lbfgs_loop.json");

    /** A logistic regression: Input [4] → Linear(4, 3) → cross-entropy. */
    static final String LOGREG = """
            {"format": "layerlab-project", "version": 1, "name": "LogReg",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "fc1", "kind": "Linear", "params": {"in_features": 4, "out_features": 3}, "position": {"x": 1, "y": 0}},
              {"id": "n5", "name": "out", "kind": "Output", "params": {}, "position": {"x": 2, "y": 0}},
              {"id": "n6", "name": "y", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 1}},
              {"id": "n7", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 2, "y": 1}}],
             "edges": [
              {"from": "x.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "out.in"}, {"from": "fc1.out", "to": "loss.input"},
              {"from": "y.out", "to": "loss.target"}],
             "blocks": [], "notes": []}
            """;

    static Stream<Arguments> cases() {
        return FIXTURE.namedCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void theLoopMatchesTorchs(String name, JsonNode c) throws Exception {
        JsonNode f = FIXTURE.json();
        Map<String, Object> training = new LinkedHashMap<>(TrainLoopParityTest.JSON.convertValue(c.get("training"), Map.class));
        training.put("device", TestDevice.device().toString());
        Trainer t = new Trainer(ProjectJson.read(c.get("model").asText().equals("mlp") ? TrainLoopParityTest.MLP : LOGREG, "lbfgs.json"), TrainingConfig.fromMap(training),
                TrainLoopParityTest.dataset("train", f.get("x"), f.get("y")), TrainLoopParityTest.dataset("val", f.get("val_x"), f.get("val_y")));
        Map<String, Tensor> init = new LinkedHashMap<>();
        c.get("init").fields().forEachRemaining(e -> init.put(e.getKey(), TrainLoopParityTest.tensor(e.getValue())));
        t.loadWeights(init);
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());

        LBFGS lbfgs = assertInstanceOf(LBFGS.class, t.optimizer());
        assertEquals(c.get("func_evals").asLong(), lbfgs.funcEvals(), name + ": closure evaluations");
        assertEquals(c.get("n_iter").asLong(), lbfgs.nIter(), name + ": iterations");
        List<Map<String, Object>> history = t.history();
        assertEquals(c.get("lrs").size(), history.size());
        for (int e = 0; e < history.size(); e++) {
            Map<String, Object> m = history.get(e);
            String at = name + ", epoch " + (e + 1);
            TestDevice.assertClose(c.get("lrs").get(e).asDouble(), ((Number) m.get("lr")).doubleValue(), 1e-12, 0, at + " lr");
            TestDevice.assertClose(c.get("train_loss").get(e).asDouble(), ((Number) m.get("train_loss")).doubleValue(), 1e-5, 1e-6, at + " train_loss");
            TestDevice.assertClose(c.get("val_loss").get(e).asDouble(), ((Number) m.get("val_loss")).doubleValue(), 1e-5, 1e-6, at + " val_loss");
        }
        Map<String, Tensor> weights = t.model().stateDict();
        c.get("final").fields().forEachRemaining(e ->
                TestDevice.assertClose(TrainLoopParityTest.tensor(e.getValue()), weights.get(e.getKey()), 1e-5, 1e-6, name + ": " + e.getKey()));
    }
}
