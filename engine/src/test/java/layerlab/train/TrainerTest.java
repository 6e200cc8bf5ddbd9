package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.Generators;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.json.ProjectJson;
import layerlab.io.ModelBundle;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.TestDevice;
import layerlab.train.TrainingEvent.ActivationCapture;
import layerlab.train.TrainingEvent.BatchEnded;
import layerlab.train.TrainingEvent.EpochEnded;
import layerlab.train.TrainingEvent.ParameterStats;
import layerlab.train.TrainingEvent.Reason;
import layerlab.train.TrainingEvent.RunFailed;
import layerlab.train.TrainingEvent.RunFinished;
import layerlab.train.TrainingEvent.RunStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Trainer's features (clipping, seeds, pause and stop, activations, early stopping, schedulers, checkpoints, step
 * limits, failures named) on the {@link TestDevice}: the CPU, and in the GPU kit's run a GPU (the build's emulated GPU
 * leaves this class out for time: {@code CudaEmulatedTest}).
 */
class TrainerTest {
    /** points [2] → Linear(2, h) → Tanh → Linear(h, h) → Tanh → Linear(h, 2) → logits, CrossEntropyLoss against labels. */
    static Graph mlp(int hidden) {
        return mlp(hidden, "Tanh");
    }

    static Graph mlp(int hidden, String activation) {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2))
                .node("fc1", "Linear", "in_features", 2, "out_features", hidden)
                .node("act1", activation)
                .node("fc2", "Linear", "in_features", hidden, "out_features", hidden)
                .node("act2", activation)
                .node("fc3", "Linear", "in_features", hidden, "out_features", 2)
                .node("logits", "Output")
                .node("labels", "Input", "shape", List.of(), "dtype", "int64")
                .node("loss", "CrossEntropyLoss")
                .chain("x", "fc1", "act1", "fc2", "act2", "fc3", "logits")
                .edge("fc3.out", "loss.input").edge("labels.out", "loss.target")
                .build();
    }

    /** features [1] → Linear(1, 1) → prediction, MSELoss against target [1]. */
    static Graph regression() {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(1))
                .node("fc", "Linear", "in_features", 1, "out_features", 1)
                .node("prediction", "Output")
                .node("target", "Input", "shape", List.of(1))
                .node("loss", "MSELoss")
                .chain("x", "fc", "prediction")
                .edge("fc.out", "loss.input").edge("target.out", "loss.target")
                .build();
    }

    /** features [1] → Linear(1, 1) → prediction, no loss node (the config's loss is used). */
    static Graph line() {
        return TestGraphs.graph()
                .node("x", "Input", "shape", List.of(1))
                .node("fc", "Linear", "in_features", 1, "out_features", 1)
                .node("prediction", "Output")
                .chain("x", "fc", "prediction")
                .build();
    }

    /** Settings on the {@link TestDevice} (the CPU unless the test run names another): the Trainer's features on a GPU too. */
    static TrainingConfig config(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("device", TestDevice.device().toString());
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return TrainingConfig.fromMap(m);
    }

    static List<TrainingEvent> record(Trainer t) {
        List<TrainingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        t.addListener(events::add);
        return events;
    }

    /** One SGD step (lr 1, one batch) from the same start with the given clipping: every weight's move, fc1's first. */
    static float[] oneStepMoves(Object... clipping) {
        List<Object> kv = new ArrayList<>(List.of("optimizer", Map.of("name", "SGD", "lr", 1.0), "epochs", 1, "batch_size", 64,
                "shuffle", false, "seed", 3));
        kv.addAll(List.of(clipping));
        Trainer t = new Trainer(mlp(8), config(kv.toArray()), Generators.moons(64, 0.1, 0), null);
        List<float[]> before = new ArrayList<>();
        t.model().parameters().forEach(p -> before.add(p.data().toFloatArray()));
        assertInstanceOf(RunFinished.class, t.run());
        List<Float> moves = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            float[] now = t.model().parameters().get(i).data().toFloatArray();
            for (int j = 0; j < now.length; j++) moves.add(now[j] - before.get(i)[j]);
        }
        float[] out = new float[moves.size()];
        for (int i = 0; i < out.length; i++) out[i] = moves.get(i);
        return out;
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** The settings' clip_grad_value and clip_grad_norm bound what one step does (torch's clip_grad_value_, then clip_grad_norm_). */
    @Test
    void theSettingsClippingBoundsEachStep() {
        float[] free = oneStepMoves();
        assertTrue(maxAbs(free) > 1e-2 && norm(free) > 1e-2, "unclipped, the step is larger than the bounds below: " + maxAbs(free));
        float[] byValue = oneStepMoves("clip_grad_value", 1e-3);
        assertEquals(1e-3, maxAbs(byValue), 1e-6, "each gradient element clamped to ±0.001");
        float[] byNorm = oneStepMoves("clip_grad_norm", 1e-2);
        assertEquals(1e-2, norm(byNorm), 1e-5, "all gradients scaled together to a norm of 0.01");
        for (int i = 0; i < free.length; i++) assertEquals(free[i] * 1e-2 / norm(free), byNorm[i], 1e-6, "the direction is kept");
        assertTrue(norm(byValue) < 2e-2, "clamped to ±0.001, the gradients' norm is under 0.02: " + norm(byValue));
        float[] both = oneStepMoves("clip_grad_value", 1e-3, "clip_grad_norm", 2e-2);
        assertTrue(maxAbs(both) <= 1e-3 + 1e-7 && norm(both) <= 2e-2 + 1e-6, maxAbs(both) + " " + norm(both));
        assertArrayEquals(byValue, both, "the clamped gradients' norm is already under 0.02: value first, then norm, changes nothing more");
    }

    /** The spirals and Iris samples, trained with their own settings, clear their accuracy bars (a few seconds together). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"spirals, 0.98", "iris, 0.95"})
    void samplesReachTheirAccuracyBars(String sample, double bar) throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", sample + ".json"));
        DataSplit data = DataSources.open(g.dataset(), Path.of("..", "sample-projects"));
        Map<String, Object> settings = new HashMap<>(g.training());
        settings.put("device", TestDevice.device().toString());
        Trainer t = new Trainer(g, TrainingConfig.fromMap(settings), data.train(), data.validation());
        List<TrainingEvent> events = record(t);
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertEquals(Reason.COMPLETED, end.reason());
        assertTrue(end.metrics().get("val_accuracy") >= bar, end.metrics().toString());
        assertInstanceOf(RunStarted.class, events.get(0));
        assertEquals(t.config().epochs(), events.stream().filter(e -> e instanceof EpochEnded).count());
    }

    /**
     * A run starts from the weights PyTorch makes after {@code torch.manual_seed(seed)} (the exported script's class, in the
     * graph's order; TorchSeedParityTest and tools/check_exports.py hold those to PyTorch's): the graph compiled with a
     * generator of that seed, and nothing else drawn first.
     */
    @Test
    void aRunStartsFromTheWeightsItsSeedMakes() {
        Trainer t = new Trainer(mlp(8), config("seed", 11), Generators.moons(64, 0.1, 0), null);
        Map<String, Tensor> fresh;
        try (var seeded = Generator.use(new Generator(11))) {
            fresh = layerlab.graph.compile.GraphCompiler.compile(mlp(8)).stateDict();
        }
        assertEquals(fresh.keySet(), t.model().stateDict().keySet());
        fresh.forEach((k, w) -> assertArrayEquals(w.toFloatArray(), t.model().stateDict().get(k).toFloatArray(), k));
        Map<String, Tensor> other = new Trainer(mlp(8), config("seed", 12), Generators.moons(64, 0.1, 0), null).model().stateDict();
        assertNotEquals(java.util.Arrays.toString(fresh.get("fc1.weight").toFloatArray()), java.util.Arrays.toString(other.get("fc1.weight").toFloatArray()));
    }

    @Test
    void theSameSeedRepeatsTheRunExactly() {
        List<Double> a = losses(7), b = losses(7), c = losses(8);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void aRunWithDropoutRepeatsWhileOtherRunsAndDrawsGoOnBesideIt() throws Exception {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2))
                .node("fc1", "Linear", "in_features", 2, "out_features", 16)
                .node("act1", "ReLU")
                .node("drop", "Dropout", "p", 0.5)
                .node("fc2", "Linear", "in_features", 16, "out_features", 2)
                .node("logits", "Output")
                .node("labels", "Input", "shape", List.of(), "dtype", "int64")
                .node("loss", "CrossEntropyLoss")
                .chain("x", "fc1", "act1", "drop", "fc2", "logits")
                .edge("fc2.out", "loss.input").edge("labels.out", "loss.target")
                .build();
        List<Double> alone = dropoutLosses(g, 5);
        // The same run again, with a second run on another thread and the default generator drawn from meanwhile
        // (as the editor does when a layer is added): before, both shared one generator and the masks moved.
        AtomicBoolean done = new AtomicBoolean();
        Thread other = new Thread(() -> {
            while (!done.get()) dropoutLosses(g, 6);
        });
        Thread drawer = new Thread(() -> {
            while (!done.get()) Generator.global().nextInt();
        });
        other.start();
        drawer.start();
        try {
            for (int i = 0; i < 3; i++) assertEquals(alone, dropoutLosses(g, 5), "run " + i + " beside other work");
        } finally {
            done.set(true);
            other.join();
            drawer.join();
        }
        assertNotEquals(alone, dropoutLosses(g, 6));
    }

    private static List<Double> dropoutLosses(Graph g, long seed) {
        Trainer t = new Trainer(g, config("epochs", 2, "batch_size", 16, "seed", seed), Generators.moons(96, 0.1, 0), null);
        List<Double> losses = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof BatchEnded b) losses.add(b.loss());
        });
        t.run();
        return losses;
    }

    private static List<Double> losses(long seed) {
        Trainer t = new Trainer(mlp(8), config("epochs", 2, "batch_size", 16, "seed", seed), Generators.moons(96, 0.1, 0), null);
        List<Double> losses = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof BatchEnded b) losses.add(b.loss());
        });
        t.run();
        assertEquals(12, losses.size());
        return losses;
    }

    @Test
    void aConfigLossTrainsAGraphWithoutALossNode() {
        Trainer t = new Trainer(line(), config("loss", "MSELoss", "optimizer", Map.of("name", "SGD", "lr", 0.1), "epochs", 30, "batch_size", 32),
                Generators.linear(256, 0.01, 0), Generators.linear(64, 0.01, 1));
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertTrue(end.metrics().get("val_mae") < 0.05, end.metrics().toString());
        float[] w = t.model().stateDict().get("fc.weight").toFloatArray(), b = t.model().stateDict().get("fc.bias").toFloatArray();
        assertEquals(2.0, w[0], 0.05);
        assertEquals(-1.0, b[0], 0.05);
    }

    @Test
    void withoutAnyLossTheTrainerSaysWhatToAdd() {
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(line(), config(), Generators.linear(8, 0, 0), null));
        assertTrue(e.getMessage().contains("no loss node"), e.getMessage());
    }

    @Test
    void dataThatDoesNotFitTheModelFailsBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(mlp(4), config(), Generators.sine(8, 0, 0), null));
        assertTrue(e.getMessage().startsWith("the data does not fit the model: Input \"x\": takes [2] per sample (2 values) but the data set's samples are [1] "
                + "(1 value): set the shape to [1]."), e.getMessage());
    }

    @Test
    void nanInTheDataNamesTheInput() {
        float[] x = {0, 1, Float.NaN, 1, 0, 0, 1, 1};
        TensorDataset d = TensorDataset.classification("bad", x, new int[] {2}, new long[] {0, 1, 0, 1}, List.of("a", "b"));
        RunFailed f = assertInstanceOf(RunFailed.class, new Trainer(mlp(4), config("batch_size", 4), d, null).run());
        assertEquals("x", f.node());
        assertEquals(1, f.step());
        assertTrue(f.message().startsWith("the loss became NaN at step 1 (epoch 1, batch 1): the data fed to Input \"x\""), f.message());
        assertNotNull(f.hint());
    }

    @Test
    void anOverflowingLayerIsNamed() {
        float[] x = {1e20f, 1e20f, 1e20f, 1e20f};
        TensorDataset d = TensorDataset.classification("big", x, new int[] {2}, new long[] {0, 1}, List.of("a", "b"));
        Trainer t = new Trainer(mlp(4, "ReLU"), config("batch_size", 2), d, null);
        Map<String, Tensor> w = new HashMap<>(t.model().stateDict());
        w.put("fc1.weight", Tensor.full(1e20f, 4, 2));
        t.loadWeights(w);
        RunFailed f = assertInstanceOf(RunFailed.class, t.run());
        assertEquals("fc1", f.node());
        assertTrue(f.message().contains("non-finite values first appear in the output of \"fc1\" (Linear)"), f.message());
        assertTrue(f.hint().startsWith("lower the learning rate"), f.hint());
    }

    @Test
    void aLossThatOverflowsUnderAHugeLearningRateIsNamed() {
        Trainer t = new Trainer(regression(), config("optimizer", Map.of("name", "SGD", "lr", 1e12), "epochs", 50, "batch_size", 8,
                "shuffle", false), Generators.linear(64, 0.1, 0), null);
        RunFailed f = assertInstanceOf(RunFailed.class, t.run());
        assertEquals("loss", f.node());
        assertTrue(f.step() > 1, f.toString());
        assertTrue(f.message().contains("the inputs of the loss \"loss\" (MSELoss) were finite but the loss was not"), f.message());
        assertTrue(f.hint().contains("lower the learning rate (now 1e+12)"), f.hint());
    }

    @Test
    void pauseHoldsTheRunAndStopEndsIt() throws Exception {
        Trainer t = new Trainer(mlp(8), config("epochs", 1000, "batch_size", 8), Generators.moons(64, 0.1, 0), null);
        CountDownLatch firstBatch = new CountDownLatch(1);
        List<TrainingEvent> events = record(t);
        t.addListener(e -> {
            if (e instanceof BatchEnded) {
                t.pause();
                firstBatch.countDown();
            }
        });
        CompletableFuture<TrainingEvent.Terminal> done = t.start();
        assertTrue(firstBatch.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertTrue(t.isPaused());
        long batches = events.stream().filter(e -> e instanceof BatchEnded).count();
        Thread.sleep(200);
        assertEquals(batches, events.stream().filter(e -> e instanceof BatchEnded).count(), "no batch runs while paused");
        assertEquals(1, batches);
        t.resume();
        Thread.sleep(100);
        t.stop();
        RunFinished end = assertInstanceOf(RunFinished.class, done.get(10, TimeUnit.SECONDS));
        assertEquals(Reason.STOPPED, end.reason());
        assertTrue(end.steps() >= 2, "resumed before stopping: " + end);
        assertTrue(end.metrics().containsKey("train_loss"));
        assertInstanceOf(RunFinished.class, events.get(events.size() - 1));
        assertThrows(IllegalStateException.class, t::run);
    }

    @Test
    void stopWhilePausedEndsTheRun() throws Exception {
        Trainer t = new Trainer(mlp(8), config("epochs", 5, "batch_size", 8), Generators.moons(64, 0.1, 0), null);
        t.pause();
        CompletableFuture<TrainingEvent.Terminal> done = t.start();
        Thread.sleep(50);
        t.stop();
        RunFinished end = assertInstanceOf(RunFinished.class, done.get(10, TimeUnit.SECONDS));
        assertEquals(Reason.STOPPED, end.reason());
        assertEquals(0, end.steps());
        assertEquals(0, end.epochs());
    }

    @Test
    void aPausedRunDoesWorkHandedToItOnItsOwnThread() throws Exception {
        Trainer t = new Trainer(mlp(8), config("epochs", 1, "batch_size", 8), Generators.moons(64, 0.1, 0), null);
        assertFalse(t.whilePaused(() -> { }), "not paused: refused");
        t.pause();
        CompletableFuture<TrainingEvent.Terminal> done = t.start();
        CompletableFuture<String> ran = new CompletableFuture<>();
        // Handed over before or after the run's thread reaches its wait: it is done there, while the run stays paused.
        assertTrue(t.whilePaused(() -> ran.complete(Thread.currentThread().getName())));
        assertTrue(ran.get(10, TimeUnit.SECONDS) != null && !ran.get().equals(Thread.currentThread().getName()), "on the run's thread");
        assertTrue(t.isPaused());
        assertFalse(done.isDone(), "still paused");
        t.resume();
        RunFinished end = assertInstanceOf(RunFinished.class, done.get(10, TimeUnit.SECONDS));
        assertEquals(8, end.steps());
    }

    @Test
    void activationsArriveAfterTheNextBatchAsCopies() {
        Trainer t = new Trainer(mlp(8), config("epochs", 1, "batch_size", 16, "stats_every", 2), Generators.moons(64, 0.1, 0), null);
        List<TrainingEvent> events = record(t);
        t.requestActivations(Set.of("act1", "logits"));
        assertThrows(IllegalArgumentException.class, () -> t.requestActivations(Set.of("nope")));
        t.run();
        List<ActivationCapture> caps = events.stream().filter(e -> e instanceof ActivationCapture).map(e -> (ActivationCapture) e).toList();
        assertEquals(1, caps.size());
        assertEquals(1, caps.get(0).step());
        assertArrayEquals(new int[] {16, 8}, caps.get(0).activations().get("act1").shape());
        assertEquals(16 * 2, caps.get(0).activations().get("logits").data().length);
        int capIndex = events.indexOf(caps.get(0));
        assertInstanceOf(BatchEnded.class, events.get(capIndex - 1));
        List<ParameterStats> stats = events.stream().filter(e -> e instanceof ParameterStats).map(e -> (ParameterStats) e).toList();
        assertEquals(List.of(1L, 3L), stats.stream().map(ParameterStats::step).toList());
        TrainingEvent.ParameterStat w = stats.get(0).parameters().get(0);
        assertEquals("fc1.weight", w.name());
        assertEquals(30, w.value().counts().length);
        assertEquals(16, java.util.Arrays.stream(w.value().counts()).sum());
        assertNotNull(w.grad());
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        Trainer t = new Trainer(mlp(4), config("epochs", 50, "optimizer", Map.of("name", "SGD", "lr", 0.0),
                "early_stopping", Map.of("metric", "val_loss", "patience", 2)), Generators.moons(64, 0.1, 0), Generators.moons(32, 0.1, 1));
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertEquals(Reason.EARLY_STOPPED, end.reason());
        assertEquals(3, end.epochs());
        assertEquals(3, t.history().size());
    }

    /**
     * restore_best: the run ends with the best epoch's weights, not the last one's. Watching train_loss for a maximum
     * makes epoch 1 the best while training goes on; the model then equals one trained for that single epoch.
     */
    @Test
    void restoreBestEndsWithTheBestEpochsWeights() {
        Map<String, Object> sgd = Map.of("name", "SGD", "lr", 0.5);
        Map<String, Object> watch = Map.of("metric", "train_loss", "mode", "max", "patience", 2, "restore_best", true);
        Trainer t = new Trainer(mlp(4), config("epochs", 10, "optimizer", sgd, "early_stopping", watch), Generators.moons(64, 0.1, 0),
                Generators.moons(32, 0.1, 1));
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertEquals(Reason.EARLY_STOPPED, end.reason());
        assertEquals(3, end.epochs());
        assertEquals(1, end.restoredEpoch());
        assertEquals(t.history().get(0).get("val_loss"), end.restored().get("val_loss"));
        assertEquals(t.history().get(2).get("val_loss"), end.metrics().get("val_loss"), "the metrics are still the last epoch's");
        Trainer one = new Trainer(mlp(4), config("epochs", 1, "optimizer", sgd), Generators.moons(64, 0.1, 0), Generators.moons(32, 0.1, 1));
        one.run();
        Map<String, Tensor> want = one.model().stateDict(), got = t.model().stateDict();
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) assertArrayEquals(want.get(k).toFloatArray(), got.get(k).toFloatArray(), k);
        // Its validation loss is epoch 1's again.
        assertEquals((double) t.history().get(0).get("val_loss"), t.evaluator().evaluate(Generators.moons(32, 0.1, 1), 256, false).loss(), 1e-6);

        // Without restore_best the last epoch's weights stay.
        Trainer plain = new Trainer(mlp(4), config("epochs", 10, "optimizer", sgd, "early_stopping", Map.of("metric", "train_loss", "mode", "max",
                "patience", 2)), Generators.moons(64, 0.1, 0), Generators.moons(32, 0.1, 1));
        RunFinished plainEnd = assertInstanceOf(RunFinished.class, plain.run());
        assertEquals(0, plainEnd.restoredEpoch());
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(want.get("fc1.weight").toFloatArray(), plain.model().stateDict().get("fc1.weight").toFloatArray()));
    }

    @Test
    void schedulersStepPerEpochAndCheckpointsComeEveryN() {
        List<Integer> checkpoints = new ArrayList<>();
        Trainer t = new Trainer(mlp(4), config("epochs", 4, "optimizer", Map.of("name", "SGD", "lr", 0.1),
                "scheduler", Map.of("name", "StepLR", "step_size", 1, "gamma", 0.5), "checkpoint_every", 2), Generators.moons(32, 0.1, 0), null);
        t.setCheckpointer((tr, epoch) -> checkpoints.add(epoch));
        t.run();
        assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), t.history().stream().map(h -> (Double) h.get("lr")).toList());
        assertEquals(List.of(2, 4), checkpoints);
    }

    @Test
    void bundleCheckpointsAreWrittenAfterTheirEpochs(@TempDir Path dir) throws Exception {
        Graph g = mlp(4);
        Trainer t = new Trainer(g, config("epochs", 3, "batch_size", 16, "checkpoint_every", 1), Generators.moons(32, 0.1, 0), null);
        Path file = dir.resolve("run.llab");
        Map<String, Object> dataset = Map.of("source", "moons", "n", 32);
        t.setCheckpointer(Checkpoints.toBundle(file, g, dataset, null));
        List<Integer> seen = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof BatchEnded b && b.batch() == 1 && b.epoch() > 1) {
                try {
                    seen.add(ModelBundle.load(file).metrics().size());
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }
        });
        assertInstanceOf(RunFinished.class, t.run());
        assertEquals(List.of(1, 2), seen, "the bundle of the epoch before is there when the next one starts");
        ModelBundle b = ModelBundle.load(file);
        assertEquals(3, b.metrics().size());
        assertEquals(dataset, b.graph().dataset());
        assertEquals(t.config(), TrainingConfig.fromMap(b.training()));
        assertEquals(t.config(), TrainingConfig.fromMap(b.graph().training()));
        assertArrayEquals(t.model().stateDict().get("fc1.weight").toFloatArray(), b.weights().get("fc1.weight").toFloatArray());
        assertEquals(Generators.moons(32, 0.1, 0).classNames(), b.names().classes(), "the outputs' class names travel with the model");
        assertEquals(2, b.names().classes().size());
    }

    @Test
    void theStepLimitEndsWithAPartialEpoch() {
        Trainer t = new Trainer(mlp(4), config("epochs", 10, "batch_size", 8), Generators.moons(64, 0.1, 0), Generators.moons(16, 0.1, 1));
        t.setMaxSteps(11);
        List<TrainingEvent> events = record(t);
        RunFinished end = assertInstanceOf(RunFinished.class, t.run());
        assertEquals(Reason.COMPLETED, end.reason());
        assertEquals(11, end.steps());
        assertEquals(2, end.epochs());
        EpochEnded last = (EpochEnded) events.stream().filter(e -> e instanceof EpochEnded).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.partial());
        assertTrue(last.metrics().containsKey("val_accuracy"));
    }

    @Test
    void aFailingListenerFailsTheRun() {
        Trainer t = new Trainer(mlp(4), config("epochs", 1), Generators.moons(16, 0.1, 0), null);
        t.addListener(e -> {
            if (e instanceof BatchEnded) throw new IllegalStateException("boom");
        });
        RunFailed f = assertInstanceOf(RunFailed.class, t.run());
        assertEquals("a training listener failed: boom", f.message());
        assertNull(f.node());
    }

    /** A heap that ran out names Java's limit and how to raise it, beside the smaller batch. */
    @Test
    void runningOutOfMemorySaysHowMuchJavaHadAndHowToGiveItMore() {
        String hint = Trainer.outOfMemoryHint(6_320_816_128L);
        assertTrue(hint.startsWith("use a smaller batch_size or a smaller model, or give Java more than its 6.3 GB"), hint);
        assertTrue(hint.contains("LAYERLAB_JAVA_OPTS=-Xmx16g"), hint);
    }
}
