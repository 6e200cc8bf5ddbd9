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
final class VectorGemm implements Gemm.Kernel, Gemm.Packing {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Float lanes per vector. */
    static final int L = S.length();
    /** From how many columns past the last whole vector {@link #direct} takes them in one vector against a padded copy of B's. */
    static final int PADDED_TAIL = 2;
    /**
     * Micro-tile rows. AVX-512's 32 registers hold 8 rows × 2 vectors = 16 accumulators with B and a broadcast beside
     * them; AVX2 has 16, so 6 rows (12 accumulators, 2 of B, 1 broadcast: BLIS's Haswell sgemm tile): 8 rows there
     * spilled accumulators to the stack every k step, and 1024³ ran at 47 GFLOP/s on two Zen 3 cores against
     * OpenBLAS's 132. {@code -Dlayerlab.gemm.mr=6|8} chooses, {@code other} the one the hardware would not (the tests
     * run both: the build's GEMM tests once more with {@code other}).
     */
    static final int MR = mr(L);

    static int mr(int lanes) {
        int natural = lanes >= 16 ? 8 : 6;
        String chosen = System.getProperty("layerlab.gemm.mr");
        if (chosen == null) return natural;
        if (chosen.equals("other")) return natural == 8 ? 6 : 8;
        if (!chosen.equals("6") && !chosen.equals("8")) throw new IllegalArgumentException("layerlab.gemm.mr must be 6, 8 or other, got " + chosen);
        return Integer.parseInt(chosen);
    }
    /** Micro-tile columns: two vectors. A last column panel of at most {@link #L} columns uses a one-vector kernel. */
    static final int NR = 2 * L;
    /**
     * Depth of a packed block. An MR×KC panel of A (32 KiB) stays in L1 while B panels stream from L2/L3, which
     * keep up; deep blocks mean fewer passes over C and fewer tile merges: the MLP's k = 784 products ran at
     * 116–127 GFLOP/s on two cores with 256 and at 155–190 with 1024.
     */
    static final int KC = Integer.getInteger("kc", 1024);
    /** Rows of A packed at once (MC×KC floats, 512 KiB: half of a Zen 4/5 L2). */
    static final int MC = Integer.getInteger("mc", 512);
    /** Columns of B packed at once when A is packed too (transposed A: KC×NC floats, 4 MiB, shared L3). */
    static final int NC = Integer.getInteger("nc", 4096);
    /**
     * Columns of B per block when A's rows are read where they lie (A not transposed, and a Linear's packed
     * weight): a kc×128 block (512 KB at k = 1024, AVX-512) stays in L2 and A is never copied. Against 4096-column
     * blocks with A packed, interleaved in one process: 1024³ +3%, 512³ +5–7%, 2048³ +1–4%, the MLP's backward
     * and forward shapes (64×784×512, 256×784×512, 64×512×512) +6–11%, 128×4096×1024 +10–14%; and on the MLP's
     * inference products 12–15% faster than {@link #swapped}, which packs the activations transposed and stores its
     * tiles transposed. Blocks are whole panels: an even split of 784 columns into 112 left a half-width panel in
     * each block and lost 10–15%.
     */
    static final int NB = 4 * NR;

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
        if (direct(m, n, k)) {
            direct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /** {@link #sgemm} always by packed panels, never {@link #direct} (tests compare the two). */
    void gemmPacked(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Gemm.trivial(m, n, k, alpha, beta, c, cOff, ldc)) return;
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /**
     * Whether a product is small enough to compute directly ({@link #direct(boolean, boolean, int, int, int, float, float[], int, int,
     * float[], int, int, float, float[], int, int)}): attention's per-head products (65×65×16, 65×16×65 for a ViT's 65 positions
     * and 16-feature heads) spent more time packing panels and merging tiles than multiplying. B (k×n) stays in L1.
     */
    static boolean direct(int m, int n, int k) {
        return k <= KC && (long) n * k <= DIRECT_B && (long) m * n * k <= DIRECT_MACS;
    }

    /** The most values of B, and multiply-adds, a product computed {@link #direct} has. */
    static final int DIRECT_B = 4096, DIRECT_MACS = 1 << 17;

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} with no packing: each row of C accumulates in up to four vectors the k rows of B
     * (B transposed first into a scratch k×n when stored n×k) times its row's entries of A, in order of p; the columns past
     * the blocks of four vectors four rows at a time, in whole vectors, then the last few in one vector against a
     * zero-padded copy of B's last columns. Each element is the packed kernels' sum, fused multiply-adds from zero in order of
     * p (k is within one packed block), scaled and merged as {@link #merge} does: the same bits, only sooner.
     */
    static void direct(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] bb = b;
        int bo = bOff, bl = ldb;
        if (transB) {
            bb = SCRATCH.get().b(k * n);
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bb[p * n + j] = b[bOff + j * ldb + p];
            bo = 0;
            bl = n;
        }
        int as = transA ? lda : 1, ai = transA ? 1 : lda, whole = n - n % L, wide = whole - whole % (4 * L);
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ai, cr = cOff + i * ldc;
            for (int j = 0; j < wide; j += 4 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0, at = ar, bp = bo + j; p < k; p++, at += as, bp += bl) {
                    FloatVector x = FloatVector.broadcast(S, a[at]);
                    s0 = x.fma(FloatVector.fromArray(S, bb, bp), s0);
                    s1 = x.fma(FloatVector.fromArray(S, bb, bp + L), s1);
                    s2 = x.fma(FloatVector.fromArray(S, bb, bp + 2 * L), s2);
                    s3 = x.fma(FloatVector.fromArray(S, bb, bp + 3 * L), s3);
                }
                put(s0, alpha, beta, c, cr + j);
                put(s1, alpha, beta, c, cr + j + L);
                put(s2, alpha, beta, c, cr + j + 2 * L);
                put(s3, alpha, beta, c, cr + j + 3 * L);
            }
        }
        if (wide == n) return;
        // The last columns (fewer than a vector: a head of 8 features under AVX-512's 16 lanes) in one vector against B's
        // columns copied into a zero-padded scratch, k rows of a vector each: plain loads, no masked ones (JDK 17 compiles
        // those to a slow fallback, and past an array's end every JDK checks them lane by lane).
        int tail = n - whole;
        float[] pad = null;
        if (tail >= PADDED_TAIL) {
            pad = SCRATCH.get().a(k * L);
            for (int p = 0; p < k; p++) {
                int from = bo + p * bl + whole, at = p * L;
                for (int t = 0; t < tail; t++) pad[at + t] = bb[from + t];
                for (int t = tail; t < L; t++) pad[at + t] = 0f;
            }
        }
        // The columns past the wide blocks, four rows at a time: one vector per row has a single chain of k fused
        // multiply-adds, which waits on each; four rows' chains overlap.
        int i = 0;
        for (; i + 4 <= m; i += 4) fourRows(wide, whole, n, k, alpha, a, aOff + i * ai, ai, as, bb, bo, bl, pad, beta, c, cOff + i * ldc, ldc);
        for (; i < m; i++) {
            int ar = aOff + i * ai, cr = cOff + i * ldc;
            for (int j = wide; j < whole; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0, at = ar, bp = bo + j; p < k; p++, at += as, bp += bl) {
                    s0 = FloatVector.broadcast(S, a[at]).fma(FloatVector.fromArray(S, bb, bp), s0);
                }
                put(s0, alpha, beta, c, cr + j);
            }
            if (pad == null) {
                scalarColumns(whole, n, k, alpha, a, ar, as, bb, bo, bl, beta, c, cr);
                continue;
            }
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0, at = ar, bp = 0; p < k; p++, at += as, bp += L) s0 = FloatVector.broadcast(S, a[at]).fma(FloatVector.fromArray(S, pad, bp), s0);
            float[] out = SCRATCH.get().tile;
            s0.mul(alpha).intoArray(out, 0);
            putTail(out, 0, tail, beta, c, cr + whole);
        }
    }

    /**
     * {@link #direct}'s columns {@code from … n} of four rows (A's first at {@code ar}, C's at {@code cr}): whole vectors up to
     * {@code whole}, then the rest in one vector against {@code pad} (B's last columns, zero-padded to a vector a row), or
     * one by one when null. Each element the same fused multiply-adds from zero in order of p as everywhere in {@link #direct}.
     */
    private static void fourRows(int from, int whole, int n, int k, float alpha, float[] a, int ar, int ai, int as, float[] bb,
                                 int bo, int bl, float[] pad, float beta, float[] c, int cr, int ldc) {
        for (int j = from; j < whole; j += L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0, at = ar, bp = bo + j; p < k; p++, at += as, bp += bl) {
                FloatVector y = FloatVector.fromArray(S, bb, bp);
                s0 = FloatVector.broadcast(S, a[at]).fma(y, s0);
                s1 = FloatVector.broadcast(S, a[at + ai]).fma(y, s1);
                s2 = FloatVector.broadcast(S, a[at + 2 * ai]).fma(y, s2);
                s3 = FloatVector.broadcast(S, a[at + 3 * ai]).fma(y, s3);
            }
            put(s0, alpha, beta, c, cr + j);
            put(s1, alpha, beta, c, cr + ldc + j);
            put(s2, alpha, beta, c, cr + 2 * ldc + j);
            put(s3, alpha, beta, c, cr + 3 * ldc + j);
        }
        if (whole == n) return;
        if (pad == null) {
            for (int r = 0; r < 4; r++) scalarColumns(whole, n, k, alpha, a, ar + r * ai, as, bb, bo, bl, beta, c, cr + r * ldc);
            return;
        }
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0, at = ar, bp = 0; p < k; p++, at += as, bp += L) {
            FloatVector y = FloatVector.fromArray(S, pad, bp);
            s0 = FloatVector.broadcast(S, a[at]).fma(y, s0);
            s1 = FloatVector.broadcast(S, a[at + ai]).fma(y, s1);
            s2 = FloatVector.broadcast(S, a[at + 2 * ai]).fma(y, s2);
            s3 = FloatVector.broadcast(S, a[at + 3 * ai]).fma(y, s3);
        }
        float[] out = SCRATCH.get().tile;
        s0.mul(alpha).intoArray(out, 0);
        s1.mul(alpha).intoArray(out, L);
        s2.mul(alpha).intoArray(out, 2 * L);
        s3.mul(alpha).intoArray(out, 3 * L);
        int tail = n - whole;
        for (int r = 0; r < 4; r++) putTail(out, r * L, tail, beta, c, cr + r * ldc + whole);
    }

    /** {@code c[at + t] = out[from + t] + beta·c[at + t]} for {@code t < count}: {@link #put}'s merge of a row's last columns (out already × alpha). */
    private static void putTail(float[] out, int from, int count, float beta, float[] c, int at) {
        if (beta == 0f) System.arraycopy(out, from, c, at, count);
        else for (int t = 0; t < count; t++) c[at + t] = out[from + t] + c[at + t] * beta;
    }

    /** Columns {@code from … n} of one row one by one: each a scalar chain of fused multiply-adds, merged as {@link #put}. */
    private static void scalarColumns(int from, int n, int k, float alpha, float[] a, int ar, int as, float[] bb, int bo, int bl,
                                      float beta, float[] c, int cr) {
        for (int j = from; j < n; j++) {
            float sum = 0f;
            for (int p = 0, at = ar, bp = bo + j; p < k; p++, at += as, bp += bl) sum = Math.fma(a[at], bb[bp], sum);
            c[cr + j] = beta == 0f ? alpha * sum : alpha * sum + beta * c[cr + j];
        }
    }

    /**
     * {@code c[at …] = alpha·sum + beta·c[at …]}, rounded as {@link #merge} rounds it (beta 0: C not read, so a NaN there does
     * not stay).
     */
    private static void put(FloatVector sum, float alpha, float beta, float[] c, int at) {
        FloatVector r = sum.mul(alpha);
        if (beta != 0f) r = r.add(FloatVector.fromArray(S, c, at).mul(beta));
        r.intoArray(c, at);
    }

    /**
     * The fused form: each tile gets its bias and ReLU while it is still in L1, right after the last k block
     * wrote it, instead of a pass over C before the product (the bias) and one after (the ReLU).
     */
    @Override
    public void sgemmBiasRelu(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                              int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        if (k == 0 || m == 0 || n == 0) {
            Gemm.Kernel.super.sgemmBiasRelu(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
            return;
        }
        Epilogue ep = bias == null && !relu ? null : new Epilogue(bias, biasOff, relu);
        gemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc, ep);
    }

    /** What {@link #sgemmBiasRelu} adds to a finished tile: {@code bias[off + column]} (null: none), then ReLU. */
    private record Epilogue(float[] bias, int off, boolean relu) {}

    private static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, Epilogue ep) {
        long work = 2L * m * n * k;
        if (transB && !transA && m <= n) {
            // A Linear layer's forward (activations × transposed weight), computed as its transpose: see swapped.
            // With enough rows, threads split the activations in NR-row blocks: each packs only its own rows and
            // reads the weight in place (MLP shapes on two cores: 198 GFLOP/s against 166–185 when they split the
            // weight's rows and each packed all activations); with few rows they split the weight.
            if (m >= Parallel.threads() * NR) {
                int blocks = (m + NR - 1) / NR;
                Parallel.forEvenRange(blocks, work / blocks, (from, to) -> {
                    int i0 = from * NR, i1 = Math.min(m, to * NR);
                    swapped(i0, i1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
                });
            } else {
                int blocks = (n + MR - 1) / MR;
                Parallel.forEvenRange(blocks, work / blocks, (from, to) -> {
                    int j0 = from * MR, j1 = Math.min(n, to * MR);
                    swapped(0, m, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
                });
            }
            return;
        }
        // Split the longer side of C: each thread packs all of the other operand, so this keeps the repeated
        // packing small, and a side of MR rows or NR columns per block keeps every tile but the last full.
        if (m >= n) {
            int blocks = (m + MR - 1) / MR;
            Parallel.forEvenRange(blocks, work / blocks, (from, to) -> {
                int i0 = from * MR, i1 = Math.min(m, to * MR);
                serial(transA, transB, i0, i1, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
            });
        } else {
            int blocks = (n + NR - 1) / NR;
            Parallel.forEvenRange(blocks, work / blocks, (from, to) -> {
                int j0 = from * NR, j1 = Math.min(n, to * NR);
                serial(transA, transB, 0, m, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
            });
        }
    }

    /** C[i0:i1, j0:j1] on the calling thread. */
    private static void serial(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                               float[] c, int cOff, int ldc, Epilogue ep) {
        if (transB && !transA && 2 * (i1 - i0) <= j1 - j0) {
            swapped(i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
            return;
        }
        Scratch s = SCRATCH.get();
        // Even blocks: k = 288 as 144 + 144 rather than 256 + 32, whose short pass would cost a C round trip.
        int kc0 = ceilDiv(k, ceilDiv(k, KC));
        int mcMax = roundUp(ceilDiv(i1 - i0, ceilDiv(i1 - i0, MC)), MR);
        // A not transposed is read where it lies, against B blocks of NB columns that stay in L2; a transposed A is
        // packed once per NC columns.
        boolean inPlace = !transA;
        int ncMax = inPlace ? Math.min(NB, roundUp(j1 - j0, NR)) : ceilDiv(j1 - j0, ceilDiv(j1 - j0, NC));
        float[] ap = s.a(kc0 * (inPlace ? MR : mcMax));
        float[] bp = s.b(kc0 * roundUp(ncMax, NR));
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kc0) {
                int kc = Math.min(kc0, k - pc);
                // The first k block applies beta; later ones add to what it left.
                float betaHere = pc == 0 ? beta : 1f;
                float[] bias = ep != null && pc == 0 ? ep.bias : null;
                int biasOff = ep == null ? 0 : ep.off + jc;
                boolean relu = ep != null && ep.relu && pc + kc == k;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0);
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    int ci = cOff + ic * ldc + jc;
                    if (inPlace) {
                        // A last panel short of MR rows is copied out, zero-padded, so it need not be special.
                        int full = mc / MR * MR;
                        if (full < mc) packRows(a, aOff + (ic + full) * lda + pc, lda, mc - full, kc, ap);
                        macro(mc, nc, kc, a, aOff + ic * lda + pc, lda, 1, ap, full, bp, 0, alpha, betaHere, c, ci, ldc, s.tile, false,
                                bias, biasOff, relu);
                    } else {
                        packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                        macro(mc, nc, kc, ap, 0, 0, 0, ap, 0, bp, 0, alpha, betaHere, c, ci, ldc, s.tile, false, bias, biasOff, relu);
                    }
                }
            }
        }
    }

    /**
     * C[i0:i1, j0:j1] = alpha·A·Bᵀ + beta·C for few rows of C (a Linear layer's forward: activations times the
     * transposed weight), computed as its transpose B·Aᵀ: the big B is read in place, row by row, and only the
     * small A is packed, where the direct way would repack all of B on every call.
     */
    private static void swapped(int i0, int i1, int j0, int j1, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, Epilogue ep) {
        Scratch s = SCRATCH.get();
        int kc0 = ceilDiv(k, ceilDiv(k, KC));
        int m = i1 - i0, n = j1 - j0;
        float[] ap = s.a(kc0 * roundUp(m, NR));
        float[] edge = s.b(kc0 * MR);
        for (int pc = 0; pc < k; pc += kc0) {
            int kc = Math.min(kc0, k - pc);
            float betaHere = pc == 0 ? beta : 1f;
            float[] bias = ep != null && pc == 0 ? ep.bias : null;
            boolean relu = ep != null && ep.relu && pc + kc == k;
            // Aᵀ[p, i] = A[i, p]: packB's transposed packing, over the rows of A.
            packB(true, a, aOff, lda, pc, kc, i0, m, ap, 0);
            int full = n / MR * MR;
            if (full < n) packRows(b, bOff + (j0 + full) * ldb + pc, ldb, n - full, kc, edge);
            macro(n, m, kc, b, bOff + j0 * ldb + pc, ldb, 1, edge, full, ap, 0, alpha, betaHere, c, cOff + i0 * ldc + j0, ldc,
                    s.tile, true, bias, ep == null ? 0 : ep.off + j0, relu);
        }
    }

    /**
     * The layout {@link #packB} makes for {@code transB}, for all k: k block {@code pc} (blocks as in
     * {@link #serial}) starts at {@code pc·roundUp(n, NR)}, its panel jr at {@code jr·kc} from there.
     */
    @Override
    public Gemm.Packed packTransposed(float[] b, int bOff, int ldb, int n, int k) {
        int kc0 = ceilDiv(k, ceilDiv(k, KC)), width = roundUp(n, NR), panels = ceilDiv(n, NR);
        float[] data = new float[k * width];
        for (int p0 = 0; p0 < k; p0 += kc0) {
            int pc = p0, kc = Math.min(kc0, k - pc);
            Parallel.forRange(panels, (long) kc * NR, (from, to) -> {
                int j0 = from * NR, j1 = Math.min(n, to * NR);
                packB(true, b, bOff, ldb, pc, kc, j0, j1 - j0, data, pc * width + j0 * kc);
            });
        }
        return new Gemm.Packed(this, data, n, k);
    }

    @Override
    public void sgemmBiasRelu(int m, int n, int k, float[] a, int aOff, int lda, Gemm.Packed b, float[] bias, int biasOff,
                              boolean relu, float[] c, int cOff, int ldc) {
        Epilogue ep = bias == null && !relu ? null : new Epilogue(bias, biasOff, relu);
        long work = 2L * m * n * k;
        int panels = ceilDiv(n, NR);
        if (panels >= 2 * Parallel.threads() || m < Parallel.threads() * MR) {
            // Threads split the columns: each reads only its part of the packed B and all of A, in place.
            Parallel.forEvenRange(panels, work / panels, (from, to) ->
                    packedSerial(0, m, from * NR, Math.min(n, to * NR), k, a, aOff, lda, b, c, cOff, ldc, ep));
        } else {
            int blocks = ceilDiv(m, MR);
            Parallel.forEvenRange(blocks, work / blocks, (from, to) ->
                    packedSerial(from * MR, Math.min(m, to * MR), 0, n, k, a, aOff, lda, b, c, cOff, ldc, ep));
        }
    }

    /** C[i0:i1, j0:j1] = A·op(B) (+ epilogue) from a packed B, j0 a multiple of NR, on the calling thread. */
    private static void packedSerial(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int lda, Gemm.Packed b,
                                     float[] c, int cOff, int ldc, Epilogue ep) {
        Scratch s = SCRATCH.get();
        int kc0 = ceilDiv(k, ceilDiv(k, KC)), width = roundUp(b.n, NR);
        int mc = i1 - i0, full = mc / MR * MR;
        float[] edge = s.a(kc0 * MR);
        for (int pc = 0; pc < k; pc += kc0) {
            int kc = Math.min(kc0, k - pc);
            float beta = pc == 0 ? 0f : 1f;
            float[] bias = ep != null && pc == 0 ? ep.bias : null;
            boolean relu = ep != null && ep.relu && pc + kc == k;
            // Rows short of a whole MR panel are copied out, zero-padded; the others are read in place.
            if (full < mc) packRows(a, aOff + (i0 + full) * lda + pc, lda, mc - full, kc, edge);
            for (int jc = j0; jc < j1; jc += NB) {
                int nc = Math.min(NB, j1 - jc);
                macro(mc, nc, kc, a, aOff + i0 * lda + pc, lda, 1, edge, full, b.data, pc * width + jc * kc, 1f, beta,
                        c, cOff + i0 * ldc + jc, ldc, s.tile, false, bias, ep == null ? 0 : ep.off + jc, relu);
            }
        }
    }

    /**
     * Runs the micro-kernel over an mc×nc block. Row panel ir of A starts at {@code a[aBase + ir·rs]} with rows rs
     * apart and k steps 1 apart, or, when rs is 0, is packed at {@code a[aBase + ir·kc]}; panels from row
     * {@code edgeFrom} on are packed in {@code edge} (row-major, kc apart); B's panels start at {@code bp[bpOff]}.
     * With {@code transposed} the block is Cᵀ: tile (r, j) goes to {@code c[cOff + (jr + j)·ldc + ir + r]}. Each
     * stored tile then gets {@code bias[biasOff + column]} (of this block, null: none) and ReLU when asked: see
     * {@link #sgemmBiasRelu}.
     */
    private static void macro(int mc, int nc, int kc, float[] a, int aBase, int rs, int ss, float[] edge, int edgeFrom,
                              float[] bp, int bpOff, float alpha, float beta, float[] c, int cOff, int ldc, float[] tile, boolean transposed,
                              float[] bias, int biasOff, boolean relu) {
        boolean epilogue = bias != null || relu;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            float[] x;
            int xi, xrs, xss;
            if (rs == 0) {
                x = a; xi = aBase + ir * kc; xrs = 1; xss = MR;
            } else if (ir < edgeFrom) {
                x = a; xi = aBase + ir * rs; xrs = rs; xss = ss;
            } else {
                x = edge; xi = 0; xrs = kc; xss = 1;
            }
            // The A panel (MR×kc) stays in L1 while the B panels stream from L2.
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bi = bpOff + jr * kc;
                if (MR == 6) {
                    if (nr <= L) kernel1x6(kc, x, xi, xrs, xss, bp, bi, tile);
                    else kernel2x6(kc, x, xi, xrs, xss, bp, bi, tile);
                } else if (nr <= L) kernel1(kc, x, xi, xrs, xss, bp, bi, tile);
                else kernel2(kc, x, xi, xrs, xss, bp, bi, tile);
                if (transposed) {
                    if (epilogue) mergeTEpilogue(tile, mr, nr, alpha, beta, c, cOff + jr * ldc + ir, ldc, bias, biasOff + ir, relu);
                    else mergeT(tile, mr, nr, alpha, beta, c, cOff + jr * ldc + ir, ldc);
                } else {
                    // Edge tiles were computed whole (zero-padded panels); merge only what is real.
                    int ci = cOff + ir * ldc + jr;
                    if (mr == MR && nr == NR) store(tile, c, ci, ldc, alpha, beta);
                    else merge(tile, mr, nr, alpha, beta, c, ci, ldc);
                    if (epilogue) epilogue(c, ci, ldc, mr, nr, bias, biasOff + jr, relu);
                }
            }
        }
    }

    /**
     * C[r, j] += bias[bo + j] (bias null: nothing), then ReLU ({@code Math.max(v, 0)}, as the ReLU op: NaN stays)
     * when asked, for r < mr, j < nr: one stored tile. The order of the sums is the unfused one (bias, then the
     * product on top of it), so both give the same bits.
     */
    private static void epilogue(float[] c, int ci, int ldc, int mr, int nr, float[] bias, int bo, boolean relu) {
        if (nr == NR) {
            // One straight loop per case: a vector chosen by a branch makes C2 box it.
            if (bias != null && relu) {
                FloatVector b0 = FloatVector.fromArray(S, bias, bo), b1 = FloatVector.fromArray(S, bias, bo + L);
                for (int r = 0; r < mr; r++, ci += ldc) {
                    b0.add(FloatVector.fromArray(S, c, ci)).max(0f).intoArray(c, ci);
                    b1.add(FloatVector.fromArray(S, c, ci + L)).max(0f).intoArray(c, ci + L);
                }
            } else if (bias != null) {
                FloatVector b0 = FloatVector.fromArray(S, bias, bo), b1 = FloatVector.fromArray(S, bias, bo + L);
                for (int r = 0; r < mr; r++, ci += ldc) {
                    b0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
                    b1.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
                }
            } else {
                for (int r = 0; r < mr; r++, ci += ldc) {
                    FloatVector.fromArray(S, c, ci).max(0f).intoArray(c, ci);
                    FloatVector.fromArray(S, c, ci + L).max(0f).intoArray(c, ci + L);
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++, ci += ldc) {
            if (bias != null) for (int j = 0; j < nr; j++) c[ci + j] = bias[bo + j] + c[ci + j];
            if (relu) for (int j = 0; j < nr; j++) c[ci + j] = Math.max(c[ci + j], 0f);
        }
    }

    /** c[j·ldc + r] = alpha·tile[r, j] + beta·c[...] for r < mr, j < nr: a tile of Cᵀ into C. */
    private static void mergeT(float[] tile, int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc) {
        for (int j = 0; j < nr; j++) {
            int o = ci + j * ldc;
            if (beta == 0f) for (int r = 0; r < mr; r++) c[o + r] = alpha * tile[r * NR + j];
            else for (int r = 0; r < mr; r++) c[o + r] = alpha * tile[r * NR + j] + beta * c[o + r];
        }
    }

    /**
     * {@link #mergeT} with {@link #epilogue}'s bias ({@code bias[bo + r]}, null: none) and ReLU in the same pass
     * (a second pass over the tile cost as much as the move itself: these are scalar, 8 floats per row of C).
     */
    private static void mergeTEpilogue(float[] tile, int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc,
                                       float[] bias, int bo, boolean relu) {
        for (int j = 0; j < nr; j++) {
            int o = ci + j * ldc;
            for (int r = 0; r < mr; r++) {
                float v = beta == 0f ? alpha * tile[r * NR + j] : alpha * tile[r * NR + j] + beta * c[o + r];
                if (bias != null) v = bias[bo + r] + v;
                c[o + r] = relu ? Math.max(v, 0f) : v;
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
     * The MR×2L micro-kernel: tile[MR×NR] = A·Bp, where A's row r at k step p is {@code a[ai + r·rs + p·ss]}
     * (a packed panel: rs 1, ss MR; rows read in place: rs lda, ss 1) and Bp is a packed 2L-wide panel. Sixteen named accumulators so C2 keeps each in a register.
     */
    private static void kernel2(int kc, float[] a, int ai, int rs, int ss, float[] bp, int bi, float[] tile) {
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs, a6 = a5 + rs, a7 = a6 + rs;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0, q = 0; p < kc; p++, q += ss) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + p * NR + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + q]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + q]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + q]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // Spill the tile to scratch and merge it with C in a separate small method: putting sixteen vectors
        // with alpha/beta here makes the method too big for C2 to inline the last stores (JDK 17 then boxes
        // them and runs the lanes one by one), which halved the speed.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /** The MR×L micro-kernel into the first L columns of tile, for a last column panel at most one vector wide (packed L wide). */
    private static void kernel1(int kc, float[] a, int ai, int rs, int ss, float[] bp, int bi, float[] tile) {
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs, a6 = a5 + rs, a7 = a6 + rs;
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
        for (int p = 0, q = 0; p < kc; p++, q += ss) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * L);
            c0 = FloatVector.broadcast(S, a[a0 + q]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + q]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + q]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + q]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + q]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + q]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + q]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + q]).fma(b0, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
        c4.intoArray(tile, 4 * NR);
        c5.intoArray(tile, 5 * NR);
        c6.intoArray(tile, 6 * NR);
        c7.intoArray(tile, 7 * NR);
    }

    /** {@link #kernel2} for six rows (AVX2: twelve accumulators fit its sixteen registers). */
    private static void kernel2x6(int kc, float[] a, int ai, int rs, int ss, float[] bp, int bi, float[] tile) {
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0, q = 0; p < kc; p++, q += ss) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + p * NR + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + q]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /** {@link #kernel1} for six rows. */
    private static void kernel1x6(int kc, float[] a, int ai, int rs, int ss, float[] bp, int bi, float[] tile) {
        int a0 = ai, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs;
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z;
        for (int p = 0, q = 0; p < kc; p++, q += ss) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * L);
            c0 = FloatVector.broadcast(S, a[a0 + q]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + q]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + q]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + q]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + q]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + q]).fma(b0, c5);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
        c4.intoArray(tile, 4 * NR);
        c5.intoArray(tile, 5 * NR);
    }

    /** C[0:MR, 0:NR] = alpha·tile + beta·C for a full tile; beta 0 never reads C (NaNs there vanish, as in BLAS). */
    private static void store(float[] tile, float[] c, int ci, int ldc, float alpha, float beta) {
        // One straight loop per case: a vector chosen by a branch makes C2 box it.
        if (beta == 0f) {
            for (int r = 0; r < MR; r++, ci += ldc) {
                FloatVector.fromArray(S, tile, r * NR).mul(alpha).intoArray(c, ci);
                FloatVector.fromArray(S, tile, r * NR + L).mul(alpha).intoArray(c, ci + L);
            }
        } else {
            for (int r = 0; r < MR; r++, ci += ldc) {
                FloatVector.fromArray(S, tile, r * NR).mul(alpha).add(FloatVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
                FloatVector.fromArray(S, tile, r * NR + L).mul(alpha).add(FloatVector.fromArray(S, c, ci + L).mul(beta)).intoArray(c, ci + L);
            }
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
     * Packs op(A)[i0:i0+mc, p0:p0+kc] as row panels MR high, panel ir at ir·kc, k step p of it at ir·kc + p·MR
     * (the MR values the kernel broadcasts in turn); rows past mc are zero.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            if (transA) {
                // op(A)[i, p] = a[p·lda + i]: MR consecutive floats per k step.
                int src = aOff + p0 * lda + i0 + ir;
                if (mr == MR) {
                    for (int p = 0; p < kc; p++, src += lda, dst += MR) System.arraycopy(a, src, ap, dst, MR);
                } else {
                    for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                        for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
                        for (int r = mr; r < MR; r++) ap[dst + r] = 0f;
                    }
                }
            } else {
                // Row r of the panel is unit-stride in k: read it once, write it down every MR-th slot.
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int src = aOff + (i0 + ir + r) * lda + p0;
                        for (int p = 0; p < kc; p++) ap[dst + p * MR + r] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) ap[dst + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[p0:p0+kc, j0:j0+nc] as column panels NR wide (the last one L wide when it fits), each stored row
     * by row; columns past nc are zero. Panel jr starts at bpOff + jr·kc whatever the widths before it.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] bp, int bpOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = nr <= L ? L : NR;
            int dst = bpOff + jr * kc;
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
