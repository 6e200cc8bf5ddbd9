// Fused optimiser steps (OptimKernels), rounded as the CPU kernels (CpuOptim) and PyTorch's CPU kernels round: a product
// and a sum rounded apart (__fmul_rn/__fadd_rn) where torch does two ops, fmaf where its add_(alpha=)/addcmul_ fuse them,
// in the same order, so a step gives bit-identical parameters on both backends. The float hyper-parameters (1 - beta2,
// -lr...) are worked out on the host from doubles (CudaOptim, AdamScalars).
#pragma once
#include "common.cuh"

#define MUL __fmul_rn
#define ADD __fadd_rn
#define DIV __fdiv_rn
#define FMA fmaf

// negLr = -lr, keep = 1 - dampening (from doubles, on the host).
__device__ __forceinline__ void sgd_range(float* __restrict__ p, const float* __restrict__ g, float* buf, int n, float negLr,
                                          float momentum, float keep, float wd, int nesterov, int firstStep, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        if (wd != 0.f) gi = FMA(p[i], wd, gi);
        if (buf) {
            float bi = firstStep ? gi : FMA(gi, keep, MUL(buf[i], momentum));
            buf[i] = bi;
            gi = nesterov ? FMA(bi, momentum, gi) : bi;
        }
        p[i] = FMA(gi, negLr, p[i]);
    }
}

extern "C" __global__ void sgd_step(float* __restrict__ p, const float* __restrict__ g, float* buf, int n, float negLr,
                                    float momentum, float keep, float wd, int nesterov, int firstStep, int maximize) {
    sgd_range(p, g, buf, n, negLr, momentum, keep, wd, nesterov, firstStep, maximize);
}

// Up to SGD_MANY parameters of one group in one launch (PyTorch's foreach path): blockIdx.y picks the parameter, the
// x blocks stride over its elements. Passed by value (232 bytes); bit i of firstMask is parameter i's firstStep.
#define SGD_MANY 8
struct SgdMany {
    i64 p[SGD_MANY], g[SGD_MANY], buf[SGD_MANY];
    int n[SGD_MANY];
    int firstMask, count;
};

extern "C" __global__ void sgd_step_many(SgdMany t, float negLr, float momentum, float keep, float wd, int nesterov, int maximize) {
    int q = blockIdx.y;
    if (q >= t.count) return;
    sgd_range((float*) t.p[q], (const float*) t.g[q], (float*) t.buf[q], t.n[q], negLr, momentum, keep, wd, nesterov,
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

// keep1 = 1 - beta1, keep2 = 1 - beta2, negStepSize = -lr / bc1, bc2Sqrt = sqrt(bc2) and decay = 1 - lr·wd are computed on
// the host from doubles, as the CPU does (AdamScalars).
__device__ __forceinline__ void adam_range(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                           float* __restrict__ v, float* vmax, int n, float beta1, float beta2, float keep1,
                                           float keep2, float eps, float wd, int decoupled, float negStepSize, float bc2Sqrt,
                                           float decay, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        float pi = p[i];
        if (decoupled) pi = MUL(pi, decay);
        else if (wd != 0.f) gi = FMA(pi, wd, gi);
        float mi = FMA(gi, keep1, MUL(m[i], beta1));
        float vi = FMA(MUL(keep2, gi), gi, MUL(v[i], beta2));
        m[i] = mi;
        v[i] = vi;
        float vUse = vi;
        if (vmax) {
            vUse = jmax(vmax[i], vi);
            vmax[i] = vUse;
        }
        float denom = ADD(DIV(__fsqrt_rn(vUse), bc2Sqrt), eps);
        p[i] = ADD(pi, DIV(MUL(negStepSize, mi), denom));
    }
}

extern "C" __global__ void adam_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                     float* __restrict__ v, float* vmax, int n, float beta1, float beta2, float keep1, float keep2,
                                     float eps, float wd, int decoupled, float negStepSize, float bc2Sqrt, float decay, int maximize) {
    adam_range(p, g, m, v, vmax, n, beta1, beta2, keep1, keep2, eps, wd, decoupled, negStepSize, bc2Sqrt, decay, maximize);
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
    float negStepSize[ADAM_MANY], bc2Sqrt[ADAM_MANY];
    int count;
};

extern "C" __global__ void adam_step_many(AdamTensors t, AdamState s, float beta1, float beta2, float keep1, float keep2, float eps,
                                          float wd, int decoupled, float decay, int maximize) {
    int q = blockIdx.y;
    if (q >= s.count) return;
    adam_range((float*) t.p[q], (const float*) t.g[q], (float*) t.m[q], (float*) s.v[q], (float*) s.vmax[q], s.n[q], beta1, beta2,
               keep1, keep2, eps, wd, decoupled, s.negStepSize[q], s.bc2Sqrt[q], decay, maximize);
}

// squareAvg = α·sq + (1-α)·g²; centered (gradAvg): avg = sqrt(sq - ga²) + eps; momentum (buf): buf = m·buf + g/avg.
// negLr = -lr and oneMinusAlpha = 1 - α from doubles on the host, as CpuOptim.rmsprop rounds them. Not launched yet:
// CudaOptim runs RMSprop through OptimKernels' default (the CPU's kernel on host copies).
extern "C" __global__ void rmsprop_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ sq,
                                        float* gradAvg, float* buf, int n, float negLr, float alpha, float oneMinusAlpha,
                                        float eps, float wd, float momentum, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        if (wd != 0.f) gi = FMA(p[i], wd, gi);
        float si = FMA(MUL(oneMinusAlpha, gi), gi, MUL(sq[i], alpha));
        sq[i] = si;
        float avg;
        if (gradAvg) {
            float ai = FMA(gi, oneMinusAlpha, MUL(gradAvg[i], alpha));
            gradAvg[i] = ai;
            avg = ADD(__fsqrt_rn(FMA(-ai, ai, si)), eps);
        } else {
            avg = ADD(__fsqrt_rn(si), eps);
        }
        if (buf) {
            float bi = ADD(MUL(buf[i], momentum), DIV(gi, avg));
            buf[i] = bi;
            p[i] = FMA(bi, negLr, p[i]);
        } else {
            p[i] = ADD(p[i], DIV(MUL(negLr, gi), avg));
        }
    }
}

// sum += g²; p -= clr·g / (sqrt(sum) + eps), negClr = -clr being the decayed rate the caller computed, as CpuOptim.adagrad
// rounds it. Not launched yet: CudaOptim runs Adagrad through OptimKernels' default (the CPU's kernel on host copies).
extern "C" __global__ void adagrad_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ sum,
                                        int n, float negClr, float wd, float eps, int maximize) {
    GRID_STRIDE(i, n) {
        float gi = maximize ? -g[i] : g[i];
        if (wd != 0.f) gi = FMA(p[i], wd, gi);
        float si = FMA(gi, gi, sum[i]);
        sum[i] = si;
        p[i] = ADD(p[i], DIV(MUL(negClr, gi), ADD(__fsqrt_rn(si), eps)));
    }
}
