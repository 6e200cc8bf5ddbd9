// Fused optimiser steps (OptimKernels). Every product and sum is rounded separately (__fmul_rn/__fadd_rn:
// no fused multiply-add) in the CPU kernels' order, so a step gives bit-identical parameters on both backends.
#pragma once
#include "common.cuh"

#define MUL __fmul_rn
#define ADD __fadd_rn
#define DIV __fdiv_rn

__device__ __forceinline__ void sgd_range(float* __restrict__ p, const float* __restrict__ g, float* buf, int n, float lr,
                                          float momentum, float dampening, float wd, int nesterov, int firstStep, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        if (wd != 0.f) gi = ADD(gi, MUL(wd, p[i]));
        if (buf) {
            float bi = firstStep ? gi : ADD(MUL(momentum, buf[i]), MUL(1.f - dampening, gi));
            buf[i] = bi;
            gi = nesterov ? ADD(gi, MUL(momentum, bi)) : bi;
        }
        p[i] = __fsub_rn(p[i], MUL(lr, gi));
    }
}

extern "C" __global__ void sgd_step(float* __restrict__ p, const float* __restrict__ g, float* buf, int n, float lr,
                                    float momentum, float dampening, float wd, int nesterov, int firstStep, int maximize) {
    sgd_range(p, g, buf, n, lr, momentum, dampening, wd, nesterov, firstStep, maximize);
}

// Up to SGD_MANY parameters of one group in one launch (PyTorch's foreach path): blockIdx.y picks the parameter, the
// x blocks stride over its elements. Passed by value (232 bytes); bit i of firstMask is parameter i's firstStep.
#define SGD_MANY 8
struct SgdMany {
    i64 p[SGD_MANY], g[SGD_MANY], buf[SGD_MANY];
    int n[SGD_MANY];
    int firstMask, count;
};

extern "C" __global__ void sgd_step_many(SgdMany t, float lr, float momentum, float dampening, float wd, int nesterov, int maximize) {
    int q = blockIdx.y;
    if (q >= t.count) return;
    sgd_range((float*) t.p[q], (const float*) t.g[q], (float*) t.buf[q], t.n[q], lr, momentum, dampening, wd, nesterov,
              (t.firstMask >> q) & 1, maximize);
}

// Whether any element of up to NONFINITE_MANY float tensors is NaN or infinite: blockIdx.y picks the tensor, the x
// blocks stride over its elements, and a block that finds one writes NaN into *flag (zero before: the caller's memset;
// every writer writes the same value). Passed by value (104 bytes).
#define NONFINITE_MANY 8
struct NonFiniteMany {
    i64 p[NONFINITE_MANY];
    int n[NONFINITE_MANY];
    int count;
};

extern "C" __global__ void nonfinite_many(NonFiniteMany t, float* flag) {
    int q = blockIdx.y;
    if (q >= t.count) return;
    const float* p = (const float*) t.p[q];
    int bad = 0;
    GRID_STRIDE(i, t.n[q]) bad |= !(fabsf(p[i]) <= 3.402823466e38f);  // NaN compares false
    if (bad) *flag = __int_as_float(0x7fc00000);
}

// stepSize = lr / bc1, bc2Sqrt = sqrt(bc2) and decay = 1 - lr·wd are computed on the host exactly as the CPU does.
__device__ __forceinline__ void adam_range(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                           float* __restrict__ v, float* vmax, int n, float beta1, float beta2, float eps,
                                           float wd, int decoupled, float stepSize, float bc2Sqrt, float decay, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        float pi = p[i];
        if (decoupled) pi = MUL(pi, decay);
        else if (wd != 0.f) gi = ADD(gi, MUL(wd, pi));
        float mi = ADD(MUL(m[i], beta1), MUL(gi, 1.f - beta1));
        float vi = ADD(MUL(v[i], beta2), MUL(MUL(1.f - beta2, gi), gi));
        m[i] = mi;
        v[i] = vi;
        float vUse = vi;
        if (vmax) {
            vUse = jmax(vmax[i], vi);
            vmax[i] = vUse;
        }
        float denom = ADD(DIV(__fsqrt_rn(vUse), bc2Sqrt), eps);
        p[i] = ADD(pi, MUL(-stepSize, DIV(mi, denom)));
    }
}

extern "C" __global__ void adam_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                     float* __restrict__ v, float* vmax, int n, float beta1, float beta2, float eps,
                                     float wd, int decoupled, float stepSize, float bc2Sqrt, float decay, int maximize) {
    adam_range(p, g, m, v, vmax, n, beta1, beta2, eps, wd, decoupled, stepSize, bc2Sqrt, decay, maximize);
}

// Up to ADAM_MANY parameters of one group in one launch, as sgd_step_many; each keeps its own step's scalars (a
// parameter that missed a step has another count). Two structs, each within a kernel argument's 256 bytes.
#define ADAM_MANY 8
struct AdamTensors {
    i64 p[ADAM_MANY], g[ADAM_MANY], m[ADAM_MANY];
};
struct AdamState {
    i64 v[ADAM_MANY], vmax[ADAM_MANY];
    int n[ADAM_MANY];
    float stepSize[ADAM_MANY], bc2Sqrt[ADAM_MANY];
    int count;
};

extern "C" __global__ void adam_step_many(AdamTensors t, AdamState s, float beta1, float beta2, float eps, float wd, int decoupled,
                                          float decay, int maximize) {
    int q = blockIdx.y;
    if (q >= s.count) return;
    adam_range((float*) t.p[q], (const float*) t.g[q], (float*) t.m[q], (float*) s.v[q], (float*) s.vmax[q], s.n[q], beta1, beta2,
               eps, wd, decoupled, s.stepSize[q], s.bc2Sqrt[q], decay, maximize);
}

// squareAvg = α·sq + (1-α)·g²; centered (gradAvg): avg = sqrt(sq - ga²) + eps; momentum (buf): buf = m·buf + g/avg.
extern "C" __global__ void rmsprop_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ sq,
                                        float* gradAvg, float* buf, int n, float lr, float alpha, float oneMinusAlpha,
                                        float eps, float wd, float momentum, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        if (wd != 0.f) gi = ADD(gi, MUL(wd, p[i]));
        float si = ADD(MUL(sq[i], alpha), MUL(MUL(oneMinusAlpha, gi), gi));
        sq[i] = si;
        float avg;
        if (gradAvg) {
            float ai = ADD(MUL(gradAvg[i], alpha), MUL(oneMinusAlpha, gi));
            gradAvg[i] = ai;
            avg = ADD(__fsqrt_rn(__fsub_rn(si, MUL(ai, ai))), eps);
        } else {
            avg = ADD(__fsqrt_rn(si), eps);
        }
        if (buf) {
            float bi = ADD(MUL(buf[i], momentum), DIV(gi, avg));
            buf[i] = bi;
            p[i] = ADD(p[i], MUL(-lr, bi));
        } else {
            p[i] = ADD(p[i], MUL(-lr, DIV(gi, avg)));
        }
    }
}

// sum += g²; p -= clr·g / (sqrt(sum) + eps), clr being the decayed rate the caller computed.
extern "C" __global__ void adagrad_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ sum,
                                        int n, float clr, float wd, float eps, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        if (wd != 0.f) gi = ADD(gi, MUL(wd, p[i]));
        float si = ADD(sum[i], MUL(gi, gi));
        sum[i] = si;
        p[i] = ADD(p[i], MUL(-clr, DIV(gi, ADD(__fsqrt_rn(si), eps))));
    }
}
