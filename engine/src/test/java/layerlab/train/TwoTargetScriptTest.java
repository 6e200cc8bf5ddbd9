package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.io.Npy;
import layerlab.io.PyTorchExport;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported script trains a network of two targets as LayerLab does: its {@code LOSSES} give each loss node its
 * target's columns of {@code y} (the data set's {@code "targets"} in order), and from {@code torch.manual_seed(seed)} the
 * script's {@code train()} on the same arrays (y: the class index and the amount side by side) ends at LayerLab's weights
 * (1e-5 of each tensor's largest value). Needs python3 with torch; skipped, saying so, without it.
 */
class TwoTargetScriptTest {
    @Test
    void theScriptTrainsBothHeadsToLayerLabsWeights(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = TwoTargetParityTest.graph().set(layerlab.graph.GraphChange.Setting.TRAINING, Map.of(
                "optimizer", Map.of("name", "Adam", "lr", 0.02), "epochs", 3, "batch_size", 5, "shuffle", true, "seed", 7,
                "loss_weights", Map.of("ce", 1.0, "mse", 0.5))).after();
        TensorDataset train = TwoTargetParityTest.data(23);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, null);
        t.run();
        Map<String, Tensor> want = t.model().stateDict();

        String py = PyTorchExport.script(g, "two.safetensors");
        assertTrue(py.contains("""
                LOSSES = [  # each loss node: (its Output's index in the model's outputs, the loss, its weight, class indices, its target's columns of y)
                    (0, nn.CrossEntropyLoss(), 1.0, True, slice(0, 1)),  # ce
                    (1, nn.MSELoss(), 0.5, False, slice(1, 2)),  # mse
                ]"""), py);
        Path script = dir.resolve("two.py");
        Files.writeString(script, py);
        Npy.write(dir.resolve("x.npy"), Tensor.of(train.features(), train.size(), 4));
        Npy.write(dir.resolve("y.npy"), Tensor.of(train.valueTargets(), train.size(), 2));
        String log = Torch.trainScript(script, dir, "TwoTargets", false);
        Torch.assertSameWeights(want, dir, log);
        Torch.assertSameEpochLosses(t.history(), log);
    }
}
