package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

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

    /** Every command's help formats cleanly: a bare % in a description made picocli print a warning over predict's help. */
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        java.io.PrintStream was = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            for (String command : new picocli.CommandLine(new LayerLabCommand()).getSubcommands().keySet()) assertEquals(0, run(command, "--help"), command);
        } finally {
            System.setErr(was);
        }
        assertFalse(warnings.toString().contains("picocli WARN"), warnings.toString());
        assertTrue(out.toString().contains("within 1%, with more steps"), out.toString());
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

    @Test
    void anUnknownOptionIsAUsageErrorNamingTheOption() {
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString().startsWith("layerlab: unknown option '--frobnicate'"), err.toString());
    }
}
