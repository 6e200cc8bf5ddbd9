package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A run's data held once more than it must be is what a student's laptop runs out of: opening a split, normalized data
 * set held the array read, both parts copied out of it and a normalized copy of the training part at once (2.9 times the
 * array; with gaps to fill, a filled copy besides). It now holds the array and its parts (2 times) and normalizes the
 * parts where they are: here, that normalizing in place gives the copy's values; {@link NpySplitReadTest} opens a split,
 * standardized NPY in a heap that holds it once (which a normalized copy would overflow).
 */
class SplitMemoryTest {
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
