package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab lr-find}: the range test's chart, suggestion and CSV, and its refusals. */
class LrFindCommandTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    private final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void suggestsARateAndWritesTheCurve() throws Exception {
        Path project = SAMPLES.resolve("neural-network.json");
        String before = Files.readString(project);
        Path csv = dir.resolve("lr.csv");
        assertEquals(0, cli.run("lr-find", project.toString(), "--csv", csv.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("range test: Adam, batches of 64, learning rate from 1e-07 to 10 over at most 100 steps"), out);
        assertTrue(out.contains("← suggested"), out);
        assertTrue(out.contains("the loss diverged after"), out);
        String suggested = out.replaceFirst("(?s).*suggested learning rate (\\S+) .*", "$1");
        double lr = Double.parseDouble(suggested);
        assertTrue(lr > 1e-4 && lr < 0.1, out);
        assertTrue(out.contains("train with it: layerlab train " + project + " --lr " + suggested), out);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,lr,loss,smoothed_loss", lines.get(0));
        assertTrue(lines.size() > 40 && lines.size() <= 101, "a line a step: " + lines.size());
        assertTrue(lines.get(1).startsWith("1,1.0E-7,"), lines.get(1));
        assertEquals(before, Files.readString(project), "the project is not changed");
    }

    @Test
    void badRangesAndSettingsAreRefused() {
        Path project = SAMPLES.resolve("spirals.json");
        assertEquals(2, cli.run("lr-find", project.toString(), "--start", "1", "--end", "0.1"));
        cli.assertOneLineError("layerlab lr-find: --end (0.1) must be above --start (1.0): the rate grows from --start to --end");
        assertEquals(2, cli.run("lr-find", project.toString(), "--start", "0"));
        cli.assertOneLineError("layerlab lr-find: --start must be a learning rate above 0, got 0.0");
        assertEquals(2, cli.run("lr-find", project.toString(), "--steps", "5"));
        cli.assertOneLineError("layerlab lr-find: --steps: the range test needs at least 20 steps, got 5");
        assertEquals(2, cli.run("lr-find", project.toString(), "--optimizer", "Adamm"));
        assertTrue(cli.err.toString().contains("Adamm"), cli.err.toString());
    }
}
