package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * train's last line counts its steps as it counts its epochs: Iris in one full batch with LBFGS, as the README advises,
 * is one step an epoch, and the line said "finished after 1 epoch, 1 steps".
 */
class TrainOneStepTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void aFullBatchEpochIsOneStep() {
        assertEquals(0, cli.run("train", Path.of("..", "sample-projects", "iris.json").toString(), "--optimizer", "LBFGS", "--epochs", "1",
                "--batch-size", "120", "--device", "cpu", "-q"), cli.err.toString());
        assertTrue(cli.out.toString().contains("finished after 1 epoch, 1 step, "), cli.out.toString());
    }
}
