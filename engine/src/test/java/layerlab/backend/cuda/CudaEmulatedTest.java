package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The CUDA backend without a GPU, values included: a child JVM on the emulated driver ({@code emulated_driver.cpp}:
 * each launch runs the kernel of that name, compiled from engine/src/main/cuda as host C++) runs the GPU's own tests
 * (every kernel against the CPU backend, autograd, the spatial and recurrent layers on the device) and the PyTorch
 * fixture tests on {@code cuda:0}, as the GPU kit does on a real GPU. So the Java side of every launch (which tensor,
 * which offset, stride, size and flag goes to which parameter) and the kernels' results are checked in every build; what
 * only a GPU shows (its memory model and timing, the driver's own checks, its math library's last bits, speed) stays
 * for the kit. Skipped, with the reason, without g++ or JCuda's natives. About 4 minutes on one core, which the build
 * spends beside the other test classes: in its two test JVMs, one waits for the child while the other runs the rest; in
 * one, the run starts with the test plan ({@link EmulatedGpuEarlyStart}), and this class, run last
 * ({@link EmulatedGpuLast}), waits for its end. It touches no state the other classes share (its own temporary folder
 * and process).
 */
class CudaEmulatedTest {
    /** The GPU's own tests: each skips without a CUDA device, so here each must run. */
    static final List<String> CUDA_TESTS = List.of("layerlab.backend.cuda.CudaKernelsTest", "layerlab.backend.cuda.CudaAutogradTest",
            "layerlab.backend.cuda.CudaSpatialTest", "layerlab.backend.cuda.CudaArgsTest", "layerlab.nn.seq.RecurrentDeviceTest",
            "layerlab.backend.cuda.CudaReluFusionTest", "layerlab.backend.cuda.SampleProjectsOnGpuTest");
    /**
     * The PyTorch fixture tests and others that honour -Dlayerlab.test.device: the kit's FIXTURE_TESTS but TrainerTest and
     * FeatureSpaceTest (68 and 17 s of the emulated run's ~300 in a CI that had reached 1,186 s of its 1,200), and since a
     * CI of 1,256 s CnnTrainingTest and ResumeTest (41 and 48 s of its 240): the Trainer on the device stays covered here
     * by SampleProjectsOnGpuTest (every sample, the convolutional ones too) and the training parity tests, convolutions
     * by SpatialParityTest and CudaSpatialTest; all four run in the kit, on a GPU.
     */
    static final List<String> FIXTURE_TESTS = List.of("layerlab.nn.LayerParityTest", "layerlab.loss.LossParityTest",
            "layerlab.nn.spatial.SpatialParityTest", "layerlab.nn.spatial.UnpoolParityTest", "layerlab.nn.spatial.AdaptiveMaxIndicesParityTest",
            "layerlab.nn.spatial.MaxUnpool1dParityTest",
            "layerlab.nn.spatial.BatchNormParityTest",
            "layerlab.nn.seq.RecurrentParityTest",
            "layerlab.nn.seq.LstmProjParityTest", "layerlab.nn.seq.EmbeddingFreqParityTest",
            "layerlab.nn.seq.EmbeddingParityTest", "layerlab.nn.seq.SequenceProofTest", "layerlab.optim.OptimizerFixtureTest",
            "layerlab.optim.ClipGradTest", "layerlab.nn.MlpSgdTest", "layerlab.train.TrainParityTest",
            "layerlab.train.FineTuneParityTest", "layerlab.nn.seq.AttentionParityTest", "layerlab.train.SaliencyTest",
            "layerlab.train.TokenSharesTest", "layerlab.train.FeatureSharesTest", "layerlab.nn.spatial.DropoutTest",
            "layerlab.train.FreezeTest", "layerlab.train.CrossValidationTest", "layerlab.tensor.SignNonFiniteTest",
            "layerlab.optim.OptimMoreParityTest", "layerlab.train.TrainLoopParityTest", "layerlab.train.LossSumParityTest",
            "layerlab.optim.OptimRoundingParityTest");

    /** The child: runs the named test classes, prints JUnit's summary and failures, then "emulated FOUND SUCCEEDED SKIPPED FAILED". */
    public static void main(String[] classes) {
        List<ClassSelector> selectors = new ArrayList<>();
        for (String c : classes) selectors.add(selectClass(c));
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        // Each class's time on the emulated GPU, for whoever makes this run shorter: the slowest are printed last.
        java.util.Map<String, Long> started = new java.util.concurrent.ConcurrentHashMap<>(), took = new java.util.concurrent.ConcurrentHashMap<>();
        TestExecutionListener timer = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.getSource().orElse(null) instanceof ClassSource) started.put(id.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                Long t0 = started.get(id.getUniqueId());
                if (t0 != null) took.put(id.getDisplayName(), (System.nanoTime() - t0) / 1_000_000);
            }
        };
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), listener, timer);
        TestExecutionSummary s = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        out.println("emulated slowest classes: " + took.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8).map(e -> e.getKey() + " " + e.getValue() + " ms").collect(java.util.stream.Collectors.joining(", ")));
        out.printf("emulated %d %d %d %d%n", s.getTestsFoundCount(), s.getTestsSucceededCount(), s.getTestsSkippedCount() + s.getTestsAbortedCount(),
                s.getTestsFailedCount() + s.getContainersFailedCount());
    }

    /** The child's log, from the run {@link #start} began (at most once per JVM). */
    private static CompletableFuture<String> run;

    /**
     * Starts the emulated GPU's run on a thread of its own, once: {@link EmulatedGpuEarlyStart} calls this as the test plan
     * starts, so that the child JVM (~2 minutes on one core) works beside the other test classes instead of after them; the
     * test waits for it. Whatever the run throws (an assumption that skips it, an assertion) the test rethrows.
     */
    static synchronized CompletableFuture<String> start() {
        if (run == null) {
            run = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    run.complete(runChild());
                } catch (Throwable e) {
                    run.completeExceptionally(e);
                }
            }, "emulated-gpu");
            t.setDaemon(true);
            t.start();
        }
        return run;
    }

    private static String runChild() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("emulated-driver");
        try {
            DriverStubs.compileEmulated(dir);
            List<String> classes = new ArrayList<>(CUDA_TESTS);
            classes.addAll(FIXTURE_TESTS);
            ProcessBuilder child = DriverStubs.childJvm(dir, CudaEmulatedTest.class, classes.toArray(String[]::new));
            // As the kit: the fixture tests on the GPU, storages an op promises to write whole poisoned (NaN). Convolutions
            // build their column matrices in chunks of 4096 floats, so every convolution takes several (CudaSpatialTest
            // leaves out the case that reaches the real budget: minutes here).
            child.command().addAll(1, List.of("-Dlayerlab.test.device=cuda:0", "-Dlayerlab.poisonUninitialized=true", "-Xmx3g",
                    "-Dlayerlab.test.emulatedGpu=true", "-Dlayerlab.cuda.columnBudget=4096"));
            return DriverStubs.runChild(child, 900);
        } finally {
            DriverStubs.delete(dir);
        }
    }

    @Test
    void cudaTestsAndFixturesPassOnTheEmulatedGpu() throws Throwable {
        String log;
        try {
            log = start().get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
        // With LAYERLAB_EMULATED_PROFILE=1 in the environment, the emulated driver's time per kernel too.
        log.lines().filter(l -> l.startsWith("emulated slowest classes") || l.startsWith("emulated kernel")).forEach(System.out::println);
        Matcher m = Pattern.compile("emulated (\\d+) (\\d+) (\\d+) (\\d+)").matcher(log);
        assertTrue(m.find(), log);
        long found = Long.parseLong(m.group(1)), succeeded = Long.parseLong(m.group(2)), skipped = Long.parseLong(m.group(3));
        long failed = Long.parseLong(m.group(4));
        // Every test ran (none skipped for want of a device) and passed; the classes hold some 500 tests.
        assertTrue(failed == 0 && skipped == 0 && succeeded == found && found > 400,
                "found " + found + ", succeeded " + succeeded + ", skipped " + skipped + ", failed " + failed + "\n" + log);
    }
}
