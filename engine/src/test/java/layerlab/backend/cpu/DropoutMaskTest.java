package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import layerlab.backend.SpatialKernels;
import layerlab.nn.functional.Dropout;
import org.junit.jupiter.api.Test;

/** The CPU's dropout masks, drawn in long lanes, against {@link SpatialKernels#dropoutUniform} element by element. */
class DropoutMaskTest {
    @Test
    void everyElementsFateIsTheReferences() {
        // p whose p·2²⁴ is an integer (0.5, 0.25) and not (0.1, 0.77, 0.3), none and all; ranges that start and end
        // inside a block, a seed of either sign, an offset into the array.
        float[] ps = {0f, 0.1f, 0.25f, 0.3f, 0.5f, 0.77f, 1f, 0x1.0p-24f, 1f - 0x1.0p-24f};
        long[] seeds = {0L, 42L, -7L, Long.MIN_VALUE, 0x1234_5678_9ABC_DEF0L};
        int[][] ranges = {{0, 1000}, {3, 200}, {64, 128}, {5, 69}, {0, 7}, {1_000_000, 1_000_333}};
        int mo = 11;
        for (float p : ps) {
            float scale = Dropout.scale(p);
            for (long seed : seeds) {
                for (int[] r : ranges) {
                    float[] m = new float[mo + r[1] + 5];
                    java.util.Arrays.fill(m, Float.NaN);
                    DropoutMask.fill(m, mo, r[0], r[1], p, scale, seed);
                    // Messages as suppliers: built only for a failure (a million elements before the last range).
                    for (int i = r[0]; i < r[1]; i++) {
                        int at = i;
                        float want = SpatialKernels.dropoutUniform(seed, i) < p ? 0f : scale;
                        assertEquals(want, m[mo + i], 0f, () -> "p " + p + ", seed " + seed + ", element " + at);
                    }
                    for (int i = 0; i < mo + r[0]; i++) {
                        int at = i;
                        assertEquals(Float.NaN, m[i], 0f, () -> "before the range: " + at);
                    }
                }
            }
        }
    }

    /** The comparison of top bits against {@link DropoutMask#limit} is the float comparison, at the edge of every p tried. */
    @Test
    void theLimitSplitsTheDrawsAsTheFloatComparisonDoes() {
        float[] ps = {0f, 0.1f, 0.25f, 0.3f, 0.5f, 0.6f, 0.77f, 0.9f, 1f, 0x1.0p-24f, 0x1.8p-24f, 1f - 0x1.0p-24f, 0.123456789f};
        for (float p : ps) {
            long limit = DropoutMask.limit(p);
            for (long k = Math.max(0, limit - 3); k <= Math.min((1L << 24) - 1, limit + 3); k++) {
                long at = k;
                assertEquals(k * 0x1.0p-24f < p, k < limit, () -> "p " + p + ", k " + at);
            }
        }
    }
}
