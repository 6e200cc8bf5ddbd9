package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk with two heads on Iris, each with a loss node on the species: {@code check} refuses a {@code loss_weights} that
 * names no loss node, {@code train} and {@code eval} print each loss beside their weighted sum, and the exported script
 * sums them as the run did ({@code LOSSES}, {@code weighted_loss}).
 */
class LossWeightsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    static String project(String lossWeights) throws java.io.IOException {
        return Files.readString(Path.of("../engine/src/test/resources/projects/aux-head.json")).replace("\"training\": {}}", """
                 "dataset": {"source": "iris", "normalize": "standardize", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "epochs": 2, "batch_size": 16, "seed": 0,
                   "loss_weights": %s}}
                """.formatted(lossWeights));
    }

    @Test
    void checkRefusesAWeightNamingNoLossNode(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aux.json");
        Files.writeString(file, project("{\"aux_ce\": 0.3}"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("error: training.loss_weights names \"aux_ce\", but the network's loss nodes are \"ce\", \"aux\""), err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, project("{\"aux\": 0.3}"));
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
    }

    @Test
    void trainPrintsEachLossAndTheScriptSumsThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aux.json"), bundle = dir.resolve("aux.llab"), script = dir.resolve("aux.py");
        Files.writeString(file, project("{\"aux\": 0.3}"));
        assertEquals(0, run("train", file.toString(), "--save-bundle", bundle.toString()), err.toString());
        String last = out.toString().lines().filter(l -> l.startsWith("epoch 2/2")).findFirst().orElseThrow();
        assertTrue(last.matches("epoch 2/2: train_loss \\S+  train_loss_ce \\S+  train_loss_aux \\S+  train_accuracy \\S+  "
                + "val_loss \\S+  val_loss_ce \\S+  val_loss_aux \\S+  val_accuracy .*"), last);
        String[] w = last.split("\\s+");
        double sum = Double.parseDouble(w[3]), ce = Double.parseDouble(w[5]), aux = Double.parseDouble(w[7]);
        assertEquals(sum, ce + 0.3 * aux, 2e-4, last);

        // eval scores the bundle as the run validated it: the sum, then each loss node's own.
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString()), err.toString());
        String evalLine = out.toString().lines().filter(l -> l.startsWith("loss ")).findFirst().orElseThrow();
        assertTrue(evalLine.startsWith("loss " + w[11] + "  loss_ce " + w[13] + "  loss_aux " + w[15] + "  accuracy "), evalLine + " after " + last);

        assertEquals(0, run("export", bundle.toString(), "-o", script.toString()), err.toString());
        String py = Files.readString(script);
        assertTrue(py.contains("""
                LOSSES = [  # each loss node: (its Output's index in the model's outputs, the loss, its weight, class indices)
                    (0, nn.CrossEntropyLoss(), 1.0, True),  # ce
                    (1, nn.CrossEntropyLoss(), 0.3, True),  # aux
                ]"""), py);
        assertTrue(py.contains("The loss LayerLab trains with: 1.0 * ce + 0.3 * aux"), py);
        assertTrue(py.contains("            outs = model(x)\n            out = outs[0]\n            t = target(y, out, True)\n            loss = weighted_loss(outs, y)\n"), py);
        assertTrue(!py.contains("LOSS(out"), "every loss is the weighted sum: " + py);
    }

    /** A run stopped inside an epoch and gone on with --resume ends that epoch with each loss as the uninterrupted run does. */
    @Test
    void aResumedEpochKeepsEachLossOfItsFirstBatches(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aux.json"), part = dir.resolve("part.llab");
        Files.writeString(file, project("{\"aux\": 0.3}"));
        assertEquals(0, run("train", file.toString()), err.toString());
        String whole = out.toString().lines().filter(l -> l.startsWith("epoch 2/2")).findFirst().orElseThrow();
        assertEquals(0, run("train", file.toString(), "--steps", "11", "--save-bundle", part.toString()), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("train", file.toString(), "--resume", part.toString()), err.toString());
        String resumed = out.toString().lines().filter(l -> l.startsWith("epoch 2/2")).findFirst().orElseThrow();
        assertEquals(whole.replaceAll("\\(.*", ""), resumed.replaceAll("\\(.*", ""));
    }
}
