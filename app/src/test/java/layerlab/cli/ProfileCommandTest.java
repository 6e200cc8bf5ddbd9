package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab profile}: the table of a step's time node by node, its CSV, and its refusals. */
class ProfileCommandTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    private final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void timesEveryNodeOfTheStep() throws Exception {
        Path project = SAMPLES.resolve("net-with-resblock.json");
        String before = Files.readString(project);
        Path csv = dir.resolve("profile.csv");
        assertEquals(0, cli.run("profile", project.toString(), "--warmup", "0", "--steps", "3", "--batch-size", "32", "--csv", csv.toString(),
                "--trace", dir.resolve("trace.json").toString()),
                cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("profiling: 0.0 s warm-up, then 3 timed steps of 32 samples"), out);
        assertTrue(out.matches("(?s).*\\nres1\\.conv1 +Conv2d +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+\\n.*"), out);
        assertTrue(out.contains("res1.relu1") && out.contains("runs inside res1.bn1's kernel"), out);
        assertTrue(out.contains("(zero_grad, clipping, optimizer step)  Adam"), out);
        assertTrue(out.contains("a training step of 32 samples takes"), out);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("node,kind,forward_ms,backward_ms,total_ms,share,gflops,runs_inside", lines.get(0));
        assertEquals(18, lines.size(), "a line per node of the drawing (blocks' too) and per part of the step: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("res1.relu2,ReLU,0.000000,0.000000,0.000000,0.000000,,res1.add")), lines.toString());
        double shares = 0;
        for (String l : lines.subList(1, lines.size())) shares += Double.parseDouble(l.split(",")[5]);
        assertEquals(1, shares, 1e-4);
        assertTrue(out.contains("wrote " + dir.resolve("trace.json") + " (open it in https://ui.perfetto.dev or chrome://tracing)"), out);
        var trace = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("trace.json").toFile());
        assertEquals(3, java.util.stream.StreamSupport.stream(trace.get("traceEvents").spliterator(), false)
                .filter(e -> e.get("cat").asText().equals("step")).count(), "a step span per timed step");
        assertEquals(before, Files.readString(project), "the project is not changed");
    }

    @Test
    void badOptionsAreRefused() {
        Path project = SAMPLES.resolve("spirals.json");
        assertEquals(2, cli.run("profile", project.toString(), "--steps", "0"));
        assertTrue(cli.err.toString().contains("--steps needs at least 1 timed step, got 0"), cli.err.toString());
        assertEquals(2, cli.run("profile", project.toString(), "--warmup", "-1"));
        assertTrue(cli.err.toString().contains("--warmup must be 0 or more seconds, got -1.0"), cli.err.toString());
        assertEquals(2, cli.run("profile", project.toString(), "--threads", "0"));
        assertTrue(cli.err.toString().contains("--threads must be at least 1, got 0"), cli.err.toString());
        assertEquals(2, cli.run("profile", SAMPLES.resolve("missing.json").toString()));
    }
}
