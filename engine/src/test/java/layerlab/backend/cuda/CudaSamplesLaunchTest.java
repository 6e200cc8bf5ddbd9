package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.train.Trainer;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import org.junit.jupiter.api.Test;

/**
 * Every launch checks its arguments against the kernel's parameters as the PTX declares them
 * ({@link CudaDevice#parameterSizes}): a kernel whose signature changed while a launch of it did not would otherwise
 * read garbage on a GPU, and only there. Here every sample project trains a few steps (forward, backward, its optimiser)
 * on the fake driver, so each launch its layers make is checked without a GPU.
 */
class CudaSamplesLaunchTest {
    /** The child: each sample project, 3 steps on cuda:0; prints "sample NAME EVENT [message]". */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("..", "sample-projects");
        List<Path> projects;
        try (Stream<Path> files = Files.list(dir)) {
            projects = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path project : projects) {
            Graph g = ProjectJson.load(project);
            DataSplit data = DataSources.open(g.dataset(), dir);
            Map<String, Object> training = new LinkedHashMap<>(g.training());
            training.put("device", "cuda:0");
            training.put("epochs", 1);
            Trainer t = new Trainer(g, TrainingConfig.fromMap(training), data.train(), data.validation());
            AtomicInteger steps = new AtomicInteger();
            t.addListener(ev -> {
                if (ev instanceof TrainingEvent.BatchEnded && steps.incrementAndGet() == 3) t.stop();
            });
            TrainingEvent end = t.run();
            String message = end instanceof TrainingEvent.RunFailed f ? " " + f.message() : "";
            System.out.println("sample " + project.getFileName() + " " + end.getClass().getSimpleName() + " " + steps.get() + message);
        }
    }

    @Test
    void everySampleProjectsLaunchesMatchTheirKernelsParameters() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fake-driver");
        try {
            DriverStubs.compile(dir, "fake_driver.c");
            String log = DriverStubs.runChild(DriverStubs.childJvm(dir, CudaSamplesLaunchTest.class), 300);
            long samples;
            try (Stream<Path> files = Files.list(Path.of("..", "sample-projects"))) {
                samples = files.filter(f -> f.toString().endsWith(".json")).count();
            }
            List<String> lines = log.lines().filter(l -> l.startsWith("sample ")).toList();
            assertEquals(samples, lines.size(), log);
            for (String line : lines) {
                // Stopped after 3 steps (a launch whose arguments disagree with its kernel fails the run, a LayerLab bug).
                assertTrue(line.contains(" RunFinished 3"), line + "\n" + log);
            }
        } finally {
            DriverStubs.delete(dir);
        }
    }

    @Test
    void parameterSizesReadTheModulesEntries() throws IOException {
        String ptx;
        try (InputStream in = CudaDevice.class.getResourceAsStream(CudaDevice.PTX_RESOURCE)) {
            ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<String, int[]> sizes = CudaDevice.parameterSizes(ptx);
        assertEquals(ptx.split("\\.entry ", -1).length - 1, sizes.size());
        // sgemm_*(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, strideA, strideB, strideC, splits,
        // kPerSplit, work, bias, relu, counters)
        assertEquals(List.of(4, 4, 4, 4, 4, 4, 8, 4, 8, 4, 4, 8, 4, 8, 8, 8, 4, 4, 8, 8, 4, 8),
                java.util.Arrays.stream(sizes.get("sgemm_32x32")).boxed().toList());
        // copy_f32_f32(src, dst, n, Strided2 by value: rank + 3 × 8 ints)
        assertEquals(List.of(8, 8, 4, -100), java.util.Arrays.stream(sizes.get("copy_f32_f32")).boxed().toList());

        new CudaDevice.Args().ptr(1).ptr(2).i32(3).words(new int[25]).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CudaDevice.Args().ptr(1).ptr(2).i32(3).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32")));
        assertTrue(e.getMessage().contains("copy_f32_f32") && e.getMessage().contains("[8, 8, 4]"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new CudaDevice.Args().ptr(1).ptr(2).i64(3).words(new int[25]).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32")));
        assertThrows(IllegalStateException.class,
                () -> new CudaDevice.Args().ptr(1).ptr(2).i32(3).words(new int[24]).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32")));
    }
}
