// Runs the SGEMM kernels of gemm.cuh on the CPU (cuda_host.h) as CudaGemm launches them: every tile size and transpose
// pair, odd shapes, a batch, alpha and beta, K split across blocks with gemm_splitk_reduce summing the partial sums,
// and the Linear epilogue (+ bias per column, then ReLU). Serial split K (the tile's last block sums the splits) bit
// for bit against the reduce launch, with the blocks run in shuffled orders, its tile counters back at zero after. The
// _rowsum entries (a Linear's bias gradient beside its weight gradient) against the plain kernels and an in-order sum; the
// _relumask entries (A read through a ReLU's mask) against the plain ones on the masked A. Checked against a double-precision reference loop, and the
// epilogue bit for bit against what it replaces: the same product into C pre-filled with the bias (beta = 1), then
// jmax(v, 0). Exit status 1 on any miss.
#define CHECK_SEED 7
#include "cuda_host.h"
#include "check.h"
#include "../gemm.cuh"

#include <cstring>
#include <random>
#include <string>

typedef void (*Sgemm)(int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int, i64, i64, i64, int, int,
                      float*, const float*, int, int*);

struct Tile {
    const char* name;
    Sgemm kernel;
    int bm, bn;
};

// CudaGemm.ownGemmAt's launch, for one batch chunk: splits > 1 writes the partial sums to a workspace, then the reduce
// (counters null) or the tile's last block (serial split K: `counters`, one per tile, zero) sums them into C.
static void run(const Tile& t, bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                float beta, float* c, int ldc, int batch, i64 sa, i64 sb, i64 sc, int splits, const float* bias, int relu,
                int* counters = nullptr) {
    int kPer = k;
    if (splits > 1) {
        kPer = ((k + splits - 1) / splits + 7) / 8 * 8;
        splits = (k + kPer - 1) / kPer;
    }
    std::vector<float> work(splits > 1 ? (size_t) splits * batch * m * n : 0, NAN);
    launch(t.kernel, dim3{(unsigned) ((n + t.bn - 1) / t.bn), (unsigned) ((m + t.bm - 1) / t.bm), (unsigned) (batch * splits)}, dim3{256},
           (int) ta, (int) tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, sa, sb, sc, splits, kPer, work.data(), bias, relu,
           counters);
    if (splits > 1 && !counters) {
        launch(gemm_splitk_reduce, dim3{3}, dim3{64}, m, n, splits, batch, (const float*) work.data(), alpha, beta, c, ldc, sc, bias, relu);
    }
}

static void check(const Tile& t, bool ta, bool tb, int m, int n, int k, int batch, int splits) {
    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 1;
    i64 sa = (i64) lda * (ta ? k : m) + 5, sb = (i64) ldb * (tb ? n : k) + 1, sc = (i64) ldc * m + 7;
    std::vector<float> a = randn(sa * batch), b = randn(sb * batch), c0 = randn(sc * batch), bias = randn(n);
    float alpha = 0.75f, beta = 0.5f;
    std::string what = std::string(t.name) + (ta ? " T" : " N") + (tb ? "T" : "N") + " " + std::to_string(m) + "x" + std::to_string(n) + "x"
            + std::to_string(k) + " batch " + std::to_string(batch) + " splits " + std::to_string(splits);

    // alpha·op(A)·op(B) + beta·C against doubles.
    std::vector<float> c = c0;
    run(t, ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc, batch, sa, sb, sc, splits, nullptr, 0);
    checks++;
    for (int q = 0; q < batch; q++)
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[q * sa + (i64) p * lda + i] : a[q * sa + (i64) i * lda + p];
                    double y = tb ? b[q * sb + (i64) j * ldb + p] : b[q * sb + (i64) p * ldb + j];
                    s += x * y;
                    mag += fabs(x * y);
                }
                double want = alpha * s + beta * (double) c0[q * sc + (i64) i * ldc + j];
                float got = c[q * sc + (i64) i * ldc + j];
                if (!(fabs(got - want) <= 1e-5 * (alpha * mag + fabs(beta * c0[q * sc + (i64) i * ldc + j])) + 1e-6)) {
                    printf("FAIL %s: batch %d element (%d, %d) expected %.9g got %.9g\n", what.c_str(), q, i, j, want, got);
                    failures++;
                    return;
                }
            }
    // Outside the rows and columns of C nothing is written (the padding of ldc and sc keeps its values).
    checks++;
    for (size_t e = 0; e < c.size(); e++) {
        i64 q = e / sc, r = e % sc, i = r / ldc, j = r % ldc;
        bool inside = q < batch && i < m && j < n;
        if (!inside && memcmp(&c[e], &c0[e], 4) != 0) {
            printf("FAIL %s: element %zu outside C was written\n", what.c_str(), e);
            failures++;
            return;
        }
    }
    if (splits > 1) {
        // Serial split K gives the reduce launch's bits, whichever block of a tile finishes last, with and without the
        // epilogue; every tile's counter is zero again after.
        for (int relu = 0; relu <= (batch == 1 ? 1 : 0); relu++) {
            const float* bs = batch == 1 ? bias.data() : nullptr;
            std::vector<float> want = c0;
            run(t, ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, want.data(), ldc, batch, sa, sb, sc, splits, bs, relu);
            for (unsigned seed : {0u, 11u}) {
                std::vector<float> got = c0;
                std::vector<int> counters(((n + t.bn - 1) / t.bn) * ((m + t.bm - 1) / t.bm) * batch, 0);
                shuffle_blocks_seed = seed;
                run(t, ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, got.data(), ldc, batch, sa, sb, sc, splits, bs, relu,
                    counters.data());
                shuffle_blocks_seed = 0;
                checks++;
                if (memcmp(want.data(), got.data(), 4 * want.size()) != 0) {
                    size_t e = 0;
                    while (memcmp(&want[e], &got[e], 4) == 0) e++;
                    printf("FAIL %s serial split K (block order %u%s): element %zu expected %.9g got %.9g\n", what.c_str(), seed,
                           relu ? ", relu" : "", e, want[e], got[e]);
                    failures++;
                    return;
                }
                checks++;
                for (size_t i = 0; i < counters.size(); i++) {
                    if (counters[i] != 0) {
                        printf("FAIL %s serial split K: tile %zu's counter left at %d\n", what.c_str(), i, counters[i]);
                        failures++;
                        return;
                    }
                }
            }
        }
    }
    if (batch != 1) return;
    // The Linear epilogue: C = op(A)·op(B) + bias, ReLU, bit for bit the bias copied into C, beta = 1, then jmax(v, 0).
    for (int relu = 0; relu <= 1; relu++) {
        std::vector<float> want(c0.size()), got = c0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) want[(i64) i * ldc + j] = bias[j];
        run(t, ta, tb, m, n, k, 1.f, a.data(), lda, b.data(), ldb, 1.f, want.data(), ldc, 1, sa, sb, sc, splits, nullptr, 0);
        if (relu)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) want[(i64) i * ldc + j] = jmax(want[(i64) i * ldc + j], 0.f);
        run(t, ta, tb, m, n, k, 1.f, a.data(), lda, b.data(), ldb, 0.f, got.data(), ldc, 1, sa, sb, sc, splits, bias.data(), relu);
        checks++;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float w = want[(i64) i * ldc + j], g = got[(i64) i * ldc + j];
                if (memcmp(&w, &g, 4) != 0) {
                    printf("FAIL %s epilogue (bias%s): element (%d, %d) expected %.9g got %.9g\n", what.c_str(), relu ? ", relu" : "", i,
                           j, w, g);
                    failures++;
                    return;
                }
            }
    }
}

typedef void (*SgemmRowSum)(int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int, float*);

// The _rowsum entries: C bit for bit the plain kernel's, and rowSum[r] the sum of op(A)'s row r in order of k.
static void check_rowsum(const char* name, Sgemm plain, SgemmRowSum fused, int bm, int bn, bool ta, int m, int n, int k, float beta) {
    int lda = (ta ? m : k) + 3, ldb = n + 2, ldc = n + 1;
    std::vector<float> a = randn((size_t) lda * (ta ? k : m)), b = randn((size_t) ldb * k), c0 = randn((size_t) ldc * m);
    std::vector<float> want = c0, got = c0, sums(m + 1, NAN);
    dim3 grid{(unsigned) ((n + bn - 1) / bn), (unsigned) ((m + bm - 1) / bm), 1};
    launch(plain, grid, dim3{256}, (int) ta, 0, m, n, k, 0.5f, (const float*) a.data(), lda, (const float*) b.data(), ldb, beta, want.data(),
           ldc, (i64) 0, (i64) 0, (i64) 0, 1, k, (float*) nullptr, (const float*) nullptr, 0, (int*) nullptr);
    launch(fused, grid, dim3{256}, (int) ta, 0, m, n, k, 0.5f, (const float*) a.data(), lda, (const float*) b.data(), ldb, beta, got.data(),
           ldc, sums.data());
    std::string what = std::string(name) + (ta ? " T" : " N") + "N " + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
    checks++;
    if (memcmp(want.data(), got.data(), 4 * want.size()) != 0) {
        printf("FAIL %s: C differs from the plain kernel's\n", what.c_str());
        failures++;
        return;
    }
    checks++;
    for (int r = 0; r <= m; r++) {
        float s = 0.f;
        for (int p = 0; p < k; p++) s += ta ? a[(size_t) p * lda + r] : a[(size_t) r * lda + p];
        bool ok = r < m ? memcmp(&s, &sums[r], 4) == 0 : sums[r] != sums[r];  // past the rows: untouched
        if (!ok) {
            printf("FAIL %s: row sum %d expected %.9g got %.9g\n", what.c_str(), r, r < m ? s : NAN, sums[r]);
            failures++;
            return;
        }
    }
}

typedef void (*SgemmMasked)(int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int, i64, i64, i64, int,
                            int, float*, const float*, int, int*, const float*);
typedef void (*SgemmRowSumMasked)(int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int, float*,
                                  const float*);

// A ReLU's output laid out as A: positive, zero, negative and NaN values (its zeros are what a ReLU leaves; a NaN passes
// the gradient, as PyTorch's threshold_backward), and A with an infinity where the mask is zero (0 · inf is NaN in both
// ways of computing it).
static void relu_mask_operands(std::vector<float>& a, std::vector<float>& mask) {
    mask = randn(a.size());
    for (size_t i = 0; i < mask.size(); i++) {
        if (i % 3 == 0) mask[i] = 0.f;
        if (i % 5 == 0) mask[i] = -mask[i];
        if (i % 7 == 1) mask[i] = NAN;
    }
    for (size_t i = 0; i < a.size(); i++) {
        if (mask[i] <= 0.f) {
            a[i] = INFINITY;
            break;
        }
    }
}

// The _relumask entries bit for bit the plain kernel on A · (M <= 0 ? 0 : 1) made first (unary_bwd_f32's ReLU): every
// transpose of A, a batch, K split (reduce launch and serial), and the _rowsum_relumask entry against the _rowsum
// entry on the masked A, row sums included.
static void check_relumask(const char* name, Sgemm plain, SgemmMasked masked, SgemmRowSum rowsum, SgemmRowSumMasked rowsumMasked,
                           int bm, int bn, bool ta, int m, int n, int k, int batch, int splits) {
    int lda = (ta ? m : k) + 3, ldb = n + 2, ldc = n + 1;
    i64 sa = (i64) lda * (ta ? k : m) + 5, sb = (i64) ldb * k + 1, sc = (i64) ldc * m + 7;
    std::vector<float> a = randn(sa * batch), mask, b = randn(sb * batch), c0 = randn(sc * batch);
    relu_mask_operands(a, mask);
    std::vector<float> am(a.size());
    for (size_t i = 0; i < a.size(); i++) am[i] = a[i] * (mask[i] <= 0.f ? 0.f : 1.f);
    std::string what = std::string(name) + "_relumask" + (ta ? " T" : " N") + "N " + std::to_string(m) + "x" + std::to_string(n) + "x"
            + std::to_string(k) + " batch " + std::to_string(batch) + " splits " + std::to_string(splits);
    int kPer = k;
    if (splits > 1) {
        kPer = ((k + splits - 1) / splits + 7) / 8 * 8;
        splits = (k + kPer - 1) / kPer;
    }
    dim3 grid{(unsigned) ((n + bn - 1) / bn), (unsigned) ((m + bm - 1) / bm), (unsigned) (batch * splits)};
    for (int serial = 0; serial <= (splits > 1 ? 1 : 0); serial++) {
        std::vector<float> want = c0, got = c0, work((size_t) splits * batch * m * n, NAN), work2 = work;
        std::vector<int> counters((size_t) grid.x * grid.y * batch, 0);
        int* cs = serial ? counters.data() : nullptr;
        launch(plain, grid, dim3{256}, (int) ta, 0, m, n, k, 0.75f, (const float*) am.data(), lda, (const float*) b.data(), ldb, 0.5f,
               want.data(), ldc, sa, sb, sc, splits, kPer, work.data(), (const float*) nullptr, 0, cs);
        if (splits > 1 && !serial) {
            launch(gemm_splitk_reduce, dim3{3}, dim3{64}, m, n, splits, batch, (const float*) work.data(), 0.75f, 0.5f, want.data(), ldc, sc,
                   (const float*) nullptr, 0);
        }
        shuffle_blocks_seed = serial ? 5u : 0u;
        launch(masked, grid, dim3{256}, (int) ta, 0, m, n, k, 0.75f, (const float*) a.data(), lda, (const float*) b.data(), ldb, 0.5f,
               got.data(), ldc, sa, sb, sc, splits, kPer, work2.data(), (const float*) nullptr, 0, cs, (const float*) mask.data());
        shuffle_blocks_seed = 0;
        if (splits > 1 && !serial) {
            launch(gemm_splitk_reduce, dim3{3}, dim3{64}, m, n, splits, batch, (const float*) work2.data(), 0.75f, 0.5f, got.data(), ldc, sc,
                   (const float*) nullptr, 0);
        }
        checks++;
        if (memcmp(want.data(), got.data(), 4 * want.size()) != 0) {
            size_t e = 0;
            while (memcmp(&want[e], &got[e], 4) == 0) e++;
            printf("FAIL %s%s: element %zu expected %.9g got %.9g\n", what.c_str(), serial ? " serial" : "", e, want[e], got[e]);
            failures++;
            return;
        }
    }
    if (batch != 1 || splits != 1) return;
    std::vector<float> want = c0, got = c0, wantSums(m + 1, NAN), gotSums(m + 1, NAN);
    launch(rowsum, grid, dim3{256}, (int) ta, 0, m, n, k, 1.f, (const float*) am.data(), lda, (const float*) b.data(), ldb, 1.f, want.data(),
           ldc, wantSums.data());
    launch(rowsumMasked, grid, dim3{256}, (int) ta, 0, m, n, k, 1.f, (const float*) a.data(), lda, (const float*) b.data(), ldb, 1.f,
           got.data(), ldc, gotSums.data(), (const float*) mask.data());
    checks++;
    if (memcmp(want.data(), got.data(), 4 * want.size()) != 0 || memcmp(wantSums.data(), gotSums.data(), 4 * (m + 1)) != 0) {
        printf("FAIL %s: the _rowsum_relumask entry differs from _rowsum on the masked A\n", what.c_str());
        failures++;
    }
}

int main() {
    for (int ta = 0; ta <= 1; ta++) {
        check_relumask("sgemm_32x32", sgemm_32x32, sgemm_32x32_relumask, sgemm_32x32_rowsum, sgemm_32x32_rowsum_relumask, 32, 32, ta, 45, 70,
                       64, 1, 1);
        check_relumask("sgemm_32x32", sgemm_32x32, sgemm_32x32_relumask, sgemm_32x32_rowsum, sgemm_32x32_rowsum_relumask, 32, 32, ta, 37, 29,
                       300, 1, 4);
        check_relumask("sgemm_64x64", sgemm_64x64, sgemm_64x64_relumask, sgemm_64x64_rowsum, sgemm_64x64_rowsum_relumask, 64, 64, ta, 130, 70,
                       37, 2, 1);
        check_relumask("sgemm_64x64", sgemm_64x64, sgemm_64x64_relumask, sgemm_64x64_rowsum, sgemm_64x64_rowsum_relumask, 64, 64, ta, 70, 33,
                       37, 1, 1);
        check_relumask("sgemm_128x128", sgemm_128x128, sgemm_128x128_relumask, sgemm_128x128_rowsum, sgemm_128x128_rowsum_relumask, 128, 128,
                       ta, 200, 150, 19, 1, 1);
        check_relumask("sgemm_128x128", sgemm_128x128, sgemm_128x128_relumask, sgemm_128x128_rowsum, sgemm_128x128_rowsum_relumask, 128, 128,
                       ta, 20, 15, 600, 2, 3);
    }
    for (int ta = 0; ta <= 1; ta++) {
        check_rowsum("sgemm_32x32_rowsum", sgemm_32x32, sgemm_32x32_rowsum, 32, 32, ta, 45, 70, 64, 0.f);
        check_rowsum("sgemm_64x64_rowsum", sgemm_64x64, sgemm_64x64_rowsum, 64, 64, ta, 130, 70, 37, 1.f);
        check_rowsum("sgemm_128x128_rowsum", sgemm_128x128, sgemm_128x128_rowsum, 128, 128, ta, 200, 150, 19, 0.f);
    }
    const Tile tiles[] = {{"sgemm_32x32", sgemm_32x32, 32, 32}, {"sgemm_64x64", sgemm_64x64, 64, 64}, {"sgemm_128x128", sgemm_128x128, 128, 128}};
    for (const Tile& t : tiles) {
        for (int tr = 0; tr < 4; tr++) {
            bool ta = tr & 1, tb = tr & 2;
            check(t, ta, tb, 37, 29, 53, 1, 1);
            check(t, ta, tb, 37, 29, 53, 1, 3);
            check(t, ta, tb, t.bm + 3, 5, 17, 2, 1);
            check(t, ta, tb, 9, t.bn + 1, 70, 2, 2);
            if (t.bm == 32 && tr < 2) check(t, ta, tb, t.bm + 5, 2 * t.bn + 3, 300, 1, 4);
        }
    }
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
