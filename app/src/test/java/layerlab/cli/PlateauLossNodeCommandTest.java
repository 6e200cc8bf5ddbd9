package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReduceLROnPlateau stepping on one loss node's own validation loss in the penguins-two-heads sample
 * ({@code val_loss_bill_loss}): {@code check} passes it and refuses a loss node the network does not have, in early
 * stopping's words; a run trains with it, {@code info} names it, {@code --resume} goes on with it.
 */
class PlateauLossNodeCommandTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void checkTrainInfoAndResumeTakeALossNodesOwnLoss(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json"), bundle = dir.resolve("two.llab");
        Files.writeString(file, PlateauMetricCommandTest.project(2, "val_loss_bil_loss"));
        assertEquals(1, cli.run("check", "-q", file.toString()));
        assertTrue(cli.err.toString().contains("error: training.scheduler.metric is \"val_loss_bil_loss\", but the network's loss nodes are "
                + "\"species_loss\", \"bill_loss\""), cli.err.toString());
        Files.writeString(file, PlateauMetricCommandTest.project(2, "VAL_LOSS_bill_loss"));
        assertEquals(1, cli.run("check", "-q", file.toString()));
        assertTrue(cli.err.toString().contains("training.scheduler.metric is \"VAL_LOSS_bill_loss\" (did you mean val_loss_bill_loss?)"), cli.err.toString());

        Files.writeString(file, PlateauMetricCommandTest.project(2, "val_loss_bill_loss"));
        cli.err.getBuffer().setLength(0);
        assertEquals(0, cli.run("check", "-q", file.toString()), cli.err.toString());
        assertEquals(0, cli.run("train", file.toString(), "--epochs", "2", "-q", "--device", "cpu", "--save-bundle", bundle.toString()), cli.err.toString());
        cli.out.getBuffer().setLength(0);
        assertEquals(0, cli.run("info", bundle.toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("scheduler ReduceLROnPlateau on val_loss_bill_loss"), cli.out.toString());
        cli.err.getBuffer().setLength(0);
        assertEquals(0, cli.run("train", file.toString(), "--resume", bundle.toString(), "--epochs", "3", "-q", "--device", "cpu"), cli.err.toString());
        assertTrue(!cli.err.toString().contains("scheduler.metric"), "the run goes on with the project's own metric: " + cli.err);
    }
}
