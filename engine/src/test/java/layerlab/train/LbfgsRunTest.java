package layerlab.train;

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
    @SuppressWarnings("unchecked")
    private static TrainingConfig read(String json) throws Exception {
        return TrainingConfig.fromMap(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class));
    }

    private static String refusal(String json) {
        return assertThrows(ConfigException.class, () -> read(json)).getMessage();
    }

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
