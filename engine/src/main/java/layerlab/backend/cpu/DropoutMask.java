package layerlab.backend.cpu;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import layerlab.backend.SpatialKernels;

/**
 * {@link SpatialKernels#dropoutMask} on the CPU: element {@code i} dropped when its draw {@link
 * SpatialKernels#dropoutUniform}{@code (seed, i)} is below {@code p}. The SplitMix64 rounds (two 64-bit multiplies an
 * element: 3.5 ns one at a time) run in long lanes, a block of draws into scratch, then each is compared and written: the
 * draw is {@code k·2⁻²⁴} with {@code k} its top 24 bits, so {@code draw < p} exactly when {@code k < ⌈p·2²⁴⌉} (both
 * exact), the same fate as the reference's float comparison.
 */
final class DropoutMask {
    private DropoutMask() {}

    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final int L = S.length(), BLOCK = 64;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L, M1 = 0xBF58476D1CE4E5B9L, M2 = 0x94D049BB133111EBL;
    /** 0, 1, …, L−1. */
    private static final long[] IOTA = new long[L];

    static {
        for (int i = 0; i < L; i++) IOTA[i] = i;
    }

    /** The {@code limit} with {@code k < limit ⟺ k·2⁻²⁴ < p} for integers {@code 0 ≤ k < 2²⁴}: p·2²⁴ is exact in double. */
    static long limit(float p) {
        return (long) Math.ceil(p * 16777216.0);
    }

    /** {@code m[mo + i] = draw(seed, i) < p ? 0 : scale} for {@code from ≤ i < to}. */
    static void fill(float[] m, int mo, int from, int to, float p, float scale, long seed) {
        long limit = limit(p);
        long[] k = new long[BLOCK];
        LongVector iota = LongVector.fromArray(S, IOTA, 0);
        int i = from;
        for (; i + BLOCK <= to; i += BLOCK) {
            for (int j = 0; j < BLOCK; j += L) {
                // z = seed + (i + j + lane + 1)·golden, then SplitMix64's finaliser; k = its top 24 bits.
                LongVector z = iota.add(i + j + 1).mul(GOLDEN).add(seed);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(M1);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(M2);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
                z.lanewise(VectorOperators.LSHR, 40).intoArray(k, j);
            }
            for (int j = 0; j < BLOCK; j++) m[mo + i + j] = k[j] < limit ? 0f : scale;
        }
        for (; i < to; i++) m[mo + i] = SpatialKernels.dropoutUniform(seed, i) < p ? 0f : scale;
    }
}
