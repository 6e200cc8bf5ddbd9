package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.io.FileFormatException;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyLoaderTest {
    @TempDir Path dir;

    Path fixture(String name) throws IOException {
        Path p = dir.resolve(name + ".npy");
        Files.write(p, Fixtures.bytes("data/" + name + ".npy"));
        return p;
    }

    Path npy(String name, Tensor t) throws IOException {
        Path p = dir.resolve(name + ".npy");
        Npy.write(p, t);
        return p;
    }

    @Test
    void loadsNumpyFeaturesWithIntegerLabelsAsClasses() throws IOException {
        TensorDataset d = NpyLoader.load(fixture("set_x"), fixture("set_y"));
        assertEquals(10, d.size());
        assertArrayEquals(new int[] {3}, d.sampleShape());
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 2}, d.classTargets());
        // numpy.random.default_rng(0).normal(size=(10, 3))[0, 0], as float32.
        assertEquals(0.12573022f, d.features()[0]);
        assertEquals("set_x.npy", d.name());
    }

    @Test
    void loadsFloatLabelsAsRegressionTargets() throws IOException {
        TensorDataset d = NpyLoader.load(fixture("set_x"), fixture("reg_y"));
        assertArrayEquals(new int[] {1}, d.targetShape());
        assertEquals(-1f, d.valueTargets()[0]);
        assertEquals(1f, d.valueTargets()[9]);
        TensorDataset images = NpyLoader.load(npy("x", Tensor.zeros(2, 1, 3, 3)), npy("y", Tensor.zeros(2, 4)));
        assertArrayEquals(new int[] {1, 3, 3}, images.sampleShape());
        assertArrayEquals(new int[] {4}, images.targetShape());
    }

    @Test
    void rejectsMismatchedOrInvalidLabels() throws IOException {
        Path x = fixture("set_x");
        Path short4 = fixture("i32_labels");
        assertEquals(short4 + ": labels have shape [4], but " + x + " holds 10 samples; expected [10]",
                assertThrows(FileFormatException.class, () -> NpyLoader.load(x, short4)).getMessage());
        Path negative = npy("neg", Tensor.ofLongs(new long[] {0, 1, -1, 0, 0, 0, 0, 0, 0, 0}, 10));
        assertEquals(negative + ": label -1 at index 2 is negative; class labels are 0..k-1",
                assertThrows(FileFormatException.class, () -> NpyLoader.load(x, negative)).getMessage());
        Path scalar = fixture("f32_scalar");
        assertEquals(scalar + ": features have shape []; expected [N, ...] samples",
                assertThrows(FileFormatException.class, () -> NpyLoader.load(scalar, short4)).getMessage());
    }

    /** Features [N] are N samples of one value ([N, 1]), as predict reads them and as labels [N] of values are read. */
    @Test
    void oneDimensionalFeaturesAreOneValueEach() throws IOException {
        TensorDataset d = NpyLoader.load(fixture("f64_4"), fixture("i32_labels"));
        assertArrayEquals(new int[] {1}, d.sampleShape());
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e10f, (float) Math.PI}, d.features());
    }

    /** NaN in an array is refused where it is read, naming the sample: training found it only as a NaN loss at step 1. */
    @Test
    void nanValuesAreRefusedNamingTheSample() throws IOException {
        float[] v = new float[12];
        v[7] = Float.NaN;
        Path x = npy("x", Tensor.of(v, 4, 3));
        Path y = npy("y", Tensor.ofLongs(new long[] {0, 1, 0, 1}, 4));
        assertEquals(x + ": 1 value is NaN or infinite (the first in sample 2, at 1 of its 3 values); drop or fill them first, "
                + "e.g. X[~np.isnan(X).any(axis=1)] or np.nan_to_num", assertThrows(FileFormatException.class, () -> NpyLoader.load(x, y)).getMessage());
        Path values = npy("t", Tensor.of(new float[] {0, Float.POSITIVE_INFINITY, 1, 2}, 4));
        Path fine = npy("f", Tensor.zeros(4, 3));
        assertTrue(assertThrows(FileFormatException.class, () -> NpyLoader.load(fine, values)).getMessage().startsWith(values + ": 1 value is NaN"));
    }
}
