package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.TargetHead;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.io.Npy;
import layerlab.io.PyTorchExport;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping (and with it the best epoch's weights kept) on one head's own score in a network of two targets
 * ({@code val_mae_mse}: the amount head's mean absolute error; {@code val_accuracy_ce}: the classifier's accuracy): the
 * setting is read with its mode (min for an MAE, max for an accuracy), a head the network does not score so is refused
 * with what it does score (and the nearest name), the Trainer stops patience epochs after that score's best epoch and
 * keeps its weights, and the exported script counts the same score and stops at the same epoch with the same weights.
 */
class HeadScoreEarlyStoppingTest {
    private static TrainingConfig.EarlyStopping watching(String metric) {
        return TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", metric))).earlyStopping();
    }

    @Test
    void theSettingNamesAHeadAndItsDirection() throws Exception {
        assertEquals("mse", watching("val_mae_mse").headNode());
        assertNull(watching("val_mae_mse").lossNode());
        assertEquals("min", watching("val_mae_mse").mode());
        assertEquals("max", watching("val_accuracy_ce").mode());
        assertEquals("max", watching("train_accuracy_ce").mode());
        assertNull(watching("val_mae").headNode());
        assertNull(watching("val_loss_ce").headNode());
        String said = assertThrows(ConfigException.class, () -> watching("VAL_MAE_mse")).getMessage();
        assertTrue(said.startsWith("training.early_stopping.metric is \"VAL_MAE_mse\" (did you mean val_mae_mse?); choose one of"), said);
        assertTrue(said.endsWith("or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score"), said);

        Map<String, String> heads = Losses.headScores(TwoTargetParityTest.graph());
        assertEquals(Map.of("ce", "accuracy", "mse", "mae"), heads);
        List<String> losses = List.of("ce", "mse");
        assertNull(Losses.watchProblem(watching("val_mae_mse"), losses, heads));
        assertNull(Losses.watchProblem(watching("train_accuracy_ce"), losses, heads));
        assertEquals("training.early_stopping.metric is \"val_mae_ms\", but no head is scored so (did you mean val_mae_mse?); the heads' scores are "
                + "val_accuracy_ce, val_mae_mse", Losses.watchProblem(watching("val_mae_ms"), losses, heads));
        assertEquals("training.early_stopping.metric is \"val_accuracy_mse\", but \"mse\" is an amount's loss: watch val_mae_mse",
                Losses.watchProblem(watching("val_accuracy_mse"), losses, heads));
        assertEquals("training.early_stopping.metric is \"val_mae_ce\", but \"ce\" is a classifier's loss: watch val_accuracy_ce",
                Losses.watchProblem(watching("val_mae_ce"), losses, heads));
        assertEquals("training.early_stopping.metric is \"val_mae_mse\", but only a network of several target Inputs (the data set's \"targets\") "
                + "scores each head apart: watch val_mae", Losses.watchProblem(watching("val_mae_mse"), List.of("mse"), Map.of()));
    }

    private static Graph project(String earlyStopping) throws Exception {
        return TwoTargetParityTest.graph().set(GraphChange.Setting.TRAINING, Map.of(
                "optimizer", Map.of("name", "Adam", "lr", 0.02), "epochs", 60, "batch_size", 5, "shuffle", true, "seed", 7,
                "loss_weights", Map.of("ce", 1.0, "mse", 0.02), "early_stopping", new com.fasterxml.jackson.databind.ObjectMapper().readValue(earlyStopping, Map.class))).after();
    }

    /** Like {@link TwoTargetParityTest#data}, from sample {@code from} on: other samples for validation. */
    static TensorDataset data(int from, int n) {
        float[] x = new float[n * 4], y = new float[n * 2];
        for (int k = 0; k < n; k++) {
            int i = from + k;
            for (int j = 0; j < 4; j++) x[k * 4 + j] = (float) Math.sin(0.37 * i + 0.91 * j);
            y[k * 2] = (5 * i + 1) % 3;
            y[k * 2 + 1] = (float) (2 * Math.cos(0.23 * i) + 0.5);
        }
        return TensorDataset.regression("two-targets", x, new int[] {4}, y, new int[] {2})
                .withHeads(List.of(new TargetHead("kind", List.of("species"), List.of("a", "b", "c"), true),
                        new TargetHead("mass", List.of("body_mass_g"), List.of(), false)));
    }

    @Test
    void aRunRefusesAHeadItDoesNotScore() throws Exception {
        Graph g = project("{\"metric\": \"val_accuracy_mse\", \"patience\": 2}");
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(g, TrainingConfig.fromMap(g.training()), data(0, 20), data(100, 10)));
        assertEquals("training.early_stopping.metric is \"val_accuracy_mse\", but \"mse\" is an amount's loss: watch val_mae_mse", e.getMessage());
        String script = PyTorchExport.script(g, "two.safetensors");
        assertTrue(script.contains("# No train(): the project's training settings are refused (training.early_stopping.metric is \"val_accuracy_mse\""), script);
    }

    /** LayerLab stops where val_mae_mse last improved + patience and keeps that epoch; the script (python3 with torch) stops there too. */
    @Test
    void theRunAndTheScriptStopOnTheHeadsOwnScore(@TempDir Path dir) throws Exception {
        Graph g = project("{\"metric\": \"val_mae_mse\", \"patience\": 3, \"restore_best\": true}");
        TensorDataset train = data(0, 30), validation = data(100, 12);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) t.run();
        assertEquals(TrainingEvent.Reason.EARLY_STOPPED, f.reason(), "must stop early to test it");
        List<Double> mae = t.history().stream().map(h -> ((Number) h.get("val_mae_mse")).doubleValue()).toList();
        List<Double> loss = t.history().stream().map(h -> ((Number) h.get("val_loss")).doubleValue()).toList();
        int best = 0;
        for (int i = 1; i < mae.size(); i++) if (mae.get(i) < mae.get(best)) best = i;
        assertEquals(best + 1 + 3, f.epochs(), "stops patience epochs after val_mae_mse's best: " + mae);
        assertEquals(best + 1, f.restoredEpoch());
        int lossBest = 0;
        for (int i = 1; i < loss.size(); i++) if (loss.get(i) < loss.get(lossBest)) lossBest = i;
        assertTrue(lossBest != best, "watching val_loss would keep another epoch: " + loss);
        Map<String, Tensor> want = t.model().stateDict();

        Torch.assume();
        Path script = dir.resolve("two.py");
        String py = PyTorchExport.script(g, "two.safetensors");
        assertTrue(py.contains("WATCHED = 1  # early stopping watches head \"mse\"'s own mae"), py);
        Files.writeString(script, py);
        for (var d : Map.of("", train, "val_", validation).entrySet()) {
            Npy.write(dir.resolve(d.getKey() + "x.npy"), Tensor.of(d.getValue().features(), d.getValue().size(), 4));
            Npy.write(dir.resolve(d.getKey() + "y.npy"), Tensor.of(d.getValue().valueTargets(), d.getValue().size(), 2));
        }
        String log = Torch.trainScript(script, dir, "TwoTargets", true);
        assertTrue(log.contains("stopped early after epoch " + f.epochs() + ": val_mae_mse has not improved for 3 epochs"), log);
        assertFalse(log.contains("epoch " + (f.epochs() + 1) + ":"), log);
        assertTrue(log.contains("kept the weights of epoch " + f.restoredEpoch() + ", the best"), log);
        String line = log.lines().filter(l -> l.startsWith("epoch " + f.epochs() + ":")).findFirst().orElseThrow();
        double printed = Double.parseDouble(line.replaceAll(".*val mae mse ([0-9.]+).*", "$1"));
        assertEquals(mae.get(mae.size() - 1), printed, 1e-5 * Math.max(1, printed), line);
        Torch.assertSameWeights(want, dir, log);
        Torch.assertSameEpochLosses(t.history(), log);
    }
}
