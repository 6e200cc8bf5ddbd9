// Row-major batched SGEMM: C_b = alpha·op(A_b)·op(B_b) + beta·C_b (beta == 0 overwrites C, never reads it), then
// an optional epilogue: + bias[column] (a Linear's bias), then ReLU (jmax(v, 0), as unary_f32's) when relu != 0.
// Classic shared-memory tiling with register blocking: a block computes a BM x BN tile of C with 256 threads,
// each owning a TM x TN patch; K advances in slices of BK = 8, double-buffered through shared memory so the
// next slice's global loads overlap this slice's FMAs. Loads are scalar with bounds checks, so odd sizes,
// any leading dimension and unaligned offsets work. blockIdx.z = batch index * splits + K split; with
// splits > 1 each split writes raw partial sums to `work`, and the sums of every split, in split order (so results
// are deterministic), go into C: by the tile's last block to finish (serial split K, when `counters` is given: one
// int per tile, zero before and after) or by a gemm_splitk_reduce launch of its own (counters null).
#pragma once
#include "common.cuh"

#define GEMM_BK 8
#define GEMM_PAD 4

// The same operations, in the same order, as a bias copied into C before a beta = 1 product and a ReLU after it.
__device__ __forceinline__ float gemm_epilogue(float v, const float* bias, int c, int relu) {
    if (bias) v += bias[c];
    return relu ? jmax(v, 0.f) : v;
}

// C's element from the splits' partial sums at `part` (one every `mn` floats), in split order, then beta·C and the
// epilogue: gemm_splitk_reduce's and the serial split K's, the same operations in the same order.
__device__ __forceinline__ void splitk_finish(const float* part, i64 mn, int splits, float alpha, float beta, float* pc,
                                              const float* bias, int c, int relu) {
    float s = 0.f;
    for (int q = 0; q < splits; q++) s += __ldcg(part + q * mn);
    float v = alpha * s;
    if (beta != 0.f) v += beta * *pc;
    *pc = gemm_epilogue(v, bias, c, relu);
}

// The last block's share of serial split K: its thread's tm x tn patch from (r0, c0). Not inlined, so that the tile
// loop's registers stay as they were without it.
__device__ __noinline__ void splitk_finish_patch(int m, int n, int splits, float alpha, float beta, const float* part, float* C,
                                                 int ldc, const float* bias, int relu, int r0, int tm, int c0, int tn) {
    const i64 mn = (i64) m * n;
    for (int r = r0; r < min(m, r0 + tm); r++)
        for (int c = c0; c < min(n, c0 + tn); c++)
            splitk_finish(part + (i64) r * n + c, mn, splits, alpha, beta, C + (i64) r * ldc + c, bias, c, relu);
}

// ROWSUM (the _rowsum entries, one batch, no split): the first column of blocks also writes rowSum[r] = Σ_k op(A)[r, k],
// summed in order of k from the tiles of A it loads anyway: a Linear's bias gradient beside its weight gradient
// (op(A) = gradᵀ), with no launch of its own.
// MASKA (the _relumask entries): A's elements are read as A · relu_derivative(M), M a ReLU's output laid out as A (same
// leading dimension and batch stride): the ReLU's backward (unary_bwd_f32's operations) applied as the tiles are
// loaded, so a Linear + ReLU's gradients need no masked copy of the incoming gradient.
template <int BM, int BN, int TM, int TN, bool ROWSUM = false, bool MASKA = false>
__device__ __forceinline__ void sgemm_tile(int transA, int transB, int m, int n, int k, float alpha,
        const float* __restrict__ A, int lda, const float* __restrict__ B, int ldb, float beta,
        float* __restrict__ C, int ldc, i64 strideA, i64 strideB, i64 strideC, int splits, int kPerSplit,
        float* __restrict__ work, const float* __restrict__ bias, int relu, int* __restrict__ counters,
        float* __restrict__ rowSum = nullptr, const float* __restrict__ maskA = nullptr) {
    constexpr int BK = GEMM_BK;
    constexpr int THREADS = (BM / TM) * (BN / TN);
    constexpr int LA = BM * BK / THREADS;
    constexpr int LB = BN * BK / THREADS;
    __shared__ __align__(16) float As[2][BK][BM + GEMM_PAD];
    __shared__ __align__(16) float Bs[2][BK][BN + GEMM_PAD];

    const int tid = threadIdx.x;
    const int z = blockIdx.z;
    const int bIdx = z / splits, split = z - bIdx * splits;
    A += bIdx * strideA;
    if constexpr (MASKA) maskA += bIdx * strideA;
    B += bIdx * strideB;
    const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
    const int kBegin = split * kPerSplit;
    const int kEnd = min(k, kBegin + kPerSplit);
    const int tiles = kEnd > kBegin ? (kEnd - kBegin + BK - 1) / BK : 0;

    float ra[LA], rb[LB];
    // Each operand is read along its contiguous axis: consecutive threads take consecutive addresses.
    auto load = [&](int k0) {
#pragma unroll
        for (int q = 0; q < LA; q++) {
            int id = tid + q * THREADS;
            int row = transA ? id % BM : id / BK, kk = transA ? id / BM : id % BK;
            int gr = row0 + row, gk = k0 + kk;
            if constexpr (MASKA) {
                i64 at = transA ? (i64)gk * lda + gr : (i64)gr * lda + gk;
                ra[q] = gr < m && gk < kEnd ? A[at] * relu_derivative(maskA[at]) : 0.f;
            } else {
                ra[q] = gr < m && gk < kEnd ? (transA ? A[(i64)gk * lda + gr] : A[(i64)gr * lda + gk]) : 0.f;
            }
        }
#pragma unroll
        for (int q = 0; q < LB; q++) {
            int id = tid + q * THREADS;
            int col = transB ? id / BK : id % BN, kk = transB ? id % BK : id / BN;
            int gc = col0 + col, gk = k0 + kk;
            rb[q] = gc < n && gk < kEnd ? (transB ? B[(i64)gc * ldb + gk] : B[(i64)gk * ldb + gc]) : 0.f;
        }
    };
    auto store = [&](int buf) {
#pragma unroll
        for (int q = 0; q < LA; q++) {
            int id = tid + q * THREADS;
            int row = transA ? id % BM : id / BK, kk = transA ? id / BM : id % BK;
            As[buf][kk][row] = ra[q];
        }
#pragma unroll
        for (int q = 0; q < LB; q++) {
            int id = tid + q * THREADS;
            int col = transB ? id / BK : id % BN, kk = transB ? id % BK : id / BN;
            Bs[buf][kk][col] = rb[q];
        }
    };

    const int ty = tid / (BN / TN), tx = tid % (BN / TN);
    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
        for (int j = 0; j < TN; j++) acc[i][j] = 0.f;

    if (tiles > 0) {
        load(kBegin);
        store(0);
    }
    __syncthreads();
    const bool sumRows = ROWSUM && blockIdx.x == 0 && tid < BM;
    float rs = 0.f;
    for (int t = 0; t < tiles; t++) {
        const int cur = t & 1;
        if (t + 1 < tiles) load(kBegin + (t + 1) * BK);
        if constexpr (ROWSUM) {
            if (sumRows) {
#pragma unroll
                for (int kk = 0; kk < BK; kk++) rs += As[cur][kk][tid];
            }
        }
#pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            float af[TM], bf[TN];
            if constexpr (TM % 4 == 0) {
#pragma unroll
                for (int i = 0; i < TM; i += 4) {
                    float4 v = *reinterpret_cast<const float4*>(&As[cur][kk][ty * TM + i]);
                    af[i] = v.x; af[i + 1] = v.y; af[i + 2] = v.z; af[i + 3] = v.w;
                }
            } else {
#pragma unroll
                for (int i = 0; i < TM; i++) af[i] = As[cur][kk][ty * TM + i];
            }
            if constexpr (TN % 4 == 0) {
#pragma unroll
                for (int j = 0; j < TN; j += 4) {
                    float4 v = *reinterpret_cast<const float4*>(&Bs[cur][kk][tx * TN + j]);
                    bf[j] = v.x; bf[j + 1] = v.y; bf[j + 2] = v.z; bf[j + 3] = v.w;
                }
            } else {
#pragma unroll
                for (int j = 0; j < TN; j++) bf[j] = Bs[cur][kk][tx * TN + j];
            }
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = fmaf(af[i], bf[j], acc[i][j]);
        }
        // The other buffer was last read before the previous barrier, so it is free to overwrite.
        if (t + 1 < tiles) store(cur ^ 1);
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < TM; i++) {
        int r = row0 + ty * TM + i;
        if (r >= m) continue;
#pragma unroll
        for (int j = 0; j < TN; j++) {
            int c = col0 + tx * TN + j;
            if (c >= n) continue;
            if (splits > 1) {
                work[((i64)z * m + r) * n + c] = acc[i][j];
            } else {
                float* pc = C + bIdx * strideC + (i64)r * ldc + c;
                float v = alpha * acc[i][j];
                if (beta != 0.f) v += beta * *pc;
                *pc = gemm_epilogue(v, bias, c, relu);
            }
        }
    }
    if constexpr (ROWSUM) {
        if (sumRows && row0 + tid < m) rowSum[row0 + tid] = rs;
    }
    if (splits == 1 || counters == nullptr) return;

    // Serial split K: each block's partial sums are visible device-wide before the block is counted; the tile's last
    // block (whichever split it is) then reads every split's and writes C, and sets the tile's counter back to zero.
    __shared__ int lastOfTile;
    __threadfence();
    __syncthreads();
    if (tid == 0) {
        int tile = (bIdx * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
        int before = atomicAdd(&counters[tile], 1);
        lastOfTile = before == splits - 1;
        if (lastOfTile) counters[tile] = 0;
        __threadfence();
    }
    __syncthreads();
    if (!lastOfTile) return;
    splitk_finish_patch(m, n, splits, alpha, beta, work + (i64) bIdx * splits * m * n, C + bIdx * strideC, ldc, bias, relu,
                        row0 + ty * TM, TM, col0 + tx * TN, TN);
}

#define SGEMM_PARAMS                                                                                        \
    int transA, int transB, int m, int n, int k, float alpha, const float *A, int lda, const float *B, int ldb, \
            float beta, float *C, int ldc, i64 strideA, i64 strideB, i64 strideC, int splits, int kPerSplit,   \
            float *work, const float *bias, int relu, int *counters
#define SGEMM_ARGS                                                                                          \
    transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, strideA, strideB, strideC, splits, kPerSplit, \
            work, bias, relu, counters
// One product (no batch, no split) whose first column of blocks also writes rowSum (ROWSUM above).
#define SGEMM_ROWSUM_PARAMS                                                                                  \
    int transA, int transB, int m, int n, int k, float alpha, const float *A, int lda, const float *B, int ldb, \
            float beta, float *C, int ldc, float *rowSum
#define SGEMM_ROWSUM_ARGS \
    transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, 0, 0, 0, 1, k, nullptr, nullptr, 0, nullptr, rowSum
// Each tile shape's four entries: plain, _relumask (maskA last), _rowsum and _rowsum_relumask.
#define SGEMM_ENTRIES(name, BM, BN, TM, TN)                                                                  \
    extern "C" __global__ void __launch_bounds__(256) name(SGEMM_PARAMS) {                                  \
        sgemm_tile<BM, BN, TM, TN>(SGEMM_ARGS);                                                              \
    }                                                                                                        \
    extern "C" __global__ void __launch_bounds__(256) name##_relumask(SGEMM_PARAMS, const float* maskA) {     \
        sgemm_tile<BM, BN, TM, TN, false, true>(SGEMM_ARGS, nullptr, maskA);                                 \
    }                                                                                                        \
    extern "C" __global__ void __launch_bounds__(256) name##_rowsum(SGEMM_ROWSUM_PARAMS) {                   \
        sgemm_tile<BM, BN, TM, TN, true>(SGEMM_ROWSUM_ARGS);                                                 \
    }                                                                                                        \
    extern "C" __global__ void __launch_bounds__(256) name##_rowsum_relumask(SGEMM_ROWSUM_PARAMS,            \
                                                                             const float* maskA) {           \
        sgemm_tile<BM, BN, TM, TN, true, true>(SGEMM_ROWSUM_ARGS, maskA);                                    \
    }
SGEMM_ENTRIES(sgemm_128x128, 128, 128, 8, 8)
SGEMM_ENTRIES(sgemm_64x64, 64, 64, 4, 4)
SGEMM_ENTRIES(sgemm_32x32, 32, 32, 2, 2)

// C_b = alpha · Σ_s work[b, s] + beta · C_b, summing the splits in order, then the epilogue.
extern "C" __global__ void gemm_splitk_reduce(int m, int n, int splits, int batch, const float* __restrict__ work,
                                              float alpha, float beta, float* C, int ldc, i64 strideC,
                                              const float* __restrict__ bias, int relu) {
    unsigned mn = (unsigned) m * n, total = mn * batch;  // work holds splits·batch·m·n < 2^31 floats
    GRID_STRIDE(e, total) {
        unsigned b = e / mn, rc = e - b * mn;
        unsigned r = rc / (unsigned) n, c = rc - r * n;
        splitk_finish(work + (i64) b * splits * mn + rc, mn, splits, alpha, beta, C + b * strideC + (i64) r * ldc + c, bias,
                      (int) c, relu);
    }
}
