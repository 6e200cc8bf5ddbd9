package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Batch norm's sums come out the same however far the JIT has compiled them: lane accumulators, then the lanes in lane
 * order. ({@code reduceLanes(ADD)} left the order to the JIT, and two training runs from one seed differed.)
 */
class CpuNormSumTest {
    @Test
    void sumsAddTheLanesInLaneOrderBeforeAndAfterCompilation() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), n = 4 * lanes + 3;
        // Lane sums of alternating ±1e8 and 1: in lane order the ones vanish into 1e8 and come back only at the end,
        // in any tree order some survive.
        float[] a = new float[n];
        for (int i = 0; i < 4 * lanes; i++) {
            int lane = i % lanes;
            a[i] = lane % 4 == 0 ? 2.5e7f : lane % 4 == 2 ? -2.5e7f : 0.25f;
        }
        for (int i = 4 * lanes; i < n; i++) a[i] = 0.5f;
        float[] laneSums = new float[lanes];
        for (int i = 0; i < 4 * lanes; i++) laneSums[i % lanes] += a[i];
        float expected = 0f;
        for (float l : laneSums) expected += l;
        for (int i = 4 * lanes; i < n; i++) expected += a[i];
        float[] dot = new float[2];
        // Enough calls for C2 to compile the sums partway through: every call gives the same bits.
        for (int rep = 0; rep < 30_000; rep++) {
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(CpuNorm.sum(a, 0, n)), "call " + rep);
            CpuNorm.sumAndDotDev(a, 0, a, 0, n, 0f, dot);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(dot[0]), "call " + rep);
        }
    }
}
