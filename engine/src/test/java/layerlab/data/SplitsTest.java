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

    /**
     * A classifier's folds: each holds out what scikit-learn's StratifiedKFold holds out of the same labels
     * (fixtures/data/kfold.json), so each fold has each class in about its share.
     */
    @Test
    void aClassifiersFoldsAreStratifiedAsStratifiedKFoldsAre() {
        for (com.fasterxml.jackson.databind.JsonNode c : layerlab.testing.Fixtures.load("data/kfold.json").json().get("stratified")) {
            com.fasterxml.jackson.databind.JsonNode labels = c.get("labels");
            long[] y = new long[labels.size()];
            for (int i = 0; i < y.length; i++) y[i] = labels.get(i).asLong();
            int k = c.get("k").asInt();
            int[] testFold = Splits.stratifiedTestFolds(y, k, "set");
            for (int f = 0; f < k; f++) {
                int fold = f;
                int[] mine = java.util.stream.IntStream.range(0, y.length).filter(i -> testFold[i] == fold).toArray();
                int[] theirs = new int[c.get("test").get(f).size()];
                for (int j = 0; j < theirs.length; j++) theirs[j] = c.get("test").get(f).get(j).asInt();
                assertArrayEquals(theirs, mine, c.get("name").asText() + ", fold " + f);
            }
        }
        // Through the permutation: each of 5 folds of 50 + 50 + 50 holds 10 of each class.
        long[] iris = new long[150];
        for (int i = 0; i < 150; i++) iris[i] = i / 50;
        for (int f = 0; f < 5; f++) {
            Splits.Indices i = Splits.stratifiedFold(iris, 5, f, 9, "iris");
            long[] per = new long[3];
            for (int v : i.validation()) per[(int) iris[v]]++;
            assertArrayEquals(new long[] {10, 10, 10}, per, "fold " + f);
        }
        assertEquals("set: 4 folds, but no class has 4 samples (the most: 3)",
                assertThrows(IllegalArgumentException.class, () -> Splits.stratifiedFold(new long[] {0, 0, 0, 1, 1, 1}, 4, 0, 0, "set")).getMessage());
    }
}
