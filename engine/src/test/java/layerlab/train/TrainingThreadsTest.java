package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.backend.cpu.Parallel;
import layerlab.data.TensorDataset;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A researcher's promise: the same project and seed give the same weights and the same log, to the bit, run after run
 * and whatever the number of CPU threads; another seed gives another run. A small CNN with everything that draws random
 * numbers or sums over the batch: shuffling, a validation set, Conv2d (its weight gradient a sum over the images),
 * BatchNorm2d, Dropout and LayerNorm, trained on 1, 2 and 3 threads.
 */
class TrainingThreadsTest {
    static Graph graph() throws Exception {
        String[][] spec = {
            {"x", "Input", "{\"shape\": [2, 12, 12]}"},
            {"conv1", "Conv2d", "{\"in_channels\": 2, \"out_channels\": 8, \"kernel_size\": 3, \"padding\": 1}"},
            {"bn1", "BatchNorm2d", "{\"num_features\": 8}"},
            {"relu1", "ReLU", "{}"},
            {"pool1", "MaxPool2d", "{\"kernel_size\": 2}"},
            {"conv2", "Conv2d", "{\"in_channels\": 8, \"out_channels\": 8, \"kernel_size\": 3, \"stride\": 2}"},
            {"flat", "Flatten", "{}"},
            {"norm", "LayerNorm", "{\"normalized_shape\": [32]}"},
            {"drop", "Dropout", "{\"p\": 0.3}"},
            {"fc", "Linear", "{\"in_features\": 32, \"out_features\": 3}"},
            {"logits", "Output", "{}"},
            {"labels", "Input", "{\"shape\": [], \"dtype\": \"int64\"}"},
            {"loss", "CrossEntropyLoss", "{}"}};
        StringBuilder nodes = new StringBuilder(), edges = new StringBuilder();
        for (int i = 0; i < spec.length; i++) {
            if (i > 0) nodes.append(",\n");
            nodes.append(String.format("{\"id\": \"n%d\", \"name\": \"%s\", \"kind\": \"%s\", \"params\": %s, \"position\": {\"x\": %d, \"y\": 0}}",
                    i, spec[i][0], spec[i][1], spec[i][2], 200 * i));
            if (i > 0 && i <= 10) edges.append(String.format("{\"from\": \"%s.out\", \"to\": \"%s.in\"}, ", spec[i - 1][0], spec[i][0]));
        }
        edges.append("{\"from\": \"fc.out\", \"to\": \"loss.input\"}, {\"from\": \"labels.out\", \"to\": \"loss.target\"}");
        return ProjectJson.read("""
                {"format": "layerlab-project", "version": 1, "name": "Threads", "nodes": [%s], "edges": [%s]}
                """.formatted(nodes, edges), "threads.json");
    }

    /** 96 pictures of two channels, x = sin of a few products, labels i mod 3 (with a hint of them in the picture). */
    static TensorDataset data(int n, int offset) {
        float[] x = new float[n * 288];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i + offset) % 3;
            for (int j = 0; j < 288; j++) x[i * 288 + j] = (float) (Math.sin(0.37 * (i + offset) + 0.91 * j) + 0.5 * y[i] * Math.cos(0.1 * j));
        }
        return TensorDataset.classification("threads", x, new int[] {2, 12, 12}, y, List.of("0", "1", "2"));
    }

    /** What a run leaves: every tensor of its state dict as floats, then every epoch's metrics and each batch's loss. */
    record Outcome(Map<String, float[]> state, List<String> log) {}

    static Outcome train(int threads, long seed) throws Exception {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            TrainingConfig config = TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "Adam", "lr", 0.01), "epochs", 2, "batch_size", 16,
                    "seed", seed, "device", "cpu"));
            Trainer t = new Trainer(graph(), config, data(96, 0), data(32, 1000));
            List<String> log = new ArrayList<>();
            t.addListener(e -> {
                if (e instanceof TrainingEvent.BatchEnded b) log.add("batch " + b.step() + " " + b.loss());
                if (e instanceof TrainingEvent.EpochEnded ep) {
                    Map<String, Double> m = new java.util.TreeMap<>(ep.metrics());
                    m.remove("seconds"); // the one number a repeat may change: how long the epoch took
                    log.add("epoch " + ep.epoch() + " " + m);
                }
            });
            assertInstanceOf(TrainingEvent.RunFinished.class, t.run());
            Map<String, float[]> state = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : t.model().stateDict().entrySet()) state.put(e.getKey(), e.getValue().toDType(DType.FLOAT32).toFloatArray());
            return new Outcome(state, log);
        } finally {
            Parallel.setThreads(before);
        }
    }

    static void assertSame(Outcome want, Outcome got, String what) {
        assertEquals(want.log(), got.log(), what + ": the log");
        assertEquals(want.state().keySet(), got.state().keySet());
        for (String k : want.state().keySet()) assertArrayEquals(want.state().get(k), got.state().get(k), what + ": " + k);
    }

    @Test
    void theSameSeedGivesTheSameBitsOnOneTwoOrThreeThreads() throws Exception {
        Outcome one = train(1, 7);
        assertSame(one, train(1, 7), "the same run again");
        assertSame(one, train(2, 7), "two threads against one");
        assertSame(one, train(3, 7), "three threads against one");
    }

    @Test
    void anotherSeedGivesAnotherRun() throws Exception {
        Outcome a = train(2, 7), b = train(2, 8);
        assertFalse(Arrays.equals(a.state().get("conv1.weight"), b.state().get("conv1.weight")), "initial weights differ");
        assertFalse(a.log().equals(b.log()), "the losses differ");
    }
}
