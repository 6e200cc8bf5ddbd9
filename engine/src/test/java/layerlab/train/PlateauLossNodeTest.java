package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.io.PyTorchExport;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReduceLROnPlateau stepping on one loss node's own validation loss ({@code val_loss_mse}, which the metrics log records
 * beside val_loss): read with mode min, a misspelt prefix answered with the name meant, a loss node the network does not have
 * refused in early stopping's words at Start and in the script; the run cuts its rate when that loss stops improving (not
 * when the weighted sum does), goes on from a checkpoint the same, and the exported script steps on the same loss in torch
 * to the same rates and weights.
 */
class PlateauLossNodeTest {
    private static Graph project(String metric, int epochs) throws Exception {
        Map<String, Object> sched = new LinkedHashMap<>(Map.of("name", "ReduceLROnPlateau", "patience", 1, "factor", 0.5));
        if (metric != null) sched.put("metric", metric);
        return TwoTargetParityTest.graph().set(GraphChange.Setting.TRAINING, Map.of(
                "optimizer", Map.of("name", "Adam", "lr", 0.03), "scheduler", sched, "epochs", epochs, "batch_size", 5, "shuffle", true, "seed", 7,
                "loss_weights", Map.of("ce", 1.0, "mse", 0.02))).after();
    }

    private static List<Double> rates(Trainer t) {
        return t.history().stream().map(h -> ((Number) h.get("lr")).doubleValue()).toList();
    }

    @Test
    void theSettingNamesALossNodesOwnLoss() throws Exception {
        TrainingConfig c = TrainingConfig.fromMap(project("val_loss_mse", 5).training());
        assertEquals("val_loss_mse", c.plateauMetric());
        assertEquals("min", c.scheduler().params().get("mode"));
        String said = assertThrows(ConfigException.class, () -> TrainingConfig.fromMap(Map.of("scheduler",
                Map.of("name", "ReduceLROnPlateau", "metric", "VAL_LOSS_mse")))).getMessage();
        assertTrue(said.startsWith("training.scheduler.metric is \"VAL_LOSS_mse\" (did you mean val_loss_mse?); choose one of val_loss, train_loss, "
                + "val_accuracy, val_mae, or val_loss_<loss node> for one loss node's own loss"), said);
    }

    @Test
    void aRunAndTheScriptRefuseALossNodeTheNetworkDoesNotHave() throws Exception {
        Graph g = project("val_loss_aux", 5);
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(g, TrainingConfig.fromMap(g.training()),
                HeadScoreEarlyStoppingTest.data(0, 20), HeadScoreEarlyStoppingTest.data(100, 10)));
        assertEquals("training.scheduler.metric is \"val_loss_aux\", but the network's loss nodes are \"ce\", \"mse\"", e.getMessage());
        assertTrue(PyTorchExport.script(g, "two.safetensors").contains("# No train(): the project's training settings are refused "
                + "(training.scheduler.metric is \"val_loss_aux\""));
        Graph noVal = project("val_loss_mse", 5);
        e = assertThrows(ConfigException.class, () -> new Trainer(noVal, TrainingConfig.fromMap(noVal.training()), HeadScoreEarlyStoppingTest.data(0, 20), null));
        assertEquals("training.scheduler.metric is val_loss_mse, but there is no validation set (set the dataset's validation_split)", e.getMessage());
    }

    /** A checkpoint after epoch 9 of 18, read back through its map of settings, goes on to the same rates and weights. */
    @Test
    void aRunGoesOnWithItsMetric() throws Exception {
        Graph g = project("val_loss_mse", 18);
        PlateauMetricTest.assertAResumedRunGoesOnTheSame(g);
    }

    /** The rates of LayerLab's run stepping on loss node mse's own loss, against those of the exported script in torch, and the weights. */
    @Test
    void theRunAndTheScriptCutTheRateOnTheLossNodesOwnLoss(@TempDir Path dir) throws Exception {
        Graph g = project("val_loss_mse", 30);
        TensorDataset train = HeadScoreEarlyStoppingTest.data(0, 30), validation = HeadScoreEarlyStoppingTest.data(100, 12);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        t.run();
        List<Double> lr = rates(t);
        assertTrue(lr.get(lr.size() - 1) < 0.03 / 4, "must cut the rate more than once to test it: " + lr);
        // The rate each epoch trained with, as torch's ReduceLROnPlateau(mode="min", patience=1, factor=0.5) gives it from the
        // epochs' val_loss_mse in the run's own log: the log's value is what the schedule stepped on.
        List<Double> expected = new ArrayList<>();
        double rate = 0.03, best = Double.POSITIVE_INFINITY;
        int bad = 0;
        for (Map<String, Object> h : t.history()) {
            expected.add(rate);
            double v = ((Number) h.get("val_loss_mse")).doubleValue();
            if (v < best * (1 - 1e-4)) {
                best = v;
                bad = 0;
            } else if (++bad > 1) {
                rate = Math.max(rate * 0.5, 0);
                bad = 0;
            }
        }
        assertEquals(expected.size(), lr.size());
        for (int i = 0; i < lr.size(); i++) assertEquals(expected.get(i), lr.get(i), 1e-12, "epoch " + (i + 1) + ": " + lr);
        Graph byLoss = project(null, 30);
        Trainer onLoss = new Trainer(byLoss, TrainingConfig.fromMap(byLoss.training()), train, validation);
        onLoss.run();
        assertNotEquals(lr, rates(onLoss), "stepping on val_loss would cut the rate at other epochs");

        Torch.assume();
        Path script = dir.resolve("two.py");
        String py = PyTorchExport.script(g, "two.safetensors");
        assertTrue(py.contains("        scheduler.step(plateau_metric(model, val_loader))\n"), py);
        assertTrue(py.contains("PLATEAU_LOSS = 1  # ReduceLROnPlateau steps on val_loss_mse"), py);
        assertTrue(py.contains("    if val_loader is None:\n        raise ValueError(\"ReduceLROnPlateau steps on val_loss_mse, which needs validation data"), py);
        Files.writeString(script, py);
        PlateauMetricTest.assertTheScriptsRatesAndWeights(script, dir, train, validation, t);
    }
}
