package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both GEMM kernels against a double-precision reference, over shapes that hit every tile edge and path. */
class GemmTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<Arguments> cases() {
        int[][] shapes = {
            {1, 1, 1}, {1, 37, 5}, {7, 1, 9}, {8, 32, 16}, {9, 33, 17}, {530, 20, 10}, {40, 300, 50}, {9, 200, 300},
            {17, 100, 3}, {3, 130, 300}, {130, 3, 300}, {100, 37, 61}, {130, 129, 280}, {16, 16, 600},
            // Rows enough for two threads to split the activations of a Linear-like product, one with a short last
            // block; k past one packed block (VectorGemm.KC), evenly split and not.
            {100, 130, 70}, {70, 33, 1100}, {64, 200, 2100},
            // Attention's per-head products with heads of 8 and 4 features, and columns that end in a half, a quarter
            // and a scalar part of a vector (AVX-512: 16 + 8 + 4 + 3).
            {17, 8, 17}, {17, 17, 8}, {13, 4, 9}, {6, 31, 7}, {65, 28, 16},
        };
        List<Arguments> out = new ArrayList<>();
        int seed = 0;
        for (int[] s : shapes)
            for (int t = 0; t < 4; t++) out.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, seed++));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}×{1}×{2} transA={3} transB={4}")
    @MethodSource("cases")
    void vectorAndJavaKernelsMatchTheReference(int m, int n, int k, boolean transA, boolean transB, int seed) throws Exception {
        Gemm.Kernel vector = (Gemm.Kernel) Class.forName("layerlab.backend.cpu.VectorGemm").getDeclaredConstructor().newInstance();
        for (Gemm.Kernel kernel : new Gemm.Kernel[] {vector, new JavaGemm()}) {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                check(kernel, m, n, k, transA, transB, 1f, 0f, seed);
                check(kernel, m, n, k, transA, transB, 0.5f, 1f, seed + 1000);
                check(kernel, m, n, k, transA, transB, -2f, 0.25f, seed + 2000);
            }
        }
    }

    /**
     * A product small enough to be computed directly (no packing: attention's per-head products) gives the packed kernels'
     * bits, so that a model trains to the same numbers whichever path a shape takes.
     */
    /** The {@link #cases} small enough for {@link VectorGemm#direct(int, int, int)}: thirteen shapes, each in every layout. */
    static Stream<Arguments> directCases() {
        return cases().filter(c -> VectorGemm.direct((int) c.get()[0], (int) c.get()[1], (int) c.get()[2]));
    }

    @ParameterizedTest(name = "{0}×{1}×{2} transA={3} transB={4}")
    @MethodSource("directCases")
    void directProductsGiveThePackedKernelsBits(int m, int n, int k, boolean transA, boolean transB, int seed) {
        // Arrays that end where the matrices do, and arrays with room after them (a tensor inside a larger storage).
        for (int room : new int[] {0, 64}) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int ar = transA ? k : m, acols = transA ? m : k, br = transB ? n : k, bcols = transB ? k : n;
            int lda = acols + 3, ldb = bcols + 1, ldc = n + 2;
            float[] a = random(rnd, ar * lda + room), b = random(rnd, br * ldb + room);
            float[] direct = new float[m * ldc + room], packed = new float[m * ldc + room];
            VectorGemm.direct(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, direct, 0, ldc);
            new VectorGemm().sgemmBiasRelu(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, null, 0, false, packed, 0, ldc);
            for (int i = 0; i < direct.length; i++) {
                assertEquals(Float.floatToIntBits(packed[i]), Float.floatToIntBits(direct[i]), m + "×" + n + "×" + k + " room " + room + " element " + i);
            }
        }
    }

    /** {@link VectorGemm#direct} with alpha and beta as attention's backward and a Linear's use them: its merge is the packed one's. */
    @ParameterizedTest(name = "{0}×{1}×{2} transA={3} transB={4}")
    @MethodSource("directCases")
    void directProductsMergeAsThePackedKernels(int m, int n, int k, boolean transA, boolean transB, int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ar = transA ? k : m, acols = transA ? m : k, br = transB ? n : k, bcols = transB ? k : n;
        int lda = acols + 3, ldb = bcols + 1, ldc = n + 2, room = 64;
        float[] a = random(rnd, ar * lda + room), b = random(rnd, br * ldb + room), c = random(rnd, m * ldc + room);
        float[] direct = c.clone(), packed = c.clone();
        VectorGemm.direct(transA, transB, m, n, k, 0.37f, a, 0, lda, b, 0, ldb, 1.5f, direct, 0, ldc);
        new VectorGemm().gemmPacked(transA, transB, m, n, k, 0.37f, a, 0, lda, b, 0, ldb, 1.5f, packed, 0, ldc);
        for (int i = 0; i < direct.length; i++) {
            assertEquals(Float.floatToIntBits(packed[i]), Float.floatToIntBits(direct[i]), m + "×" + n + "×" + k + " element " + i);
        }
    }

    @Test
    void attentionsHeadProductsAreDirect() {
        assertEquals(52, directCases().count(), "the shapes the bit-for-bit test runs");
        assertTrue(VectorGemm.direct(65, 65, 16) && VectorGemm.direct(65, 16, 65), "a ViT's 65 positions, heads of 16");
        assertTrue(!VectorGemm.direct(64, 512, 784) && !VectorGemm.direct(1, 1, 2000), "an MLP's layer; k past one block");
    }

    /** Runs one product with padded leading dimensions and offsets, and compares every element of C, padding included. */
    private static void check(Gemm.Kernel kernel, int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ar = transA ? k : m, acols = transA ? m : k, br = transB ? n : k, bcols = transB ? k : n;
        int lda = acols + 3, ldb = bcols + 1, ldc = n + 2, aOff = 5, bOff = 2, cOff = 7;
        float[] a = random(rnd, aOff + ar * lda), b = random(rnd, bOff + br * ldb), c = random(rnd, cOff + m * ldc + 4);
        if (beta == 0f) c[cOff] = Float.NaN; // beta 0 must not read C
        float[] expect = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                int o = cOff + i * ldc + j;
                expect[o] = (float) (alpha * s + (beta == 0f ? 0 : beta * (double) c[o]));
            }
        }
        kernel.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(expect[i])) + 2e-6 * Math.sqrt(k) * Math.abs(alpha) * 4;
            if (!(Math.abs(c[i] - expect[i]) <= tol)) {
                throw new AssertionError(kernel.describe() + " " + m + "×" + n + "×" + k + " transA=" + transA + " transB=" + transB
                        + " alpha=" + alpha + " beta=" + beta + " threads=" + Parallel.threads() + ": element " + i + " is " + c[i]
                        + ", expected " + expect[i]);
            }
        }
    }

    /**
     * The fused bias + ReLU epilogue gives the bits of the three-pass form (bias copied into C, GEMM with beta 1,
     * ReLU over C) on every path: the Linear-forward split (transB), the others, edge tiles, k past one block.
     */
    @ParameterizedTest(name = "{0}×{1}×{2} transA={3} transB={4}")
    @MethodSource("cases")
    void fusedBiasAndReluMatchThreePasses(int m, int n, int k, boolean transA, boolean transB, int seed) throws Exception {
        Gemm.Kernel vector = (Gemm.Kernel) Class.forName("layerlab.backend.cpu.VectorGemm").getDeclaredConstructor().newInstance();
        Gemm.Kernel threePasses = new Gemm.Kernel() {
            @Override
            public void sgemm(boolean tA, boolean tB, int mm, int nn, int kk, float alpha, float[] a, int aOff, int lda, float[] b,
                              int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
                vector.sgemm(tA, tB, mm, nn, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }

            @Override
            public String describe() {
                return "three passes";
            }
        };
        SplittableRandom rnd = new SplittableRandom(seed);
        int ar = transA ? k : m, acols = transA ? m : k, br = transB ? n : k, bcols = transB ? k : n;
        int lda = acols + 3, ldb = bcols + 1, ldc = n + 2, aOff = 5, bOff = 2, cOff = 7, biasOff = 3;
        float[] a = random(rnd, aOff + ar * lda), b = random(rnd, bOff + br * ldb), bias = random(rnd, biasOff + n);
        a[aOff] = Float.NaN; // a NaN row must stay NaN through the ReLU, as Math.max keeps it
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int mode = 0; mode < 3; mode++) {
                float[] withBias = mode == 1 ? null : bias;
                boolean relu = mode != 2;
                float[] c = random(rnd, cOff + m * ldc + 4), expect = c.clone();
                c[cOff] = expect[cOff] = Float.NaN; // C's old contents must not matter
                threePasses.sgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, withBias, biasOff, relu, expect, cOff, ldc);
                vector.sgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, withBias, biasOff, relu, c, cOff, ldc);
                assertSameBits(c, expect, m + "×" + n + "×" + k + " transA=" + transA + " transB=" + transB + " bias="
                        + (withBias != null) + " relu=" + relu + " threads=" + threads, "three passes give");
            }
        }
    }

    /**
     * A Linear's product from a weight packed once ({@link Gemm#packTransposed}) gives the bits of the same product
     * from the weight itself, on both thread splits (columns: n of several panels; rows: few columns), blocks of
     * {@link VectorGemm#NB} columns, edge rows and panels, and k past one packed block.
     */
    @ParameterizedTest(name = "{0}×{1}×{2}")
    @MethodSource("linearCases")
    void packedWeightGivesTheBitsOfTheWeightItself(int m, int n, int k, boolean transA, boolean transB, int seed) throws Exception {
        Object kernel = Class.forName("layerlab.backend.cpu.VectorGemm").getDeclaredConstructor().newInstance();
        Gemm.Kernel vector = (Gemm.Kernel) kernel;
        Gemm.Packing packing = (Gemm.Packing) kernel;
        SplittableRandom rnd = new SplittableRandom(seed);
        int lda = k + 3, ldb = k + 1, ldc = n + 2, aOff = 5, bOff = 2, cOff = 7, biasOff = 3;
        float[] a = random(rnd, aOff + m * lda), b = random(rnd, bOff + n * ldb), bias = random(rnd, biasOff + n);
        a[aOff] = Float.NaN;
        float[] bAgain = b.clone();
        Gemm.Packed packed = packing.packTransposed(b, bOff, ldb, n, k);
        java.util.Arrays.fill(b, 7f); // a copy: what happens to B afterwards does not reach it
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (int mode = 0; mode < 3; mode++) {
                float[] withBias = mode == 1 ? null : bias;
                boolean relu = mode != 2;
                float[] c = random(rnd, cOff + m * ldc + 4), expect = c.clone();
                c[cOff] = expect[cOff] = Float.NaN;
                vector.sgemmBiasRelu(false, true, m, n, k, a, aOff, lda, bAgain, bOff, ldb, withBias, biasOff, relu, expect, cOff, ldc);
                packing.sgemmBiasRelu(m, n, k, a, aOff, lda, packed, withBias, biasOff, relu, c, cOff, ldc);
                assertSameBits(c, expect, m + "×" + n + "×" + k + " bias=" + (withBias != null) + " relu=" + relu
                        + " threads=" + threads, "from B itself");
            }
        }
    }

    /** The shapes of {@link #cases} as a Linear's product: A as it lies, op(B) = Bᵀ (what packing is for). */
    static Stream<Arguments> linearCases() {
        return cases().filter(c -> !(Boolean) c.get()[3] && (Boolean) c.get()[4]);
    }

    /** Every element of {@code c}, padding included, has the bits of {@code expect}'s. */
    private static void assertSameBits(float[] c, float[] expect, String what, String expectedAs) {
        for (int i = 0; i < c.length; i++) {
            if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(expect[i])) {
                throw new AssertionError(what + ": element " + i + " is " + c[i] + ", " + expectedAs + " " + expect[i]);
            }
        }
    }

    @Test
    void packedProductChecksItsShapeAndNamesItsKernel() {
        float[] w = new float[6];
        Gemm.Packed p = Gemm.packTransposed(w, 0, 3, 2, 3);
        if (p != null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.sgemmBiasRelu(1, 3, 2, new float[2], 0, 2, p, null, 0, false, new float[3], 0, 3));
            assertTrue(e.getMessage().contains("packed B is 3×2"), e.getMessage());
        }
        assertTrue(p == null || p.maker instanceof VectorGemm, "a packed B names the kernel that reads it");
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    @Test
    void theMicroTileFitsTheVectorRegisters() {
        // 6 rows where AVX2's 16 registers hold them, 8 with AVX-512's 32; the build's extra run forces the other.
        int natural = VectorGemm.L >= 16 ? 8 : 6;
        String chosen = System.getProperty("layerlab.gemm.mr");
        int expected = chosen == null ? natural : chosen.equals("other") ? 14 - natural : Integer.parseInt(chosen);
        assertEquals(expected, VectorGemm.MR);
        assertEquals(VectorGemm.MR, VectorGemm.mr(VectorGemm.L));
        assertTrue(VectorGemm.MR == 6 || VectorGemm.MR == 8);
    }

    @Test
    void kIsZeroScalesC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertEquals(List.of(0.5f, 1f, 1.5f, 2f), List.of(c[0], c[1], c[2], c[3]));
    }

    @Test
    void batchedRunsEveryMatrix() {
        int batch = 5, m = 3, n = 4, k = 6;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = random(rnd, batch * m * k), b = random(rnd, batch * k * n), c = new float[batch * m * n];
        Gemm.sgemmBatched(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, batch, m * k, k * n, m * n);
        for (int q = 0; q < batch; q++) {
            float[] one = new float[m * n];
            Gemm.sgemm(false, false, m, n, k, 1f, a, q * m * k, k, b, q * k * n, n, 0f, one, 0, n);
            for (int i = 0; i < m * n; i++) assertEquals(one[i], c[q * m * n + i], 1e-6f);
        }
    }

    @Test
    void outOfBoundsOperandsAreRejectedWithTheirNames() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, new float[3], 0, 2, new float[4], 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().startsWith("A:"), e.getMessage());
    }

    @Test
    void describeNamesTheKernel() {
        assertTrue(Gemm.describe().startsWith("GEMM: "), Gemm.describe());
    }
}
