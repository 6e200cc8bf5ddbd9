// The recurrent cells (SequenceKernels), one thread per (row, hidden unit): CpuSequence's formulas. Tensors
// are contiguous [B, k·H] blocks except out/gOut, rows of the output sequence `os`/`gs` floats apart; a row
// with t >= len[b] is padding (state passes through, output 0, gradients pass straight back).
#pragma once
#include "common.cuh"

__device__ __forceinline__ bool seq_live(const i64* len, int b, int t) {
    return !len || t < len[b];
}

// On a padded row (t past its length) the state passes through and the output is 0: true, and done. False on a live row.
__device__ __forceinline__ bool seq_padded(const i64* len, int b, int t, int i, int j, const float* hPrev, float* hNext, float* out, int os) {
    if (seq_live(len, b, t)) return false;
    hNext[i] = hPrev[i];
    if (out) out[(i64) b * os + j] = 0.f;
    return true;
}

__device__ __forceinline__ float seq_sigmoid(float x) {
    return 1.f / (1.f + expf(-x));
}

extern "C" __global__ void rnn_cell(int relu, const float* __restrict__ gates, const float* __restrict__ hPrev, float* __restrict__ hNext,
                                    float* __restrict__ out, int os, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        if (seq_padded(len, b, t, i, j, hPrev, hNext, out, os)) continue;
        float x = gates[i];
        float y = relu ? jmax(x, 0.f) : tanhf(x);
        hNext[i] = y;
        if (out) out[(i64) b * os + j] = y;
    }
}

// gh (in/out): the gradient of hNext from later steps; gOut (may be null) adds the output's; gh leaves as 0
// on live rows (the recurrent GEMM carries the rest) and unchanged on padding.
extern "C" __global__ void rnn_cell_bwd(int relu, const float* __restrict__ hNext, float* __restrict__ gh, const float* __restrict__ gOut,
                                        int gs, float* __restrict__ dGates, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        if (!seq_live(len, b, t)) {
            dGates[i] = 0.f;
            continue;
        }
        float g = gh[i] + (gOut ? gOut[(i64) b * gs + j] : 0.f);
        float y = hNext[i];
        dGates[i] = relu ? (y <= 0.f ? 0.f : g) : g * (1.f - y * y);  // a NaN passes g, as threshold_backward
        gh[i] = 0.f;
    }
}

// gates [B, 4H] (i, f, g, o) in: pre-activations; out: activations.
// One unit of the LSTM: g (g[0], g[H], g[2H], g[3H]) holds the i, f, g, o pre-activations and leaves holding the gates;
// the new cell state and its tanh go to *cell and *th. Returns the new state. lstm_cell's and lstm_steps's.
__device__ __forceinline__ float lstm_unit(float* g, int H, float cPrev, float* cell, float* th) {
    float ig = seq_sigmoid(g[0]), fg = seq_sigmoid(g[H]), cg = tanhf(g[2 * H]), og = seq_sigmoid(g[3 * H]);
    g[0] = ig;
    g[H] = fg;
    g[2 * H] = cg;
    g[3 * H] = og;
    float c = fg * cPrev + ig * cg;
    float t = tanhf(c);
    *cell = c;
    *th = t;
    return og * t;
}

// Backward of lstm_unit for state gradient dh and cell gradient *gc (leaves as the previous cell's, dc·f): the
// pre-activations' gradients into d (d[0], d[H], d[2H], d[3H]).
__device__ __forceinline__ void lstm_unit_bwd(const float* g, float cPrev, float th, float dh, float* gc, int H, float* d) {
    float ig = g[0], fg = g[H], cg = g[2 * H], og = g[3 * H];
    float dc = *gc + dh * og * (1.f - th * th);
    d[0] = dc * cg * ig * (1.f - ig);
    d[H] = dc * cPrev * fg * (1.f - fg);
    d[2 * H] = dc * ig * (1.f - cg * cg);
    d[3 * H] = dh * th * og * (1.f - og);
    *gc = dc * fg;
}

extern "C" __global__ void lstm_cell(float* __restrict__ gates, const float* __restrict__ cPrev, const float* __restrict__ hPrev,
                                     float* __restrict__ cNext, float* __restrict__ hNext, float* __restrict__ tanhC, float* __restrict__ out,
                                     int os, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        if (seq_padded(len, b, t, i, j, hPrev, hNext, out, os)) {
            cNext[i] = cPrev[i];
            continue;
        }
        float hv = lstm_unit(gates + (i64) b * 4 * H + j, H, cPrev[i], &cNext[i], &tanhC[i]);
        hNext[i] = hv;
        if (out) out[(i64) b * os + j] = hv;
    }
}
extern "C" __global__ void lstm_cell_bwd(const float* __restrict__ gates, const float* __restrict__ cPrev, const float* __restrict__ tanhC,
                                         float* __restrict__ gh, float* __restrict__ gc, const float* __restrict__ gOut, int gs,
                                         float* __restrict__ dGates, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        float* d = dGates + (i64) b * 4 * H + j;
        if (!seq_live(len, b, t)) {
            d[0] = d[H] = d[2 * H] = d[3 * H] = 0.f;
            continue;
        }
        float dh = gh[i] + (gOut ? gOut[(i64) b * gs + j] : 0.f);
        lstm_unit_bwd(gates + (i64) b * 4 * H + j, cPrev[i], tanhC[i], dh, &gc[i], H, d);
        gh[i] = 0.f;
    }
}

// One unit of PyTorch's GRU: r, z, n gates from the input part x (x[0], x[H], x[2H]: xg at the unit) and the recurrent
// part pr, pz, pn (hg's), b_hn (bhh's third block, bhh may be null) inside the reset product; s (s[0], s[H], s[2H], s[3H])
// receives r, z, n and hg_n + b_hn. Returns the new state. gru_cell's and gru_steps's.
__device__ __forceinline__ float gru_unit(const float* x, float pr, float pz, float pn, const float* bhh, int j, int H, float hPrev,
                                          float* s) {
    float ar = x[0] + pr, az = x[H] + pz, hn = pn;
    if (bhh) {
        ar += bhh[j];
        az += bhh[H + j];
        hn += bhh[2 * H + j];
    }
    float rv = seq_sigmoid(ar), zv = seq_sigmoid(az);
    float nv = tanhf(x[2 * H] + rv * hn);
    s[0] = rv;
    s[H] = zv;
    s[2 * H] = nv;
    s[3 * H] = hn;
    return nv + zv * (hPrev - nv);
}

// Backward of gru_unit for state gradient g: the gradients of the r, z and n pre-activations (dxg's; hg's n block is
// dn·r), written to dx (dx[0], dx[H], dx[2H]) and dr (likewise); returns g·z, the state's direct path.
__device__ __forceinline__ float gru_unit_bwd(const float* s, float hPrev, float g, int H, float* dx, float* dr) {
    float rv = s[0], zv = s[H], nv = s[2 * H], hn = s[3 * H];
    float dn = g * (1.f - zv) * (1.f - nv * nv);
    float dz = g * (hPrev - nv) * zv * (1.f - zv);
    float drv = dn * hn * rv * (1.f - rv);
    dx[0] = drv;
    dr[0] = drv;
    dx[H] = dz;
    dr[H] = dz;
    dx[2 * H] = dn;
    dr[2 * H] = dn * rv;
    return g * zv;
}

// saved [B, 4H] receives r, z, n and hg_n + b_hn (gru_unit).
extern "C" __global__ void gru_cell(const float* __restrict__ xg, const float* __restrict__ hg, const float* __restrict__ bhh,
                                    const float* __restrict__ hPrev, float* __restrict__ hNext, float* __restrict__ saved, float* __restrict__ out,
                                    int os, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        if (seq_padded(len, b, t, i, j, hPrev, hNext, out, os)) continue;
        const float* r = hg + (i64) b * 3 * H + j;
        float hv = gru_unit(xg + (i64) b * 3 * H + j, r[0], r[H], r[2 * H], bhh, j, H, hPrev[i], saved + (i64) b * 4 * H + j);
        hNext[i] = hv;
        if (out) out[(i64) b * os + j] = hv;
    }
}

// dxg and dhg [B, 3H]: the gradients of xg and hg (the n block differs by the factor r); gh leaves as gh·z.
extern "C" __global__ void gru_cell_bwd(const float* __restrict__ saved, const float* __restrict__ hPrev, float* __restrict__ gh,
                                        const float* __restrict__ gOut, int gs, float* __restrict__ dxg, float* __restrict__ dhg,
                                        const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        float *dx = dxg + (i64) b * 3 * H + j, *dr = dhg + (i64) b * 3 * H + j;
        if (!seq_live(len, b, t)) {
            dx[0] = dx[H] = dx[2 * H] = 0.f;
            dr[0] = dr[H] = dr[2 * H] = 0.f;
            continue;
        }
        float g = gh[i] + (gOut ? gOut[(i64) b * gs + j] : 0.f);
        gh[i] = gru_unit_bwd(saved + (i64) b * 4 * H + j, hPrev[i], g, H, dx, dr);
    }
}

// Unit j's NG gate sums of the recurrent product h·W_hhᵀ (whhT [H, NG·H], h in shared memory), each over k in order
// with fmaf from zero, as the unsplit SGEMM sums them (gru_steps, lstm_steps).
template <int NG>
__device__ __forceinline__ void seq_recurrent_product(const float* hs, const float* __restrict__ whhT, int j, int H, float* p) {
    const float* w = whhT + j;
#pragma unroll 4
    for (int k = 0; k < H; k++, w += NG * H) {
        float h = hs[k];
#pragma unroll
        for (int q = 0; q < NG; q++) p[q] = fmaf(h, w[q * H], p[q]);
    }
}

// GRU steps s0..s1-1 (processing order) of one direction in one launch, a block per batch row b (rows never meet, so
// no block waits for another): each step's recurrent product h·W_hhᵀ is summed in the block, each unit's three sums
// over k in order with fmaf from zero, as the unsplit SGEMM sums them, then gru_cell's formulas. Buffers as Recurrent
// lays them out: gates [T, B, 3H] (x·W_ihᵀ + b_ih), whhT [H, 3H], hAll [T + 1, B, H] (step t reads slot t, writes
// t + 1; reversed: reads t + 1, writes t), cache [T, B, 4H], out rows os floats apart and time steps outT apart. With
// zeroState, the first step's product is zero (no initial state), as the caller's fill.
#define SEQ_MAX_H 1024
extern "C" __global__ void gru_steps(const float* __restrict__ gates, const float* __restrict__ whhT, const float* __restrict__ bhh,
                                     float* hAll, float* __restrict__ cache, float* __restrict__ out, i64 outT, int os,
                                     const i64* __restrict__ len, int s0, int s1, int steps, int reverse, int zeroState, int B, int H) {
    __shared__ float hs[SEQ_MAX_H];
    const int b = blockIdx.x;
    for (int s = s0; s < s1; s++) {
        const int t = reverse ? steps - 1 - s : s, prev = reverse ? t + 1 : t, next = reverse ? t : t + 1;
        const float* hPrev = hAll + ((i64) prev * B + b) * H;
        float* hNext = hAll + ((i64) next * B + b) * H;
        float* o = out ? out + (i64) t * outT + (i64) b * os : nullptr;
        for (int j = threadIdx.x; j < H; j += blockDim.x) hs[j] = hPrev[j];
        __syncthreads();
        const bool recur = s > 0 || !zeroState, live = seq_live(len, b, t);
        for (int j = threadIdx.x; j < H; j += blockDim.x) {
            if (!live) {
                hNext[j] = hs[j];
                if (o) o[j] = 0.f;
                continue;
            }
            float p[3] = {0.f, 0.f, 0.f};
            if (recur) seq_recurrent_product<3>(hs, whhT, j, H, p);
            float hv = gru_unit(gates + ((i64) t * B + b) * 3 * H + j, p[0], p[1], p[2], bhh, j, H, hs[j],
                                cache + ((i64) t * B + b) * 4 * H + j);
            hNext[j] = hv;
            if (o) o[j] = hv;
        }
        __syncthreads();
    }
}

// A block's row of the state's gradient through the recurrent product: d[k] += Σ_q ds[q]·whh[q, k] (whh [G, H]), each
// sum over q in order with fmaf from zero, then + d[k], as the unsplit SGEMM with beta = 1 (gru_steps_bwd, lstm_steps_bwd).
__device__ __forceinline__ void seq_state_grad(const float* ds, const float* __restrict__ whh, int G, int H, float* d) {
    for (int k = threadIdx.x; k < H; k += blockDim.x) {
        float acc = 0.f;
        const float* w = whh + k;
#pragma unroll 4
        for (int q = 0; q < G; q++, w += H) acc = fmaf(ds[q], *w, acc);
        d[k] = acc + d[k];
    }
}

// Backward of gru_steps for processing indices i0..i1-1 (step s = steps - 1 - i): gru_cell_bwd's formulas, then the
// state's gradient through the recurrent product, dh += dHG_t·W_hh (whh [3H, H]; each sum over q in order with fmaf
// from zero, then + dh, as the unsplit SGEMM with beta = 1), skipped for the first step (s = 0) unless the initial
// state needs its gradient. dh [B, H] carries the state's gradient in place; gOut rows gs apart, steps gT apart.
extern "C" __global__ void gru_steps_bwd(const float* __restrict__ cache, const float* __restrict__ hAll, float* __restrict__ dh,
                                         const float* __restrict__ gOut, i64 gT, int gs, float* __restrict__ dG, float* __restrict__ dHG,
                                         const float* __restrict__ whh, const i64* __restrict__ len, int i0, int i1, int steps,
                                         int reverse, int needH0, int B, int H) {
    __shared__ float ds[3 * SEQ_MAX_H];
    const int b = blockIdx.x;
    float* d = dh + (i64) b * H;
    for (int i = i0; i < i1; i++) {
        const int s = steps - 1 - i, t = reverse ? steps - 1 - s : s, prev = reverse ? t + 1 : t;
        const bool live = seq_live(len, b, t);
        const float* hPrev = hAll + ((i64) prev * B + b) * H;
        const float* go = gOut ? gOut + (i64) t * gT + (i64) b * gs : nullptr;
        float* dx = dG + ((i64) t * B + b) * 3 * H;
        float* dr = dHG + ((i64) t * B + b) * 3 * H;
        for (int j = threadIdx.x; j < H; j += blockDim.x) {
            if (!live) {
                dx[j] = dx[H + j] = dx[2 * H + j] = 0.f;
                dr[j] = dr[H + j] = dr[2 * H + j] = 0.f;
                ds[j] = ds[H + j] = ds[2 * H + j] = 0.f;
                continue;
            }
            float g = d[j] + (go ? go[j] : 0.f);
            d[j] = gru_unit_bwd(cache + ((i64) t * B + b) * 4 * H + j, hPrev[j], g, H, dx + j, dr + j);
            ds[j] = dr[j];
            ds[H + j] = dr[H + j];
            ds[2 * H + j] = dr[2 * H + j];
        }
        __syncthreads();
        if (s > 0 || needH0) seq_state_grad(ds, whh, 3 * H, H, d);
        __syncthreads();
    }
}

// LSTM steps s0..s1-1 of one direction in one launch, a block per batch row, as gru_steps: each step's recurrent
// product summed in the block into the step's gates (the SGEMM's beta = 1: product + gates), then lstm_cell's formulas.
// gates [T, B, 4H] (x·W_ihᵀ + both biases; left holding the gates), whhT [H, 4H], hAll and cAll [T + 1, B, H], tanhC
// [T, B, H].
extern "C" __global__ void lstm_steps(float* __restrict__ gates, const float* __restrict__ whhT, float* hAll, float* cAll,
                                      float* __restrict__ tanhC, float* __restrict__ out, i64 outT, int os, const i64* __restrict__ len,
                                      int s0, int s1, int steps, int reverse, int zeroState, int B, int H) {
    __shared__ float hs[SEQ_MAX_H];
    const int b = blockIdx.x;
    for (int s = s0; s < s1; s++) {
        const int t = reverse ? steps - 1 - s : s, prev = reverse ? t + 1 : t, next = reverse ? t : t + 1;
        const i64 rowPrev = ((i64) prev * B + b) * H, rowNext = ((i64) next * B + b) * H, rowT = ((i64) t * B + b) * H;
        float* o = out ? out + (i64) t * outT + (i64) b * os : nullptr;
        for (int j = threadIdx.x; j < H; j += blockDim.x) hs[j] = hAll[rowPrev + j];
        __syncthreads();
        const bool recur = s > 0 || !zeroState, live = seq_live(len, b, t);
        for (int j = threadIdx.x; j < H; j += blockDim.x) {
            if (!live) {
                hAll[rowNext + j] = hs[j];
                cAll[rowNext + j] = cAll[rowPrev + j];
                if (o) o[j] = 0.f;
                continue;
            }
            float* g = gates + rowT * 4 + j;
            if (recur) {
                float p[4] = {0.f, 0.f, 0.f, 0.f};
                seq_recurrent_product<4>(hs, whhT, j, H, p);
#pragma unroll
                for (int q = 0; q < 4; q++) g[q * H] = p[q] + g[q * H];
            }
            float hv = lstm_unit(g, H, cAll[rowPrev + j], &cAll[rowNext + j], &tanhC[rowT + j]);
            hAll[rowNext + j] = hv;
            if (o) o[j] = hv;
        }
        __syncthreads();
    }
}

// Backward of lstm_steps for processing indices i0..i1-1 (step s = steps - 1 - i): lstm_cell_bwd's formulas into dG
// [T, B, 4H], with dh and dc [B, H] carried in place, then dh = dG_t·W_hh (whh [4H, H]; the SGEMM's sums, + dh, which
// the cell left 0 on a live row), skipped for the first step unless the initial state needs its gradient.
extern "C" __global__ void lstm_steps_bwd(const float* __restrict__ gates, const float* __restrict__ cAll, const float* __restrict__ tanhC,
                                          float* __restrict__ dh, float* __restrict__ dc, const float* __restrict__ gOut, i64 gT, int gs,
                                          float* __restrict__ dG, const float* __restrict__ whh, const i64* __restrict__ len, int i0, int i1,
                                          int steps, int reverse, int needH0, int B, int H) {
    __shared__ float ds[4 * SEQ_MAX_H];
    const int b = blockIdx.x;
    float *dhr = dh + (i64) b * H, *dcr = dc + (i64) b * H;
    for (int i = i0; i < i1; i++) {
        const int s = steps - 1 - i, t = reverse ? steps - 1 - s : s, prev = reverse ? t + 1 : t;
        const bool live = seq_live(len, b, t);
        const i64 rowT = ((i64) t * B + b) * H;
        const float* go = gOut ? gOut + (i64) t * gT + (i64) b * gs : nullptr;
        float* d = dG + rowT * 4;
        for (int j = threadIdx.x; j < H; j += blockDim.x) {
            if (!live) {
                d[j] = d[H + j] = d[2 * H + j] = d[3 * H + j] = 0.f;
                ds[j] = ds[H + j] = ds[2 * H + j] = ds[3 * H + j] = 0.f;
                continue;
            }
            float g = dhr[j] + (go ? go[j] : 0.f);
            lstm_unit_bwd(gates + rowT * 4 + j, cAll[((i64) prev * B + b) * H + j], tanhC[rowT + j], g, &dcr[j], H, d + j);
            dhr[j] = 0.f;
            ds[j] = d[j];
            ds[H + j] = d[H + j];
            ds[2 * H + j] = d[2 * H + j];
            ds[3 * H + j] = d[3 * H + j];
        }
        __syncthreads();
        if (s > 0 || needH0) seq_state_grad(ds, whh, 4 * H, H, dhr);
        __syncthreads();
    }
}
