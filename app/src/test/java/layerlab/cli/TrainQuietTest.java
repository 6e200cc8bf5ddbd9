package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab train --quiet}, for a nightly job's log: no progress, but the run's end and the files written. */
class TrainQuietTest {
    @TempDir
    Path dir;
    private final CliRunner cli = new CliRunner();

    @Test
    void quietLeavesOutTheProgressButSaysHowTheRunEndedAndWhatItWrote() throws Exception {
        Path project = Files.copy(Path.of("..", "sample-projects", "iris.json"), dir.resolve("iris.json")), bundle = dir.resolve("iris.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--device", "cpu"), cli.err.toString());
        assertTrue(cli.out.toString().contains("\nepoch 3/3: "), cli.out.toString());

        assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--device", "cpu", "--quiet", "--save-bundle", bundle.toString()),
                cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.lines().noneMatch(l -> l.startsWith("epoch ") || l.contains(" parameters on ")), out);
        assertTrue(out.contains("finished after 3 epochs, 24 steps"), out);
        assertTrue(out.endsWith("wrote " + bundle + "\n"), out);
        assertEquals("", cli.err.toString());
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q"), cli.err.toString());
        assertTrue(cli.out.toString().lines().noneMatch(l -> l.startsWith("epoch ")), cli.out.toString());
    }
}
