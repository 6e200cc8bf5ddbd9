package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import picocli.CommandLine;

class LayerLabCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionNamesLayerLabTheJdkAndTheEngine() {
        assertEquals(0, run("--version"));
        String text = out.toString();
        assertTrue(text.startsWith("LayerLab 0.1.0-SNAPSHOT"), text);
        assertTrue(text.contains(System.getProperty("java.version")), text);
        assertTrue(text.contains(System.getProperty("java.vendor")), text);
        assertTrue(text.contains(System.getProperty("java.home")), text);
        for (String line : layerlab.backend.Backends.describe()) assertTrue(text.contains(line), text);
        assertEquals("", err.toString());
    }

    @Test
    void helpShowsUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().startsWith("Usage: layerlab"), out.toString());
        assertTrue(out.toString().contains("--version"), out.toString());
    }

    /**
     * Picocli reads every description as a format string: a bare {@code %} ("within 1%, with") makes {@code --help} print a
     * "[picocli WARN] Could not format" line straight to {@code System.err} each time it renders the text, above the usage.
     */
    @Test
    void everyCommandsHelpPrintsNoWarnings() {
        PrintStream stderr = System.err;
        for (String command : new CommandLine(new LayerLabCommand()).getSubcommands().keySet()) {
            ByteArrayOutputStream warnings = new ByteArrayOutputStream();
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, run(command, "--help"), command);
            } finally {
                System.setErr(stderr);
            }
            assertEquals("", warnings.toString(StandardCharsets.UTF_8), "layerlab " + command + " --help");
            assertEquals("", err.toString(), "layerlab " + command + " --help");
        }
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorNamingTheWord() {
        assertEquals(2, run("frobnicate"));
        String text = err.toString();
        assertTrue(text.startsWith("layerlab: unknown command 'frobnicate'"), text);
        assertTrue(text.contains("Usage: layerlab"), text);
        assertFalse(text.contains("Exception"), "no stack trace: " + text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
        assertEquals("", out.toString());
    }

    /** A word too many for a command is not called an unknown command: it is named, with what the command takes. */
    @Test
    void aSecondProjectForACommandThatTakesOneSaysWhatItTakes() {
        assertEquals(2, run("summary", "a.json", "b.json"));
        assertEquals("layerlab summary: unexpected argument 'b.json': summary takes one PROJECT\n(layerlab summary --help lists its options)\n",
                err.toString().replace("\r", ""));
        err.getBuffer().setLength(0);
        assertEquals(2, run("bench", "mlp_train"));
        assertTrue(err.toString().startsWith("layerlab bench: unexpected argument 'mlp_train': bench takes options only\n"), err.toString());
    }

    /**
     * {@code train --out model.llab}, as export names its output: the hint names the option that saves the model (picocli's
     * nearest spelling for {@code -o} was {@code --optimizer}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"--out", "-o", "--output", "--out=m.llab"})
    void anOutputOptionGuessedForTrainNamesTheOneThatSavesTheModel(String option) {
        assertEquals(2, run("train", "p.json", option, "m.llab"));
        assertEquals("layerlab train: unknown option '" + option + "'\n"
                + "to save the trained model, give --save-bundle=FILE.llab (the model with its data settings, for predict and File › Open) "
                + "or --save-weights=FILE.safetensors (its weights alone)\n(layerlab train --help lists its options)\n", err.toString().replace("\r", ""));
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingTheOption() {
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString().startsWith("layerlab: unknown option '--frobnicate'"), err.toString());
    }
}
