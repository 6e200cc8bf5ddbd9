package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-target classifier whose ReduceLROnPlateau steps on the validation accuracy (mode max, from the metric) and a regressor
 * whose steps on the validation MAE: LayerLab's run cuts its rate, and the exported script in torch 1.13 ends at the same weights.
 */
class PlateauMetricScriptTest {
    private static void sameAsTorch(String metric, boolean regression, Path dir) throws Exception {
        Graph g = PyTorchTrainingTest.mlp("""
                {"optimizer": {"name": "SGD", "lr": 0.2, "momentum": 0.9}, "scheduler": {"name": "ReduceLROnPlateau", "patience": 0, "factor": 0.5,
                 "metric": "%s"}, %s"epochs": 8, "batch_size": 4, "seed": 3}""".formatted(metric, regression ? "\"loss\": \"MSELoss\", " : ""), regression);
        TensorDataset train = PyTorchTrainingTest.data(regression), validation = PyTorchTrainingTest.data(regression, 0.5);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        t.run();
        List<Double> lr = t.history().stream().map(h -> ((Number) h.get("lr")).doubleValue()).toList();
        assertTrue(lr.get(lr.size() - 1) < 0.2, "must cut the rate to test it: " + lr);
        Torch.assume();
        Path script = dir.resolve("mlp.py");
        String py = PyTorchExport.script(g, "mlp.safetensors");
        assertTrue(py.contains("scheduler.step(plateau_metric(model, val_loader))"), py);
        Files.writeString(script, py);
        for (var d : java.util.Map.of("", train, "val_", validation).entrySet()) {
            TensorDataset s = d.getValue();
            Npy.write(dir.resolve(d.getKey() + "x.npy"), Tensor.of(s.features(), s.size(), 4));
            Npy.write(dir.resolve(d.getKey() + "y.npy"), regression ? Tensor.of(s.valueTargets(), s.size(), 2) : Tensor.ofLongs(s.classTargets(), s.size()));
        }
        String log = Torch.trainScript(script, dir, "Mlp", true);
        Torch.assertSameWeights(t.model().stateDict(), dir, log);
        Torch.assertSameEpochLosses(t.history(), log);
    }

    @Test
    void onTheValidationAccuracy(@TempDir Path dir) throws Exception {
        sameAsTorch("val_accuracy", false, dir);
    }

    @Test
    void onTheValidationMae(@TempDir Path dir) throws Exception {
        sameAsTorch("val_mae", true, dir);
    }
}
