package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.json.ProjectJson;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * The feature space of an autoencoder's code (the mnist-autoencoder sample's 32 numbers): coloured by the digits' labels,
 * which the data set has though the loss never uses them, the classroom picture of what an autoencoder learns unasked. It
 * coloured by a "target" gradient, the label read as a number, as for a regression.
 */
class AutoencoderFeatureSpaceTest {
    @Test
    void theCodeIsColouredByTheDigitsLabels() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "mnist-autoencoder.json"));
        var data = layerlab.data.DataSources.open(g.dataset(), Path.of("."));
        Evaluator ev = new Evaluator(GraphCompiler.compile(g), null, TestDevice.device());
        assertTrue(ev.reconstructs());
        assertEquals("code", FeatureSpace.defaultLayer(ev), "what the decoder sees: the code");
        FeatureSpace f = FeatureSpace.of(ev, data.validation(), "code", 200);
        assertNotNull(f.classes(), "coloured by the digits");
        assertNull(f.targets());
        assertNull(f.predicted(), "an autoencoder predicts no digit: nothing is misclassified");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), f.classNames());
        assertEquals("class", f.labelColumn());
        Set<Integer> seen = new HashSet<>();
        var labels = data.validation().batch(java.util.stream.IntStream.range(0, 200).toArray()).targets().toFloatArray();
        for (int i = 0; i < 200; i++) {
            assertEquals(Math.round(labels[i]), f.classes()[i], "sample " + i);
            seen.add(f.classes()[i]);
        }
        assertEquals(10, seen.size());
        assertTrue(f.csv().lines().findFirst().orElseThrow().equals("sample,pc1,pc2,pc3,class"), f.csv().lines().findFirst().orElseThrow());
    }
}
