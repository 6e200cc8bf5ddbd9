package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab eval --split all} of a text model: the two splits joined keep their vocabulary, so the surname
 * generator's data are still next tokens (the joined set, without it, read its id targets as numbers and eval refused it:
 * "CrossEntropyLoss takes class indices, but the data set's targets are numbers"). Its per-token loss over all the next
 * tokens is the two splits' together, weighted by their tokens.
 */
class EvalAllSplitsTextTest {
    @TempDir static Path dir;
    static Path names;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void train() {
        names = CliRunner.trainedSample("surname-generator.json", 10, dir.resolve("names.llab"));
    }

    @Test
    void bothSplitsOfANextTokenSetAreScoredTogether() {
        double[] train = scored("train"), validation = scored("val"), all = scored("all");
        assertEquals(train[1] + validation[1], all[1], "next tokens scored");
        assertEquals((train[0] * train[1] + validation[0] * validation[1]) / all[1], all[0], 2e-4, /* each printed to 4 places */ "per-token loss");
    }

    /** The per-token loss and how many next tokens it was over, for {@code split}. */
    private double[] scored(String split) {
        assertEquals(0, cli.run("eval", names.toString(), "--split", split, "--device", "cpu"), split + ": " + cli.err);
        String out = cli.out.toString();
        cli.out.getBuffer().setLength(0);
        assertTrue(out.contains("read as next tokens"), out);
        Matcher loss = Pattern.compile("per-token loss (\\d+\\.\\d+) ").matcher(out), tokens = Pattern.compile("over the ([\\d,]+) next tokens scored").matcher(out);
        assertTrue(loss.find() && tokens.find(), out);
        return new double[] {Double.parseDouble(loss.group(1)), Double.parseDouble(tokens.group(1).replace(",", ""))};
    }
}
