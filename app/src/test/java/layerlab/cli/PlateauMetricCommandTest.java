package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReduceLROnPlateau's metric in the penguins-two-heads sample: {@code check} refuses a misspelt metric and a head's score the
 * network does not have, saying what was meant, at the setting's line, and passes a head's own score.
 */
class PlateauMetricCommandTest {
    private final CliRunner cli = new CliRunner();

    private int run(String... args) {
        return cli.run(args);
    }

    private static String project(String metric) throws java.io.IOException {
        return project(2, metric);
    }

    /** The penguins-two-heads sample with ReduceLROnPlateau of {@code patience} stepping on {@code metric}. */
    static String project(int patience, String metric) throws java.io.IOException {
        return Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"scheduler\": {\"name\": \"ReduceLROnPlateau\", \"patience\": " + patience + ", \"metric\": \"" + metric + "\"}, \"loss_weights\"");
    }

    @Test
    void checkSaysWhatTheSchedulerCannotWatch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json");
        Files.writeString(file, project("val_mae_bil_loss"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(cli.err.toString().contains("error: training.scheduler.metric is \"val_mae_bil_loss\", but no head is scored so (did you mean "
                + "val_mae_bill_loss?); the heads' scores are val_accuracy_species_loss, val_mae_bill_loss"), cli.err.toString());
        Files.writeString(file, project("val_acuracy"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(cli.err.toString().contains("training.scheduler.metric is \"val_acuracy\" (did you mean val_accuracy?)"), cli.err.toString());
        Files.writeString(file, project("val_mae_bill_loss"));
        assertEquals(0, run("check", "-q", file.toString()), cli.err.toString());
    }
}
