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
 * Early stopping on one loss node's own validation loss ({@code val_loss_ce}) in the two-headed Iris network of
 * {@link LossWeightsCommandTest}: {@code check} refuses a name that is no loss node's, naming those there are, and
 * {@code train} stops patience epochs after val_loss_ce's best epoch and keeps that epoch's weights.
 */
class EarlyStoppingLossNodeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String project(String earlyStopping) throws java.io.IOException {
        return LossWeightsCommandTest.project("{\"aux\": 3.0}").replace("\"epochs\": 2,", "\"epochs\": 60,")
                .replace("\"loss_weights\"", "\"early_stopping\": " + earlyStopping + ", \"loss_weights\"");
    }

    @Test
    void checkRefusesAMetricNamingNoLossNode(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aux.json");
        Files.writeString(file, project("{\"metric\": \"val_loss_cls\", \"patience\": 2}"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("error: training.early_stopping.metric is \"val_loss_cls\", but the network's loss nodes are \"ce\", \"aux\""),
                err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, project("{\"metric\": \"val_loss_ce\", \"patience\": 2}"));
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
    }

    @Test
    void trainStopsOnTheLossNodesOwnValidationLoss(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aux.json");
        Files.writeString(file, project("{\"metric\": \"val_loss_ce\", \"patience\": 2, \"restore_best\": true}"));
        assertEquals(0, run("train", file.toString(), "--device", "cpu"), err.toString());
        String said = out.toString();
        List<Double> ce = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^epoch \\d+/60: .*  val_loss_ce (\\S+)  ").matcher(said);
        while (m.find()) ce.add(Double.parseDouble(m.group(1)));
        int best = 0;
        for (int i = 1; i < ce.size(); i++) if (ce.get(i) < ce.get(best)) best = i;
        assertTrue(ce.size() < 60, "must stop early to test it: " + said);
        assertEquals(best + 1 + 2, ce.size(), "stops 2 epochs after val_loss_ce's best: " + said);
        assertTrue(said.contains("\nstopped early after " + ce.size() + " epochs, "), said);
        assertTrue(said.contains("\nkept the weights of epoch " + (best + 1) + ", the best (restore_best)"), said);
    }
}
