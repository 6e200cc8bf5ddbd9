package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import layerlab.io.Npy;
import layerlab.io.PyTorchExport;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReduceLROnPlateau's {@code metric} (early stopping's word for what it watches): read with its mode (max for an accuracy,
 * as torch's {@code ReduceLROnPlateau(mode="max")} is called for one; a mode given stays), a name off the list refused with
 * the nearest, a head the network does not score so refused at Start and in the script; a two-head run stepping on
 * {@code val_mae_mse} cuts its rate when that head stops improving (not when the loss does), goes on from a checkpoint
 * the same, and the exported script in torch steps {@code scheduler.step(plateau_metric(…))} to the same rates and weights.
 */
class PlateauMetricTest {
    private static TrainingConfig.Component plateau(Map<String, Object> options) {
        Map<String, Object> s = new LinkedHashMap<>(options);
        s.put("name", "ReduceLROnPlateau");
        return TrainingConfig.fromMap(Map.of("scheduler", s)).scheduler();
    }

    @Test
    void theSettingNamesAMetricAndItsDirection() {
        assertNull(plateau(Map.of()).params().get("metric"));
        assertEquals("min", plateau(Map.of()).params().get("mode"));
        assertFalse(plateau(Map.of()).toMap().containsKey("metric"), "a file without it is written as it was");
        assertEquals("max", plateau(Map.of("metric", "val_accuracy")).params().get("mode"));
        assertEquals("max", plateau(Map.of("metric", "val_accuracy_ce")).params().get("mode"));
        assertEquals("min", plateau(Map.of("metric", "val_mae_mse")).params().get("mode"));
        assertEquals("min", plateau(Map.of("metric", "val_accuracy", "mode", "min")).params().get("mode"));
        assertEquals("train_loss", plateau(Map.of("metric", "TRAIN_LOSS")).params().get("metric"));
        String said = assertThrows(ConfigException.class, () -> plateau(Map.of("metric", "val_acuracy"))).getMessage();
        assertEquals("training.scheduler.metric is \"val_acuracy\" (did you mean val_accuracy?); choose one of val_loss, train_loss, val_accuracy, val_mae, "
                + "or val_loss_<loss node> for one loss node's own loss, or val_accuracy_<loss node> or val_mae_<loss node> for one head's own score", said);
        said = assertThrows(ConfigException.class, () -> plateau(Map.of("metric", "VAL_MAE_mse"))).getMessage();
        assertTrue(said.startsWith("training.scheduler.metric is \"VAL_MAE_mse\" (did you mean val_mae_mse?)"), said);
    }

    private static Graph project(String metric, int epochs) throws Exception {
        Map<String, Object> sched = new LinkedHashMap<>(Map.of("name", "ReduceLROnPlateau", "patience", 1, "factor", 0.5));
        if (metric != null) sched.put("metric", metric);
        return TwoTargetParityTest.graph().set(GraphChange.Setting.TRAINING, Map.of(
                "optimizer", Map.of("name", "Adam", "lr", 0.03), "scheduler", sched, "epochs", epochs, "batch_size", 5, "shuffle", true, "seed", 7,
                "loss_weights", Map.of("ce", 1.0, "mse", 0.02))).after();
    }

    @Test
    void aRunAndTheScriptRefuseAHeadTheNetworkDoesNotScore() throws Exception {
        Graph g = project("val_accuracy_mse", 5);
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(g, TrainingConfig.fromMap(g.training()),
                HeadScoreEarlyStoppingTest.data(0, 20), HeadScoreEarlyStoppingTest.data(100, 10)));
        assertEquals("training.scheduler.metric is \"val_accuracy_mse\", but \"mse\" is an amount's loss: watch val_mae_mse", e.getMessage());
        assertTrue(PyTorchExport.script(g, "two.safetensors").contains("# No train(): the project's training settings are refused (training.scheduler.metric is"));
        Graph noVal = project("val_mae_mse", 5);
        e = assertThrows(ConfigException.class, () -> new Trainer(noVal, TrainingConfig.fromMap(noVal.training()), HeadScoreEarlyStoppingTest.data(0, 20), null));
        assertEquals("training.scheduler.metric is val_mae_mse, but there is no validation set (set the dataset's validation_split)", e.getMessage());
    }

    private static List<Double> rates(Trainer t) {
        return t.history().stream().map(h -> ((Number) h.get("lr")).doubleValue()).toList();
    }

    /** A checkpoint after epoch 9 of 18, read back through its map of settings, goes on to the same rates and weights. */
    @Test
    void aRunGoesOnWithItsMetric() throws Exception {
        Graph g = project("val_mae_mse", 18);
        assertAResumedRunGoesOnTheSame(g);
    }

    /** The rates of LayerLab's run stepping on the head's MAE, against those of the exported script in torch, and the weights. */
    @Test
    void theRunAndTheScriptCutTheRateOnTheHeadsOwnScore(@TempDir Path dir) throws Exception {
        Graph g = project("val_mae_mse", 30);
        TensorDataset train = HeadScoreEarlyStoppingTest.data(0, 30), validation = HeadScoreEarlyStoppingTest.data(100, 12);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        t.run();
        List<Double> lr = rates(t);
        assertTrue(lr.get(lr.size() - 1) < 0.03 / 4, "must cut the rate more than once to test it: " + lr);
        Graph byLoss = project(null, 30);
        Trainer onLoss = new Trainer(byLoss, TrainingConfig.fromMap(byLoss.training()), train, validation);
        onLoss.run();
        assertNotEquals(lr, rates(onLoss), "stepping on val_loss would cut the rate at other epochs");

        Torch.assume();
        Path script = dir.resolve("two.py");
        String py = PyTorchExport.script(g, "two.safetensors");
        assertTrue(py.contains("        scheduler.step(plateau_metric(model, val_loader))\n"), py);
        assertTrue(py.contains("PLATEAU_HEAD = 1  # ReduceLROnPlateau steps on val_mae_mse"), py);
        assertFalse(py.contains("metric="), "metric is no option of torch's constructor: " + py);
        assertTrue(py.contains("    if val_loader is None:\n        raise ValueError(\"ReduceLROnPlateau steps on val_mae_mse, which needs validation data"), py);
        Files.writeString(script, py);
        assertTheScriptsRatesAndWeights(script, dir, train, validation, t);
    }

    /** The run's own accuracy: the scheduler made with mode="max", stepped on plateau_metric; the script trains in torch to LayerLab's weights. */
    @Test
    void theScriptStepsOnTheRunsAccuracy(@TempDir Path dir) throws Exception {
        Graph g = project("val_accuracy", 8);
        TensorDataset train = HeadScoreEarlyStoppingTest.data(0, 30), validation = HeadScoreEarlyStoppingTest.data(100, 12);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        t.run();
        String py = PyTorchExport.script(g, "two.safetensors");
        assertTrue(py.contains("ReduceLROnPlateau(optimizer, mode=\"max\""), py);
        assertTrue(py.contains("def plateau_metric(model, loader):"), py);
        Torch.assume();
        Path script = dir.resolve("two.py");
        Files.writeString(script, py);
        for (var d : Map.of("", train, "val_", validation).entrySet()) {
            Npy.write(dir.resolve(d.getKey() + "x.npy"), Tensor.of(d.getValue().features(), d.getValue().size(), 4));
            Npy.write(dir.resolve(d.getKey() + "y.npy"), Tensor.of(d.getValue().valueTargets(), d.getValue().size(), 2));
        }
        String log = Torch.trainScript(script, dir, "TwoTargets", true);
        Torch.assertSameWeights(t.model().stateDict(), dir, log);
        Torch.assertSameEpochLosses(t.history(), log);
    }

    /**
     * Trains the two-target network with the exported {@code script}'s own train() in torch on {@code train} (validating on
     * {@code validation}), its scheduler's rate recorded before each epoch (LayerLab's "lr": the rate the epoch trained with),
     * and asserts the rates and the final weights are LayerLab's run {@code t}'s.
     */
    static void assertTheScriptsRatesAndWeights(Path script, Path dir, TensorDataset train, TensorDataset validation, Trainer t) throws Exception {
        List<Double> lr = t.history().stream().map(h -> ((Number) h.get("lr")).doubleValue()).toList();
        for (var d : Map.of("", train, "val_", validation).entrySet()) {
            Npy.write(dir.resolve(d.getKey() + "x.npy"), Tensor.of(d.getValue().features(), d.getValue().size(), 4));
            Npy.write(dir.resolve(d.getKey() + "y.npy"), Tensor.of(d.getValue().valueTargets(), d.getValue().size(), 2));
        }
        String log = Torch.runScript(script, dir, "read = lambda f: ns['read_npy'](d + '/' + f)",
                "made = ns['make_scheduler']",
                "rates = []",
                "def recording(optimizer, steps_per_epoch, epochs=ns['EPOCHS']):",
                "    s = made(optimizer, steps_per_epoch, epochs)",
                "    rates.append(optimizer.param_groups[0]['lr'])",
                "    step = s.step",
                "    def stepped(*a):",
                "        step(*a)",
                "        rates.append(optimizer.param_groups[0]['lr'])",
                "    s.step = stepped",
                "    return s",
                "ns['make_scheduler'] = recording",
                "torch.manual_seed(ns['SEED'])",
                "model = ns['TwoTargets']()",
                "ns['train'](model, ns['make_loader'](read('x.npy'), read('y.npy')), ns['make_loader'](read('val_x.npy'), read('val_y.npy'), shuffle=False, batch_size=256))",
                "print('rates', ' '.join(repr(r) for r in rates[:-1]))",
                "for k, v in model.state_dict().items():",
                "    ns['write_npy'](d + '/' + k + '.npy', v)");
        String line = log.lines().filter(l -> l.startsWith("rates ")).findFirst().orElseThrow();
        List<Double> torchRates = new ArrayList<>();
        for (String r : line.substring("rates ".length()).split(" ")) torchRates.add(Double.parseDouble(r));
        assertEquals(lr.size(), torchRates.size(), log);
        for (int i = 0; i < lr.size(); i++) assertEquals(lr.get(i), torchRates.get(i), 1e-5 * lr.get(i), "epoch " + (i + 1) + "\n" + log);
        Torch.assertSameWeights(t.model().stateDict(), dir, log);
        Torch.assertSameEpochLosses(t.history(), log);
    }

    /**
     * The two-target run of {@code g} (18 epochs of 6 steps), checkpointed after epoch 9 and read back through its map of
     * settings, keeps its scheduler's metric and goes on to the uninterrupted run's rates and weights, bit for bit.
     */
    static void assertAResumedRunGoesOnTheSame(Graph g) throws Exception {
        String metric = (String) ((Map<?, ?>) g.training().get("scheduler")).get("metric");
        TensorDataset train = HeadScoreEarlyStoppingTest.data(0, 30), validation = HeadScoreEarlyStoppingTest.data(100, 12);
        TrainingConfig c = TrainingConfig.fromMap(g.training());
        Trainer whole = new Trainer(g, c, train, validation);
        whole.run();
        Trainer first = new Trainer(g, c, train, validation);
        first.setMaxSteps(6 * 9);
        first.run();
        TrainingState state = first.resumeState();
        assertEquals(metric, ((Map<?, ?>) state.config().get("scheduler")).get("metric"));
        Trainer rest = new Trainer(g, TrainingConfig.fromMap(state.config()), train, validation);
        rest.resumeFrom(state);
        rest.run();
        assertEquals(rates(whole), rates(rest));
        for (var k : whole.model().stateDict().keySet()) {
            assertArrayEquals(whole.model().stateDict().get(k).toFloatArray(), rest.model().stateDict().get(k).toFloatArray(), 0f, k);
        }
    }
}
