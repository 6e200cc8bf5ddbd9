package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping on one head's own score in the penguins-two-heads sample (a species classifier and a bill-depth
 * regressor): {@code check} refuses a misspelt head's score, saying what was meant, and a score the head does not have;
 * {@code train} stops patience epochs after val_mae_bill_loss's best epoch and keeps that epoch's weights.
 */
class HeadScoreEarlyStoppingCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String project(String earlyStopping) throws java.io.IOException {
        return Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"early_stopping\": " + earlyStopping + ", \"loss_weights\"");
    }

    @Test
    void checkRefusesAHeadScoreTheNetworkDoesNotHave(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json");
        Files.writeString(file, project("{\"metric\": \"val_mae_bil_loss\", \"patience\": 2}"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("error: training.early_stopping.metric is \"val_mae_bil_loss\", but no head is scored so (did you mean "
                + "val_mae_bill_loss?); the heads' scores are val_accuracy_species_loss, val_mae_bill_loss"), err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, project("{\"metric\": \"val_accuracy_bill_loss\", \"patience\": 2}"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("\"bill_loss\" is an amount's loss: watch val_mae_bill_loss"), err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, project("{\"metric\": \"val_accuracy_species_loss\", \"patience\": 2}"));
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
    }

    @Test
    void trainStopsOnTheHeadsOwnScore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json");
        Files.writeString(file, project("{\"metric\": \"val_mae_bill_loss\", \"patience\": 3, \"restore_best\": true}"));
        assertEquals(0, run("train", file.toString(), "--device", "cpu"), err.toString());
        String said = out.toString();
        List<Double> mae = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^epoch \\d+/60: .*val_mae_bill_loss (\\S+)").matcher(said);
        while (m.find()) mae.add(Double.parseDouble(m.group(1)));
        int best = 0;
        for (int i = 1; i < mae.size(); i++) if (mae.get(i) < mae.get(best)) best = i;
        assertTrue(mae.size() < 60, "must stop early to test it: " + said);
        assertEquals(best + 1 + 3, mae.size(), "stops 3 epochs after val_mae_bill_loss's best: " + said);
        assertTrue(said.contains("\nstopped early after " + mae.size() + " epochs, "), said);
        assertTrue(said.contains("\nkept the weights of epoch " + (best + 1) + ", the best (restore_best)"), said);
    }
}
