package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run with the same seed repeats exactly, in one process too: the first run is partly interpreted and partly compiled,
 * the second fully compiled, so whatever a JIT tier computes differently (the Vector API's SVML exp and tanh against
 * Math per lane, which a character RNN once showed as 67.97% then 67.55%; a float sum of vector lanes in the order the
 * JIT picks, which an attention model's softmax showed as 96.88% then 96.75%) shows here as a different loss. On the
 * {@link TestDevice}: the GPU kit runs it on a GPU, whose kernels must repeat too (split products summed in a fixed
 * order whichever block finishes last).
 */
class SeededRunsRepeatTest {
    private static List<Map<String, Object>> train(Graph g) throws Exception {
        Map<String, Object> training = new LinkedHashMap<>(g.training());
        // One epoch: the first run's batches already go from the interpreter through C1 to C2, the second's are compiled
        // (a second epoch each doubled the test's time, 47 s of the CI's 2 cores).
        training.put("epochs", 1);
        training.put("device", TestDevice.device().toString());
        DataSplit split = DataSources.open(g.dataset(), Path.of(".."));
        Trainer t = new Trainer(g, TrainingConfig.fromMap(training), split.train(), split.validation());
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
        // Every figure but the time each epoch took.
        return t.history().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>(e);
            m.remove("seconds");
            return m;
        }).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/classroom/surnames-rnn.json", "sample-projects/surname-classifier.json", "sample-projects/attention-sentiment.json"})
    void aSequenceModelTrainsToTheSameNumbersTwice(String file) throws Exception {
        Graph g = ProjectJson.read(Files.readString(Path.of("..", file)), file);
        List<Map<String, Object>> first = train(g), second = train(g);
        assertEquals(first, second);
    }
}
