package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerlab eval --json}: the metrics as one JSON object, alone on stdout, for a script or a notebook to read. */
class EvalJsonTest {
    static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir static Path dir;
    static Path iris;
    private final CliRunner cli = new CliRunner();

    @BeforeAll
    static void train() {
        iris = dir.resolve("iris.llab");
        CliRunner t = new CliRunner();
        assertEquals(0, t.run("train", SAMPLES.resolve("iris.json").toString(), "--steps", "30", "--device", "cpu", "--save-bundle", iris.toString()),
                t.err.toString());
    }

    @Test
    void aClassifiersMetricsAreOneJsonObjectWithTheTextReportsNumbers() throws Exception {
        assertEquals(0, cli.run("eval", iris.toString(), "--json"), cli.err.toString());
        String out = cli.out.toString();
        assertEquals(1, out.lines().count(), "one line on stdout: " + out);
        JsonNode o = new ObjectMapper().readTree(out);
        assertTrue(cli.err.toString().contains("data: "), "what was read, on stderr: " + cli.err);
        assertEquals("validation split", o.path("split").asText());
        assertEquals(30, o.path("samples").asInt());
        assertEquals(java.util.List.of("setosa", "versicolor", "virginica"), java.util.List.of(o.path("classes").get(0).asText(),
                o.path("classes").get(1).asText(), o.path("classes").get(2).asText()));
        long total = 0, right = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                total += o.path("confusion").get(i).get(j).asLong();
                if (i == j) right += o.path("confusion").get(i).get(j).asLong();
            }
        }
        assertEquals(30, total);
        assertEquals((double) right / total, o.path("accuracy").asDouble(), 1e-12);
        assertFalse(o.has("mae"), "no regression metrics for a classifier");

        CliRunner text = new CliRunner();
        assertEquals(0, text.run("eval", iris.toString()), text.err.toString());
        String line = text.out.toString().lines().filter(l -> l.startsWith("loss ")).findFirst().orElseThrow();
        assertEquals(Double.parseDouble(line.split(" +")[1]), o.path("loss").asDouble(), 1e-4 * Math.abs(o.path("loss").asDouble()), line);
    }

    @Test
    void withFeaturesItIsRefusedSayingWhy() {
        assertEquals(2, cli.run("eval", iris.toString(), "--json", "--features"));
        assertTrue(cli.err.toString().contains("--json prints the metrics alone"), cli.err.toString());
        assertEquals("", cli.out.toString());
    }
}
