package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** The command line run in-process as the tests read it: what the last run printed on stdout and stderr. */
final class CliRunner {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code layerlab args…}; returns its exit code. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The last run printed one line on stderr, starting so, and no stack trace. */
    void assertOneLineError(String startsWith) {
        String e = err.toString().replace("\r", "");
        assertTrue(e.startsWith(startsWith), e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
    }

    /**
     * The sample project {@code sample} (a file of sample-projects/) trained for {@code steps} optimizer steps of its first
     * epoch on the CPU and saved as the bundle {@code bundle}, for the tests of the commands that read a trained model;
     * fails the test with train's stderr where it does not train.
     */
    static Path trainedSample(String sample, int steps, Path bundle) {
        CliRunner t = new CliRunner();
        assertEquals(0, t.run("train", Path.of("..", "sample-projects", sample).toString(), "--epochs", "1", "--steps", Integer.toString(steps),
                "--device", "cpu", "-q", "--save-bundle", bundle.toString()), t.err.toString());
        return bundle;
    }
}
