package layerlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import layerlab.train.Trainer;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported script's {@code train()} trains as LayerLab's Trainer does (each optimiser, schedules per epoch, per batch
 * and on the validation loss, clipping both ways, shuffled batches, early stopping): an MLP trained 3 epochs in LayerLab
 * and, from {@code torch.manual_seed(seed)}, by the script in PyTorch on the same arrays ends at the same weights (1e-5 of
 * each tensor's largest value; measured: 3e-7 at most, 5e-7 after stopping early). Needs python3 with torch; skipped,
 * saying so, without it.
 */
class PyTorchTrainingTest {
    /** The settings of each case, in the project's "training" object. */
    private static final Map<String, String> CASES = Map.ofEntries(
            Map.entry("sgd-steplr", """
                    {"optimizer": {"name": "SGD", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.001}, "scheduler": {"name": "StepLR", "step_size": 1, "gamma": 0.5},
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 7}"""),
            Map.entry("adam-onecycle", """
                    {"optimizer": {"name": "Adam", "lr": 0.01}, "scheduler": {"name": "OneCycleLR", "max_lr": 0.05},
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 3}"""),
            Map.entry("adamw-sequential-clip", """
                    {"optimizer": {"name": "AdamW", "lr": 0.02}, "scheduler": {"name": "SequentialLR", "schedulers": [
                       {"name": "LinearLR", "start_factor": 0.25, "total_iters": 1}, {"name": "CosineAnnealingLR", "T_max": 2}], "milestones": [1]},
                     "loss": "MSELoss", "clip_grad_norm": 0.5, "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 11}"""),
            Map.entry("rmsprop-cosine", """
                    {"optimizer": {"name": "RMSprop", "lr": 0.01, "momentum": 0.5, "centered": true}, "scheduler": "CosineAnnealingLR",
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 2}"""),
            Map.entry("adagrad-multistep-drop", """
                    {"optimizer": {"name": "Adagrad", "lr": 0.1, "lr_decay": 0.01}, "scheduler": {"name": "MultiStepLR", "milestones": [1, 2], "gamma": 0.3},
                     "epochs": 3, "batch_size": 6, "drop_last": true, "shuffle": true, "seed": 9}"""),
            Map.entry("adamw-frozen-fc1", """
                    {"optimizer": {"name": "AdamW", "lr": 0.05, "weight_decay": 0.1}, "epochs": 3, "batch_size": 5, "shuffle": false, "seed": 4}"""),
            Map.entry("sgd-shuffled-plateau", """
                    {"optimizer": {"name": "SGD", "lr": 0.1, "nesterov": true, "momentum": 0.5}, "scheduler": {"name": "ReduceLROnPlateau", "patience": 0},
                     "clip_grad_value": 0.05, "epochs": 3, "batch_size": 3, "shuffle": true, "seed": 5}"""),
            Map.entry("sgd-clip-inf-norm", """
                    {"optimizer": {"name": "SGD", "lr": 0.2, "momentum": 0.9}, "clip_grad_norm": 0.05, "clip_grad_norm_type": "inf",
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 6}"""),
            Map.entry("sgd-weighted-ce", """
                    {"optimizer": {"name": "SGD", "lr": 0.2, "momentum": 0.9}, "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 12}"""),
            Map.entry("adamw-groups-cosine", """
                    {"optimizer": {"name": "AdamW", "lr": 0.03, "weight_decay": 0.1}, "scheduler": {"name": "CosineAnnealingLR", "T_max": 2},
                     "param_groups": [{"params": ["*.bias"], "weight_decay": 0}, {"params": ["fc2.w*"], "lr": 0.01, "amsgrad": true}],
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 8}"""),
            // A later optimiser with its own options, and CyclicLR stepped after every batch (its momentum left: NAdam has none).
            Map.entry("nadam-cyclic", """
                    {"optimizer": {"name": "NAdam", "lr": 0.01, "betas": [0.8, 0.99], "momentum_decay": 0.01}, "scheduler": {"name": "CyclicLR",
                     "base_lr": 0.002, "max_lr": 0.03, "step_size_up": 3, "mode": "triangular2", "cycle_momentum": false},
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 10}"""),
            // LBFGS: the script's closure re-evaluates the batch as LayerLab's run does; full batch with strong_wolfe, and in batches.
            Map.entry("lbfgs-wolfe-full", """
                    {"optimizer": {"name": "LBFGS", "line_search_fn": "strong_wolfe", "max_iter": 5, "history_size": 4},
                     "scheduler": {"name": "ExponentialLR", "gamma": 0.5}, "epochs": 3, "batch_size": 20, "shuffle": false, "seed": 13}"""),
            Map.entry("lbfgs-batches", """
                    {"optimizer": {"name": "LBFGS", "lr": 0.1, "max_iter": 2, "history_size": 3}, "epochs": 3, "batch_size": 5, "shuffle": true, "seed": 14}"""),
            // LambdaLR and MultiplicativeLR: the project's lr_lambda expression becomes the script's lambda epoch: ...
            Map.entry("sgd-lambda", """
                    {"optimizer": {"name": "SGD", "lr": 0.2, "momentum": 0.9}, "scheduler": {"name": "LambdaLR", "lr_lambda": "0.5 * (1 + cos(pi * epoch / 3))"},
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 15}"""),
            Map.entry("adam-multiplicative", """
                    {"optimizer": {"name": "Adam", "lr": 0.02}, "scheduler": {"name": "MultiplicativeLR", "lr_lambda": "max(0.5, 0.9 ** epoch)"},
                     "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 16}"""),
            // OneCycleLR's max_lr per parameter group, as torch takes a list; the script writes max_lr=[0.05, 0.2].
            Map.entry("sgd-groups-onecycle-list", """
                    {"optimizer": {"name": "SGD", "lr": 0.01, "momentum": 0.9}, "scheduler": {"name": "OneCycleLR", "max_lr": [0.05, 0.2]},
                     "param_groups": [{"params": ["fc2.*"], "lr": 0.02}], "epochs": 3, "batch_size": 4, "shuffle": false, "seed": 9}"""));

    /** Input [4] → Linear(4, 8) → ReLU → Linear(8, out) → Output, with a CrossEntropyLoss node unless the settings name a loss. */
    static Graph mlp(String training, boolean regression) throws Exception {
        return mlp(training, regression, "{}");
    }

    /** {@link #mlp(String, boolean)} with these params on its CrossEntropyLoss node. */
    static Graph mlp(String training, boolean regression, String lossParams) throws Exception {
        String loss = regression ? "" : """
                , {"id": "n5", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 200}},
                  {"id": "n6", "name": "loss", "kind": "CrossEntropyLoss", "params": %s, "position": {"x": 800, "y": 200}}""".formatted(lossParams);
        String lossEdges = regression ? "" : """
                , {"from": "fc2.out", "to": "loss.input"}, {"from": "labels.out", "to": "loss.target"}""";
        String json = """
                {"format": "layerlab-project", "version": 1, "name": "Mlp", "nodes": [
                  {"id": "n0", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n1", "name": "fc1", "kind": "Linear", "params": {"in_features": 4, "out_features": 8}, "position": {"x": 200, "y": 0}},
                  {"id": "n2", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 400, "y": 0}},
                  {"id": "n3", "name": "fc2", "kind": "Linear", "params": {"in_features": 8, "out_features": %d}, "position": {"x": 600, "y": 0}},
                  {"id": "n4", "name": "y", "kind": "Output", "params": {}, "position": {"x": 800, "y": 0}}%s],
                 "edges": [{"from": "x.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "relu.in"}, {"from": "relu.out", "to": "fc2.in"},
                           {"from": "fc2.out", "to": "y.in"}%s],
                 "training": %s}
                """.formatted(regression ? 2 : 3, loss, lossEdges, training);
        return ProjectJson.read(json, "mlp.json");
    }

    /** 20 samples: x[i, j] = sin(0.37·i + 0.91·j); class (5·i + 1) mod 3, or targets cos(0.5·i + k). */
    static TensorDataset data(boolean regression) {
        return data(regression, 0);
    }

    /** {@link #data(boolean)} with x[i, j] = sin(0.37·i + 0.91·j + shift): other samples of the same classes or targets. */
    static TensorDataset data(boolean regression, double shift) {
        int n = 20;
        float[] x = new float[n * 4];
        long[] labels = new long[n];
        float[] targets = new float[n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) Math.sin(0.37 * i + 0.91 * j + shift);
            labels[i] = (5L * i + 1) % 3;
            for (int k = 0; k < 2; k++) targets[i * 2 + k] = (float) Math.cos(0.5 * i + k);
        }
        return regression ? TensorDataset.regression("reg", x, new int[] {4}, targets, new int[] {2})
                : TensorDataset.classification("cls", x, new int[] {4}, labels, List.of("a", "b", "c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd-steplr", "adam-onecycle", "adamw-sequential-clip", "sgd-shuffled-plateau", "rmsprop-cosine", "adagrad-multistep-drop",
        "adamw-frozen-fc1", "sgd-clip-inf-norm",
        "adamw-groups-cosine", "sgd-weighted-ce", "sgd-groups-onecycle-list", "nadam-cyclic", "lbfgs-wolfe-full", "lbfgs-batches", "sgd-lambda",
        "adam-multiplicative"})
    void theScriptTrainsToLayerLabsWeights(String name, @TempDir Path dir) throws Exception {
        Torch.assume();
        boolean regression = name.contains("sequential");
        // Class weights (an imbalance of 1 : 9) with label smoothing: the script's loss is given weight=torch.tensor([...]).
        Graph g = mlp(CASES.get(name), regression, name.contains("weighted") ? "{\"weight\": [1, 9, 0.5], \"label_smoothing\": 0.1}" : "{}");
        if (name.contains("weighted")) {
            assertTrue(PyTorchExport.script(g, "mlp.safetensors").contains("nn.CrossEntropyLoss(weight=torch.tensor([1.0, 9.0, 0.5]), label_smoothing=0.1)"));
        }
        if (name.contains("frozen")) g = g.setFrozen("n1", true).after();
        TensorDataset train = data(regression);
        // The plateau case validates on the training set: its schedule then follows a validation loss.
        boolean validate = name.contains("plateau");
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validate ? train : null);
        t.run();
        Map<String, Tensor> want = t.model().stateDict();

        Path script = dir.resolve("mlp.py");
        Files.writeString(script, PyTorchExport.script(g, "mlp.safetensors"));
        if (name.equals("sgd-lambda")) {
            assertTrue(Files.readString(script).contains("LambdaLR(optimizer, lr_lambda=lambda epoch: 0.5 * (1 + math.cos(math.pi * epoch / 3)))"),
                    Files.readString(script));
        }
        if (name.contains("lbfgs")) assertTrue(Files.readString(script).contains("loss = optimizer.step(closure)"), Files.readString(script));
        if (name.contains("onecycle-list")) assertTrue(Files.readString(script).contains("OneCycleLR(optimizer, max_lr=[0.05, 0.2]"), Files.readString(script));
        Npy.write(dir.resolve("x.npy"), Tensor.of(train.features(), train.size(), 4));
        Npy.write(dir.resolve("y.npy"), regression ? Tensor.of(train.valueTargets(), train.size(), 2) : Tensor.ofLongs(train.classTargets(), train.size()));
        String log = Torch.runScript(script, dir,
                "x, y = ns['read_npy'](d + '/x.npy'), ns['read_npy'](d + '/y.npy')",
                "torch.manual_seed(ns['SEED'])",
                "model = ns['Mlp']()",
                "for k, v in model.state_dict().items():",
                "    ns['write_npy'](d + '/init.' + k + '.npy', v)",
                "loader = ns['make_loader'](x, y)",
                "ns['train'](model, loader, " + (validate ? "ns['make_loader'](x, y, shuffle=False, batch_size=256)" : "None") + ")",
                "for k, v in model.state_dict().items():",
                "    ns['write_npy'](d + '/' + k + '.npy', v)");
        double moved = 0;
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), got = Npy.read(dir.resolve(e.getKey() + ".npy")).toFloatArray();
            float[] init = Npy.read(dir.resolve("init." + e.getKey() + ".npy")).toFloatArray();
            for (int i = 0; i < exp.length; i++) moved = Math.max(moved, Math.abs(exp[i] - init[i]));
            // A frozen layer keeps its initial weights in both: no gradient, so no decay and no step.
            if (name.contains("frozen") && e.getKey().startsWith("fc1.")) assertArrayEquals(init, got, e.getKey());
            assertEquals(exp.length, got.length, e.getKey());
            double scale = 0;
            for (float v : exp) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < exp.length; i++) {
                                assertEquals(exp[i], got[i], 1e-5 * Math.max(scale, 1e-3), e.getKey() + "[" + i + "] (" + name + ")\n" + log);
            }
        }
        // Training moved the weights (the comparison is not of two untouched models).
        assertTrue(moved > 1e-2, name + ": the weights moved at most " + moved);
        Torch.assertSameEpochLosses(t.history(), log);
    }

    /**
     * Early stopping as LayerLab's: a run that stops early (on the validation loss, keeping the best epoch's weights; on
     * the training accuracy; on the validation MAE past a min_delta, keeping the best) stops at LayerLab's epoch, keeps the
     * same epoch's weights, and ends at LayerLab's weights (1e-5 of each tensor's largest value).
     */
    @ParameterizedTest
    @ValueSource(strings = {"val_loss-restore", "train_accuracy", "val_mae-restore", "lbfgs-train_accuracy"})
    void theScriptStopsEarlyWhereLayerLabStops(String name, @TempDir Path dir) throws Exception {
        Torch.assume();
        boolean regression = name.contains("mae");
        String training = switch (name) {
            case "val_loss-restore" -> """
                    {"optimizer": {"name": "Adam", "lr": 0.05}, "epochs": 30, "batch_size": 4, "shuffle": true, "seed": 3,
                     "early_stopping": {"metric": "val_loss", "patience": 2, "restore_best": true}}""";
            // LBFGS's closure keeps the first evaluation's outputs for the batch's accuracy, as LayerLab counts it.
            case "lbfgs-train_accuracy" -> """
                    {"optimizer": {"name": "LBFGS", "max_iter": 3}, "epochs": 30, "batch_size": 10, "shuffle": false, "seed": 8,
                     "early_stopping": {"metric": "train_accuracy", "patience": 2}}""";
            case "train_accuracy" -> """
                    {"optimizer": {"name": "SGD", "lr": 0.05}, "epochs": 30, "batch_size": 5, "shuffle": false, "seed": 8,
                     "early_stopping": {"metric": "train_accuracy", "patience": 2}}""";
            default -> """
                    {"optimizer": {"name": "Adam", "lr": 0.03}, "loss": "MSELoss", "epochs": 30, "batch_size": 4, "shuffle": false, "seed": 6,
                     "early_stopping": {"metric": "val_mae", "patience": 3, "min_delta": 0.001, "restore_best": true}}""";
        };
        Graph g = mlp(training, regression);
        TensorDataset train = data(regression), validation = data(regression, 2.0);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, validation);
        TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) t.run();
        assertEquals(TrainingEvent.Reason.EARLY_STOPPED, f.reason(), name + " must stop early to test it");
        assertTrue(f.epochs() < 30, name);
        assertEquals(name.contains("restore"), f.restoredEpoch() > 0, name + ": restored " + f.restoredEpoch());
        Map<String, Tensor> want = t.model().stateDict();

        Path script = dir.resolve("mlp.py");
        Files.writeString(script, PyTorchExport.script(g, "mlp.safetensors"));
        for (var d : Map.of("", train, "val_", validation).entrySet()) {
            TensorDataset s = d.getValue();
            Npy.write(dir.resolve(d.getKey() + "x.npy"), Tensor.of(s.features(), s.size(), 4));
            Npy.write(dir.resolve(d.getKey() + "y.npy"), regression ? Tensor.of(s.valueTargets(), s.size(), 2) : Tensor.ofLongs(s.classTargets(), s.size()));
        }
        // The validation loader as LayerLab validates: in batches of max(batch_size, 256), in order.
        String log = Torch.trainScript(script, dir, "Mlp", true);
        assertTrue(log.contains("stopped early after epoch " + f.epochs() + ": " + name.replace("-restore", "").replace("lbfgs-", "") + " has not improved for "), log);
        assertFalse(log.contains("epoch " + (f.epochs() + 1) + ":"), log);
        assertEquals(f.restoredEpoch() > 0, log.contains("kept the weights of epoch " + f.restoredEpoch() + ", the best"), log);
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), got = Npy.read(dir.resolve(e.getKey() + ".npy")).toFloatArray();
            double scale = 0;
            for (float v : exp) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < exp.length; i++) {
                assertEquals(exp[i], got[i], 1e-5 * Math.max(scale, 1e-3), e.getKey() + "[" + i + "] (" + name + ", stopped after " + f.epochs() + ")\n" + log);
            }
        }
        Torch.assertSameEpochLosses(t.history(), log);
    }

    /**
     * The command line trains too: {@code --train x.npy y.npy --fresh --save out.safetensors} starts from LayerLab's initial
     * weights and writes the weights LayerLab's run ended at (the project's epochs), which LayerLab then reads back.
     */
    @Test
    void theCommandLineTrainsAndSaves(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = mlp(CASES.get("sgd-steplr"), false);
        TensorDataset train = data(false);
        Trainer t = new Trainer(g, TrainingConfig.fromMap(g.training()), train, null);
        t.run();
        Map<String, Tensor> want = t.model().stateDict();
        Path script = dir.resolve("mlp.py");
        PyTorchExport.save(g, want, script);
        Npy.write(dir.resolve("x.npy"), Tensor.of(train.features(), train.size(), 4));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(train.classTargets(), train.size()));
        Path out = dir.resolve("out.safetensors");
        String log = Torch.python(0, script.toString(), "--train", dir.resolve("x.npy").toString(), dir.resolve("y.npy").toString(),
                "--fresh", "--save", out.toString());
        Torch.assertSameEpochLosses(t.history(), log);
        Map<String, Tensor> got = Safetensors.load(out).tensors();
        assertEquals(want.keySet(), got.keySet());
        for (var e : want.entrySet()) {
            float[] exp = e.getValue().toFloatArray(), saved = got.get(e.getKey()).toFloatArray();
            for (int i = 0; i < exp.length; i++) assertEquals(exp[i], saved[i], 1e-5 * Math.max(1, Math.abs(exp[i])), e.getKey() + "[" + i + "]\n" + log);
        }
        String said = Torch.python(1, script.toString(), "--train", dir.resolve("x.npy").toString());
        assertTrue(said.contains("--train takes 2 array(s): x, then the labels; got 1"), said);
    }

    /**
     * A model of two inputs trained on normalized data trains from raw arrays: --train takes one array per input, then
     * the labels, and normalizes them as the inference command line does (the script's own train() on the normalized
     * arrays ends at the same weights).
     */
    @Test
    void theCommandLineNormalizesSeveralInputs(@TempDir Path dir) throws Exception {
        Torch.assume();
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "bilinear-features.json"));
        layerlab.data.Normalization iris = new layerlab.data.Normalization(layerlab.data.Normalization.Kind.STANDARDIZE,
                layerlab.data.Normalization.Per.FEATURE, new float[] {5.8f, 3.0f, 3.7f, 1.2f}, new float[] {0.8f, 0.4f, 1.7f, 0.75f});
        Path script = dir.resolve("iris.py");
        PyTorchExport.save(g, layerlab.graph.compile.GraphCompiler.compile(g).stateDict(), iris, script);
        float[] sepal = new float[12], petal = new float[12];
        long[] labels = new long[6];
        for (int i = 0; i < 12; i++) {
            sepal[i] = 5 + 0.1f * i;
            petal[i] = 1 + 0.3f * i;
        }
        for (int i = 0; i < 6; i++) labels[i] = i % 3;
        Npy.write(dir.resolve("sepal.npy"), Tensor.of(sepal, 6, 2));
        Npy.write(dir.resolve("petal.npy"), Tensor.of(petal, 6, 2));
        Npy.write(dir.resolve("labels.npy"), Tensor.ofLongs(labels, 6));
        String log = Torch.python(0, script.toString(), "--train", dir.resolve("sepal.npy").toString(),
                dir.resolve("petal.npy").toString(), dir.resolve("labels.npy").toString(), "--epochs", "2", "--fresh", "--save",
                dir.resolve("cli.safetensors").toString());
        assertTrue(log.contains("epoch 2: train loss "), log);
        String said = Torch.runScript(script, dir,
                "xs = [ns['normalize'](n, ns['read_npy'](d + '/' + n + '.npy')) for n in ('sepal', 'petal')]",
                "torch.manual_seed(ns['SEED'])",
                "model = ns['" + layerlab.graph.PyTorchSource.topClass(g) + "']()",
                "ns['train'](model, ns['make_loader'](xs, ns['read_npy'](d + '/labels.npy')), epochs=2)",
                "cli = ns['load_safetensors'](d + '/cli.safetensors')",
                "for k, v in model.state_dict().items():",
                "    assert torch.equal(v, cli[k]), k",
                "print('same')");
        assertTrue(said.contains("same"), said);
    }

    /**
     * A block named like what the script defines at top level (train, target, LOSS, make_loader), an import (nn) or a
     * built-in (super, len) was redefined by it: the model then called train() or the loss in its __init__, or recursed.
     * Its class takes a trailing underscore, a drawing named LOSS gets the class LOSSModel, and layers and inputs named
     * evaluate, target or EPOCHS stay forward's locals: the script trains from its command line and saves the weights.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Net train evaluate x", "Net target target EPOCHS", "Net LOSS fc x", "Net make_loader fc target", "Net nn fc x",
        "Net super fc x", "Net len fc x", "LOSS Blk fc x"})
    void namesTheScriptUsesItselfStillTrain(String names, @TempDir Path dir) throws Exception {
        String[] n = names.split(" ");
        String drawing = n[0], block = n[1], layer = n[2], input = n[3];
        Graph g = ProjectJson.read("""
                {"format": "layerlab-project", "version": 1, "name": "%1$s", "nodes": [
                  {"id": "n0", "name": "%4$s", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
                  {"id": "n1", "name": "%3$s", "kind": "Linear", "params": {"in_features": 4, "out_features": 4}, "position": {"x": 200, "y": 0}},
                  {"id": "n2", "name": "b1", "kind": "Block", "params": {"block": "%2$s"}, "position": {"x": 400, "y": 0}},
                  {"id": "n3", "name": "y", "kind": "Output", "params": {}, "position": {"x": 600, "y": 0}},
                  {"id": "n4", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 200}},
                  {"id": "n5", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 600, "y": 200}}],
                 "edges": [{"from": "%4$s.out", "to": "%3$s.in"}, {"from": "%3$s.out", "to": "b1.x"}, {"from": "b1.out", "to": "y.in"},
                           {"from": "b1.out", "to": "loss.input"}, {"from": "labels.out", "to": "loss.target"}],
                 "blocks": [{"name": "%2$s", "nodes": [
                   {"id": "m1", "name": "x", "kind": "Input", "params": {}, "position": {"x": 0, "y": 0}},
                   {"id": "m2", "name": "fc", "kind": "Linear", "params": {"in_features": 4, "out_features": 3}, "position": {"x": 200, "y": 0}},
                   {"id": "m3", "name": "out", "kind": "Output", "params": {}, "position": {"x": 400, "y": 0}}],
                   "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "out.in"}]}],
                 "training": {"optimizer": "SGD", "epochs": 2, "batch_size": 4}}
                """.formatted(drawing, block, layer, input), "names.json");
        String text = PyTorchExport.script(g, "m.safetensors");
        String cls = block.equals("Blk") ? "Blk" : block + "_";
        assertTrue(text.contains("\nclass " + cls + "(nn.Module):") && text.contains("self.b1 = " + cls + "()"), text);
        if (drawing.equals("LOSS")) assertTrue(text.contains("\nclass LOSSModel(nn.Module):"), text);
        Torch.assume();
        Path script = dir.resolve("m.py");
        Map<String, Tensor> weights = layerlab.graph.compile.GraphCompiler.compile(g).stateDict();
        PyTorchExport.save(g, weights, script);
        TensorDataset train = data(false);
        Npy.write(dir.resolve("x.npy"), Tensor.of(train.features(), train.size(), 4));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(train.classTargets(), train.size()));
        Path out = dir.resolve("out.safetensors");
        layerlab.testing.Python.Result run = layerlab.testing.Python.of(script.toString(), "--train", dir.resolve("x.npy").toString(),
                dir.resolve("y.npy").toString(), "--fresh", "--save", out.toString()).run();
        String log = run.output();
        assertEquals(0, run.exit(), names + "\n" + log);
        assertTrue(log.contains("epoch 2: train loss "), log);
        assertEquals(weights.keySet(), Safetensors.load(out).tensors().keySet(), log);
    }

    /** Only what the project uses is written: no clipping and no scheduler lines without them; a loss-less project says why. */
    @Test
    void theScriptHoldsOnlyWhatTheProjectSets() throws Exception {
        String plain = PyTorchExport.script(mlp("{\"optimizer\": \"SGD\", \"epochs\": 2}", false), "m.safetensors");
        assertTrue(plain.contains("return torch.optim.SGD(model.parameters(), lr=0.01)\n"), plain);
        assertTrue(plain.contains("LOSS = nn.CrossEntropyLoss()"), plain);
        assertFalse(plain.contains("clip_grad"), plain);
        assertFalse(plain.contains("scheduler.step("), plain);
        String clipped = PyTorchExport.script(mlp(CASES.get("adamw-sequential-clip"), true), "m.safetensors");
        assertTrue(clipped.contains("nn.utils.clip_grad_norm_(model.parameters(), 0.5)\n"), clipped);
        String groups = PyTorchExport.script(mlp(CASES.get("adamw-groups-cosine"), false), "m.safetensors");
        assertTrue(groups.contains("PARAM_GROUPS = [{\"params\": [\"*.bias\"], \"weight_decay\": 0.0},\n"
                + "                {\"params\": [\"fc2.w*\"], \"lr\": 0.01, \"amsgrad\": True}]"), groups);
        assertTrue(groups.contains("return torch.optim.AdamW(groups, lr=0.03, weight_decay=0.1)\n"), groups);
        assertFalse(clipped.contains("PARAM_GROUPS"), clipped);
        String maxNorm = PyTorchExport.script(mlp(CASES.get("sgd-clip-inf-norm"), false), "m.safetensors");
        assertTrue(maxNorm.contains("nn.utils.clip_grad_norm_(model.parameters(), 0.05, norm_type=float(\"inf\"))\n"), maxNorm);
        assertTrue(clipped.contains("LOSS = nn.MSELoss()"), clipped);
        String early = PyTorchExport.script(mlp("{\"epochs\": 2, \"early_stopping\": {\"metric\": \"val_loss\", \"patience\": 3}}", false), "m.safetensors");
        assertTrue(early.contains("EARLY_STOPPING = {\"metric\": \"val_loss\", \"patience\": 3, \"min_delta\": 0.0, \"mode\": \"min\", \"restore_best\": False}"), early);
        assertTrue(early.contains("class EarlyStopper:"), early);
        assertFalse(early.contains("def score("), early);
        assertFalse(plain.contains("EARLY_STOPPING") || plain.contains("EarlyStopper"), plain);
        // A score LayerLab does not compute for this loss: it refuses the run, and the script says so.
        String refused = PyTorchExport.script(mlp("{\"epochs\": 2, \"loss\": \"MSELoss\", \"early_stopping\": {\"metric\": \"val_accuracy\"}}", true), "m.safetensors");
        assertTrue(refused.contains("# No train(): the project's training settings are refused (training.early_stopping watches val_accuracy but this "
                + "run does not compute it)."), refused);
        String none = PyTorchExport.script(mlp("{\"epochs\": 2}", true), "m.safetensors");
        assertTrue(none.contains("# No train(): the project has no loss node and its training settings set no loss."), none);
    }

    /**
     * A cosine schedule without T_max anneals over the run's epochs in LayerLab, so the script's {@code --epochs N} anneals over
     * N: {@code T_max=epochs}, not the exported run's count (with 1, a run of 5 had a rate of 0 every other epoch); a T_max the
     * project sets stays as set.
     */
    @Test
    void aCosineScheduleWithoutTMaxAnnealsOverTheEpochsTheScriptIsGiven() throws Exception {
        String byDefault = PyTorchExport.script(mlp("{\"scheduler\": \"CosineAnnealingLR\", \"epochs\": 1}", false), "m.safetensors");
        assertTrue(byDefault.contains("return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)\n"), byDefault);
        String withMin = PyTorchExport.script(mlp("{\"scheduler\": {\"name\": \"CosineAnnealingLR\", \"eta_min\": 0.001}, \"epochs\": 4}", false),
                "m.safetensors");
        assertTrue(withMin.contains("CosineAnnealingLR(optimizer, T_max=epochs, eta_min=0.001)"), withMin);
        String set = PyTorchExport.script(mlp("{\"scheduler\": {\"name\": \"CosineAnnealingLR\", \"T_max\": 7}, \"epochs\": 4}", false), "m.safetensors");
        assertTrue(set.contains("CosineAnnealingLR(optimizer, T_max=7)"), set);
    }
}
