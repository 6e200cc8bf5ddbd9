package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import layerlab.backend.Backends;
import layerlab.bench.BenchCases;
import layerlab.bench.StepCase;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Device;
import layerlab.testing.ParityData;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend's host side without a GPU: a child JVM runs training steps of {@code layerlab bench}'s cases on a
 * fake driver ({@code fake_driver.c}: host memory, kernels that do nothing) through JCuda's real native binding, so
 * every launch's Java code runs (argument counts and kinds, the pool, the argument blocks), and what a step asks of
 * the driver is counted. A GPU step is bound by the host's driver calls (5.6 us a launch on an H200's host), so the
 * counts are the speed: the MLP step must not wait for the GPU at all (a wait is a round trip, and stops the host from
 * queueing ahead) and must stay within its launches and memsets. Skipped, with the reason, without gcc or JCuda's natives.
 */
class CudaHostPathTest {
    static final String[] CASES = {"mlp_train", "cnn_train", "resnet_train", "convnext_train", "vit_train", "transformer_train",
            "lstm_text_train", "gru_train", "textcnn_train", "cnn_infer", "mlp_infer"};

    /**
     * The child: the Trainer's own loop (its step memory, metrics and validation) for 12 steps of two sample projects
     * with Adam, "trained PROJECT EVENT" and "trainer PROJECT launches waits storages memsets" (a step's, from one batch's
     * end to the next's); then for each bench case, 3 steps, and the driver calls of 4 more: "case name
     * launches waits storages memsets".
     */
    public static void main(String[] args) throws Exception {
        var a = Backends.availability(Device.Kind.CUDA);
        if (!a.available()) throw new IllegalStateException("the fake driver was not taken: " + a.detail());
        CudaBackend be = (CudaBackend) Backends.get(Device.cuda(0));
        System.out.println("backend " + be.describe());
        for (String project : new String[] {"neural-network", "simple-cnn"}) {
            Graph g = ProjectJson.load(Path.of("..", "sample-projects", project + ".json"));
            TrainingConfig config = TrainingConfig.fromMap(Map.of("optimizer", Map.of("name", "Adam", "lr", 0.001), "epochs", 1,
                    "batch_size", 16, "device", "cuda:0"));
            Trainer t = new Trainer(g, config, ParityData.sinusoidDigits(12 * 16 + 40), null);
            // The driver calls between one batch's end and the next's: a training step as the Trainer runs it.
            List<long[]> atBatchEnd = new ArrayList<>();
            t.addListener(ev -> {
                if (ev instanceof TrainingEvent.BatchEnded) atBatchEnd.add(be.activityCounts());
            });
            System.out.println("trained " + project + " " + t.run().getClass().getSimpleName());
            int n = atBatchEnd.size() - 1;
            long[] first = atBatchEnd.get(0), last = atBatchEnd.get(n);
            System.out.printf("trainer %s %d %d %d %d%n", project, (last[0] - first[0]) / n, (last[1] - first[1]) / n,
                    (last[2] - first[2]) / n, (last[3] - first[3]) / n);
        }
        for (String name : args) {
            Runnable step = ((StepCase) BenchCases.get(name)).prepare(be.device());
            for (int i = 0; i < 3; i++) step.run();
            be.synchronize();
            long[] before = be.activityCounts();
            int steps = 4;
            for (int i = 0; i < steps; i++) step.run();
            long[] after = be.activityCounts();
            System.out.printf("case %s %d %d %d %d%n", name, (after[0] - before[0]) / steps, (after[1] - before[1]) / steps,
                    (after[2] - before[2]) / steps, (after[3] - before[3]) / steps);
        }
    }

    @Test
    void everyBenchCaseTrainsOnTheFakeDriverAndTheMlpStepNeverWaits() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fake-driver");
        try {
            DriverStubs.compile(dir, "fake_driver.c");
            String log = DriverStubs.runChild(DriverStubs.childJvm(dir, CudaHostPathTest.class, CASES), 240);
            assertTrue(log.contains("Fake GPU") && log.contains("arguments through a native block"), log);
            // A step's large storages and the gradients zeroGrad() dropped go back to the pool when the step ends: the
            // Trainer's loop must use none of them after (a retired storage fails loudly).
            assertTrue(log.contains("trained neural-network RunFinished") && log.contains("trained simple-cnn RunFinished"), log);
            // The Trainer's step waits once, for its loss and gradients' check, read together; its uploads (the batch,
            // its targets) go through page-locked memory without waiting, and its metrics' reads find the GPU idle.
            // It waited 6 times: two uploads, the loss, the gradients' check, the outputs and the targets.
            for (String line : log.split("\n")) {
                if (line.startsWith("trainer ")) assertEquals("1", line.trim().split(" ")[3], "waits a Trainer step: " + line + "\n" + log);
            }
            assertEquals(2, log.lines().filter(l -> l.startsWith("trainer ")).count(), log);
            Map<String, long[]> counts = new HashMap<>();
            for (String line : log.split("\n")) {
                if (!line.startsWith("case ")) continue;
                String[] f = line.trim().split(" ");
                counts.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])});
            }
            assertEquals(CASES.length, counts.size(), "every case ran:\n" + log);
            long[] mlp = counts.get("mlp_train");
            // Forward: 3 GEMMs split along K, each summed by its tiles' last blocks (bias and ReLU in that epilogue), the
            // fused cross entropy, which also writes its gradient for loss.backward()'s ones; backward: for each Linear
            // one SGEMM for the weight's gradient that also sums the bias's, and the input's gradient (none for the
            // first), both reading the ReLU's mask as they load; SGD: one launch for the 6 parameters; one memset (the
            // loss's gradient of 1). It was 39 launches, 15 memsets and 2 waits before the epilogue, the fused loss, the
            // gradients set to none, the foreach SGD and the targets' known bounds; 20 launches before serial split K,
            // 16 before the bias gradients' row sums, 13 before the masked products, 11 before the loss's gradient came
            // with its forward.
            assertEquals(0, mlp[1], "waits for the GPU in an MLP training step:\n" + log);
            assertTrue(mlp[0] <= 10, "kernel launches in an MLP training step: " + mlp[0] + "\n" + log);
            assertTrue(mlp[3] <= 1, "memsets in an MLP training step: " + mlp[3] + "\n" + log);
            // Convolution and normalisation gradients and statistics come uninitialized (their kernels write them whole):
            // only the loss's gradient of 1 is a memset (resnet_train had 33 a step, convnext_train 41).
            for (String c : new String[] {"resnet_train", "convnext_train"}) {
                assertTrue(counts.get(c)[3] <= 1, "memsets in a " + c + " step: " + counts.get(c)[3] + "\n" + log);
            }
            for (String c : CASES) {
                assertEquals(0, counts.get(c)[1], c + " waits for the GPU:\n" + log);
            }
        } finally {
            DriverStubs.delete(dir);
        }
    }
}
