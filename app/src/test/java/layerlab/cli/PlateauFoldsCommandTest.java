package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --folds} with a ReduceLROnPlateau set to step on a validation metric (a head's own MAE): like early stopping
 * on one, it steps on a part of each fold's training samples set aside, never on the held-out fold that scores the model,
 * and says so; one left to its default (val_loss) too; one on train_loss sets nothing aside.
 */
class PlateauFoldsCommandTest {
    final CliRunner cli = new CliRunner();

    private String folds(Path dir, String scheduler) throws Exception {
        String json = Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"scheduler\": " + scheduler + ", \"loss_weights\"");
        Path project = Files.writeString(dir.resolve("two.json"), json);
        assertEquals(0, cli.run("train", project.toString(), "--device", "cpu", "--folds", "2", "--epochs", "3"), cli.err.toString());
        return cli.out.toString();
    }

    @Test
    void theFoldsStepOnASetAsidePart(@TempDir Path dir) throws Exception {
        String said = folds(dir, "{\"name\": \"ReduceLROnPlateau\", \"patience\": 0, \"metric\": \"val_mae_bill_loss\"}");
        assertTrue(said.contains("note: ReduceLROnPlateau steps on val_mae_bill_loss on 20% of each fold's training samples, set aside; "
                + "the held-out fold only scores the model"), said);
        // Each fold: its training part, the part set aside (what the rate steps on), the held-out fold.
        assertTrue(said.lines().anyMatch(l -> l.matches("fold 1/2: \\d+ for training, \\d+ [^,]+, \\d+ for validation, 3 epochs: .*")), said);
        assertTrue(said.lines().anyMatch(l -> l.startsWith("2-fold cross-validation: ")), said);
        // Left to its default, val_loss: on the part set aside too (PlateauDefaultFoldsTest), never the held-out fold's.
        said = folds(dir, "{\"name\": \"ReduceLROnPlateau\", \"patience\": 0}");
        assertTrue(said.contains("note: ReduceLROnPlateau steps on val_loss (its default) on 20% of each fold's training samples, set aside; "
                + "the held-out fold only scores the model"), said);
        // On the training loss: nothing to set aside.
        said = folds(dir, "{\"name\": \"ReduceLROnPlateau\", \"patience\": 0, \"metric\": \"train_loss\"}");
        assertFalse(said.contains("note:"), said);
        assertTrue(said.lines().anyMatch(l -> l.matches("fold 1/2: \\d+ for training, \\d+ for validation, 3 epochs: .*")), "nothing set aside: " + said);
    }
}
