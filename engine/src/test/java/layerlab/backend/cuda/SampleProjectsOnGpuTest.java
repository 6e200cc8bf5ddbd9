package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.tensor.Device;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample project trains on the GPU as on the CPU, through the Trainer as the app runs it: its own data set,
 * model, loss, optimiser, batch size and seed, {@value #STEPS} steps (2 on the emulated GPU: the second's loss is the
 * first step's update at work, and the build's time is short), each step's loss on both devices within 1e-3
 * relative (float32 sums in another order, carried through the optimiser's steps; the same seed gives both devices the
 * same weights, shuffling and dropout masks). So every layer kind the samples use meets the GPU together with the
 * Trainer's uploads, step memory and metrics, beyond the layers' own fixture tests. Skipped without CUDA; run on the
 * emulated GPU in every build ({@link CudaEmulatedTest}) and on a real one by the GPU kit.
 */
class SampleProjectsOnGpuTest {
    static final int STEPS = 3;
    static final boolean EMULATED = Boolean.getBoolean("layerlab.test.emulatedGpu");
    private static final int STEPS_HERE = EMULATED ? 2 : STEPS;

    static Stream<Path> samples() throws IOException {
        Path dir = List.of(Path.of("..", "sample-projects"), Path.of("sample-projects")).stream().filter(Files::isDirectory).findFirst()
                .orElseThrow();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** The loss of each of the first {@value #STEPS} steps of the project's training on {@code device}. */
    private static List<Double> losses(Path file, Device device) throws IOException {
        Graph g = ProjectJson.load(file);
        Map<String, Object> training = new LinkedHashMap<>(g.training());
        training.put("device", device.toString());
        // The emulated GPU runs the kernels on one CPU core: smaller batches there keep the build's time (the same code;
        // 4 rather than 8 took the 22 samples' emulated run from 34 to 26 s).
        if (EMULATED) training.put("batch_size", Math.min(4, ((Number) training.getOrDefault("batch_size", 4)).intValue()));
        DataSplit split = DataSources.open(g.dataset(), file.getParent());
        Trainer t = new Trainer(g, TrainingConfig.fromMap(training), split.train(), null);
        t.setMaxSteps(STEPS_HERE);
        List<Double> losses = new ArrayList<>();
        t.addListener(ev -> {
            if (ev instanceof TrainingEvent.BatchEnded b) losses.add(b.loss());
        });
        assertInstanceOf(TrainingEvent.RunFinished.class, t.run(), file + " on " + device);
        return losses;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void trainsOnTheGpuAsOnTheCpu(Path file) throws IOException {
        CudaTesting.assumeCuda();
        long t0 = System.nanoTime();
        List<Double> cpu = losses(file, Device.CPU);
        long t1 = System.nanoTime();
        List<Double> gpu = losses(file, CudaTesting.GPU);
        System.out.printf("sample %s: losses %s on the CPU (%.1f s), %s on %s (%.1f s)%n", file.getFileName(), cpu, (t1 - t0) * 1e-9, gpu,
                CudaTesting.GPU, (System.nanoTime() - t1) * 1e-9);
        assertEquals(STEPS_HERE, cpu.size(), file + ": steps on the CPU");
        assertEquals(cpu.size(), gpu.size(), file + ": steps on the GPU");
        for (int i = 0; i < cpu.size(); i++) {
            double c = cpu.get(i), d = gpu.get(i);
            assertTrue(Double.isFinite(c) && Math.abs(c - d) <= 1e-3 * Math.abs(c) + 1e-6,
                    file.getFileName() + " step " + (i + 1) + ": loss " + d + " on the GPU, " + c + " on the CPU (all: " + gpu + " vs " + cpu + ")");
        }
    }
}
