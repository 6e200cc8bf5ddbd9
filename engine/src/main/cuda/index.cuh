// Row lookups (embedding), per-row class picks (NLL) and their scatter-add gradients. An out-of-range index
// in a lookup is recorded in err[0] (the smallest offending position, via atomicMin) for the host to report.
#pragma once
#include "common.cuh"

// out[i, :] = table[idx[i], :]; table [V, D].
extern "C" __global__ void index_select(const float* __restrict__ table, int V, int D, const i64* __restrict__ idx,
                                        int n, float* __restrict__ out, int* err) {
    int total = n * D;
    GRID_STRIDE(e, total) {
        unsigned i = e / (unsigned) D, j = e - i * D;
        i64 row = idx[i];
        if (row < 0 || row >= V) {
            if (err) atomicMin(err, (int)i);  // err is null when the host knows the indices are in range
            out[e] = 0.f;
        } else {
            out[e] = table[(unsigned) row * D + j];
        }
    }
}

// tableGrad[idx[i], :] += grad[i, :], skipping rows whose index is skip (repeated indices add up atomically).
extern "C" __global__ void index_add(const float* __restrict__ grad, const i64* __restrict__ idx, int n, int D,
                                     float* tableGrad, int V, i64 skip) {
    int total = n * D;
    GRID_STRIDE(e, total) {
        unsigned i = e / (unsigned) D, j = e - i * D;
        i64 row = idx[i];
        if (row == skip || row < 0 || row >= V) continue;
        atomicAdd(&tableGrad[(unsigned) row * D + j], grad[e]);
    }
}

// out[i] = x[i, idx[i]] for x [rows, c]; 0 where idx[i] == skip.
extern "C" __global__ void gather_rows(const float* __restrict__ x, const i64* __restrict__ idx, int rows, int c,
                                       i64 skip, float* __restrict__ out, int* err) {
    GRID_STRIDE(i, rows) {
        i64 k = idx[i];
        if (k == skip) {
            out[i] = 0.f;
        } else if (k < 0 || k >= c) {
            if (err) atomicMin(err, (int)i);  // err is null when the host knows the indices are in range
            out[i] = 0.f;
        } else {
            out[i] = x[i * c + (unsigned) k];
        }
    }
}

// gx[i, idx[i]] += gy[i]. Each row is touched by one thread only, so a plain add is race-free.
extern "C" __global__ void scatter_add_rows(const float* __restrict__ gy, const i64* __restrict__ idx, int rows, int c,
                                            i64 skip, float* gx) {
    GRID_STRIDE(i, rows) {
        i64 k = idx[i];
        if (k == skip || k < 0 || k >= c) continue;
        gx[i * c + (unsigned) k] += gy[i];
    }
}
