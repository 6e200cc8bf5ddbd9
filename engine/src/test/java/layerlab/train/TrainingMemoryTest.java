package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What training holds beside the weights: their gradients and the optimiser's state, as PyTorch's optimisers keep it. */
class TrainingMemoryTest {
    private static TrainingConfig.Component optimizer(Map<String, Object> settings) {
        return TrainingConfig.fromMap(Map.of("optimizer", settings)).optimizer();
    }

    @Test
    void eachOptimiserKeepsWhatPyTorchsKeeps() {
        assertEquals(0, OptimizerFactory.stateCopies(optimizer(Map.of("name", "SGD"))));
        assertEquals(1, OptimizerFactory.stateCopies(optimizer(Map.of("name", "SGD", "momentum", 0.9))));
        assertEquals(2, OptimizerFactory.stateCopies(optimizer(Map.of("name", "Adam"))));
        assertEquals(3, OptimizerFactory.stateCopies(optimizer(Map.of("name", "AdamW", "amsgrad", true))));
        assertEquals(1, OptimizerFactory.stateCopies(optimizer(Map.of("name", "RMSprop"))));
        assertEquals(3, OptimizerFactory.stateCopies(optimizer(Map.of("name", "RMSprop", "centered", true, "momentum", 0.5))));
        assertEquals(1, OptimizerFactory.stateCopies(optimizer(Map.of("name", "Adagrad"))));
    }

    @Test
    void saysWhenTheWeightsFitButTrainingThemDoesNot() {
        TrainingConfig.Component adam = optimizer(Map.of("name", "Adam"));
        // 100 M parameters: 0.4 GB of weights, 1.6 GB with gradients and Adam's two moments.
        assertNull(OptimizerFactory.trainingTooBig(100_000_000L, adam, 2_000_000_000L));
        String why = OptimizerFactory.trainingTooBig(100_000_000L, adam, 1_000_000_000L);
        assertTrue(why.startsWith("training the model's 100,000,000 parameters with Adam holds 4 copies of them (weights, gradients "
                + "and Adam's 2 state tensors): 1.6 GB before any activations, more than the 1.0 GB Java may use here"), why);
        // SGD without momentum holds only the gradients: 0.8 GB fits.
        assertNull(OptimizerFactory.trainingTooBig(100_000_000L, optimizer(Map.of("name", "SGD")), 1_000_000_000L));
        // Weights that do not fit at all are GraphCompiler.tooBig's to say, once.
        assertNull(OptimizerFactory.trainingTooBig(100_000_000L, adam, 300_000_000L));
    }
}
