package layerlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 GEMM on the Vector API, laid out like GotoBLAS/BLIS: the k×n block of op(B) and the m×k block of
 * op(A) are copied ("packed") into per-thread scratch panels in the order the micro-kernel reads them, so the
 * kernel sees unit-stride data whatever the transposes, and keeps an {@link #MR}×{@link #NR} tile of C in
 * registers while it walks k. Threads split C into disjoint row or column ranges and pack their own panels, so
 * they share nothing but the inputs.
 *
 * <p>Only {@link Gemm} and the tests reach this class, and {@code Gemm} only by reflection: loading it without
 * {@code jdk.incubator.vector} must fail there, where it is caught, not in whoever touched it first.
 */
final class VectorGemm implements Gemm.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Float lanes per vector. */
    static final int L = S.length();
    /** Micro-tile rows: 8 rows × 2 vectors = 16 accumulators, leaving registers for B and a broadcast. */
    static final int MR = 8;
    /** Micro-tile columns: two vectors. A last column panel of at most {@link #L} columns uses a one-vector kernel. */
    static final int NR = 2 * L;
    /** Depth of a packed block: an MR×KC panel of A plus an NR×KC panel of B stay in L1 across the kernel. */
    static final int KC = Integer.getInteger("kc", 256);
    /** Rows of A packed at once (MC×KC floats, 512 KiB: half of a Zen 4/5 L2). */
    static final int MC = Integer.getInteger("mc", 512);
    /** Columns of B packed at once (KC×NC floats, 4 MiB, shared L3). */
    static final int NC = Integer.getInteger("nc", 4096);

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Packed panels, grown on demand and reused by every later call on the same thread. */
    private static final class Scratch {
        float[] a = new float[0], b = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }
    }

    VectorGemm() {
        if (L < 4) throw new IllegalStateException("preferred vector species has only " + L + " float lanes");
    }

    @Override
    public String describe() {
        int bits = S.vectorBitSize();
        String arch = System.getProperty("os.arch", "");
        String isa;
        if (arch.equals("amd64") || arch.equals("x86_64")) isa = bits >= 512 ? "AVX-512" : bits == 256 ? "AVX2" : "SSE";
        else if (arch.equals("aarch64")) isa = bits > 128 ? "SVE" : "NEON";
        else isa = bits + "-bit";
        return "Vector API kernel (" + isa + ", " + L + " float lanes)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Gemm.trivial(m, n, k, alpha, beta, c, cOff, ldc)) return;
        long work = 2L * m * n * k;
        // Split the longer side of C: each thread packs all of the other operand, so this keeps the repeated
        // packing small, and a side of MR rows or NR columns per block keeps every tile but the last full.
        if (m >= n) {
            int blocks = (m + MR - 1) / MR;
            Parallel.forRange(blocks, work / blocks, (from, to) -> {
                int i0 = from * MR, i1 = Math.min(m, to * MR);
                serial(transA, transB, i0, i1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        } else {
            int blocks = (n + NR - 1) / NR;
            Parallel.forRange(blocks, work / blocks, (from, to) -> {
                int j0 = from * NR, j1 = Math.min(n, to * NR);
                serial(transA, transB, 0, m, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        }
    }

    /** C[i0:i1, j0:j1] on the calling thread. */
    private static void serial(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                               float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        // Even blocks: k = 288 as 144 + 144 rather than 256 + 32, whose short pass would cost a C round trip.
        int kc0 = ceilDiv(k, ceilDiv(k, KC));
        int mcMax = roundUp(ceilDiv(i1 - i0, ceilDiv(i1 - i0, MC)), MR);
        int ncMax = ceilDiv(j1 - j0, ceilDiv(j1 - j0, NC));
        float[] ap = s.a(kc0 * (transA ? mcMax : MR));
        float[] bp = s.b(kc0 * roundUp(ncMax, NR));
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kc0) {
                int kc = Math.min(kc0, k - pc);
                // The first k block applies beta; later ones add to what it left.
                float betaHere = pc == 0 ? beta : 1f;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    int ci = cOff + ic * ldc + jc;
                    if (transA) {
                        packAT(a, aOff, lda, ic, mc, pc, kc, ap);
                        macro(mc, nc, kc, ap, 0, kc, ap, 0, bp, alpha, betaHere, c, ci, ldc, s.tile);
                    } else {
                        // Rows of A are already unit-stride in k: the kernel reads them in place, and only a
                        // last panel short of MR rows is copied out, zero-padded, so it need not be special.
                        int full = mc / MR * MR;
                        if (full < mc) packRows(a, aOff + (ic + full) * lda + pc, lda, mc - full, kc, ap);
                        macro(mc, nc, kc, a, aOff + ic * lda + pc, lda, ap, -full * kc, bp, alpha, betaHere, c, ci, ldc, s.tile);
                    }
                }
            }
        }
    }

    /**
     * Runs the micro-kernel over an mc×nc block of C. Row panel ir reads A at {@code aBase + ir·aLd} with row
     * stride aLd when it has all MR rows, else at {@code edge[edgeBase + ir·kc]} with row stride kc.
     */
    private static void macro(int mc, int nc, int kc, float[] a, int aBase, int aLd, float[] edge, int edgeBase,
                              float[] bp, float alpha, float beta, float[] c, int cOff, int ldc, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bi = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                float[] x = mr == MR ? a : edge;
                int xi = mr == MR ? aBase + ir * aLd : edgeBase + ir * kc;
                int xld = mr == MR ? aLd : kc;
                int ci = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    kernel2(kc, x, xi, xld, bp, bi, c, ci, ldc, alpha, beta);
                } else {
                    // Edge tile: compute the whole (zero-padded) tile into scratch, then merge what is real.
                    if (nr <= L) kernel1(kc, x, xi, xld, bp, bi, tile, 0, NR, 1f, 0f);
                    else kernel2(kc, x, xi, xld, bp, bi, tile, 0, NR, 1f, 0f);
                    merge(tile, mr, nr, alpha, beta, c, ci, ldc);
                }
            }
        }
    }

    private static void merge(float[] tile, int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc) {
        for (int i = 0; i < mr; i++) {
            int t = i * NR, o = ci + i * ldc;
            if (beta == 0f) for (int j = 0; j < nr; j++) c[o + j] = alpha * tile[t + j];
            else for (int j = 0; j < nr; j++) c[o + j] = alpha * tile[t + j] + beta * c[o + j];
        }
    }

    /**
     * The MR×2L micro-kernel: C[0:MR, 0:2L] = alpha·A·Bp + beta·C, where row r of A is {@code a[ai + r·lda ...]}
     * (kc long) and Bp is a packed 2L-wide panel. Sixteen named accumulators so C2 keeps each in a register.
     */
    private static void kernel2(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                float alpha, float beta) {
        int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + p * NR + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        put(c00, c, ci, av, beta);
        put(c01, c, ci + L, av, beta);
        ci += ldc;
        put(c10, c, ci, av, beta);
        put(c11, c, ci + L, av, beta);
        ci += ldc;
        put(c20, c, ci, av, beta);
        put(c21, c, ci + L, av, beta);
        ci += ldc;
        put(c30, c, ci, av, beta);
        put(c31, c, ci + L, av, beta);
        ci += ldc;
        put(c40, c, ci, av, beta);
        put(c41, c, ci + L, av, beta);
        ci += ldc;
        put(c50, c, ci, av, beta);
        put(c51, c, ci + L, av, beta);
        ci += ldc;
        put(c60, c, ci, av, beta);
        put(c61, c, ci + L, av, beta);
        ci += ldc;
        put(c70, c, ci, av, beta);
        put(c71, c, ci + L, av, beta);
    }

    /** The MR×L micro-kernel, for a last column panel at most one vector wide (packed L wide). */
    private static void kernel1(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                float alpha, float beta) {
        int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * L);
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
        }
        FloatVector av = FloatVector.broadcast(S, alpha);
        put(c0, c, ci, av, beta);
        put(c1, c, ci += ldc, av, beta);
        put(c2, c, ci += ldc, av, beta);
        put(c3, c, ci += ldc, av, beta);
        put(c4, c, ci += ldc, av, beta);
        put(c5, c, ci += ldc, av, beta);
        put(c6, c, ci += ldc, av, beta);
        put(c7, c, ci += ldc, av, beta);
    }

    /** c[i:i+L] = alpha·acc + beta·c[i:i+L], where beta 0 never reads C (so NaNs there vanish, as in BLAS). */
    private static void put(FloatVector acc, float[] c, int i, FloatVector alpha, float beta) {
        if (beta == 0f) {
            acc.mul(alpha).intoArray(c, i);
        } else {
            FloatVector old = FloatVector.fromArray(S, c, i);
            if (beta != 1f) old = old.mul(beta);
            acc.fma(alpha, old).intoArray(c, i);
        }
    }

    /** Copies rows a[src + r·lda, kc long] for r < mr into ap as an MR×kc row-major panel, zero rows after. */
    private static void packRows(float[] a, int src, int lda, int mr, int kc, float[] ap) {
        for (int r = 0; r < MR; r++) {
            if (r < mr) System.arraycopy(a, src + r * lda, ap, r * kc, kc);
            else java.util.Arrays.fill(ap, r * kc, (r + 1) * kc, 0f);
        }
    }

    /**
     * Packs op(A)[i0:i0+mc, p0:p0+kc] for a transposed A (op(A)[i, p] = a[p·lda + i]) as a row-major matrix
     * with row stride kc, zero rows up to a multiple of MR.
     */
    private static void packAT(float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        // Sixteen k steps at a time: each source line is then used for 16 rows and each output line filled whole.
        for (int pb = 0; pb < kc; pb += 16) {
            int pe = Math.min(kc, pb + 16);
            for (int i = 0; i < mc; i++) {
                int src = aOff + (p0 + pb) * lda + i0 + i, dst = i * kc;
                for (int p = pb; p < pe; p++, src += lda) ap[dst + p] = a[src];
            }
        }
        java.util.Arrays.fill(ap, mc * kc, roundUp(mc, MR) * kc, 0f);
    }

    /**
     * Packs op(B)[p0:p0+kc, j0:j0+nc] as column panels NR wide (the last one L wide when it fits), each stored row
     * by row; columns past nc are zero. Panel jr starts at jr·kc whatever the widths before it.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = nr <= L ? L : NR;
            int dst = jr * kc;
            if (transB) {
                // op(B)[p, j] = b[j·ldb + p]: read each source row once, scatter it down the panel.
                for (int jj = 0; jj < nr; jj++) {
                    int src = bOff + (j0 + jr + jj) * ldb + p0;
                    for (int p = 0; p < kc; p++) bp[dst + p * w + jj] = b[src + p];
                }
                for (int jj = nr; jj < w; jj++) {
                    for (int p = 0; p < kc; p++) bp[dst + p * w + jj] = 0f;
                }
            } else {
                int src = bOff + p0 * ldb + j0 + jr;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, dst += w) {
                        for (int jj = 0; jj < nr; jj++) bp[dst + jj] = b[src + jj];
                        for (int jj = nr; jj < w; jj++) bp[dst + jj] = 0f;
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int to) {
        return ceilDiv(x, to) * to;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
