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
}
