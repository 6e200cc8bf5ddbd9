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
        dGates[i] = relu ? (y > 0.f ? g : 0.f) : g * (1.f - y * y);
        gh[i] = 0.f;
    }
}

// gates [B, 4H] (i, f, g, o) in: pre-activations; out: activations.
extern "C" __global__ void lstm_cell(float* __restrict__ gates, const float* __restrict__ cPrev, const float* __restrict__ hPrev,
                                     float* __restrict__ cNext, float* __restrict__ hNext, float* __restrict__ tanhC, float* __restrict__ out,
                                     int os, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        if (seq_padded(len, b, t, i, j, hPrev, hNext, out, os)) {
            cNext[i] = cPrev[i];
            continue;
        }
        float* g = gates + (i64) b * 4 * H + j;
        float ig = seq_sigmoid(g[0]), fg = seq_sigmoid(g[H]), cg = tanhf(g[2 * H]), og = seq_sigmoid(g[3 * H]);
        g[0] = ig;
        g[H] = fg;
        g[2 * H] = cg;
        g[3 * H] = og;
        float cell = fg * cPrev[i] + ig * cg;
        float th = tanhf(cell);
        float hv = og * th;
        cNext[i] = cell;
        tanhC[i] = th;
        hNext[i] = hv;
        if (out) out[(i64) b * os + j] = hv;
    }
}

// gc (in/out): the gradient of cNext in, of cPrev out; dGates [B, 4H] the pre-activations' gradient.
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
        const float* g = gates + (i64) b * 4 * H + j;
        float dh = gh[i] + (gOut ? gOut[(i64) b * gs + j] : 0.f);
        float ig = g[0], fg = g[H], cg = g[2 * H], og = g[3 * H], th = tanhC[i];
        float dc = gc[i] + dh * og * (1.f - th * th);
        d[0] = dc * cg * ig * (1.f - ig);
        d[H] = dc * cPrev[i] * fg * (1.f - fg);
        d[2 * H] = dc * ig * (1.f - cg * cg);
        d[3 * H] = dh * th * og * (1.f - og);
        gc[i] = dc * fg;
        gh[i] = 0.f;
    }
}

// PyTorch's GRU: r, z, n gates; b_hn (bhh's third block, may be null) inside the reset product.
// saved [B, 4H] receives r, z, n and hg_n + b_hn.
extern "C" __global__ void gru_cell(const float* __restrict__ xg, const float* __restrict__ hg, const float* __restrict__ bhh,
                                    const float* __restrict__ hPrev, float* __restrict__ hNext, float* __restrict__ saved, float* __restrict__ out,
                                    int os, const i64* __restrict__ len, int t, int B, int H) {
    GRID_STRIDE(i, B * H) {
        int b = (int) (i / (unsigned) H), j = (int) (i % (unsigned) H);
        if (seq_padded(len, b, t, i, j, hPrev, hNext, out, os)) continue;
        const float *x = xg + (i64) b * 3 * H + j, *r = hg + (i64) b * 3 * H + j;
        float ar = x[0] + r[0], az = x[H] + r[H], hn = r[2 * H];
        if (bhh) {
            ar += bhh[j];
            az += bhh[H + j];
            hn += bhh[2 * H + j];
        }
        float rv = seq_sigmoid(ar), zv = seq_sigmoid(az);
        float nv = tanhf(x[2 * H] + rv * hn);
        float hv = nv + zv * (hPrev[i] - nv);
        float* s = saved + (i64) b * 4 * H + j;
        s[0] = rv;
        s[H] = zv;
        s[2 * H] = nv;
        s[3 * H] = hn;
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
        const float* s = saved + (i64) b * 4 * H + j;
        float g = gh[i] + (gOut ? gOut[(i64) b * gs + j] : 0.f);
        float rv = s[0], zv = s[H], nv = s[2 * H], hn = s[3 * H];
        float dn = g * (1.f - zv) * (1.f - nv * nv);
        float dz = g * (hPrev[i] - nv) * zv * (1.f - zv);
        float drv = dn * hn * rv * (1.f - rv);
        dx[0] = drv;
        dr[0] = drv;
        dx[H] = dz;
        dr[H] = dz;
        dx[2 * H] = dn;
        dr[2 * H] = dn * rv;
        gh[i] = g * zv;
    }
}
