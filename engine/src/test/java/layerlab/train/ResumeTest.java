package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.data.Augmentation;
import layerlab.data.Dataset;
import layerlab.data.Normalization;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Tensor;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A run stopped (inside an epoch or at its end) and resumed from its {@link TrainingState} ends with the bits of the run
 * that was never stopped: weights, buffers, the optimiser's and the scheduler's state, every epoch's metrics, early
 * stopping's choice. Dropout, BatchNorm, shuffling and augmentation make any missed piece of state show. On the
 * {@link TestDevice} (a GPU in the GPU runs, whose checkpoints then also resume on the CPU).
 */
class ResumeTest {
    /** Input [4] → Linear(4, 16) → BatchNorm1d → ReLU → Dropout(0.3) → Linear(16, 3), cross-entropy. */
    static final String MLP = """
            {"format": "layerlab-project", "version": 1, "name": "Resumable",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "fc1", "kind": "Linear", "params": {"in_features": 4, "out_features": 16}, "position": {"x": 1, "y": 0}},
              {"id": "n3", "name": "bn", "kind": "BatchNorm1d", "params": {"num_features": 16}, "position": {"x": 2, "y": 0}},
              {"id": "n4", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 3, "y": 0}},
              {"id": "n5", "name": "drop", "kind": "Dropout", "params": {"p": 0.3}, "position": {"x": 4, "y": 0}},
              {"id": "n6", "name": "fc2", "kind": "Linear", "params": {"in_features": 16, "out_features": 3}, "position": {"x": 5, "y": 0}},
              {"id": "n7", "name": "out", "kind": "Output", "params": {}, "position": {"x": 6, "y": 0}},
              {"id": "n8", "name": "y", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 1}},
              {"id": "n9", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 6, "y": 1}}],
             "edges": [
              {"from": "x.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "bn.in"}, {"from": "bn.out", "to": "relu.in"},
              {"from": "relu.out", "to": "drop.in"}, {"from": "drop.out", "to": "fc2.in"}, {"from": "fc2.out", "to": "out.in"},
              {"from": "fc2.out", "to": "loss.input"}, {"from": "y.out", "to": "loss.target"}],
             "blocks": [], "notes": []}
            """;

    /** Input [1, 6, 6] → Conv2d(1, 4, 3, padding 1) → ReLU → Dropout → Flatten → Linear(144, 3), cross-entropy. */
    static final String CNN = """
            {"format": "layerlab-project", "version": 1, "name": "ResumableCnn",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [1, 6, 6]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "conv", "kind": "Conv2d", "params": {"in_channels": 1, "out_channels": 4, "kernel_size": 3, "padding": 1},
               "position": {"x": 1, "y": 0}},
              {"id": "n3", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 2, "y": 0}},
              {"id": "n4", "name": "drop", "kind": "Dropout", "params": {"p": 0.2}, "position": {"x": 3, "y": 0}},
              {"id": "n5", "name": "flat", "kind": "Flatten", "params": {}, "position": {"x": 4, "y": 0}},
              {"id": "n6", "name": "fc", "kind": "Linear", "params": {"in_features": 144, "out_features": 3}, "position": {"x": 5, "y": 0}},
              {"id": "n7", "name": "out", "kind": "Output", "params": {}, "position": {"x": 6, "y": 0}},
              {"id": "n8", "name": "y", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 1}},
              {"id": "n9", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 6, "y": 1}}],
             "edges": [
              {"from": "x.out", "to": "conv.in"}, {"from": "conv.out", "to": "relu.in"}, {"from": "relu.out", "to": "drop.in"},
              {"from": "drop.out", "to": "flat.in"}, {"from": "flat.out", "to": "fc.in"}, {"from": "fc.out", "to": "out.in"},
              {"from": "fc.out", "to": "loss.input"}, {"from": "y.out", "to": "loss.target"}],
             "blocks": [], "notes": []}
            """;

    static Graph graph(String json) throws Exception {
        return ProjectJson.read(json, "resume.json");
    }

    static TensorDataset rows(int n, int salt) {
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) Math.sin(1.3 * i + 0.7 * j + salt);
            y[i] = (x[i * 4] + x[i * 4 + 1] > 0.3 ? 1 : 0) + (x[i * 4 + 2] > 0.5 ? 1 : 0);
        }
        return TensorDataset.classification("rows", x, new int[] {4}, y, List.of("a", "b", "c"));
    }

    static TensorDataset pictures(int n, int salt) {
        float[] x = new float[n * 36];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 36; j++) x[i * 36 + j] = (float) (0.5 + 0.5 * Math.sin(0.37 * i * (j % 7) + j + salt));
            y[i] = i % 3;
        }
        return TensorDataset.classification("pictures", x, new int[] {1, 6, 6}, y, List.of("a", "b", "c"));
    }

    static TrainingConfig config(Map<String, Object> optimizer, Object scheduler, int epochs, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", optimizer);
        if (scheduler != null) m.put("scheduler", scheduler);
        m.put("epochs", epochs);
        m.put("batch_size", 8);
        m.put("seed", 7);
        m.put("device", TestDevice.device().toString());
        m.putAll(extra);
        return TrainingConfig.fromMap(m);
    }

    static Stream<Arguments> optimizersAndSchedules() {
        return Stream.of(
                Arguments.of(Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9, "nesterov", true, "weight_decay", 0.01), Map.of("name", "StepLR", "step_size", 2)),
                Arguments.of(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "CosineAnnealingLR", "T_max", 5)),
                Arguments.of(Map.of("name", "AdamW", "lr", 0.01, "weight_decay", 0.1), Map.of("name", "ReduceLROnPlateau", "patience", 0, "factor", 0.5)),
                Arguments.of(Map.of("name", "RMSprop", "lr", 0.005, "momentum", 0.5), Map.of("name", "ExponentialLR", "gamma", 0.8)),
                Arguments.of(Map.of("name", "Adagrad", "lr", 0.05), Map.of("name", "MultiStepLR", "milestones", List.of(1, 3))),
                Arguments.of(Map.of("name", "SGD", "lr", 0.1), Map.of("name", "LinearLR", "start_factor", 0.25, "total_iters", 3)),
                Arguments.of(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "ConstantLR", "factor", 0.5, "total_iters", 3)),
                Arguments.of(Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9), Map.of("name", "CosineAnnealingWarmRestarts", "T_0", 2, "T_mult", 2)),
                Arguments.of(Map.of("name", "RMSprop", "lr", 0.005), Map.of("name", "PolynomialLR", "total_iters", 4, "power", 2.0)),
                // Stepped per batch: stopped after batch 3 of epoch 3, its cycle and the momentum it sets go on from there.
                Arguments.of(Map.of("name", "SGD", "lr", 0.1, "momentum", 0.9), Map.of("name", "OneCycleLR", "max_lr", 0.3)),
                Arguments.of(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "OneCycleLR", "max_lr", 0.02, "three_phase", true, "anneal_strategy", "linear")),
                Arguments.of(Map.of("name", "SGD", "lr", 0.1), Map.of("name", "SequentialLR", "schedulers",
                        List.of(Map.of("name", "LinearLR", "start_factor", 0.1, "total_iters", 2), Map.of("name", "CosineAnnealingLR", "T_max", 3)),
                        "milestones", List.of(2))));
    }

    /** Epochs' metrics without their timings, which differ between any two runs. */
    static List<Map<String, Object>> withoutTimes(List<Map<String, Object>> history) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> h : history) {
            Map<String, Object> m = new LinkedHashMap<>(h);
            m.remove("seconds");
            out.add(m);
        }
        return out;
    }

    static void assertSameState(Trainer expected, Trainer actual) {
        Map<String, Tensor> a = expected.model().stateDict(), b = actual.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
        Map<String, Object> oa = expected.optimizer().stateDict(), ob = actual.optimizer().stateDict();
        assertEquals(oa.keySet(), ob.keySet());
        for (String k : oa.keySet()) {
            if (oa.get(k) instanceof Tensor t) assertArrayEquals(t.toFloatArray(), ((Tensor) ob.get(k)).toFloatArray(), 0f, k);
            else assertEquals(oa.get(k), ob.get(k), k);
        }
        assertEquals(withoutTimes(expected.history()), withoutTimes(actual.history()));
        assertEquals(expected.step(), actual.step());
    }

    static Trainer trainer(Graph g, TrainingConfig c, Dataset train, Dataset val) {
        return new Trainer(g, c, train, val);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("optimizersAndSchedules")
    void aRunStoppedInsideAnEpochGoesOnAsIfItHadNot(Map<String, Object> optimizer, Map<String, Object> scheduler) throws Exception {
        Graph g = graph(MLP);
        TensorDataset train = rows(60, 0), val = rows(20, 5); // 8 batches an epoch, the last of 4
        TrainingConfig c = config(optimizer, scheduler, 5, Map.of());
        Trainer whole = trainer(g, c, train, val);
        assertTrue(whole.run() instanceof TrainingEvent.RunFinished);

        // Stopped after epoch 2 and 3 batches of epoch 3 (the step limit, as --steps gives it).
        Trainer first = trainer(g, c, train, val);
        first.setMaxSteps(19);
        first.run();
        TrainingState state = first.resumeState();
        assertNotNull(state);
        assertEquals(2, state.epochs());
        assertEquals(3, state.batches());
        assertEquals(19, state.step());
        assertEquals(2, state.history().size(), "the partial epoch is not one of the state's epochs");
        assertEquals("in epoch 3 after batch 3 of 8, step 19", state.describe());

        Trainer rest = trainer(g, c, train, val);
        List<TrainingEvent> events = new ArrayList<>();
        rest.addListener(events::add);
        rest.resumeFrom(state);
        TrainingEvent.Terminal end = rest.run();
        assertTrue(end instanceof TrainingEvent.RunFinished f && f.epochs() == 5, end.toString());
        TrainingEvent.RunStarted started = (TrainingEvent.RunStarted) events.get(0);
        assertEquals(2, started.resumed().epochs());
        assertEquals(19, started.resumed().step());
        TrainingEvent.BatchEnded firstBatch = (TrainingEvent.BatchEnded) events.stream().filter(e -> e instanceof TrainingEvent.BatchEnded).findFirst().orElseThrow();
        assertEquals(3, firstBatch.epoch());
        assertEquals(4, firstBatch.batch());
        assertEquals(20, firstBatch.step());
        assertSameState(whole, rest);
    }

    @Test
    void aRunResumedAtAnEpochsEndAndOneStoppedByHandGoOnAlike() throws Exception {
        Graph g = graph(MLP);
        TensorDataset train = rows(60, 1), val = rows(20, 6);
        TrainingConfig c = config(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "StepLR", "step_size", 1, "gamma", 0.7), 4, Map.of());
        Trainer whole = trainer(g, c, train, val);
        whole.run();

        // At an epoch's end: a 2-epoch run's end state, taken on to 4 epochs.
        Trainer two = trainer(g, config(Map.of("name", "Adam", "lr", 0.01), Map.of("name", "StepLR", "step_size", 1, "gamma", 0.7), 2, Map.of()), train, val);
        two.run();
        TrainingState atEnd = two.resumeState();
        assertEquals(2, atEnd.epochs());
        assertEquals(0, atEnd.batches());
        Trainer onFromEnd = trainer(g, c, train, val);
        onFromEnd.resumeFrom(atEnd);
        onFromEnd.run();
        assertSameState(whole, onFromEnd);

        // Stopped by hand (the window's Stop, Ctrl-C) after 11 batches: the partial epoch is in its history, not in its state.
        Trainer stopped = trainer(g, c, train, val);
        stopped.addListener(e -> {
            if (e instanceof TrainingEvent.BatchEnded b && b.step() == 11) stopped.stop();
        });
        TrainingEvent.Terminal end = stopped.run();
        assertEquals(TrainingEvent.Reason.STOPPED, ((TrainingEvent.RunFinished) end).reason());
        assertEquals(2, stopped.history().size());
        TrainingState byHand = stopped.resumeState();
        assertEquals(1, byHand.epochs());
        assertEquals(3, byHand.batches());
        Trainer onFromStop = trainer(g, c, train, val);
        onFromStop.resumeFrom(byHand);
        onFromStop.run();
        assertSameState(whole, onFromStop);
    }

    @Test
    void earlyStoppingKeepsItsBestAcrossAResume() throws Exception {
        Graph g = graph(MLP);
        TensorDataset train = rows(60, 2), val = rows(20, 7);
        Map<String, Object> es = Map.of("metric", "val_loss", "patience", 2, "restore_best", true);
        // A rate high enough that validation loss wanders, so the best epoch is not the last.
        TrainingConfig c = config(Map.of("name", "SGD", "lr", 0.8, "momentum", 0.9), null, 12, Map.of("early_stopping", es));
        Trainer whole = trainer(g, c, train, val);
        TrainingEvent.RunFinished all = (TrainingEvent.RunFinished) whole.run();

        Trainer first = trainer(g, c, train, val);
        first.setMaxSteps(8 * 2 + 3); // inside epoch 3, before patience runs out
        first.run();
        Trainer rest = trainer(g, c, train, val);
        rest.resumeFrom(first.resumeState());
        TrainingEvent.RunFinished resumed = (TrainingEvent.RunFinished) rest.run();
        assertEquals(all.reason(), resumed.reason());
        assertEquals(all.epochs(), resumed.epochs());
        assertEquals(all.restoredEpoch(), resumed.restoredEpoch());
        assertTrue(all.restoredEpoch() > 0 && all.restoredEpoch() < all.epochs(), "the test needs a best epoch before the last: " + all);
        assertSameStateButOptimizer(whole, rest);
        // The state to go on from holds the weights training reached, not the restored best.
        TrainingState st = rest.resumeState();
        assertEquals(all.epochs(), st.epochs());
        boolean differs = false;
        for (var e : st.model().entrySet()) {
            differs |= !java.util.Arrays.equals(e.getValue().toFloatArray(), rest.model().stateDict().get(e.getKey()).toFloatArray());
        }
        assertTrue(differs, "after restore_best the weights to go on from are the last epoch's");
    }

    static void assertSameStateButOptimizer(Trainer expected, Trainer actual) {
        Map<String, Tensor> a = expected.model().stateDict(), b = actual.model().stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
        assertEquals(withoutTimes(expected.history()), withoutTimes(actual.history()));
    }

    @Test
    void augmentedPicturesAreDrawnAsTheUninterruptedRunDrewThem() throws Exception {
        Graph g = graph(CNN);
        Augmentation aug = Augmentation.parse(List.of(Map.of("name", "RandomCrop", "padding", 1), "RandomHorizontalFlip",
                Map.of("name", "ColorJitter", "brightness", 0.3)));
        Dataset train = aug.over(pictures(40, 0), Normalization.none(), 99), val = pictures(12, 3);
        TrainingConfig c = config(Map.of("name", "Adam", "lr", 0.01), null, 3, Map.of());
        Trainer whole = trainer(g, c, train, val);
        whole.run();

        Dataset again = aug.over(pictures(40, 0), Normalization.none(), 99);
        Trainer first = trainer(g, c, again, val);
        first.setMaxSteps(7); // epoch 2, batch 2
        first.run();
        Dataset fresh = aug.over(pictures(40, 0), Normalization.none(), 99);
        Trainer rest = trainer(g, c, fresh, val);
        rest.resumeFrom(first.resumeState());
        rest.run();
        assertSameState(whole, rest);

        // Without the augmentation's draws put where the run was, the rest of the run differs: the test can fail.
        Trainer unaugmented = trainer(g, c, pictures(40, 0), val);
        unaugmented.resumeFrom(first.resumeState());
        unaugmented.run();
        assertTrue(!java.util.Arrays.equals(whole.model().stateDict().get("fc.weight").toFloatArray(),
                unaugmented.model().stateDict().get("fc.weight").toFloatArray()));
    }

    @Test
    void aResumeWithOtherSettingsOrDataIsRefusedWithBothValues() throws Exception {
        Graph g = graph(MLP);
        TensorDataset train = rows(60, 0), val = rows(20, 5);
        Map<String, Object> adam = Map.of("name", "Adam", "lr", 0.01);
        Trainer two = trainer(g, config(adam, null, 2, Map.of()), train, val);
        two.run();
        TrainingState s = two.resumeState();

        ConfigException lr = assertThrows(ConfigException.class,
                () -> trainer(g, config(Map.of("name", "Adam", "lr", 0.05), null, 4, Map.of()), train, val).resumeFrom(s));
        assertTrue(lr.getMessage().contains("optimizer.lr 0.05 (the checkpoint's 0.01)"), lr.getMessage());
        ConfigException batch = assertThrows(ConfigException.class,
                () -> trainer(g, config(adam, null, 4, Map.of("batch_size", 16)), train, val).resumeFrom(s));
        assertTrue(batch.getMessage().contains("batch_size 16 (the checkpoint's 8)"), batch.getMessage());
        ConfigException kind = assertThrows(ConfigException.class,
                () -> trainer(g, config(Map.of("name", "SGD", "lr", 0.01), null, 4, Map.of()), train, val).resumeFrom(s));
        assertTrue(kind.getMessage().contains("optimizer SGD (the checkpoint's Adam)"), kind.getMessage());
        ConfigException data = assertThrows(ConfigException.class, () -> trainer(g, config(adam, null, 4, Map.of()), rows(50, 0), val).resumeFrom(s));
        assertTrue(data.getMessage().contains("trained on 60 samples (8 batches an epoch), this training set has 50"), data.getMessage());
        ConfigException done = assertThrows(ConfigException.class, () -> trainer(g, config(adam, null, 2, Map.of()), train, val).resumeFrom(s));
        assertTrue(done.getMessage().contains("already trained 2 epochs, and this run asks for 2 in all"), done.getMessage());
        // What may change: epochs, device, how often it saves and reports, early stopping.
        trainer(g, config(adam, null, 6, Map.of("checkpoint_every", 1, "stats_every", 10, "device", "cpu")), train, val).resumeFrom(s);
    }

    @Test
    void aBundleCarriesTheStateThroughAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Graph g = graph(MLP);
        TensorDataset train = rows(60, 3), val = rows(20, 8);
        Map<String, Object> es = Map.of("metric", "val_loss", "patience", 3, "restore_best", true);
        TrainingConfig c = config(Map.of("name", "SGD", "lr", 0.8, "momentum", 0.9), Map.of("name", "ReduceLROnPlateau", "patience", 0), 7,
                Map.of("early_stopping", es));
        Trainer whole = trainer(g, c, train, val);
        whole.run();

        Trainer first = trainer(g, c, train, val);
        first.setMaxSteps(8 * 3 + 5);
        first.run();
        java.nio.file.Path file = dir.resolve("run.llab");
        layerlab.io.ModelBundle.save(file, Checkpoints.bundle(first, g, Map.of(), null));
        layerlab.io.ModelBundle back = layerlab.io.ModelBundle.load(file);
        assertNotNull(back.resume());
        TrainingState state = TrainingState.fromBundle(back.resume(), back.weights(), "run.llab");
        assertEquals(first.resumeState().describe(), state.describe());
        Trainer rest = trainer(g, c, train, val);
        rest.resumeFrom(state);
        rest.run();
        assertSameState(whole, rest);

        // A bundle written before LayerLab drew as PyTorch does holds the older generator's 6 numbers: it still goes on,
        // from its weights and step, with a generator seeded from them (other dropout masks from there on); other lengths are refused.
        layerlab.io.ModelBundle saved = back;
        Map<String, Object> older = new LinkedHashMap<>(saved.resume().state());
        older.put("generator", List.of(1L, -2L, 3L, 4L, 0L, 0L));
        TrainingState olderState = TrainingState.fromBundle(new layerlab.io.ModelBundle.Resume(older, saved.resume().tensors()), saved.weights(), "run.llab");
        assertEquals(layerlab.tensor.Generator.STATE_LENGTH, olderState.generator().length);
        assertEquals(state.step(), olderState.step());
        Trainer goesOn = trainer(g, c, train, val);
        goesOn.resumeFrom(olderState);
        assertInstanceOf(TrainingEvent.RunFinished.class, goesOn.run());
        older.put("generator", List.of(1L, 2L, 3L));
        layerlab.io.FileFormatException refused = assertThrows(layerlab.io.FileFormatException.class,
                () -> TrainingState.fromBundle(new layerlab.io.ModelBundle.Resume(older, saved.resume().tensors()), saved.weights(), "run.llab"));
        assertTrue(refused.getMessage().contains("run.llab/resume.json") && refused.getMessage().contains("\"generator\" must be 627 whole numbers"), refused.getMessage());
        List<Long> damaged = new ArrayList<>();
        for (int i = 0; i < 627; i++) damaged.add(i == 624 ? 700L : 5L);
        older.put("generator", damaged);
        refused = assertThrows(layerlab.io.FileFormatException.class,
                () -> TrainingState.fromBundle(new layerlab.io.ModelBundle.Resume(older, saved.resume().tensors()), saved.weights(), "run.llab"));
        assertTrue(refused.getMessage().contains("\"generator\" must be a generator's position (a generator's position is 0 to 624, got 700)"), refused.getMessage());

        // A run whose best epoch came back: the file keeps the weights training reached beside the bundle's (restored) ones.
        Trainer restoring = trainer(g, c, train, val);
        TrainingEvent.RunFinished f = (TrainingEvent.RunFinished) restoring.run();
        assertTrue(f.restoredEpoch() > 0, f.toString());
        layerlab.io.ModelBundle.save(file, Checkpoints.bundle(restoring, g, Map.of(), null));
        back = layerlab.io.ModelBundle.load(file);
        assertEquals("resume", back.resume().state().get("model"));
        TrainingState reached = TrainingState.fromBundle(back.resume(), back.weights(), "run.llab");
        for (var e : restoring.resumeState().model().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), reached.model().get(e.getKey()).toFloatArray(), 0f, e.getKey());
        }
        assertEquals(restoring.resumeState().earlyStopping().bestEpoch(), reached.earlyStopping().bestEpoch());

        // A damaged state is refused with the file, the entry and the key.
        Map<String, Object> broken = new LinkedHashMap<>(back.resume().state());
        broken.remove("step");
        layerlab.io.FileFormatException e = assertThrows(layerlab.io.FileFormatException.class,
                () -> TrainingState.fromBundle(new layerlab.io.ModelBundle.Resume(broken, Map.of()), Map.of(), "run.llab"));
        assertTrue(e.getMessage().contains("run.llab/resume.json") && e.getMessage().contains("\"step\" must be a number, it is missing"), e.getMessage());
        // A bundle without a state (written before, or handed on with withoutResume) reads as one.
        layerlab.io.ModelBundle.save(file, back.withoutResume());
        assertEquals(null, layerlab.io.ModelBundle.load(file).resume());
    }

    /** Plain SGD keeps no tensors of its own: the bundle's resume tensors are none at all, and it still goes on. */
    @Test
    void aStateWithoutTensorsTravelsToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Graph g = graph(MLP);
        TensorDataset train = rows(60, 4), val = rows(20, 9);
        TrainingConfig c = config(Map.of("name", "SGD", "lr", 0.1), null, 3, Map.of());
        Trainer whole = trainer(g, c, train, val);
        whole.run();
        Trainer first = trainer(g, c, train, val);
        first.setMaxSteps(10);
        first.run();
        java.nio.file.Path file = dir.resolve("sgd.llab");
        layerlab.io.ModelBundle.save(file, Checkpoints.bundle(first, g, Map.of(), null));
        layerlab.io.ModelBundle back = layerlab.io.ModelBundle.load(file);
        assertTrue(back.resume().tensors().isEmpty());
        Trainer rest = trainer(g, c, train, val);
        rest.resumeFrom(TrainingState.fromBundle(back.resume(), back.weights(), "sgd.llab"));
        rest.run();
        assertSameState(whole, rest);
    }
}
