package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --folds} of the penguins-two-heads sample prints, as a one-target classifier's cross-validation does, the
 * pooled confusion matrix and per-class report of its classifier head, titled by its loss node, its rows the species; the
 * bill depth head, an amount, has none.
 */
class TwoHeadFoldsConfusionCommandTest {
    @Test
    void theClassifierHeadHasItsPooledMatrix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json");
        Files.copy(Path.of("../sample-projects/penguins-two-heads.json"), file);
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("train", file.toString(), "--device", "cpu", "--folds", "3", "--epochs", "2"), cli.err.toString());
        String said = cli.out.toString();
        assertTrue(said.contains("\nhead species_loss: every sample as the model that did not train on it predicts it (rows: true class, columns: predicted class):\n"
                + "true\\pred"), said);
        assertTrue(said.contains("head species_loss per class, over the folds' predictions"), said);
        String matrix = said.substring(said.indexOf("head species_loss: every sample"));
        for (String species : new String[] {"Adelie", "Chinstrap", "Gentoo"}) assertTrue(matrix.contains("\n" + species + " "), said);
        assertFalse(said.contains("head bill_loss:"), "an amount has no matrix: " + said);
    }
}
