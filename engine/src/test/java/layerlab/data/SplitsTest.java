package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** Regression set whose target is the sample's index, so subsets reveal which samples they hold. */
    static TensorDataset indexed(int n) {
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) x[i] = y[i] = i;
        return TensorDataset.regression("idx", x, new int[] {1}, y, new int[] {1});
    }

    @Test
    void splitsByFractionDisjointlyAndReproducibly() {
        TensorDataset d = indexed(100);
        Splits.TrainValidation a = Splits.trainValidation(d, 0.2, 5), b = Splits.trainValidation(d, 0.2, 5);
        assertEquals(80, a.train().size());
        assertEquals(20, a.validation().size());
        assertArrayEquals(a.validation().valueTargets(), b.validation().valueTargets());
        Set<Float> seen = new HashSet<>();
        for (float v : a.train().valueTargets()) assertTrue(seen.add(v));
        for (float v : a.validation().valueTargets()) assertTrue(seen.add(v), "sample " + v + " in both");
        assertEquals(100, seen.size());
        float[] val = a.validation().valueTargets();
        float[] sorted = val.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, val, "each part keeps the original order");
        assertFalse(Arrays.equals(val, Splits.trainValidation(d, 0.2, 6).validation().valueTargets()), "another seed, another split");
        assertTrue(a.train().name().endsWith("[train]"));
    }

    @Test
    void keepsAtLeastOneSampleOnEachSide() {
        assertEquals(1, Splits.trainValidation(indexed(10), 0.01, 0).validation().size());
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(indexed(1), 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(indexed(10), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(indexed(10), 1, 0));
    }

    /**
     * k-fold: each fold holds out the seeded permutation at the test indices scikit-learn's KFold gives that fold
     * (fixtures/data/kfold.json, make_split_fixtures.py), so every sample validates exactly once; the rest train.
     */
    @Test
    void foldsCutThePermutationAsKFoldCutsItsSamples() {
        for (com.fasterxml.jackson.databind.JsonNode c : layerlab.testing.Fixtures.load("data/kfold.json").json().get("cases")) {
            int n = c.get("n").asInt(), k = c.get("k").asInt();
            long seed = 42;
            int[] perm = new layerlab.tensor.Generator(seed).permutation(n);
            int[] seen = new int[n];
            for (int f = 0; f < k; f++) {
                Splits.Indices i = Splits.fold(n, k, f, seed, "set");
                com.fasterxml.jackson.databind.JsonNode test = c.get("test").get(f);
                int[] expected = new int[test.size()];
                for (int j = 0; j < expected.length; j++) expected[j] = perm[test.get(j).asInt()];
                Arrays.sort(expected);
                assertArrayEquals(expected, i.validation(), n + " in " + k + ", fold " + f);
                assertEquals(n - expected.length, i.train().length);
                Set<Integer> train = new HashSet<>();
                for (int t : i.train()) train.add(t);
                for (int v : i.validation()) {
                    assertFalse(train.contains(v));
                    seen[v]++;
                }
            }
            for (int v = 0; v < n; v++) assertEquals(1, seen[v], "sample " + v + " validates once");
        }
        TensorDataset d = indexed(10);
        Splits.TrainValidation tv = Splits.Plan.fold(5, 4, 3).apply(d);
        assertEquals(2, tv.validation().size());
        assertEquals(8, tv.train().size());
        assertEquals("set: 6 folds of 5 samples leave a fold empty",
                assertThrows(IllegalArgumentException.class, () -> Splits.fold(5, 6, 0, 0, "set")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.fold(5, 1, 0, 0, "set"));
    }
}
