package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The training doctor's dead-unit check reads the ReLUs a batch of samples at a time (a big image network's activations
 * for 256 samples at once would take gigabytes): a unit is alive when it is above 0 in any batch, and all the ReLUs come
 * from one forward pass, the same values as each read alone.
 */
class DeadUnitsBatchedTest {
    @Test
    void aUnitAliveOnlyInALaterBatchIsAlive() {
        boolean[] seen = Diagnosis.markAlive(Tensor.of(new float[] {0, 0, 0, 0, 0, 0, 0, 0}, 2, 4), null);
        assertArrayEquals(new boolean[] {false, false, false, false}, seen);
        seen = Diagnosis.markAlive(Tensor.of(new float[] {0, 0, 0.5f, 0, 0, -1, 0, 0}, 2, 4), seen);
        assertArrayEquals(new boolean[] {false, false, true, false}, seen);
        // Another width of sample is not the same layer's units.
        assertNull(Diagnosis.markAlive(Tensor.of(new float[] {1, 1, 1}, 1, 3), seen));
    }

    @Test
    void oneForwardPassGivesEachNodesOwnActivations() throws Exception {
        Path samples = Path.of("..", "sample-projects");
        Graph g = ProjectJson.load(samples.resolve("iris.json"));
        DataSplit split = DataSources.open(g.dataset(), samples);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), split.train(), split.validation());
        List<String> relus = t.model().nodeNames().stream().filter(n -> g.nodeByName(n) != null && g.nodeByName(n).kind().equals("ReLU")).toList();
        assertEquals(false, relus.isEmpty(), "iris has ReLUs");
        Map<String, Tensor> together = t.evaluator().activations(split.train(), relus, 32, 32);
        assertNotNull(together);
        for (String r : relus) assertArrayEquals(t.evaluator().activations(split.train(), r, 32, 32).toFloatArray(), together.get(r).toFloatArray(), r);
    }
}
