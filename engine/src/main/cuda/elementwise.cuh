// Fill, strided copy (with int64 <-> float32 conversion), unary ops with their fused backward, broadcasting
// binary ops and axpy. The unary formulas are UnaryOp.apply / UnaryOp.derivative (and MathFns) in float.
#pragma once
#include "common.cuh"

#define INV_SQRT2 0.7071067811865476f
#define INV_SQRT_2PI 0.3989422804014327f
#define SQRT_2_OVER_PI 0.7978845608028654f

extern "C" __global__ void fill_f32(float* out, int n, float v) {
    GRID_STRIDE(i, n) out[i] = v;
}

extern "C" __global__ void fill_i64(i64* out, int n, i64 v) {
    GRID_STRIDE(i, n) out[i] = v;
}

// Float to int64 truncates toward zero, NaN gives 0 and out-of-range values saturate: Java's (long) cast.
#define COPY_KERNEL(name, S, D)                                                       \
    extern "C" __global__ void name(const S* __restrict__ src, D* __restrict__ dst, int n, Strided2 w) { \
        GRID_STRIDE(i, n) {                                                           \
            int os, od;                                                               \
            strided_offsets(w, i, os, od);                                            \
            dst[od] = (D) src[os];                                                    \
        }                                                                             \
    }
COPY_KERNEL(copy_f32_f32, float, float)
COPY_KERNEL(copy_i64_i64, i64, i64)
COPY_KERNEL(copy_f32_i64, float, i64)
COPY_KERNEL(copy_i64_f32, i64, float)

// ---------------------------------------------------------------- special functions (MathFns)

__device__ __forceinline__ float sigmoidf_(float x) {
    // Two branches so exp never overflows.
    if (x >= 0.f) return 1.f / (1.f + expf(-x));
    float e = expf(x);
    return e / (1.f + e);
}

__device__ __forceinline__ float softplusf_(float x) {
    return x > 20.f ? x : log1pf(expf(x));
}

__device__ float erf_series(float x) {
    float x2 = x * x, term = x, sum = x;
    for (int n = 1; n < 30; n++) {
        term *= -x2 / n;
        float add = term / (2 * n + 1);
        sum += add;
        if (fabsf(add) < 1e-9f * fabsf(sum)) break;
    }
    return sum * 1.1283791670955126f;
}

// MathFns.erfc: Numerical Recipes' Chebyshev fit, with the Taylor series of erf near zero.
__device__ float erfc_ll(float x) {
    float z = fabsf(x);
    if (z < 0.5f) return 1.f - erf_series(x);
    float t = 1.f / (1.f + 0.5f * z);
    float ans = t * expf(-z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f
            + t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f
            + t * (-0.82215223f + t * 0.17087277f)))))))));
    return x >= 0.f ? ans : 2.f - ans;
}

// Op codes: CudaOps.unary(UnaryOp).
enum {
    U_NEG, U_EXP, U_LOG, U_SQRT, U_ABS, U_SIGN, U_SQUARE, U_RECIPROCAL, U_RELU, U_LEAKY_RELU, U_ELU, U_GELU,
    U_GELU_TANH, U_SIGMOID, U_TANH, U_SOFTPLUS, U_LOG_SIGMOID, U_ADD_SCALAR, U_MUL_SCALAR, U_RSUB_SCALAR,
    U_POW_SCALAR, U_CLAMP_MIN, U_CLAMP_MAX, U_SIN, U_COS, U_LOG1P
};

__device__ __forceinline__ float unary_apply(int op, float x, float p) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_SQRT: return sqrtf(x);
        case U_ABS: return fabsf(x);
        case U_SIGN: return torch_sign(x);
        case U_SQUARE: return x * x;
        case U_RECIPROCAL: return 1.f / x;
        case U_RELU: return jmax(x, 0.f);  // NaN stays NaN, as Math.max and torch.relu
        case U_LEAKY_RELU: return x > 0.f ? x : x * p;
        case U_ELU: return x > 0.f ? x : p * expm1f(x);
        case U_GELU: return 0.5f * x * erfc_ll(-x * INV_SQRT2);
        case U_GELU_TANH: return 0.5f * x * (1.f + tanhf(SQRT_2_OVER_PI * (x + 0.044715f * x * x * x)));
        case U_SIGMOID: return sigmoidf_(x);
        case U_TANH: return tanhf(x);
        case U_SOFTPLUS: return softplusf_(x);
        case U_LOG_SIGMOID: return -softplusf_(-x);
        case U_ADD_SCALAR: return x + p;
        case U_MUL_SCALAR: return x * p;
        case U_RSUB_SCALAR: return p - x;
        case U_POW_SCALAR: return powf(x, p);
        case U_CLAMP_MIN: return jmax(x, p);
        case U_CLAMP_MAX: return jmin(x, p);
        case U_SIN: return sinf(x);
        case U_COS: return cosf(x);
        case U_LOG1P: return log1pf(x);
    }
    return __int_as_float(0x7fffffff);
}

// dy/dx given x and y = f(x); only the one UnaryOp.backwardUsesOutput names is read.
__device__ __forceinline__ float unary_derivative(int op, float x, float y, float p) {
    switch (op) {
        case U_NEG: return -1.f;
        case U_EXP: return y;
        case U_LOG: return 1.f / x;
        case U_SQRT: return 0.5f / y;
        case U_ABS: return torch_sign(x);
        case U_SIGN: return 0.f;
        case U_SQUARE: return 2.f * x;
        case U_RECIPROCAL: return -y * y;
        case U_RELU: return relu_derivative(x);
        case U_LEAKY_RELU: return x > 0.f ? 1.f : p;
        case U_ELU: return x > 0.f ? 1.f : p * expf(x);
        case U_GELU: return 0.5f * erfc_ll(-x * INV_SQRT2) + x * expf(-0.5f * x * x) * INV_SQRT_2PI;
        case U_GELU_TANH: {
            float inner = SQRT_2_OVER_PI * (x + 0.044715f * x * x * x);
            float t = tanhf(inner);
            return 0.5f * (1.f + t) + 0.5f * x * (1.f - t * t) * SQRT_2_OVER_PI * (1.f + 3.f * 0.044715f * x * x);
        }
        case U_SIGMOID: return y * (1.f - y);
        case U_TANH: return 1.f - y * y;
        case U_SOFTPLUS: return sigmoidf_(x);
        case U_LOG_SIGMOID: return sigmoidf_(-x);
        case U_ADD_SCALAR: return 1.f;
        case U_MUL_SCALAR: return p;
        case U_RSUB_SCALAR: return -1.f;
        case U_POW_SCALAR: return p == 0.f ? 0.f : p * powf(x, p - 1.f);
        case U_CLAMP_MIN: return x >= p ? 1.f : 0.f;
        case U_CLAMP_MAX: return x <= p ? 1.f : 0.f;
        case U_SIN: return cosf(x);
        case U_COS: return -sinf(x);
        case U_LOG1P: return 1.f / (1.f + x);
    }
    return __int_as_float(0x7fffffff);
}

// y may alias x (in place): each element is read and written by the same thread.
extern "C" __global__ void unary_f32(int op, float p, const float* x, float* y, int n) {
    GRID_STRIDE(i, n) y[i] = unary_apply(op, x[i], p);
}

extern "C" __global__ void unary_bwd_f32(int op, float p, const float* x, const float* y, const float* gy, float* gx,
                                         int n, int usesY) {
    GRID_STRIDE(i, n) {
        float xv = usesY ? 0.f : x[i];
        float yv = usesY ? y[i] : 0.f;
        gx[i] = gy[i] * unary_derivative(op, xv, yv, p);
    }
}

// Op codes: CudaOps.binary(BinaryOp).
enum { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAX, B_MIN, B_GT, B_GE, B_LT, B_LE, B_EQ };

__device__ __forceinline__ float binary_apply(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return powf(a, b);
        case B_MAX: return jmax(a, b);
        case B_MIN: return jmin(a, b);
        case B_GT: return a > b ? 1.f : 0.f;
        case B_GE: return a >= b ? 1.f : 0.f;
        case B_LT: return a < b ? 1.f : 0.f;
        case B_LE: return a <= b ? 1.f : 0.f;
        case B_EQ: return a == b ? 1.f : 0.f;
    }
    return __int_as_float(0x7fffffff);
}

// out (contiguous) = a op b, a and b strided views broadcast to out's shape (w.s0: a, w.s1: b).
extern "C" __global__ void binary_f32(int op, const float* a, const float* b, float* out, int n, Strided2 w) {
    GRID_STRIDE(i, n) {
        int oa, ob;
        strided_offsets(w, i, oa, ob);
        out[i] = binary_apply(op, a[oa], b[ob]);
    }
}

// The same, when a, b and out are all contiguous with out's shape (no index arithmetic).
extern "C" __global__ void binary_flat_f32(int op, const float* a, const float* b, float* out, int n) {
    GRID_STRIDE(i, n) out[i] = binary_apply(op, a[i], b[i]);
}

// dst += alpha * src, rounded as the CPU does it (no fused multiply-add), so gradients accumulate identically.
extern "C" __global__ void axpy_f32(float alpha, const float* __restrict__ src, float* __restrict__ dst, int n) {
    GRID_STRIDE(i, n) dst[i] = __fadd_rn(dst[i], __fmul_rn(alpha, src[i]));
}
