package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab info} of a run whose ReduceLROnPlateau stepped on a head's own score says which: "scheduler
 * ReduceLROnPlateau on val_mae_bill_loss"; one left to its default (the validation loss) is named alone, as before.
 */
class InfoPlateauMetricTest {
    final CliRunner cli = new CliRunner();

    private String info(Path dir, String scheduler) throws Exception {
        String json = Files.readString(Path.of("../sample-projects/penguins-two-heads.json")).replace("\"epochs\": 60", "\"epochs\": 2")
                .replace("\"loss_weights\"", "\"scheduler\": " + scheduler + ", \"loss_weights\"");
        Path project = Files.writeString(dir.resolve("two.json"), json), bundle = dir.resolve("two.llab");
        assertEquals(0, cli.run("train", project.toString(), "--device", "cpu", "-q", "--save-bundle", bundle.toString()), cli.err.toString());
        cli.out.getBuffer().setLength(0);
        assertEquals(0, cli.run("info", bundle.toString()), cli.err.toString());
        return cli.out.toString();
    }

    @Test
    void theSettingsLineNamesWhatThePlateauWatched(@TempDir Path dir) throws Exception {
        String said = info(dir, "{\"name\": \"ReduceLROnPlateau\", \"metric\": \"val_mae_bill_loss\"}");
        assertTrue(said.contains("; settings: optimizer Adam, lr 0.01, scheduler ReduceLROnPlateau on val_mae_bill_loss, batch_size 16"), said);
        said = info(dir, "{\"name\": \"ReduceLROnPlateau\"}");
        assertTrue(said.contains("; settings: optimizer Adam, lr 0.01, scheduler ReduceLROnPlateau, batch_size 16"), said);
    }
}
