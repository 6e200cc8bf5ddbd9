package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import layerlab.data.AugmentedDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.TestDevice;
import layerlab.train.TrainingEvent.RunFinished;
import org.junit.jupiter.api.Test;

/**
 * The sample {@code mnist-denoising-conv} (the user guide's convolutional denoising autoencoder) trains in seconds and learns what a denoising autoencoder is for: given validation
 * digits with a patch of noise as its training corrupts them, its reconstructions are, in those patches, less than half
 * as far from the clean digits as the pictures it was given.
 */
class DenoisingConvAutoencoderTest {
    @Test
    void theSampleFillsTheErasedPatches() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "mnist-denoising-conv.json"));
        var data = layerlab.data.DataSources.open(g.dataset(), Path.of("."));
        AugmentedDataset erasing = assertInstanceOf(AugmentedDataset.class, data.train());
        Map<String, Object> settings = new HashMap<>(g.training());
        settings.put("device", TestDevice.device().toString());
        Trainer t = new Trainer(g, TrainingConfig.fromMap(settings), data.train(), data.validation());
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertTrue(end.metrics().get("val_loss") < 0.01, end.metrics().toString());

        int n = 200;
        Tensor clean = data.validation().batch(java.util.stream.IntStream.range(0, n).toArray()).inputs();
        float[] x = clean.toFloatArray(), erased = new float[x.length];
        int per = x.length / n;
        for (int i = 0; i < n; i++) System.arraycopy(erasing.draw(x, i * per, i), 0, erased, i * per, per);
        Reconstructions r = Reconstructions.denoised(t.evaluator(), clean, Tensor.of(erased, clean.shape().clone()));
        assertNotNull(r);
        // Over the pixels the erasing changed: how far the erased picture is from the clean one, and the reconstruction.
        double before = 0, after = 0;
        int changed = 0;
        for (int k = 0; k < x.length; k++) {
            if (erased[k] == x[k]) continue;
            changed++;
            before += Math.abs(erased[k] - x[k]);
            after += Math.abs(r.outputs()[k] - x[k]);
        }
        assertTrue(changed > 0);
        assertTrue(after < 0.5 * before, "in the erased patches, the reconstructions (" + after / changed + " from the clean digits) beat the erased pictures ("
                + before / changed + ") by half");
    }
}
