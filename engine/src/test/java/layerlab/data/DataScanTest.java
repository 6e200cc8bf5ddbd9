package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import layerlab.train.DataFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DataSources#scan} (what {@code layerlab check} reads an NPY pair for, streamed) against {@link DataSources#open}
 * (the set held, split and normalized): the same facts of the training part to the bit, and the same refusal, for each
 * normalization, with and without a split, classes and numbers, flat and [C, H, W] samples, whole numbers and not.
 */
class DataScanTest {
    @TempDir
    Path dir;

    private static float[] values(int count, Random r, boolean whole, boolean binary) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = binary ? r.nextInt(2) : whole ? r.nextInt(40) : (float) (r.nextGaussian() * 3 + 1);
        return x;
    }

    private Map<String, Object> npy(Tensor x, Tensor y) throws IOException {
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("y.npy"), y);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "npy");
        m.put("features", "x.npy");
        m.put("labels", "y.npy");
        return m;
    }

    /** The scan's facts against those of the opened set's training part, or the same refusal from both. */
    private void same(Map<String, Object> config, String what) throws IOException {
        DataFit.Data held;
        Exception refused = null;
        try {
            held = DataFit.Data.of(DataSources.open(config, dir).trainSamples());
        } catch (IOException | IllegalArgumentException e) {
            held = null;
            refused = e;
        }
        if (refused != null) {
            Exception scanned = null;
            try {
                DataSources.scan(config, dir);
            } catch (IOException | IllegalArgumentException e) {
                scanned = e;
            }
            assertNotNull(scanned, what + ": open refused (" + refused.getMessage() + "), the scan did not");
            assertEquals(refused.getClass(), scanned.getClass(), what);
            assertEquals(refused.getMessage(), scanned.getMessage(), what);
            return;
        }
        DataFacts f = DataSources.scan(config, dir);
        assertNotNull(f, what);
        DataFit.Data scanned = DataFit.Data.of(f);
        assertEquals(held.name(), scanned.name(), what);
        assertArrayEquals(held.sampleShape(), scanned.sampleShape(), what);
        assertArrayEquals(held.targetShape(), scanned.targetShape(), what);
        assertEquals(held.classes(), scanned.classes(), what);
        assertEquals(held.largestId(), scanned.largestId(), what);
    }

    @Test
    void givesWhatTheOpenedTrainingPartGives() throws IOException {
        Random r = new Random(3);
        // 2,600 samples of 500 values: 1.3 M, past one block of the stream; and [2, 3, 3] pictures, normalized per channel.
        int[][] shapes = {{2600, 500}, {300, 2, 3, 3}, {200}};
        for (int[] shape : shapes) {
            int n = shape[0], count = 1;
            for (int d : shape) count *= d;
            for (String kind : List.of("whole", "binary", "gaussian")) {
                float[] x = values(count, r, kind.equals("whole"), kind.equals("binary"));
                long[] classes = new long[n];
                for (int i = 0; i < n; i++) classes[i] = r.nextInt(4);
                float[] numbers = values(n * 2, r, false, false);
                for (boolean classifier : new boolean[] {true, false}) {
                    Map<String, Object> config = npy(Tensor.of(x, shape), classifier ? Tensor.ofLongs(classes, n) : Tensor.of(numbers, n, 2));
                    for (String normalize : List.of("none", "standardize", "scale")) {
                        for (double split : new double[] {0, 0.2}) {
                            config.put("normalize", normalize);
                            config.put("validation_split", split);
                            config.put("seed", 5);
                            same(config, java.util.Arrays.toString(shape) + " " + kind + (classifier ? " classes " : " numbers ") + normalize + " " + split);
                        }
                    }
                }
            }
        }
    }

    /** Whole numbers that only the validation part holds the largest of: the training part's largest, as open gives it. */
    @Test
    void largestIdIsTheTrainingPartsOnly() throws IOException {
        int n = 50;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 7;
        long[] y = new long[n];
        Map<String, Object> config = npy(Tensor.of(x, n), Tensor.ofLongs(y, n));
        config.put("validation_split", 0.5);
        for (int seed = 0; seed < 5; seed++) {
            config.put("seed", seed);
            same(config, "seed " + seed);
        }
        Map<String, Object> one = new LinkedHashMap<>(config);
        x[3] = 700;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n));
        same(one, "a large id");
    }

    @Test
    void refusesWhatOpenRefusesInItsWords() throws IOException {
        int n = 20;
        Random r = new Random(9);
        float[] x = values(n * 3, r, false, false);
        long[] y = new long[n];
        Map<String, Object> config = npy(Tensor.of(x, n, 3), Tensor.ofLongs(y, n));

        x[7] = Float.NaN;
        x[40] = Float.POSITIVE_INFINITY;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 3));
        same(config, "NaN and infinity in the features");
        x[7] = x[40] = 0;
        Npy.write(dir.resolve("x.npy"), Tensor.of(x, n, 3));

        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[n - 1], n - 1));
        same(config, "a label short");
        long[] negative = new long[n];
        negative[4] = -2;
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(negative, n));
        same(config, "a negative label");
        float[] targets = new float[n];
        targets[2] = Float.NaN;
        Npy.write(dir.resolve("y.npy"), Tensor.of(targets, n));
        same(config, "a NaN target");
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(y, n));

        // Read before the labels are: the features' own truncation and trailing bytes.
        byte[] whole = Files.readAllBytes(dir.resolve("x.npy"));
        Files.write(dir.resolve("x.npy"), java.util.Arrays.copyOf(whole, whole.length - 5));
        same(config, "truncated features");
        Files.write(dir.resolve("x.npy"), java.util.Arrays.copyOf(whole, whole.length + 3));
        same(config, "bytes after the features");
        Files.write(dir.resolve("x.npy"), whole);

        Map<String, Object> jitter = new LinkedHashMap<>(config);
        jitter.put("augment", List.of(Map.of("name", "ColorJitter", "brightness", 0.2)));
        same(jitter, "ColorJitter over values past [0, 1]");

        Npy.write(dir.resolve("x.npy"), Tensor.of(new float[] {1, 2}, 1, 2));
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[] {0}, 1));
        Map<String, Object> none = new LinkedHashMap<>(config);
        none.put("validation_split", 0.5);
        same(none, "a split that leaves no training sample");
    }

    @Test
    void leavesOtherSourcesAndFortranOrderToOpen() throws IOException {
        assertNull(DataSources.scan(Map.of("source", "moons"), dir));
        // A Fortran-order array: its file order is not the samples', so it is read whole.
        byte[] header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (header.length + 1), 0});
        b.write(header);
        b.write('\n');
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 2, 3, 4}) data.putFloat(v);
        b.write(data.array());
        Files.write(dir.resolve("f.npy"), b.toByteArray());
        Npy.write(dir.resolve("y.npy"), Tensor.ofLongs(new long[] {0, 1}, 2));
        assertNull(DataSources.scan(Map.of("source", "npy", "features", "f.npy", "labels", "y.npy"), dir));
    }
}
