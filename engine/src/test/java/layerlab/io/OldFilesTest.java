package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.train.RunLog;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by older LayerLab builds ({@code src/test/resources/golden/<commit>/}, made by {@code make-golden.sh}
 * with that commit's build; golden/README.md says which) open in this one with the same content: the project as the old
 * build wrote it reads to the graph it holds, node by node, and back through this build's writer to the same graph; the
 * bundles (the one train wrote, with its state to go on, and the exported model alone) hold that graph and the weights
 * of the weights file the old build exported, bit for bit, and compile; the metrics log and the runs history read with
 * every epoch. That their predictions are the old build's numbers is {@code OldBundlesPredictTest} (app).
 */
class OldFilesTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each golden folder's models: "iris" for {@code iris.llab}, {@code iris-project.json}, … */
    static Stream<String[]> models() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.filter(p -> p.toString().endsWith("-project.json")).sorted().toList())
                        out.add(new String[] {d.getFileName().toString(), f.getFileName().toString().replace("-project.json", "")});
                }
            }
        }
        assertFalse(out.isEmpty(), "no golden files under " + GOLDEN.toAbsolutePath());
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void theProjectReadsToTheGraphItHolds(String commit, String model) throws IOException {
        Path file = GOLDEN.resolve(commit).resolve(model + "-project.json");
        Graph g = ProjectJson.load(file);
        JsonNode tree = JSON.readTree(file.toFile());
        assertEquals(tree.path("name").asText(), g.name());
        assertEquals(tree.path("nodes").size(), g.nodes().size());
        for (JsonNode n : tree.path("nodes")) {
            Node node = g.nodeByName(n.path("name").asText());
            assertNotNull(node, n.path("name").asText());
            assertEquals(n.path("id").asText(), node.id());
            assertEquals(n.path("kind").asText(), node.kind());
            assertEquals(JSON.convertValue(n.path("params"), Map.class), JSON.convertValue(JSON.valueToTree(node.params()), Map.class), node.name());
        }
        assertEquals(tree.path("edges").size(), g.edges().size());
        assertEquals(JSON.convertValue(tree.path("dataset"), Map.class), g.dataset());
        assertEquals(JSON.convertValue(tree.path("training"), Map.class), g.training());
        // Saved again by this build and read back: the same graph.
        assertEquals(g, ProjectJson.read(ProjectJson.write(g), "again.json"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void theBundlesHoldTheGraphAndTheWeightsBitForBit(String commit, String model) throws IOException {
        Path dir = GOLDEN.resolve(commit);
        Graph g = ProjectJson.load(dir.resolve(model + "-project.json"));
        Map<String, Tensor> weights = Safetensors.load(dir.resolve(model + ".safetensors")).tensors();
        for (String bundle : List.of(model + ".llab", model + "-model.llab")) {
            ModelBundle b = ModelBundle.load(dir.resolve(bundle));
            assertEquals(g, b.graph(), bundle);
            assertEquals(weights.keySet(), b.weights().keySet(), bundle);
            weights.forEach((k, t) -> {
                assertArrayEquals(t.shape(), b.weights().get(k).shape(), bundle + " " + k);
                assertArrayEquals(t.toFloatArray(), b.weights().get(k).toFloatArray(), bundle + " " + k);
            });
            assertFalse(b.names().classes().isEmpty(), bundle + " names its classes");
            assertNotNull(b.normalization(), bundle);
            GraphCompiler.compile(b.graph(), b.weights());
            assertEquals(b.metrics().size(), b.training().get("epochs"), bundle + ": a metrics row per epoch");
        }
        assertNotNull(ModelBundle.load(dir.resolve(model + ".llab")).resume(), "train's bundle keeps the state to go on");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void theRunsHistoryReadsWithEveryEpoch(String commit, String model) throws IOException {
        Path file = GOLDEN.resolve(commit).resolve(model + "-runs.json");
        JsonNode tree = JSON.readTree(file.toFile());
        Path project = Path.of(tree.path("project").asText());
        RunLog log = new RunLog(Files.createTempDirectory("runs"));
        Files.copy(file, log.fileFor(project));
        List<RunLog.Run> runs = log.load(project);
        assertEquals(1, runs.size(), "the old build's run, read");
        RunLog.Run run = runs.get(0);
        // The epochs the metrics log (same run) says, with the same numbers.
        List<JsonNode> epochs = new ArrayList<>();
        for (String line : Files.readAllLines(GOLDEN.resolve(commit).resolve(model + "-metrics.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            if ("epoch".equals(e.path("event").asText())) epochs.add(e);
        }
        assertEquals(epochs.size(), run.epochs().size());
        assertTrue(run.end() instanceof TrainingEvent.RunFinished, String.valueOf(run.end()));
        for (int i = 0; i < epochs.size(); i++) {
            Double loss = run.epochs().get(i).metrics().get("train_loss");
            assertNotNull(loss, "epoch " + (i + 1));
            assertEquals(epochs.get(i).path("train_loss").asDouble(), loss, 1e-12, "epoch " + (i + 1));
        }
    }
}
