package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.nn.Parameter;
import layerlab.optim.OneCycleLR;
import layerlab.optim.SGD;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** OneCycleLR in a run: stepped after every batch, its cycle the run's batches by default, a cycle too short refused up front. */
class PerBatchScheduleTest {
    @Test
    void oneCycleStepsEveryBatchOverTheWholeRunByDefault() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 0); // 8 batches an epoch
        TrainingConfig c = ResumeTest.config(Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9), Map.of("name", "OneCycleLR", "max_lr", 0.4), 3, Map.of());
        assertEquals(null, c.scheduler().params().get("total_steps"), "unset: the run's epochs × batches per epoch");
        Trainer t = ResumeTest.trainer(g, c, train, null);
        List<Double> lrs = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof TrainingEvent.BatchEnded b) lrs.add(b.lr());
        });
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());

        // The same cycle by hand, over 3 × 8 steps: each batch trained with the rate set before it.
        SGD sgd = new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.1, 0.9);
        OneCycleLR cycle = new OneCycleLR(sgd, 0.4, 24);
        assertEquals(24, lrs.size());
        for (int i = 0; i < 24; i++) {
            assertEquals(sgd.getLr(), lrs.get(i), 1e-15, "batch " + (i + 1));
            cycle.step();
        }
        assertEquals(0.4, lrs.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 0.4 * 0.05, "the peak comes within the run");
        assertEquals(sgd.getLr(), t.optimizer().getLr(), 1e-15, "the run ends where the cycle does");
        assertEquals(sgd.paramGroups().get(0).getDouble("momentum"), t.optimizer().paramGroups().get(0).getDouble("momentum"), 1e-15);
        // The epoch's "lr" is its first batch's rate.
        assertEquals(lrs.get(8), (Double) t.history().get(1).get("lr"), 1e-15);
    }

    @Test
    void aCycleShorterThanTheRunIsRefusedBeforeItStartsWithTheNumbers() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 0);
        TrainingConfig c = ResumeTest.config(Map.of("name", "SGD", "lr", 0.1), Map.of("name", "OneCycleLR", "max_lr", 0.4, "total_steps", 20), 3, Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> ResumeTest.trainer(g, c, train, null));
        assertTrue(e.getMessage().contains("training.scheduler.total_steps") && e.getMessage().contains("cycle is 20 steps")
                && e.getMessage().contains("trains 24 batches (3 epochs × 8)"), e.getMessage());

        // epochs × steps_per_epoch counts as total_steps does.
        TrainingConfig fits = ResumeTest.config(Map.of("name", "SGD", "lr", 0.1),
                Map.of("name", "OneCycleLR", "max_lr", 0.4, "epochs", 4, "steps_per_epoch", 8), 3, Map.of());
        assertInstanceOf(TrainingEvent.RunFinished.class, ResumeTest.trainer(g, fits, train, null).run());
    }

    @Test
    void goingOnWithMoreEpochsThanTheCycleWasMadeForIsRefused() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 0);
        TrainingConfig c = ResumeTest.config(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "OneCycleLR", "max_lr", 0.02), 2, Map.of());
        Trainer first = ResumeTest.trainer(g, c, train, null);
        first.run();
        TrainingState state = first.resumeState();
        assertNotNull(state);
        TrainingConfig longer = ResumeTest.config(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "OneCycleLR", "max_lr", 0.02), 4, Map.of());
        Trainer more = ResumeTest.trainer(g, longer, train, null);
        ConfigException e = assertThrows(ConfigException.class, () -> more.resumeFrom(state));
        assertTrue(e.getMessage().contains("cycle was made for 16 steps") && e.getMessage().contains("to 32 batches (4 epochs × 8)")
                && e.getMessage().contains("at most 2 epochs"), e.getMessage());
    }

    @Test
    void theLearningRateFinderUsesTheOptimiserAsConfiguredNotTheCyclesMomentum() throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TrainingConfig c = ResumeTest.config(Map.of("name", "SGD", "lr", 0.1), Map.of("name", "OneCycleLR", "max_lr", 0.4), 3, Map.of());
        TrainingConfig plain = ResumeTest.config(Map.of("name", "SGD", "lr", 0.1), null, 3, Map.of());
        LrFinder.Options o = new LrFinder.Options(1e-4, 1, 30, 5);
        List<LrFinder.Point> a = LrFinder.run(g, c, ResumeTest.rows(60, 0), o, p -> { }, () -> false).points();
        List<LrFinder.Point> b = LrFinder.run(g, plain, ResumeTest.rows(60, 0), o, p -> { }, () -> false).points();
        assertEquals(b, a);
    }

    /** The cycle's place (and SequentialLR's schedulers' places) go through a checkpoint file mid-epoch and come back exact. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"OneCycleLR", "SequentialLR", "CosineAnnealingWarmRestarts"})
    void aStateInAFileGoesOnAsIfUninterrupted(String kind, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Map<String, Object> sched = switch (kind) {
            case "OneCycleLR" -> Map.of("name", kind, "max_lr", 0.3, "pct_start", 0.4);
            case "SequentialLR" -> Map.of("name", kind, "schedulers", List.of(Map.of("name", "LinearLR", "start_factor", 0.2, "total_iters", 3),
                    Map.of("name", "StepLR", "step_size", 1, "gamma", 0.7)), "milestones", List.of(3));
            default -> Map.of("name", kind, "T_0", 2, "T_mult", 2, "eta_min", 0.001);
        };
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 3), val = ResumeTest.rows(20, 8);
        TrainingConfig c = ResumeTest.config(Map.of("name", "SGD", "lr", 0.1, "momentum", 0.5), sched, 6, Map.of());
        Trainer whole = ResumeTest.trainer(g, c, train, val);
        whole.run();

        Trainer first = ResumeTest.trainer(g, c, train, val);
        first.setMaxSteps(8 * 3 + 5);
        first.run();
        java.nio.file.Path file = dir.resolve("run.llab");
        layerlab.io.ModelBundle.save(file, Checkpoints.bundle(first, g, Map.of(), null));
        layerlab.io.ModelBundle back = layerlab.io.ModelBundle.load(file);
        TrainingState state = TrainingState.fromBundle(back.resume(), back.weights(), "run.llab");
        Trainer rest = ResumeTest.trainer(g, c, train, val);
        rest.resumeFrom(state);
        rest.run();
        ResumeTest.assertSameState(whole, rest);
    }
}
