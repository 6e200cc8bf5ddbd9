package layerlab.train;

import static layerlab.train.SettingsJson.read;
import static layerlab.train.SettingsJson.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.io.ModelBundle;
import layerlab.optim.LBFGS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LBFGS in a run: a project's settings with torch's defaults, the refusals of what cannot work with it (parameter groups,
 * clipping, the range test, the step profile) naming the key, and a run stopped inside an epoch that goes on from its
 * bundle (the history, direction and step in the resume file) with the bits of the run never stopped, Dropout and
 * BatchNorm re-drawn on every evaluation included.
 */
class LbfgsRunTest {
    @Test
    void itsOptionsAreTorchsWithTheirDefaults() throws Exception {
        TrainingConfig c = read("{\"optimizer\": \"LBFGS\"}");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("lr", 1.0);
        expected.put("max_iter", 20);
        expected.put("max_eval", null);
        expected.put("tolerance_grad", 1e-7);
        expected.put("tolerance_change", 1e-9);
        expected.put("history_size", 100);
        expected.put("line_search_fn", null);
        assertEquals(expected, c.optimizer().params());
        assertEquals(c, TrainingConfig.fromMap(c.toMap()), "the settings as the file writes them read back the same");
        TrainingConfig wolfe = read("{\"optimizer\": {\"name\": \"LBFGS\", \"line_search_fn\": \"strong_wolfe\", \"max_eval\": 30}}");
        assertEquals(wolfe, TrainingConfig.fromMap(wolfe.toMap()));
        assertEquals(30, wolfe.optimizer().params().get("max_eval"));
        LBFGS built = assertInstanceOf(LBFGS.class, OptimizerFactory.optimizer(c.optimizer(), List.of(new layerlab.nn.Parameter(layerlab.tensor.Tensor.zeros(2)))));
        assertEquals(25.0, built.paramGroups().get(0).getDouble("max_eval"), "max_iter * 5 / 4, as torch's None");
        assertEquals(1.0, OptimizerFactory.lrAfterSwitch("Adam", 0.001, "LBFGS"), "LBFGS starts at its own rate, 1");
        assertEquals(0.001, OptimizerFactory.lrAfterSwitch("LBFGS", 1.0, "Adam"));
    }

    @Test
    void whatCannotWorkIsRefusedNamingTheKey() {
        assertEquals("training.param_groups: LBFGS takes a single parameter group, as torch's (\"LBFGS doesn't support per-parameter options\"): "
                + "its steps are those of one vector of every parameter; remove param_groups or choose another optimizer",
                refusal("{\"optimizer\": \"LBFGS\", \"param_groups\": [{\"params\": [\"*.bias\"], \"lr\": 0.5}]}"));
        assertEquals("training.clip_grad_norm: LBFGS takes the gradient as the loss's true slope (its step sizes and curvature come from it); a clipped "
                + "gradient would mislead both, so LBFGS runs unclipped: remove clip_grad_norm or choose another optimizer",
                refusal("{\"optimizer\": \"LBFGS\", \"clip_grad_norm\": 1.0}"));
        assertTrue(refusal("{\"optimizer\": \"LBFGS\", \"clip_grad_value\": 0.5}").startsWith("training.clip_grad_value: LBFGS takes the gradient"));
        assertEquals("training.optimizer.line_search_fn must be \"strong_wolfe\" or null (a fixed step of lr, torch's None), got \"wolfe\"",
                refusal("{\"optimizer\": {\"name\": \"LBFGS\", \"line_search_fn\": \"wolfe\"}}"));
        assertEquals("training.optimizer.max_eval must be a whole number of at least 1, or null for max_iter * 5 / 4 (torch's None), got 2.5",
                refusal("{\"optimizer\": {\"name\": \"LBFGS\", \"max_eval\": 2.5}}"));
        assertEquals("training.optimizer.history_size must be at least 1, got 0", refusal("{\"optimizer\": {\"name\": \"LBFGS\", \"history_size\": 0}}"));
        assertEquals("training.optimizer: LBFGS has no option \"momentum\"; its options are lr, max_iter, max_eval, tolerance_grad, tolerance_change, "
                + "history_size, line_search_fn", refusal("{\"optimizer\": {\"name\": \"LBFGS\", \"momentum\": 0.9}}"));
    }

    @Test
    void theRangeTestAndTheProfileSayWhyNot() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TrainingConfig c = ResumeTest.config(Map.of("name", "LBFGS"), null, 1, Map.of());
        TensorDataset train = ResumeTest.rows(40, 0);
        assertTrue(assertThrows(ConfigException.class, () -> LrFinder.run(g, c, train, LrFinder.Options.DEFAULT, p -> { }, () -> false))
                .getMessage().startsWith("training.optimizer: the range test takes one plain step per batch at a growing rate, but LBFGS iterates"));
        assertTrue(assertThrows(ConfigException.class, () -> StepProfile.run(g, c, train, StepProfile.Options.DEFAULT, 1, () -> false))
                .getMessage().startsWith("training.optimizer: the profile times a step as one forward and backward pass and an update, but an LBFGS step"));
    }

    /**
     * Tensors above StepMemory's pooling size (128 × 128 activations, a 256 × 128 weight): each evaluation's memory goes back to
     * the pool when it ends, and the gradients LBFGS reads after it are the parameters' own, kept; the loss falls.
     */
    @Test
    void evaluationsHandTheirMemoryOnAndTheGradientsSurvive() throws Exception {
        Graph g = layerlab.graph.json.ProjectJson.read("""
                {"format": "layerlab-project", "version": 1, "name": "Wide",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [256]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc1", "kind": "Linear", "params": {"in_features": 256, "out_features": 128}, "position": {"x": 1, "y": 0}},
                  {"id": "n3", "name": "act", "kind": "ReLU", "params": {}, "position": {"x": 2, "y": 0}},
                  {"id": "n4", "name": "fc2", "kind": "Linear", "params": {"in_features": 128, "out_features": 3}, "position": {"x": 3, "y": 0}},
                  {"id": "n5", "name": "out", "kind": "Output", "params": {}, "position": {"x": 4, "y": 0}},
                  {"id": "n6", "name": "y", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 1}},
                  {"id": "n7", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 4, "y": 1}}],
                 "edges": [
                  {"from": "x.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "act.in"}, {"from": "act.out", "to": "fc2.in"},
                  {"from": "fc2.out", "to": "out.in"}, {"from": "fc2.out", "to": "loss.input"}, {"from": "y.out", "to": "loss.target"}],
                 "blocks": [], "notes": []}
                """, "wide.json");
        int n = 256;
        float[] x = new float[n * 256];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 256; j++) x[i * 256 + j] = (float) Math.sin(0.37 * i + 0.11 * j);
            y[i] = (x[i * 256] + x[i * 256 + 7] > 0 ? 1 : 0) + (x[i * 256 + 3] > 0.5 ? 1 : 0);
        }
        TensorDataset data = TensorDataset.classification("wide", x, new int[] {256}, y, List.of("a", "b", "c"));
        Trainer t = ResumeTest.trainer(g, ResumeTest.config(Map.of("name", "LBFGS", "line_search_fn", "strong_wolfe", "max_iter", 5), null, 3,
                Map.of("batch_size", 128)), data, null);
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        List<Map<String, Object>> h = t.history();
        assertTrue(((LBFGS) t.optimizer()).funcEvals() > 6, "more evaluations than batches");
        assertTrue(((Number) h.get(2).get("train_loss")).doubleValue() < ((Number) h.get(0).get("train_loss")).doubleValue() * 0.8, h.toString());
    }

    @Test
    void aRunStoppedInsideAnEpochGoesOnFromItsBundleAsIfItHadNot(@TempDir Path dir) throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 0), val = ResumeTest.rows(20, 5);
        for (Map<String, Object> opt : List.of(Map.<String, Object>of("name", "LBFGS", "lr", 0.3, "max_iter", 4, "history_size", 3),
                Map.<String, Object>of("name", "LBFGS", "line_search_fn", "strong_wolfe", "max_iter", 3, "history_size", 2))) {
            TrainingConfig c = ResumeTest.config(opt, Map.of("name", "ExponentialLR", "gamma", 0.9), 4, Map.of());
            Trainer whole = ResumeTest.trainer(g, c, train, val);
            assertTrue(whole.run() instanceof TrainingEvent.RunFinished);

            Trainer first = ResumeTest.trainer(g, c, train, val);
            first.setMaxSteps(11);
            first.run();
            Path file = dir.resolve("run.llab");
            ModelBundle.save(file, Checkpoints.bundle(first, g, Map.of(), null));
            ModelBundle back = ModelBundle.load(file);
            assertNotNull(back.resume());
            assertTrue(back.resume().tensors().containsKey("optimizer.state.0.old_dirs.1"), back.resume().tensors().keySet().toString());
            Trainer rest = ResumeTest.trainer(g, c, train, val);
            rest.resumeFrom(TrainingState.fromBundle(back.resume(), back.weights(), "run.llab"));
            assertTrue(rest.run() instanceof TrainingEvent.RunFinished);
            ResumeTest.assertSameState(whole, rest);
            assertEquals(((LBFGS) whole.optimizer()).funcEvals(), ((LBFGS) rest.optimizer()).funcEvals(), opt + ": evaluations in all");
        }
    }
}
