// Reductions and softmax over the middle axis of [outer, r, inner], and the scatter that undoes max/min.
// Sums accumulate in double (at least as accurate as the CPU's); max/min report the first extreme, and a NaN
// wins over any number (the first NaN), like PyTorch.
#pragma once
#include "common.cuh"

enum { R_SUM, R_MEAN, R_MAX, R_MIN };

// Whether candidate (v, i) beats the current best (bv, bi); bi < 0 means "nothing yet".
__device__ __forceinline__ bool arg_better(int isMax, float v, int i, float bv, int bi) {
    if (i < 0) return false;
    if (bi < 0) return true;
    bool vn = v != v, bn = bv != bv;
    if (vn || bn) return vn && bn ? i < bi : vn;
    if (v == bv) return i < bi;
    return isMax ? v > bv : v < bv;
}

__device__ __forceinline__ void warp_arg(int isMax, float& bv, int& bi) {
    for (int o = 16; o > 0; o >>= 1) {
        float v = __shfl_xor_sync(0xffffffffu, bv, o);
        int i = __shfl_xor_sync(0xffffffffu, bi, o);
        if (arg_better(isMax, v, i, bv, bi)) {
            bv = v;
            bi = i;
        }
    }
}

__device__ __forceinline__ void write_reduced(int op, double s, int r, float bv, int bi, float* out, i64* idx, int at) {
    if (op == R_SUM) out[at] = (float) s;
    else if (op == R_MEAN) out[at] = (float) (s / r);
    else {
        out[at] = bv;
        if (idx) idx[at] = bi;
    }
}

// inner == 1: one warp per row.
extern "C" __global__ void reduce_rows(int op, const float* __restrict__ x, int outer, int r, float* out, i64* idx) {
    int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    int isMax = op == R_MAX;
    for (int row = blockIdx.x * warps + (threadIdx.x >> 5); row < outer; row += gridDim.x * warps) {
        const float* p = x + row * r;
        double s = 0;
        float bv = 0.f;
        int bi = -1;
        if (op <= R_MEAN) {
            for (int j = lane; j < r; j += 32) s += p[j];
            s = warp_sum(s);
        } else {
            for (int j = lane; j < r; j += 32) {
                float v = p[j];
                if (arg_better(isMax, v, j, bv, bi)) { bv = v; bi = j; }
            }
            warp_arg(isMax, bv, bi);
        }
        if (lane == 0) write_reduced(op, s, r, bv, bi, out, idx, row);
    }
}

// inner == 1 with long rows and few of them (a full reduction): one block of up to 1024 threads per row.
extern "C" __global__ void reduce_rows_block(int op, const float* __restrict__ x, int outer, int r, float* out, i64* idx) {
    __shared__ double ss[32];
    __shared__ float sv[32];
    __shared__ int si[32];
    int lane = threadIdx.x & 31, wid = threadIdx.x >> 5, warps = blockDim.x >> 5;
    int isMax = op == R_MAX;
    for (int row = blockIdx.x; row < outer; row += gridDim.x) {
        const float* p = x + row * r;
        double s = 0;
        float bv = 0.f;
        int bi = -1;
        if (op <= R_MEAN) {
            for (int j = threadIdx.x; j < r; j += blockDim.x) s += p[j];
            s = warp_sum(s);
            if (lane == 0) ss[wid] = s;
        } else {
            for (int j = threadIdx.x; j < r; j += blockDim.x) {
                float v = p[j];
                if (arg_better(isMax, v, j, bv, bi)) { bv = v; bi = j; }
            }
            warp_arg(isMax, bv, bi);
            if (lane == 0) { sv[wid] = bv; si[wid] = bi; }
        }
        __syncthreads();
        if (wid == 0) {
            s = lane < warps ? ss[lane] : 0.0;
            bv = lane < warps ? sv[lane] : 0.f;
            bi = lane < warps ? si[lane] : -1;
            if (op <= R_MEAN) s = warp_sum(s);
            else warp_arg(isMax, bv, bi);
            if (lane == 0) write_reduced(op, s, r, bv, bi, out, idx, row);
        }
        __syncthreads();
    }
}

// inner > 1: blocks of 32 x 8 threads; x walks the inner axis (coalesced), y splits r into 8 interleaved parts.
extern "C" __global__ void reduce_cols(int op, const float* __restrict__ x, int outer, int r, int inner, float* out, i64* idx) {
    __shared__ double ss[8][32];
    __shared__ float sv[8][32];
    __shared__ int si[8][32];
    int tx = threadIdx.x, ty = threadIdx.y;
    int i = blockIdx.x * 32 + tx;
    int isMax = op == R_MAX;
    for (int o = blockIdx.y; o < outer; o += gridDim.y) {
        const float* p = x + o * r * inner + i;
        double s = 0;
        float bv = 0.f;
        int bi = -1;
        if (i < inner) {
            if (op <= R_MEAN) {
                for (int j = ty; j < r; j += 8) s += p[j * inner];
            } else {
                for (int j = ty; j < r; j += 8) {
                    float v = p[j * inner];
                    if (arg_better(isMax, v, j, bv, bi)) { bv = v; bi = j; }
                }
            }
        }
        ss[ty][tx] = s;
        sv[ty][tx] = bv;
        si[ty][tx] = bi;
        __syncthreads();
        if (ty == 0 && i < inner) {
            for (int y = 1; y < 8; y++) {
                s += ss[y][tx];
                if (arg_better(isMax, sv[y][tx], si[y][tx], bv, bi)) { bv = sv[y][tx]; bi = si[y][tx]; }
            }
            write_reduced(op, s, r, bv, bi, out, idx, o * inner + i);
        }
        __syncthreads();
    }
}

// gx (already zeroed) [o, idx[o,i], i] = gy[o, i].
extern "C" __global__ void scatter_reduced(const float* gy, const i64* idx, int outer, int r, int inner, float* gx) {
    int n = outer * inner;
    GRID_STRIDE(k, n) {
        unsigned o = k / (unsigned) inner, i = k - o * inner;
        i64 j = idx[k];
        if (j >= 0 && j < r) gx[(o * r + (unsigned) j) * inner + i] = gy[k];
    }
}

// ---------------------------------------------------------------- softmax over r

// A row's max and Σ exp(x − max), by one warp (every lane gets both).
__device__ __forceinline__ void warp_row_max_sum(const float* p, int r, int lane, float& mx, float& sum) {
    mx = -INFINITY;
    for (int j = lane; j < r; j += 32) mx = fmaxf(mx, p[j]);
    mx = warp_maxf(mx);
    sum = 0.f;
    for (int j = lane; j < r; j += 32) sum += expf(p[j] - mx);
    sum = warp_sumf(sum);
}

// inner == 1: one warp per row.
extern "C" __global__ void softmax_rows(int logOut, const float* __restrict__ x, float* y, int outer, int r) {
    int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    for (int row = blockIdx.x * warps + (threadIdx.x >> 5); row < outer; row += gridDim.x * warps) {
        const float* p = x + row * r;
        float* q = y + row * r;
        float mx, sum;
        warp_row_max_sum(p, r, lane, mx, sum);
        if (logOut) {
            float lse = logf(sum);
            for (int j = lane; j < r; j += 32) q[j] = p[j] - mx - lse;
        } else {
            float inv = 1.f / sum;
            for (int j = lane; j < r; j += 32) q[j] = expf(p[j] - mx) * inv;
        }
    }
}

// inner > 1: one thread per (o, i) column, coalesced across i.
extern "C" __global__ void softmax_cols(int logOut, const float* __restrict__ x, float* y, int outer, int r, int inner) {
    int n = outer * inner;
    GRID_STRIDE(t, n) {
        unsigned o = t / (unsigned) inner, i = t - o * inner;
        const float* p = x + o * r * inner + i;
        float* q = y + o * r * inner + i;
        float mx = -INFINITY;
        for (int j = 0; j < r; j++) mx = fmaxf(mx, p[j * inner]);
        float sum = 0.f;
        for (int j = 0; j < r; j++) sum += expf(p[j * inner] - mx);
        if (logOut) {
            float lse = logf(sum);
            for (int j = 0; j < r; j++) q[j * inner] = p[j * inner] - mx - lse;
        } else {
            float inv = 1.f / sum;
            for (int j = 0; j < r; j++) q[j * inner] = expf(p[j * inner] - mx) * inv;
        }
    }
}

// log: gx = gy - exp(y)·Σgy; softmax: gx = y·(gy - Σ gy·y).
extern "C" __global__ void softmax_bwd_rows(int logOut, const float* y, const float* gy, float* gx, int outer, int r) {
    int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    for (int row = blockIdx.x * warps + (threadIdx.x >> 5); row < outer; row += gridDim.x * warps) {
        const float* py = y + row * r;
        const float* pg = gy + row * r;
        float* q = gx + row * r;
        float s = 0.f;
        for (int j = lane; j < r; j += 32) s += logOut ? pg[j] : pg[j] * py[j];
        s = warp_sumf(s);
        for (int j = lane; j < r; j += 32) q[j] = logOut ? pg[j] - expf(py[j]) * s : py[j] * (pg[j] - s);
    }
}

extern "C" __global__ void softmax_bwd_cols(int logOut, const float* y, const float* gy, float* gx, int outer, int r, int inner) {
    int n = outer * inner;
    GRID_STRIDE(t, n) {
        unsigned o = t / (unsigned) inner, i = t - o * inner;
        unsigned base = o * r * inner + i;
        float s = 0.f;
        for (int j = 0; j < r; j++) {
            unsigned k = base + j * inner;
            s += logOut ? gy[k] : gy[k] * y[k];
        }
        for (int j = 0; j < r; j++) {
            unsigned k = base + j * inner;
            gx[k] = logOut ? gy[k] - expf(y[k]) * s : y[k] * (gy[k] - s);
        }
    }
}

// ---------------------------------------------------------------- fused cross entropy (Backend.crossEntropy)

// One block of 1024 threads: warp w takes rows w, w + 32, ...; per row the max, Σ exp in float (as softmax_rows),
// lse = max + log Σ, and lse − x[t] added in double, per warp in row order; the warps' sums are added in warp order,
// so the loss is the same from run to run. Targets are known to lie in [0, c) (the host checked their bounds).
// With gxOne (null: none), the warp also writes the gradient for a loss gradient of exactly 1, cross_entropy_bwd's
// with g = 1 (the same operations: coef = 1 · scale is scale), so a backward from Tensor.backward() needs no launch.
__device__ __forceinline__ float cross_entropy_grad(float x, float lse, bool target, float coef) {
    float p = expf(x - lse);
    return (target ? p - 1.f : p) * coef;
}

extern "C" __global__ void cross_entropy_fwd(const float* __restrict__ x, const i64* __restrict__ t, int n, int c, float scale,
                                             float* __restrict__ lse, float* __restrict__ loss, float* __restrict__ gxOne) {
    __shared__ double part[32];
    int lane = threadIdx.x & 31, w = threadIdx.x >> 5, warps = blockDim.x >> 5;
    double acc = 0;
    for (int row = w; row < n; row += warps) {
        const float* p = x + (i64) row * c;
        float mx, sum;
        warp_row_max_sum(p, c, lane, mx, sum);
        float l = mx + logf(sum);
        if (gxOne) {
            i64 target = t[row];
            for (int j = lane; j < c; j += 32) gxOne[(i64) row * c + j] = cross_entropy_grad(p[j], l, j == target, scale);
        }
        if (lane == 0) {
            lse[row] = l;
            acc += (double) (l - p[t[row]]);
        }
    }
    if (lane == 0) part[w] = acc;
    __syncthreads();
    if (threadIdx.x == 0) {
        double s = 0;
        for (int i = 0; i < warps; i++) s += part[i];
        *loss = (float) s * scale;
    }
}

// gx = (softmax(x) − onehot(t)) · g · scale, g the loss's gradient (a device scalar: nothing is read back).
extern "C" __global__ void cross_entropy_bwd(const float* __restrict__ x, const i64* __restrict__ t, const float* __restrict__ lse,
                                             const float* __restrict__ g, int n, int c, float scale, float* __restrict__ gx) {
    float coef = g[0] * scale;
    unsigned total = (unsigned) n * (unsigned) c;
    GRID_STRIDE(e, total) {
        unsigned i = e / (unsigned) c, j = e - i * (unsigned) c;
        gx[e] = cross_entropy_grad(x[e], lse[i], j == (unsigned) t[i], coef);
    }
}
