package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.backend.cpu.Parallel;
import layerlab.train.RunLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A researcher making a run again from the command line: {@code --threads} gives the same bits on any thread count; the
 * metrics log opens with what decides the numbers (seed, threads, LayerLab, Java, CPU kernel, the data files' fingerprint);
 * a bundle keeps the same and {@code layerlab info} says it, and says when the data files changed since; a run that goes
 * on from a bundle over changed data says so; the runs table says "data files changed".
 */
class ReproducibilityCommandTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    static final ObjectMapper JSON = new ObjectMapper();
    final CliRunner cli = new CliRunner();
    final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    /** The iris project reading its data from a CSV file beside it (150 rows of the bundled set, written out). */
    static Path csvProject(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d,species\n");
        for (int i = 0; i < 150; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%s%n", 5 + Math.sin(i) , 3 + Math.cos(1.7 * i), 1 + (i % 3) * 2 + 0.1 * Math.sin(3.1 * i),
                    0.2 + (i % 3) * 0.9 + 0.05 * Math.cos(i), List.of("setosa", "versicolor", "virginica").get(i % 3)));
        }
        Files.writeString(dir.resolve("flowers.csv"), csv);
        ObjectMapper m = new ObjectMapper();
        var project = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(SAMPLES.resolve("iris.json").toFile());
        project.set("dataset", m.readTree("{\"source\": \"csv\", \"path\": \"flowers.csv\", \"label_column\": \"species\", \"normalize\": \"standardize\", "
                + "\"validation_split\": 0.2, \"seed\": 0}"));
        Path p = dir.resolve("flowers.json");
        Files.writeString(p, m.writerWithDefaultPrettyPrinter().writeValueAsString(project));
        return p;
    }

    /** The metrics log's lines without the timings ({@code seconds}, {@code samples_per_second}), which no repeat keeps. */
    static List<String> withoutTimings(Path metrics) throws Exception {
        return Files.readAllLines(metrics).stream().map(l -> {
            try {
                var o = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(l);
                o.remove(List.of("seconds", "samples_per_second", "threads"));
                return o.toString();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void oneThreadAndTwoGiveTheSameWeightsAndLog(@TempDir Path dir) throws Exception {
        Path project = csvProject(dir);
        for (int threads : new int[] {1, 2, 1}) {
            assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--device", "cpu", "--threads", String.valueOf(threads), "-q",
                    "--save-weights", dir.resolve("w" + threads + ".safetensors").toString(), "--metrics", dir.resolve("m" + threads + ".jsonl").toString()),
                    cli.err.toString());
            assertEquals(threads, Parallel.threads(), "--threads sets the kernels' threads");
            JsonNode started = JSON.readTree(Files.readAllLines(dir.resolve("m" + threads + ".jsonl")).get(0));
            assertEquals(threads, started.get("threads").asInt(), "the log says how many threads");
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("w1.safetensors")), Files.readAllBytes(dir.resolve("w2.safetensors")), "the same weights, byte for byte");
        assertEquals(withoutTimings(dir.resolve("m1.jsonl")), withoutTimings(dir.resolve("m2.jsonl")), "the same log");
        assertEquals(2, cli.run("train", project.toString(), "--threads", "0"));
        cli.assertOneLineError("layerlab train: --threads must be at least 1, got 0");
    }

    @Test
    void theMetricsLogOpensWithWhatDecidesTheNumbers(@TempDir Path dir) throws Exception {
        Path project = csvProject(dir), metrics = dir.resolve("m.jsonl");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--seed", "7", "-q", "--metrics", metrics.toString()),
                cli.err.toString());
        JsonNode first = JSON.readTree(Files.readAllLines(metrics).get(0));
        assertEquals("started", first.get("event").asText());
        assertEquals(7, first.get("seed").asInt());
        assertEquals("cpu", first.get("device").asText());
        assertEquals(Parallel.threads(), first.get("threads").asInt());
        for (String k : List.of("layerlab", "java", "os", "cpu")) assertTrue(first.hasNonNull(k), k + " in " + first);
        assertTrue(first.get("data_sha256").asText().matches("sha256:[0-9a-f]{64}"), first.toString());
        assertEquals(dir.toAbsolutePath().normalize().toString(), first.get("data_folder").asText());
    }

    @Test
    void infoSaysHowABundleWasMadeAndWhenItsDataChanged(@TempDir Path dir) throws Exception {
        Path project = csvProject(dir), bundle = Files.createDirectories(dir.resolve("models")).resolve("flowers.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--device", "cpu", "--seed", "3", "--threads", "1", "-q",
                "--save-bundle", bundle.toString()), cli.err.toString());
        assertEquals(0, cli.run("info", bundle.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.contains("  seed: 3\n"), out);
        assertTrue(out.contains("  threads: 1 (on the CPU the results do not depend on it)\n"), out);
        assertTrue(out.contains("  device: cpu\n"), out);
        assertTrue(out.contains("data files now: the same as when it trained"), out);

        // The CSV edited since: info says so (exit code 1), and a run going on from the bundle says it too.
        Files.writeString(dir.resolve("flowers.csv"), Files.readString(dir.resolve("flowers.csv")).replaceFirst("\n5", "\n6"));
        assertEquals(1, cli.run("info", bundle.toString()));
        assertTrue(cli.out.toString().contains("data files now: CHANGED since it trained (sha256:"), cli.out.toString());
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "3", "--device", "cpu", "-q", "--resume", bundle.toString()), cli.err.toString());
        assertTrue(cli.err.toString().contains("layerlab train: note: the data files changed since flowers.llab was written (sha256:"), cli.err.toString());

        List<RunLog.Run> runs = new RunLog(RunLog.defaultDir()).load(project);
        assertTrue(runs.get(runs.size() - 1).changes().contains("data files changed (sha256:"), runs.get(runs.size() - 1).changes());
    }

    @Test
    void theRecordGoesWithAnExportedBundleAndABundleWithoutOneSaysSo(@TempDir Path dir) throws Exception {
        Path project = csvProject(dir), trained = dir.resolve("trained.llab"), handedOn = dir.resolve("handed-on.llab"), plain = dir.resolve("plain.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--seed", "5", "-q", "--save-bundle", trained.toString()),
                cli.err.toString());
        assertEquals(0, cli.run("export", trained.toString(), "-o", handedOn.toString()), cli.err.toString());
        assertEquals(0, cli.run("info", handedOn.toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("  seed: 5\n"), cli.out.toString());
        assertTrue(cli.out.toString().contains("data files now: the same as when it trained"), cli.out.toString());

        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "-q", "--save-weights", dir.resolve("w.safetensors").toString()),
                cli.err.toString());
        assertEquals(0, cli.run("export", project.toString(), "--weights", dir.resolve("w.safetensors").toString(), "-o", plain.toString()), cli.err.toString());
        assertEquals(0, cli.run("info", plain.toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("how it was made: not recorded"), cli.out.toString());
        assertEquals(2, cli.run("info", dir.resolve("missing.llab").toString()));
        cli.assertOneLineError("layerlab info: ");
    }
}
