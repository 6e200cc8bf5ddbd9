package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's data held once more than it must be is what a student's laptop runs out of: opening a split, normalized data
 * set held the array read, both parts copied out of it and a normalized copy of the training part at once (2.9 times the
 * array; with gaps to fill, a filled copy besides). It now holds the array and its parts (2 times) and normalizes the
 * parts where they are.
 */
class SplitMemoryTest {
    /** 12 M float32 values: 48 MB, under a heap of 128 MB that 2 times it fits and 2.9 times it does not. */
    private static final int SAMPLES = 120_000, FEATURES = 100;

    @Test
    void aSplitNormalizedNpyOpensInAHeapOfTwiceItsSize(@TempDir Path dir) throws Exception {
        Random r = new Random(1);
        float[] x = new float[SAMPLES * FEATURES];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian() * 3 + 1;
        long[] y = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) y[i] = i % 5;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, SAMPLES, FEATURES));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(y, SAMPLES));
        x = null;
        Path out = dir.resolve("child.out"), err = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseG1GC", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                OpenChild.class.getName(), dir.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(3, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not end: " + Files.readString(err));
        }
        assertEquals(0, child.exitValue(), () -> "the child failed: " + read(out) + read(err));
        assertEquals("108000 for training, 12000 for validation", read(out).strip());
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Opens {@code args[0]}/x.npy and y.npy split 90/10 and standardized, and says how many samples each part has. */
    public static final class OpenChild {
        public static void main(String[] args) throws Exception {
            DataSplit s = DataSources.open(Map.of("source", "npy", "features", "x.npy", "labels", "y.npy", "normalize", "standardize",
                    "validation_split", 0.1, "seed", 0), Path.of(args[0]));
            System.out.println(s.train().size() + " for training, " + s.validation().size() + " for validation");
        }
    }

    /** Normalizing a part where it is gives the values a normalized copy had, and fitting over gaps what fitting over a filled copy did. */
    @Test
    void inPlaceGivesTheCopysValuesToTheBit() {
        Random r = new Random(7);
        int n = 500, w = 6;
        float[] x = new float[n * w];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(20) == 0 ? Float.NaN : (float) (r.nextGaussian() * (1 + i % w) + i % 3);
        long[] y = new long[n];
        TensorDataset data = TensorDataset.classification("t", x.clone(), new int[] {w}, y, List.of("a"));
        for (Normalization.Kind kind : Normalization.Kind.values()) {
            for (Normalization.FillWith with : Normalization.FillWith.values()) {
                Normalization norm = Normalization.fit(kind, data, with);
                // The statistics as they were fitted: over a copy with the gaps filled.
                float[] filled = x.clone();
                float[] fill = norm.fill();
                for (int i = 0; i < filled.length; i++) if (Float.isNaN(filled[i])) filled[i] = fill[i % w];
                Normalization affine = Normalization.fit(kind, TensorDataset.classification("t", filled, new int[] {w}, y, List.of("a")));
                assertArrayEquals(affine.offset(), norm.offset(), kind + " " + with);
                assertArrayEquals(affine.scale(), norm.scale(), kind + " " + with);

                float[] copied = norm.apply(data).features();
                float[] own = x.clone();
                float[] inPlace = norm.applyInPlace(TensorDataset.classification("t", own, new int[] {w}, y, List.of("a"))).features();
                assertArrayEquals(copied, inPlace, kind + " " + with);
                List<Integer> nan = new ArrayList<>();
                for (int i = 0; i < inPlace.length; i++) if (Float.isNaN(inPlace[i])) nan.add(i);
                assertEquals(List.of(), nan);
                assertArrayEquals(x, data.features(), "apply leaves the set it copies alone");
            }
        }
    }
}
