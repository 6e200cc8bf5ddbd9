package layerlab.train;

import static layerlab.train.SettingsJson.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Trainer's loop against PyTorch 1.13 with NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD from a project's settings
 * (param_groups, clipping, a schedule; OneCycleLR cycling Adamax's beta1), and CyclicLR stepped per batch cycling SGD's
 * momentum (make_optim_more_fixtures.py, through make_train_loop_fixtures.run): as {@link TrainLoopParityTest}. And the
 * settings' refusals of bad values, naming the key.
 */
class LoopMoreParityTest {
    static final Fixtures FIXTURE = Fixtures.load("train/loop_more.json");

    static Stream<Arguments> cases() {
        return FIXTURE.namedCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLoopMatchesTorchs(String name, JsonNode c) throws Exception {
        TrainLoopParityTest.check(FIXTURE.json(), name, c);
    }

    /** The settings as a project file writes them read back the same (an unset step_size_down stays out of the file). */
    @Test
    void theSettingsRoundTripThroughTheFile() throws Exception {
        for (String json : List.of(
                "{\"optimizer\": {\"name\": \"Rprop\", \"etas\": [0.4, 1.3], \"maximize\": true}, \"scheduler\": {\"name\": \"ChainedScheduler\", "
                        + "\"schedulers\": [{\"name\": \"ConstantLR\", \"factor\": 0.5}, \"ExponentialLR\"]}}".replace("\"ExponentialLR\"",
                        "{\"name\": \"ExponentialLR\", \"gamma\": 0.9}"),
                "{\"optimizer\": {\"name\": \"SGD\", \"momentum\": 0.9}, \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": [0.01, 0.02], "
                        + "\"max_lr\": 0.1}, \"param_groups\": [{\"params\": [\"fc2.*\"], \"lr\": 0.3}]}",
                "{\"optimizer\": {\"name\": \"ASGD\", \"t0\": 5}}", "{\"optimizer\": \"NAdam\"}", "{\"optimizer\": \"Adadelta\"}")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
            TrainingConfig c = TrainingConfig.fromMap(m);
            assertEquals(c, TrainingConfig.fromMap(c.toMap()), json);
        }
        TrainingConfig cyclic = TrainingConfig.fromMap(Map.of("optimizer", "SGD", "scheduler", Map.of("name", "CyclicLR", "base_lr", 0.01, "max_lr", 0.1)));
        @SuppressWarnings("unchecked")
        Map<String, Object> written = (Map<String, Object>) cyclic.toMap().get("scheduler");
        assertEquals(false, written.containsKey("step_size_down"), written.toString());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() throws Exception {
        assertEquals("training.optimizer: NAdam has no option \"maximize\"; its options are lr, betas, eps, weight_decay, momentum_decay",
                refusal("{\"optimizer\": {\"name\": \"NAdam\", \"maximize\": true}}"));
        assertEquals("training.optimizer.etas must be (etaminus, etaplus) with 0 < etaminus < 1 < etaplus, got [0.5, 0.9]",
                refusal("{\"optimizer\": {\"name\": \"Rprop\", \"etas\": [0.5, 0.9]}}"));
        assertEquals("training.optimizer.step_sizes must be (smallest, largest) step, got [1.0, 0.1]",
                refusal("{\"optimizer\": {\"name\": \"Rprop\", \"step_sizes\": [1, 0.1]}}"));
        assertEquals("training.optimizer.rho must be from 0 up to 1, got 1.5", refusal("{\"optimizer\": {\"name\": \"Adadelta\", \"rho\": 1.5}}"));
        assertEquals("training.optimizer.betas must each be in [0, 1), got [0.9, 1.0]",
                refusal("{\"optimizer\": {\"name\": \"RAdam\", \"betas\": [0.9, 1.0]}}"));
        assertEquals("training.scheduler.cycle_momentum needs an optimiser with a momentum (SGD, RMSprop), as torch 1.13's CyclicLR cycles no betas; "
                + "Adam has none: set cycle_momentum to false", refusal("{\"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.001, \"max_lr\": 0.01}}"));
        assertEquals("training.scheduler.cycle_momentum needs an optimiser with a momentum (SGD, RMSprop) or betas (Adam, AdamW, NAdam, RAdam, Adamax); "
                + "ASGD has neither: set cycle_momentum to false", refusal("{\"optimizer\": \"ASGD\", \"scheduler\": {\"name\": \"OneCycleLR\", \"max_lr\": 0.1}}"));
        assertEquals("training.scheduler.max_lr is required by CyclicLR", refusal("{\"optimizer\": \"SGD\", \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.1}}"));
        assertEquals("training.scheduler.base_lr lists 2 rates, one per parameter group, but the optimiser has 1 group (param_groups adds more)", refusal(
                "{\"optimizer\": \"SGD\", \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": [0.1, 0.2], \"max_lr\": 1}}"));
        assertEquals("training.scheduler.max_lr must hold rates of at least 0, got [0.1, -1]", refusal(
                "{\"optimizer\": \"SGD\", \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.01, \"max_lr\": [0.1, -1]}}"));
        assertEquals("training.scheduler.mode is \"cos\"; choose one of triangular, triangular2, exp_range", refusal(
                "{\"optimizer\": \"SGD\", \"scheduler\": {\"name\": \"CyclicLR\", \"base_lr\": 0.1, \"max_lr\": 1, \"mode\": \"cos\"}}"));
        assertEquals("training.scheduler.schedulers[0] is \"CyclicLR\"; choose one of LinearLR, ConstantLR, StepLR, MultiStepLR, ExponentialLR, "
                + "CosineAnnealingLR, PolynomialLR, LambdaLR, MultiplicativeLR", refusal("{\"scheduler\": {\"name\": \"ChainedScheduler\", \"schedulers\": [\"CyclicLR\"]}}"));
    }
}
