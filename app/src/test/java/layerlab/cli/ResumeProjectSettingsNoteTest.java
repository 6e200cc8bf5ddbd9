package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train PROJECT --resume RUN.llab} goes on with the run's own settings; a project edited since (ReduceLROnPlateau
 * now stepping on another head's score, another lr) was trained without its edit and without a word. A note now names each
 * setting kept, with both values; a project as the run had it goes on without one.
 */
class ResumeProjectSettingsNoteTest {
    private final CliRunner cli = new CliRunner();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void anEditedProjectIsSaidToBeSetAside(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json"), bundle = dir.resolve("two.llab");
        Files.writeString(file, PlateauMetricCommandTest.project(1, "val_mae_bill_loss"));
        assertEquals(0, run("train", file.toString(), "--epochs", "2", "--save-bundle", bundle.toString()), cli.err.toString());
        assertEquals(0, run("train", file.toString(), "--resume", bundle.toString(), "--epochs", "3"), cli.err.toString());
        assertFalse(cli.err.toString().contains("note: two.json's training settings"), "the same settings: " + cli.err);

        Files.writeString(file, PlateauMetricCommandTest.project(1, "val_accuracy_species_loss"));
        assertEquals(0, run("train", file.toString(), "--resume", bundle.toString(), "--epochs", "4"), cli.err.toString());
        String said = cli.err.toString();
        assertTrue(said.contains("layerlab train: note: two.json's training settings are not the ones two.llab's run goes on with, which it keeps: "), said);
        assertTrue(said.contains("scheduler.metric val_accuracy_species_loss (the checkpoint's val_mae_bill_loss), scheduler.mode max (the checkpoint's min)"), said);
        assertTrue(said.contains("; to train with the project's, start a fresh run (without --resume)"), said);
    }
}
