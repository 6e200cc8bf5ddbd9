package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab check} of a project on an array near the memory's size: it opened the data as a run does (the array,
 * its split parts), so a student's 500 MB NPY needed over 1 GB of heap only to be checked, and a smaller heap said "out
 * of memory". It now reads the array through ({@code DataSources.scan}): an 80 MB array checks in a heap of 48 MB.
 */
class CheckMemoryTest {
    /** 20,000 samples of 1,000 float32 values: 80 MB, in a heap of 48 MB that cannot hold it once. */
    private static final int SAMPLES = 20_000, FEATURES = 1_000;

    private static final String PROJECT = """
            {"format": "layerlab-project", "version": 1, "name": "big-npy",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [%d]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "fc", "kind": "Linear", "params": {"in_features": %d, "out_features": %d}, "position": {"x": 280, "y": 0}},
              {"id": "n3", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 560, "y": 0}},
              {"id": "n4", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 0, "y": 200}},
              {"id": "n5", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 280, "y": 200}}],
             "edges": [{"from": "x.out", "to": "fc.in"}, {"from": "fc.out", "to": "logits.in"}, {"from": "fc.out", "to": "loss.input"},
              {"from": "labels.out", "to": "loss.target"}],
             "dataset": {"source": "npy", "features": "X.npy", "labels": "y.npy", "normalize": "standardize", "validation_split": 0.1, "seed": 0},
             "training": {"optimizer": {"name": "Adam", "lr": 0.001}, "epochs": 1, "batch_size": 64}}
            """;

    @Test
    void checksAnArrayBiggerThanItsHeap(@TempDir Path dir) throws Exception {
        Random r = new Random(1);
        float[] x = new float[SAMPLES * FEATURES];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        long[] y = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) y[i] = i % 5;
        Npy.write(dir.resolve("X.npy"), Tensor.of(x, SAMPLES, FEATURES));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(y, SAMPLES));
        x = null;
        Files.writeString(dir.resolve("fits.json"), PROJECT.formatted(FEATURES, FEATURES, 5));
        // 3 class scores for 5 classes: the data's facts still reach the graph's check, in its words.
        Files.writeString(dir.resolve("three.json"), PROJECT.formatted(FEATURES, FEATURES, 3));

        String fits = child(dir, "fits.json", 0);
        assertTrue(fits.contains("No problems."), fits);
        String three = child(dir, "three.json", 1);
        assertTrue(three.contains("error: Linear \"fc\": gives 3 class scores per sample but the data set has 5 classes (0, 1, 2, …): classes 3–4 could never be predicted"), three);
    }

    /** What {@code layerlab check PROJECT} in a JVM of 48 MB of heap said, its exit code asserted. */
    private static String child(Path dir, String project, int exit) throws Exception {
        Path out = dir.resolve(project + ".out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseG1GC", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CheckChild.class.getName(), dir.resolve(project).toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!child.waitFor(3, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not end: " + Files.readString(out));
        }
        String said = Files.readString(out);
        assertEquals(exit, child.exitValue(), said);
        return said;
    }

    /** {@code layerlab check args[0]}, its output and exit code the process's. */
    public static final class CheckChild {
        public static void main(String[] args) {
            StringWriter out = new StringWriter();
            int code = LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(out, true), "check", args[0]);
            System.out.print(out);
            System.out.flush();
            System.exit(code);
        }
    }
}
