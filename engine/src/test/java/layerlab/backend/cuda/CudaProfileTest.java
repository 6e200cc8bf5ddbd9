package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.train.StepProfile;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The step profile on the GPU: every clock reading waits for the device, so each node's kernels are charged to it. The
 * MNIST MLP sample (the GPU kit carries it beside its engine folder, as Maven runs the tests from engine/).
 */
class CudaProfileTest {
    @Test
    void timesEachNodesKernelsOnTheDevice() throws Exception {
        CudaTesting.assumeCuda();
        Path file = List.of(Path.of("..", "sample-projects", "neural-network.json"), Path.of("sample-projects", "neural-network.json")).stream()
                .filter(Files::isReadable).findFirst().orElseThrow();
        Graph g = ProjectJson.load(file);
        Map<String, Object> training = new LinkedHashMap<>(g.training());
        training.put("device", CudaTesting.GPU.toString());
        DataSplit split = DataSources.open(g.dataset(), file.getParent());
        StepProfile.Result r = StepProfile.run(g, TrainingConfig.fromMap(training), split.train(), new StepProfile.Options(3, 1, 10), 1, () -> false);
        assertEquals(CudaTesting.GPU, r.device());
        for (String node : List.of("fc1", "fc2", "fc3")) {
            StepProfile.Row row = r.row(node);
            assertTrue(row.forwardMs() > 0 && row.backwardMs() > 0, r.table());
        }
        // 784·512 + 512·512 + 512·10 multiply-adds: fc1 has 60% of them.
        assertTrue(r.row("fc1").totalMs() > r.row("fc3").totalMs(), r.table());
        assertTrue(r.describe().contains("on " + CudaTesting.GPU), r.describe());
        assertTrue(r.traceJson().contains("\"name\": \"fc1\""));
    }
}
