package layerlab.backend.cpu;

/**
 * Float32 matrix multiply for the CPU backend, with row-major BLAS semantics:
 * {@code C[m×n] = alpha·op(A)·op(B) + beta·C}, where op(A) is m×k (stored k×m when {@code transA}) and op(B) is
 * k×n (stored n×k when {@code transB}). {@code beta == 0} overwrites C without reading it, so NaNs there vanish.
 *
 * <p>The kernel is picked once: the Vector API one ({@link VectorGemm}) when {@code jdk.incubator.vector} is
 * resolvable and its preferred species has at least 4 float lanes, else the portable {@link JavaGemm}. The
 * system property {@code layerlab.gemm=java|vector} forces one.
 */
public final class Gemm {
    /** A GEMM implementation; it handles every shape, including the trivial ones, by itself. */
    interface Kernel {
        void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

        String describe();

        /**
         * {@code C = op(A)·op(B)}, then {@code C[i, j] += bias[biasOff + j]} (bias null: none) and {@code max(·, 0)}
         * when {@code relu}: a Linear layer's forward, alone or followed by its ReLU. This form makes the three
         * passes; a kernel that can applies both to each tile as it finishes, with the same result bit for bit
         * (bias first, the product added on top, as BLAS's beta = 1 does).
         */
        default void sgemmBiasRelu(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
            if (m <= 0 || n <= 0) return;
            if (bias != null) for (int i = 0; i < m; i++) System.arraycopy(bias, biasOff, c, cOff + i * ldc, n);
            sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, bias == null ? 0f : 1f, c, cOff, ldc);
            if (relu) {
                for (int i = 0; i < m; i++) {
                    int o = cOff + i * ldc;
                    for (int j = 0; j < n; j++) c[o + j] = Math.max(c[o + j], 0f);
                }
            }
        }
    }

    /** A kernel that can pack op(B) once for many products (the Vector API one; the portable one cannot). */
    interface Packing {
        /** B (n×k rows at {@code bOff}, {@code ldb} apart) packed as op(B) = Bᵀ. */
        Packed packTransposed(float[] b, int bOff, int ldb, int n, int k);

        /** {@link Kernel#sgemmBiasRelu} with A not transposed and op(B) from {@link #packTransposed}; C is m×n. */
        void sgemmBiasRelu(int m, int n, int k, float[] a, int aOff, int lda, Packed b, float[] bias, int biasOff,
                           boolean relu, float[] c, int cOff, int ldc);
    }

    /**
     * op(B) of a product packed once, in the order the kernel reads it, for many products with different A: a
     * Linear layer's weight while the same model runs inference batch after batch. Only the kernel that made it
     * reads it; it holds a copy, not a view, so it goes stale when the source changes (the owner tracks that).
     */
    public static final class Packed {
        /** The kernel that packed it, and the only one that reads it. */
        final Packing maker;
        final float[] data;
        final int n, k;

        Packed(Packing maker, float[] data, int n, int k) {
            this.maker = maker;
            this.data = data;
            this.n = n;
            this.k = k;
        }
    }

    /** Below this many flops per matrix, a batch runs its matrices in parallel rather than each one inside. */
    private static final long SMALL_GEMM_FLOPS = 1L << 24;

    private static final Kernel KERNEL;
    private static final String FALLBACK_REASON;

    static {
        String forced = System.getProperty("layerlab.gemm", "").trim();
        Kernel kernel = null;
        String reason = null;
        if (forced.equals("java")) {
            reason = "forced by -Dlayerlab.gemm=java";
        } else {
            try {
                // Reflection, so that a missing jdk.incubator.vector surfaces here as a catchable error instead
                // of while the JVM verifies whichever class names VectorGemm directly.
                kernel = (Kernel) Class.forName("layerlab.backend.cpu.VectorGemm").getDeclaredConstructor().newInstance();
            } catch (Throwable t) {
                Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
                reason = cause instanceof NoClassDefFoundError
                        ? "jdk.incubator.vector not resolvable; run with --add-modules jdk.incubator.vector"
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        KERNEL = kernel != null ? kernel : new JavaGemm();
        FALLBACK_REASON = reason;
    }

    private Gemm() {}

    /**
     * The active kernel and the vector width it adds floats up in ("Vector API kernel (AVX2, 8 float lanes)"): a processor of
     * another width sums in another order, so a run's record of how it was made names it.
     */
    public static String kernel() {
        return KERNEL.describe();
    }

    /** One line naming the active kernel and thread count, for logs, {@code --version} and bench reports. */
    public static String describe() {
        String threads = Parallel.threads() + (Parallel.threads() == 1 ? " thread" : " threads");
        if (FALLBACK_REASON == null) return "GEMM: " + KERNEL.describe() + ", " + threads;
        return "GEMM: " + KERNEL.describe() + ", " + threads + " (Vector API unavailable: " + FALLBACK_REASON + ")";
    }

    /** {@code C = alpha·op(A)·op(B) + beta·C}, row-major; see the class comment. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        KERNEL.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@code C = op(A)·op(B) + bias} (per column, bias may be null), then ReLU when asked: see {@link Kernel#sgemmBiasRelu}. */
    public static void sgemmBiasRelu(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                     float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (bias != null && m > 0 && (biasOff < 0 || biasOff + (long) n > bias.length)) {
            throw new IndexOutOfBoundsException("bias: " + n + " floats at offset " + biasOff + ", array has " + bias.length);
        }
        KERNEL.sgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
    }

    /** See {@link Packing#packTransposed}: null when the active kernel has no packed form. */
    public static Packed packTransposed(float[] b, int bOff, int ldb, int n, int k) {
        if (n <= 0 || k <= 0 || !(KERNEL instanceof Packing packing)) return null;
        span("B", b, bOff, ldb, n, k);
        return packing.packTransposed(b, bOff, ldb, n, k);
    }

    /**
     * {@code C = A·op(B) + bias}, then ReLU when asked, with op(B) packed by {@link #packTransposed} (so n and k are
     * the packed ones): the same numbers, bit for bit, as {@link #sgemmBiasRelu(boolean, boolean, int, int, int,
     * float[], int, int, float[], int, int, float[], int, boolean, float[], int, int)} with B itself, transposed.
     */
    public static void sgemmBiasRelu(int m, int n, int k, float[] a, int aOff, int lda, Packed b, float[] bias, int biasOff,
                                     boolean relu, float[] c, int cOff, int ldc) {
        if (b.n != n || b.k != k) {
            throw new IllegalArgumentException("packed B is " + b.k + "×" + b.n + ", the product needs " + k + "×" + n);
        }
        if (m < 0) throw new IllegalArgumentException("negative GEMM size " + m + "×" + n + "×" + k);
        if (m == 0) return;
        span("A", a, aOff, lda, m, k);
        span("C", c, cOff, ldc, m, n);
        if (bias != null && (biasOff < 0 || biasOff + (long) n > bias.length)) {
            throw new IndexOutOfBoundsException("bias: " + n + " floats at offset " + biasOff + ", array has " + bias.length);
        }
        b.maker.sgemmBiasRelu(m, n, k, a, aOff, lda, b, bias, biasOff, relu, c, cOff, ldc);
    }

    /**
     * {@link #sgemm} on {@code batch} matrix triples, the q-th at offsets {@code aOff + q·strideA} and so on.
     * Small products run in parallel across the batch; large ones one after another, each using every thread.
     */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                                    int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                                    int batch, int strideA, int strideB, int strideC) {
        for (int q = 0; q < batch; q += Math.max(1, batch - 1)) {
            // Checking the first and last triple checks them all: offsets move linearly.
            check(transA, transB, m, n, k, a, aOff + q * strideA, lda, b, bOff + q * strideB, ldb, c, cOff + q * strideC, ldc);
        }
        batched(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, batch, strideA, strideB, strideC);
    }

    static void batched(Kernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                        int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                        int batch, int strideA, int strideB, int strideC) {
        long flops = 2L * m * n * Math.max(k, 1);
        if (batch > 1 && flops < SMALL_GEMM_FLOPS) {
            // Inside a pool task Parallel runs inline, so each product below stays on its worker's thread.
            Parallel.forRange(batch, flops, (from, to) -> {
                for (int q = from; q < to; q++) {
                    kernel.sgemm(transA, transB, m, n, k, alpha, a, aOff + q * strideA, lda, b, bOff + q * strideB, ldb,
                            beta, c, cOff + q * strideC, ldc);
                }
            });
        } else {
            for (int q = 0; q < batch; q++) {
                kernel.sgemm(transA, transB, m, n, k, alpha, a, aOff + q * strideA, lda, b, bOff + q * strideB, ldb,
                        beta, c, cOff + q * strideC, ldc);
            }
        }
    }

    /**
     * Handles what needs no multiply: an empty C, or {@code k == 0} / {@code alpha == 0}, where C becomes beta·C
     * (zero when beta is 0, NaNs included). Returns whether there is nothing left to do.
     */
    static boolean trivial(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return true;
        if (k > 0 && alpha != 0f) return false;
        if (beta == 1f) return true;
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, o, o + n, 0f);
            else for (int j = 0; j < n; j++) c[o + j] *= beta;
        }
        return true;
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative GEMM size " + m + "×" + n + "×" + k);
        if (m == 0 || n == 0) return;
        // Stored shapes: A is m×k (k×m transposed), B is k×n (n×k transposed), C is m×n.
        span("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        span("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        span("C", c, cOff, ldc, m, n);
    }

    private static void span(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException(name + ": leading dimension " + ld + " < " + cols + " columns");
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "×" + cols + " at offset " + off + " with ld " + ld
                    + " needs " + last + " floats, array has " + x.length);
        }
    }
}
