package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An NPY pair with a {@code validation_split} is read straight into its parts: read whole and then copied into them, a
 * 480 MB array was held twice at that moment. The parts are those the whole set split gave, to the bit, normalized alike;
 * the refusals the same; and a split, standardized array now opens in a heap that holds it once, not twice.
 */
class NpySplitReadTest {
    @TempDir
    Path dir;

    /** What open gave before: the set read whole, split, normalized by its training part. */
    private DataSplit whole(Map<String, Object> config) throws IOException {
        TensorDataset all = NpyLoader.load(dir.resolve("x.npy"), dir.resolve("y.npy"));
        long seed = ((Number) config.getOrDefault("seed", 0)).longValue();
        Splits.TrainValidation tv = Splits.trainValidation(all, ((Number) config.get("validation_split")).doubleValue(), seed ^ DataSources.SPLIT_SALT);
        Normalization norm = Normalization.fit(Normalization.Kind.valueOf(String.valueOf(config.getOrDefault("normalize", "none")).toUpperCase()), tv.train());
        return new DataSplit(norm.apply(tv.train()), norm.apply(tv.validation()), norm, all.describe());
    }

    private static void sameSet(TensorDataset want, Dataset got, String what) {
        TensorDataset g = (TensorDataset) got;
        assertEquals(want.name(), g.name(), what);
        assertArrayEquals(want.sampleShape(), g.sampleShape(), what);
        assertArrayEquals(want.targetShape(), g.targetShape(), what);
        assertEquals(want.classNames(), g.classNames(), what);
        assertArrayEquals(want.features(), g.features(), what);
        if (want.isClassification()) assertArrayEquals(want.classTargets(), g.classTargets(), what);
        else assertArrayEquals(want.valueTargets(), g.valueTargets(), what);
    }

    private Map<String, Object> write(Tensor x, Tensor y) throws IOException {
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("y.npy"), y);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "npy");
        m.put("features", "x.npy");
        m.put("labels", "y.npy");
        return m;
    }

    @Test
    void thePartsAreTheWholeSetsSplitToTheBit() throws IOException {
        Random r = new Random(11);
        int[][] shapes = {{2600, 500}, {300, 2, 3, 3}, {200}};
        for (int[] shape : shapes) {
            int n = shape[0], count = 1;
            for (int d : shape) count *= d;
            float[] x = new float[count];
            for (int i = 0; i < count; i++) x[i] = (float) (r.nextGaussian() * 2 + 0.5);
            long[] classes = new long[n];
            for (int i = 0; i < n; i++) classes[i] = r.nextInt(6);
            float[] numbers = new float[n * 2];
            for (int i = 0; i < numbers.length; i++) numbers[i] = (float) r.nextGaussian();
            for (boolean classifier : new boolean[] {true, false}) {
                Map<String, Object> config = write(Tensor.of(x, shape), classifier ? Tensor.ofLongs(classes, n) : Tensor.of(numbers, n, 2));
                for (String normalize : List.of("none", "standardize", "scale")) {
                    for (double split : new double[] {0.1, 0.5}) {
                        config.put("normalize", normalize);
                        config.put("validation_split", split);
                        config.put("seed", 3);
                        String what = java.util.Arrays.toString(shape) + (classifier ? " classes " : " numbers ") + normalize + " " + split;
                        DataSplit want = whole(config), got = DataSources.open(config, dir);
                        sameSet((TensorDataset) want.train(), got.train(), what);
                        sameSet((TensorDataset) want.validation(), got.validation(), what);
                        assertArrayEquals(want.normalization().offset(), got.normalization().offset(), what);
                        assertArrayEquals(want.normalization().scale(), got.normalization().scale(), what);
                        assertEquals(want.description(), got.description().substring(0, want.description().length()), what);
                    }
                }
            }
        }
    }

    /** What the whole set's reading refused, open refuses in the same words. */
    @Test
    void refusesAsTheWholeSetDid() throws IOException {
        int n = 20;
        float[] x = new float[n * 3];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.01f;
        Map<String, Object> config = write(Tensor.of(x, n, 3), Tensor.ofLongs(new long[n], n));
        config.put("validation_split", 0.25);
        x[31] = Float.NaN;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 3));
        same(config, "a NaN feature");
        x[31] = 0;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 3));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[n + 1], n + 1));
        same(config, "a label too many");
        float[] t = new float[n];
        t[9] = Float.NEGATIVE_INFINITY;
        Npy.write(dir.resolve("y.npy"), Tensor.of(t, n));
        same(config, "an infinite target");
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[n], n));
        Map<String, Object> jitter = new LinkedHashMap<>(config);
        jitter.put("augment", List.of(Map.of("name", "ColorJitter", "brightness", 0.2)));
        x[50] = 3;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 3));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DataSources.open(jitter, dir));
        assertEquals("dataset.augment: ColorJitter works on pixels in [0, 1], as torchvision's on float pictures, but x.npy holds values from 0.0 to 3.0:"
                + " save the pictures scaled to [0, 1] (X / 255 for bytes)", e.getMessage());
    }

    private void same(Map<String, Object> config, String what) {
        Exception before = null, now = null;
        try {
            whole(config);
        } catch (IOException | IllegalArgumentException e) {
            before = e;
        }
        try {
            DataSources.open(config, dir);
        } catch (IOException | IllegalArgumentException e) {
            now = e;
        }
        assertNotNull(before, what);
        assertNotNull(now, what);
        assertEquals(before.getMessage(), now.getMessage(), what);
    }

    /** 12 M float32 values: 48 MB, split 90/10 and standardized in a heap of 80 MB, which held them once but not twice. */
    @Test
    void aSplitNpyOpensInAHeapThatHoldsItOnce() throws Exception {
        int samples = 120_000, features = 100;
        Random r = new Random(1);
        float[] x = new float[samples * features];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian() * 3 + 1;
        long[] y = new long[samples];
        for (int i = 0; i < samples; i++) y[i] = i % 5;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, samples, features));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(y, samples));
        x = null;
        Path out = dir.resolve("child.out"), err = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx80m", "-XX:+UseG1GC", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
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
            return Files.readString(p);
        } catch (IOException e) {
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
}
