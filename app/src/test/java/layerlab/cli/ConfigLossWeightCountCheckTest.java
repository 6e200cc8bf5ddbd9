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
 * The training settings' CrossEntropyLoss (a network without a loss node) with two class weights for an Output of three
 * class scores: {@code layerlab check} says so, in the words Start uses, rather than leaving it to the run.
 */
class ConfigLossWeightCountCheckTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Iris's measurements → Linear(4, 3) → Output, trained with the settings' CrossEntropyLoss weighted {@code weight}. */
    static String project(String weight) {
        return """
                {"format": "layerlab-project", "version": 1, "name": "weighted",
                 "nodes": [
                  {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n2", "name": "fc", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 220, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 440, "y": 0}}],
                 "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "y.in"}],
                 "dataset": {"source": "iris", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "loss": {"name": "CrossEntropyLoss", "weight": WEIGHT}, "epochs": 1}}
                """.replace("WEIGHT", weight);
    }

    @Test
    void checkCountsTheClassWeightsAgainstTheOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weighted.json");
        Files.writeString(file, project("[1, 2]"));
        assertEquals(1, LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-q", "--no-data", file.toString()));
        assertTrue(err.toString().contains("error: training.loss.weight has 2 entries for 3 classes of the Output's [N, 3]; give one per class"), err.toString());
        err.getBuffer().setLength(0);
        Files.writeString(file, project("[1, 2, 0.5]"));
        assertEquals(0, LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-q", "--no-data", file.toString()), err.toString());
    }
}
