package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.TensorDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab eval} of a next-token model says its per-token loss, perplexity and next-token accuracy, not a 65 × 65
 * confusion matrix: the loss summed over the steps that are not padding, over their count, and its exp.
 */
class NextTokenEvalTest {
    @TempDir static Path dir;
    static Path names;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void train() {
        names = CliRunner.trainedSample("surname-generator.json", 20, dir.resolve("names.llab"));
    }

    @Test
    void evalSaysPerplexityAndNoConfusionMatrix() {
        assertEquals(0, cli.run("eval", names.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("per-token loss "), out);
        assertTrue(out.contains("  perplexity "), out);
        assertTrue(out.contains("  next-token accuracy "), out);
        assertTrue(out.contains("next tokens scored, <eos> included, padded steps left out"), out);
        assertFalse(out.contains("confusion"), out);
        assertFalse(out.contains("per class"), out);
        assertTrue(out.lines().count() < 8, out);
    }

    @Test
    void theJsonHasTheTokenLossItsExpAndTheStepsCounted() throws Exception {
        assertEquals(0, cli.run("eval", names.toString(), "--json"), cli.err.toString());
        JsonNode j = new ObjectMapper().readTree(cli.out.toString());
        assertFalse(j.has("confusion"), j.toString());
        double tokenLoss = j.get("token_loss").asDouble();
        assertEquals(Math.exp(tokenLoss), j.get("perplexity").asDouble(), 1e-9 * Math.exp(tokenLoss));
        // Every step of the validation names that is not padding: each name's letters and its <eos>.
        TensorDataset val = (TensorDataset) DataSources.open(Map.of("source", "surnames", "next_token", true, "validation_split", 0.1, "seed", 0),
                Path.of(".")).validation();
        long steps = 0;
        for (float t : val.valueTargets()) if (t != -100) steps++;
        assertEquals(steps, j.get("tokens").asLong());
        assertTrue(tokenLoss > 0.5 && tokenLoss < 4.5, "a barely trained model's per-token loss: " + tokenLoss);
    }
}
