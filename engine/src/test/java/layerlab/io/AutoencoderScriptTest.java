package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported PyTorch script of an autoencoder (the mnist-autoencoder sample) trains on the pictures alone,
 * {@code --train X.npy}, its loss comparing the output with them as LayerLab's does, and ends at LayerLab's weights; it
 * asked for "x, then the labels" and compared the reconstructions with the labels. Needs python3 with torch.
 */
class AutoencoderScriptTest {
    @Test
    void anAutoencodersScriptTrainsOnItsPicturesAlone(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph sample = ProjectJson.load(Path.of("..", "sample-projects", "mnist-autoencoder.json"));
        Map<String, Object> training = Map.of("optimizer", Map.of("name", "Adam", "lr", 0.01), "epochs", 2, "batch_size", 8, "seed", 3, "device", "cpu");
        Graph g = Graph.of(sample.name(), sample.description(), sample.nodes(), sample.edges(), sample.blocks(), sample.notes(), sample.view(),
                sample.dataset(), training);
        Random r = new Random(5);
        float[] x = new float[24 * 784];
        long[] labels = new long[24];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < 0.2 ? r.nextFloat() : 0f;
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        TensorDataset train = TensorDataset.classification("pictures", x, new int[] {1, 28, 28}, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, null);
        t.run();
        Map<String, Tensor> want = t.model().stateDict();

        Path script = dir.resolve("ae.py"), pictures = dir.resolve("x.npy"), out = dir.resolve("out.safetensors");
        PyTorchExport.save(g, want, script);
        String text = Files.readString(script);
        assertTrue(text.contains(" --train X.npy [--val X.npy] [--epochs N] [--fresh] --save out.safetensors   trains as LayerLab did (the loss compares the output with X)"), text);
        Npy.write(pictures, Tensor.of(x, 24, 1, 28, 28));
        String log = Torch.python(0, script.toString(), "--train", pictures.toString(), "--fresh", "--save", out.toString());
        assertTrue(log.contains("epoch 2: train loss "), log);
        Map<String, Tensor> got = Safetensors.load(out).tensors();
        assertEquals(want.keySet(), got.keySet());
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), saved = got.get(e.getKey()).toFloatArray();
            // 3e-5, not 1e-5: Adam divides each step by the gradient's own root mean square, so where a decoder weight's
            // gradient sums to near its eps (the pictures are 80 % zeros) the last bits of that sum, which follow each
            // library's summation order (its kernels for the CPU's vector width), move the weight more than its
            // arithmetic does. On an AVX-512 machine one decoder weight of 25,088 ended 1.09e-5 from PyTorch's; the encoder's all within 2e-7.
            for (int i = 0; i < exp.length; i++) assertEquals(exp[i], saved[i], 3e-5 * Math.max(1, Math.abs(exp[i])), e.getKey() + "[" + i + "]\n" + log);
        }
        String said = Torch.python(1, script.toString(), "--train", pictures.toString(), pictures.toString());
        assertTrue(said.contains("--train takes 1 array: x, which the loss compares the output with (no labels); got 2"), said);
    }
}
