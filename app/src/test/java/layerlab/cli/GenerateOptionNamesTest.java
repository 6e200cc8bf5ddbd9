package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code generate} names the option it refuses, as predict's {@code --top} does: {@code --count 0} said "the number
 * of texts to generate is at least 1, got 0", {@code --max-tokens -1} "the most tokens to generate is 0 … or more".
 * The options are checked before the model is read, so no model is needed.
 */
class GenerateOptionNamesTest {
    private String refusal(String... options) {
        CliRunner cli = new CliRunner();
        String[] args = new String[options.length + 2];
        args[0] = "generate";
        args[1] = "no-such-model.llab";
        System.arraycopy(options, 0, args, 2, options.length);
        assertEquals(2, cli.run(args), cli.err.toString());
        return cli.err.toString().strip();
    }

    @Test
    void countMaxTokensAndTemperatureAreNamedAsTyped() {
        assertEquals("layerlab generate: --count must be at least 1, got 0", refusal("--count", "0"));
        assertEquals("layerlab generate: --count must be at least 1, got 0", refusal("-n", "0"));
        assertEquals("layerlab generate: --max-tokens must be 0 (as many as the model reads) or more, got -1", refusal("--max-tokens", "-1"));
        assertEquals("layerlab generate: --temperature must be a number above 0 (1: the model's own probabilities), got 0.0", refusal("--temperature", "0"));
    }
}
