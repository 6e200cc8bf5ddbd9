package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.io.ModelBundle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --resume} with NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD, and with CyclicLR (per batch, cycling the momentum)
 * and ChainedScheduler: a run stopped inside an epoch, written to a bundle and read back (NAdam's mu_product and ASGD's eta
 * and mu go through the bundle's JSON as numbers), goes on to the same weights, optimiser state and history, bit for bit,
 * as the run that was never stopped ({@link ResumeTest}'s check).
 */
class ResumeMoreTest {
    static Stream<Arguments> optimizersAndSchedules() {
        return Stream.of(
                Arguments.of(Map.of("name", "NAdam", "lr", 0.01, "weight_decay", 0.01), Map.of("name", "StepLR", "step_size", 2)),
                Arguments.of(Map.of("name", "RAdam", "lr", 0.01, "betas", List.of(0.9, 0.9)), Map.of("name", "ExponentialLR", "gamma", 0.9)),
                Arguments.of(Map.of("name", "Adamax", "lr", 0.01, "maximize", false), Map.of("name", "OneCycleLR", "max_lr", 0.02)),
                Arguments.of(Map.of("name", "Adadelta", "rho", 0.8), Map.of("name", "CosineAnnealingLR", "T_max", 5)),
                Arguments.of(Map.of("name", "Rprop", "lr", 0.005), Map.of("name", "ReduceLROnPlateau", "patience", 0)),
                Arguments.of(Map.of("name", "ASGD", "lr", 0.05, "t0", 10, "lambd", 0.01), Map.of("name", "MultiStepLR", "milestones", List.of(2, 4))),
                Arguments.of(Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9), Map.of("name", "CyclicLR", "base_lr", 0.01, "max_lr", 0.1,
                        "step_size_up", 5, "mode", "triangular2")),
                Arguments.of(Map.of("name", "SGD", "lr", 0.1), Map.of("name", "ChainedScheduler", "schedulers",
                        List.of(Map.of("name", "ConstantLR", "factor", 0.5, "total_iters", 2), Map.of("name", "ExponentialLR", "gamma", 0.8)))));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("optimizersAndSchedules")
    void aRunStoppedInsideAnEpochGoesOnFromItsBundleAsIfItHadNot(Map<String, Object> optimizer, Map<String, Object> scheduler, @TempDir Path dir)
            throws Exception {
        Graph g = ResumeTest.graph(ResumeTest.MLP);
        TensorDataset train = ResumeTest.rows(60, 0), val = ResumeTest.rows(20, 5);
        TrainingConfig c = ResumeTest.config(optimizer, scheduler, 5, Map.of());
        Trainer whole = ResumeTest.trainer(g, c, train, val);
        assertTrue(whole.run() instanceof TrainingEvent.RunFinished);

        Trainer first = ResumeTest.trainer(g, c, train, val);
        first.setMaxSteps(19);
        first.run();
        Path file = dir.resolve("run.llab");
        ModelBundle.save(file, Checkpoints.bundle(first, g, Map.of(), null));
        ModelBundle back = ModelBundle.load(file);
        assertNotNull(back.resume());
        Trainer rest = ResumeTest.trainer(g, c, train, val);
        rest.resumeFrom(TrainingState.fromBundle(back.resume(), back.weights(), "run.llab"));
        assertTrue(rest.run() instanceof TrainingEvent.RunFinished);
        ResumeTest.assertSameState(whole, rest);
    }
}
