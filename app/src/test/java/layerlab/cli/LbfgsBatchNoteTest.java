package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import layerlab.train.OptimizerFactory;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * LBFGS on mini-batches: iris's default batches of 16 took its line search and curvature pairs to losses of 1e30, and
 * nothing but the README said it is meant for full batches. train says so in a note (the window in its status line);
 * a full batch, or another optimiser, gets none.
 */
class LbfgsBatchNoteTest {
    private final CliRunner cli = new CliRunner();
    private static final String IRIS = Path.of("..", "sample-projects", "iris.json").toString();

    @Test
    void theNoteNamesTheBatchAndTheSizeThatWouldBeWhole() {
        TrainingConfig lbfgs = TrainingConfig.fromMap(Map.of("optimizer", "LBFGS", "batch_size", 16));
        assertEquals("LBFGS on batches of 16 of the 120 training samples: its line search and curvature estimates take each batch for "
                + "the whole function and can blow up; set batch_size to 120 for full batches, as it is meant", OptimizerFactory.lbfgsBatchNote(lbfgs, 120));
        assertNull(OptimizerFactory.lbfgsBatchNote(TrainingConfig.fromMap(Map.of("optimizer", "LBFGS", "batch_size", 120)), 120));
        assertNull(OptimizerFactory.lbfgsBatchNote(TrainingConfig.fromMap(Map.of("optimizer", "LBFGS", "batch_size", 500)), 120));
        assertNull(OptimizerFactory.lbfgsBatchNote(TrainingConfig.fromMap(Map.of("optimizer", "Adam", "batch_size", 16)), 120));
    }

    @Test
    void trainSaysItOnMiniBatchesOnly() {
        assertEquals(0, cli.run("train", IRIS, "--optimizer", "LBFGS", "--epochs", "1", "--device", "cpu", "-q"), cli.err.toString());
        assertTrue(cli.err.toString().contains("layerlab train: note: LBFGS on batches of 16 of the 120 training samples: "), cli.err.toString());
        CliRunner whole = new CliRunner();
        assertEquals(0, whole.run("train", IRIS, "--optimizer", "LBFGS", "--epochs", "1", "--batch-size", "120", "--device", "cpu", "-q"), whole.err.toString());
        assertFalse(whole.err.toString().contains("LBFGS on batches"), whole.err.toString());
    }
}
