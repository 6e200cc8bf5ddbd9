package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab predict --text} of a next-token model (the surname generator) answers what comes next: the K most likely
 * next tokens after each text with their probabilities, as {@code -k} lists a classifier's classes; it printed the
 * scores of every token at every step ("largest outputs [index] (of 1625)"). The likeliest is the token {@code generate}
 * adds after the same start when it all but always takes the likeliest (temperature 0.01).
 */
class NextTokenPredictTest {
    @TempDir static Path dir;
    static Path names;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void train() {
        names = CliRunner.trainedSample("surname-generator.json", 40, dir.resolve("names.llab"));
    }

    @Test
    void aTextsNextTokensAreItsTopK() {
        assertEquals(0, cli.run("predict", names.toString(), "--text", "ma", "--text", "ko", "-k", "3"), cli.err.toString());
        List<String> lines = cli.out.toString().lines().toList();
        assertEquals(4, lines.size(), cli.out.toString());
        assertEquals("the next token after each text (after <bos>, as generate reads it), of the 62 tokens generate draws:", lines.get(0));
        assertTrue(lines.get(1).matches("text +predicted +probability +then"), lines.get(1));
        assertFalse(cli.out.toString().contains("largest outputs"));
        for (int i = 0; i < 2; i++) {
            String start = i == 0 ? "ma" : "ko";
            Matcher row = Pattern.compile(start + " +(\\S+) +(\\d+\\.\\d)% +(\\S+) (\\d+\\.\\d)%, (\\S+) (\\d+\\.\\d)%").matcher(lines.get(2 + i));
            assertTrue(row.matches(), lines.get(2 + i));
            double p1 = Double.parseDouble(row.group(2)), p2 = Double.parseDouble(row.group(4)), p3 = Double.parseDouble(row.group(6));
            assertTrue(p1 >= p2 && p2 >= p3 && p1 + p2 + p3 <= 100.05, lines.get(2 + i));
            // generate's own loop, from the same start, at a temperature that all but always takes the likeliest token.
            assertEquals(0, cli.run("generate", names.toString(), "--start", start, "--temperature", "0.01", "--max-tokens", "1", "--count", "1"),
                    cli.err.toString());
            String next = row.group(1);
            assertEquals(next.equals("<eos>") ? start : start + next, cli.out.toString().strip(), lines.get(2 + i));
        }
    }

    @Test
    void aTokenTheModelNeverSawIsRefusedByName() {
        assertEquals(2, cli.run("predict", names.toString(), "--text", "m#"));
        // predict's texts are its --text, not generate's --start ("the start text").
        assertTrue(cli.err.toString().contains("--text: the text \"m#\" has \"#\", which the model never saw in training"), cli.err.toString());
    }

    /**
     * --explain was ignored: each text's tokens, {@code <bos>} first, with their shares in the score of the likeliest next
     * token (the table's), which add up to that score's rise from an empty text.
     */
    @Test
    void explainSaysWhichTokensRaisedTheLikeliestNextToken() {
        assertEquals(0, cli.run("predict", names.toString(), "--text", "ma", "--explain"), cli.err.toString());
        List<String> lines = cli.out.toString().lines().toList();
        Matcher top = Pattern.compile("ma +(\\S+) +\\d+\\.\\d%.*").matcher(lines.get(2));
        assertTrue(top.matches(), cli.out.toString());
        assertTrue(lines.contains("what swayed each answer: a token's share in the score of the likeliest next token (integrated gradients from an empty "
                + "text; + raised it, - lowered it)"), cli.out.toString());
        Matcher row = Pattern.compile("ma → " + Pattern.quote(top.group(1)) + ":  <bos> (\\S+)  m (\\S+)  a (\\S+)  \\(sum (\\S+): from (\\S+) for an empty text to (\\S+)\\)")
                .matcher(lines.get(lines.size() - 1));
        assertTrue(row.matches(), lines.get(lines.size() - 1));
        double sum = 0;
        for (int g = 1; g <= 3; g++) sum += Double.parseDouble(row.group(g));
        double rise = Double.parseDouble(row.group(6)) - Double.parseDouble(row.group(5));
        assertEquals(rise, sum, 0.02 * Math.abs(rise) + 0.01, lines.get(lines.size() - 1));
        assertEquals(sum, Double.parseDouble(row.group(4)), 0.01 * Math.abs(sum) + 0.01);
    }
}
