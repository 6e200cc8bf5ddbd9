package layerlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Linear and Bilinear beyond the PyTorch fixtures: default initialisation, names, errors. */
class LinearTest {
    /**
     * Checks that {@code t} looks like U(−b, b): inside the bounds, mean ≈ 0 and variance ≈ b²/3 within four
     * standard errors, and (for large samples) both ends reached.
     */
    private static void assertUniform(Tensor t, double b) {
        float[] v = t.toFloatArray();
        double sum = 0, sq = 0, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (float x : v) {
            assertTrue(x >= -b && x < b, x + " outside ±" + b);
            sum += x;
            sq += (double) x * x;
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        int n = v.length;
        double mean = sum / n, var = sq / n - mean * mean;
        assertEquals(0, mean, 4 * b / Math.sqrt(3 * n), "mean");
        // The sample variance of U(-b, b) has relative standard error sqrt(0.8 / n).
        assertEquals(b * b / 3, var, 4 * Math.sqrt(0.8 / n) * b * b / 3, "variance");
        if (n >= 1000) assertTrue(lo < -0.99 * b && hi > 0.99 * b, "range [" + lo + ", " + hi + "] does not fill ±" + b);
    }

    @Test
    void defaultInitIsPyTorchsKaimingUniformWithASqrt5() {
        Generator.manualSeed(1);
        Linear l = new Linear(200, 300);
        double bound = 1 / Math.sqrt(200);
        assertUniform(l.weight().data(), bound);
        assertUniform(l.bias().data(), bound);
        assertArrayEquals(new int[] {300, 200}, l.weight().shape());
        assertArrayEquals(new int[] {300}, l.bias().shape());
    }

    @Test
    void bilinearInitUsesIn1Features() {
        Generator.manualSeed(2);
        Bilinear b = new Bilinear(30, 50, 40);
        assertUniform(b.weight().data(), 1 / Math.sqrt(30));
        assertUniform(b.bias().data(), 1 / Math.sqrt(30));
        assertArrayEquals(new int[] {40, 30, 50}, b.weight().shape());
    }

    @Test
    void initIsDrawnFromTheGlobalGeneratorSoASeedReproducesIt() {
        Generator.manualSeed(42);
        float[] first = new Linear(7, 5).weight().data().toFloatArray();
        Generator.manualSeed(42);
        float[] again = new Linear(7, 5).weight().data().toFloatArray();
        assertArrayEquals(first, again);
        float[] next = new Linear(7, 5).weight().data().toFloatArray();
        assertTrue(first[0] != next[0], "a second layer draws new numbers");
    }

    @Test
    void namesAndReprFollowPyTorch() {
        Linear l = new Linear(784, 512);
        assertEquals("Linear(in_features=784, out_features=512, bias=True)", l.toString());
        assertEquals(List.of("weight", "bias"), List.copyOf(l.stateDict().keySet()));
        Linear noBias = new Linear(3, 2, false);
        assertEquals("Linear(in_features=3, out_features=2, bias=False)", noBias.toString());
        assertNull(noBias.bias());
        assertEquals(List.of("weight"), List.copyOf(noBias.stateDict().keySet()));
        assertEquals(6, noBias.parameterCount());
        assertEquals("Bilinear(in1_features=3, in2_features=4, out_features=5, bias=False)", new Bilinear(3, 4, 5, false).toString());
    }

    @Test
    void linearKeepsLeadingDimsAndRejectsAWrongFeatureCount() {
        Linear l = new Linear(4, 6);
        assertArrayEquals(new int[] {2, 3, 5, 6}, l.forward(Tensor.zeros(2, 3, 5, 4)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void zeroFeaturesIsAllowedLikePyTorch() {
        Linear l = new Linear(0, 3);
        Tensor y = l.forward(Tensor.zeros(2, 0));
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, y.toFloatArray());
    }

    @Test
    void bilinearTakesExactlyTwoInputsOfMatchingBatch() {
        Bilinear b = new Bilinear(2, 3, 4);
        assertArrayEquals(new int[] {5, 4}, b.forward(new Tensor[] {Tensor.zeros(5, 2), Tensor.zeros(5, 3)}).shape());
        assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 2)));
        assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 2), Tensor.zeros(4, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 3), Tensor.zeros(5, 3)));
        assertTrue(e.getMessage().contains("[..., 2]"), e.getMessage());
    }
}
