package layerlab.backend.cpu;

/**
 * The portable GEMM, for when the Vector API cannot load. The JIT vectorises {@code t[j] += a·b[j]} only when
 * {@code t} and {@code b} are different arrays, so a block of op(B) is copied into a row-major scratch panel and each
 * row of C is accumulated in a scratch row, then merged into C with alpha and beta. Threads split the rows of C.
 */
final class JavaGemm implements Gemm.Kernel {
    /** Depth and width of a packed block of op(B): KC×NC floats (256 KiB) stay in L2 across the rows of A. */
    private static final int KC = 256, NC = 256;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[KC * NC], new float[NC]});

    @Override
    public String describe() {
        return "portable Java kernel (auto-vectorised)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Gemm.trivial(m, n, k, alpha, beta, c, cOff, ldc)) return;
        Parallel.forEvenRange(m, 2L * n * k, (from, to) -> {
            float[][] s = SCRATCH.get();
            float[] bp = s[0], t = s[1];
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    for (int p = 0; p < kc; p++) {
                        int dst = p * nc;
                        if (transB) for (int j = 0; j < nc; j++) bp[dst + j] = b[bOff + (jc + j) * ldb + pc + p];
                        else System.arraycopy(b, bOff + (pc + p) * ldb + jc, bp, dst, nc);
                    }
                    float betaHere = pc == 0 ? beta : 1f;
                    for (int i = from; i < to; i++) {
                        java.util.Arrays.fill(t, 0, nc, 0f);
                        for (int p = 0; p < kc; p++) {
                            float av = transA ? a[aOff + (pc + p) * lda + i] : a[aOff + i * lda + pc + p];
                            int bi = p * nc;
                            for (int j = 0; j < nc; j++) t[j] += av * bp[bi + j];
                        }
                        int o = cOff + i * ldc + jc;
                        if (betaHere == 0f) for (int j = 0; j < nc; j++) c[o + j] = alpha * t[j];
                        else for (int j = 0; j < nc; j++) c[o + j] = alpha * t[j] + betaHere * c[o + j];
                    }
                }
            }
        });
    }
}
