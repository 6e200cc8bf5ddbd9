package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.Torch;
import layerlab.train.ConfigException;
import layerlab.train.Losses;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping on one loss node's own loss ({@code val_loss_ce}, not the weighted sum {@code val_loss}) in a network
 * with an auxiliary head: the setting is read (mode auto: min), a name that is no loss node's is refused naming those
 * there are, the Trainer stops where that loss stopped improving and keeps that epoch's weights, and the exported script
 * computes the same loss node's validation loss and stops at the same epoch.
 */
class EarlyStoppingLossNodeTest {
    @TempDir
    Path dir;

    private Graph project(String earlyStopping) throws Exception {
        Path file = dir.resolve("aux.json");
        Files.writeString(file, Files.readString(Path.of("src/test/resources/projects/aux-head.json")).replace("\"training\": {}}", """
                 "training": {"optimizer": {"name": "Adam", "lr": 0.05}, "epochs": 40, "batch_size": 4, "shuffle": true, "seed": 3,
                   "loss_weights": {"aux": 3.0}, "early_stopping": %s}}
                """.formatted(earlyStopping)));
        return ProjectJson.load(file);
    }

    /** The epoch (from 1) where watching {@code values} with {@code patience} stops, as EarlyStopper counts; 0 for none. */
    private static int stopsAfter(List<Double> values, int patience) {
        double best = values.get(0);
        int bad = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) < best) {
                best = values.get(i);
                bad = 0;
            } else if (++bad >= patience) return i + 1;
        }
        return 0;
    }

    @Test
    void theSettingNamesALossNode() {
        TrainingConfig.EarlyStopping es = TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", "val_loss_ce"))).earlyStopping();
        assertEquals("ce", es.lossNode());
        assertEquals("min", es.mode());
        // A loss node may be named like a score: its loss still goes down.
        assertEquals("min", TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", "train_loss_accuracy"))).earlyStopping().mode());
        assertNull(TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", "val_loss"))).earlyStopping().lossNode());
        ConfigException bare = assertThrows(ConfigException.class, () -> TrainingConfig.fromMap(Map.of("early_stopping", Map.of("metric", "val_loss_"))));
        assertTrue(bare.getMessage().contains("training.early_stopping.metric is \"val_loss_\""), bare.getMessage());

        assertNull(Losses.watchProblem(es, List.of("ce", "aux")));
        assertEquals("training.early_stopping.metric is \"val_loss_ce\", but the network's loss nodes are \"main\", \"aux\"",
                Losses.watchProblem(es, List.of("main", "aux")));
        assertEquals("training.early_stopping.metric is \"val_loss_ce\", but \"ce\" is the network's only loss node: watch val_loss, its loss",
                Losses.watchProblem(es, List.of("ce")));
        assertEquals("training.early_stopping.metric is \"val_loss_ce\", but the network has no loss node: watch val_loss",
                Losses.watchProblem(es, List.of()));
    }

    @Test
    void aRunRefusesANameThatIsNoLossNodes() throws Exception {
        Graph g = project("{\"metric\": \"val_loss_cls\", \"patience\": 2}");
        TensorDataset train = PyTorchTrainingTest.data(false), validation = PyTorchTrainingTest.data(false, 2.0);
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation));
        assertEquals("training.early_stopping.metric is \"val_loss_cls\", but the network's loss nodes are \"ce\", \"aux\"", e.getMessage());
        String script = PyTorchExport.script(g, "aux.safetensors");
        assertTrue(script.contains("# No train(): the project's training settings are refused (training.early_stopping.metric is \"val_loss_cls\""), script);
    }

    /** LayerLab stops where val_loss_ce last improved + patience, keeps that epoch; the script (python3 with torch) stops there too. */
    @Test
    void theRunAndTheScriptStopOnTheLossNodesOwnLoss() throws Exception {
        Graph g = project("{\"metric\": \"val_loss_ce\", \"patience\": 2, \"restore_best\": true}");
        TensorDataset train = PyTorchTrainingTest.data(false), validation = PyTorchTrainingTest.data(false, 2.0);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) t.run();
        assertEquals(TrainingEvent.Reason.EARLY_STOPPED, f.reason(), "must stop early to test it");
        List<Double> ce = t.history().stream().map(h -> ((Number) h.get("val_loss_ce")).doubleValue()).toList();
        List<Double> sum = t.history().stream().map(h -> ((Number) h.get("val_loss")).doubleValue()).toList();
        int best = 0;
        for (int i = 1; i < ce.size(); i++) if (ce.get(i) < ce.get(best)) best = i;
        assertEquals(ce.size(), f.epochs());
        assertEquals(best + 1 + 2, f.epochs(), "stops patience epochs after val_loss_ce's best: " + ce);
        assertEquals(best + 1, f.restoredEpoch());
        assertTrue(stopsAfter(sum, 2) != f.epochs(), "watching the sum would stop elsewhere (or not at all): " + sum);
        Map<String, Tensor> want = t.model().stateDict();

        Torch.assume();
        Path script = dir.resolve("aux.py");
        Files.writeString(script, PyTorchExport.script(g, "aux.safetensors"));
        assertTrue(Files.readString(script).contains("WATCHED = 0  # early stopping watches loss node \"ce\"'s own loss"), Files.readString(script));
        for (var d : Map.of("", train, "val_", validation).entrySet()) {
            TensorDataset s = d.getValue();
            Npy.write(dir.resolve(d.getKey() + "x.npy"), Tensor.of(s.features(), s.size(), 4));
            Npy.write(dir.resolve(d.getKey() + "y.npy"), Tensor.ofLongs(s.classTargets(), s.size()));
        }
        String log = layerlab.testing.Torch.trainScript(script, dir, layerlab.graph.PyTorchSource.topClass(g), true);
        assertTrue(log.contains("stopped early after epoch " + f.epochs() + ": val_loss_ce has not improved for 2 epochs"), log);
        assertFalse(log.contains("epoch " + (f.epochs() + 1) + ":"), log);
        assertTrue(log.contains("kept the weights of epoch " + f.restoredEpoch() + ", the best"), log);
        String line = log.lines().filter(l -> l.startsWith("epoch " + f.epochs() + ":")).findFirst().orElseThrow();
        double printed = Double.parseDouble(line.replaceAll(".*val loss ce ([0-9.]+).*", "$1"));
        assertEquals(ce.get(ce.size() - 1), printed, 1e-5 * Math.max(1, printed), line);
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), got = Npy.read(dir.resolve(e.getKey() + ".npy")).toFloatArray();
            for (int i = 0; i < exp.length; i++) assertEquals(exp[i], got[i], 1e-5 * Math.max(1, Math.abs(exp[i])), e.getKey() + "[" + i + "]\n" + log);
        }
        layerlab.testing.Torch.assertSameEpochLosses(t.history(), log);
    }
}
