// Shared definitions for LayerLab's CUDA kernels. Every entry point is extern "C" so the Java side can
// look it up by name in the PTX module; the numeric op codes are mirrored in CudaOps.java.
#pragma once
#include <stdint.h>

#define MAXDIMS 8

typedef long long i64;

// A strided walk over up to MAXDIMS dims with two operands (copy: src/dst; binary: a/b). Passed by value.
struct Strided2 {
    int rank;
    int shape[MAXDIMS];
    int s0[MAXDIMS];
    int s1[MAXDIMS];
};

// Offsets of linear element i (row-major over shape) in both operands. Element counts and offsets fit in
// 31 bits (a Storage holds at most 2^31 - 1 elements), so 32-bit unsigned division suffices (64-bit is ~4x slower).
__device__ __forceinline__ void strided_offsets(const Strided2& w, unsigned i, int& o0, int& o1) {
    o0 = 0;
    o1 = 0;
    // Unrolled with constant indices so the struct stays in registers (a dynamic index would copy it to local memory).
#pragma unroll
    for (int d = MAXDIMS - 1; d >= 0; d--) {
        if (d < w.rank) {
            unsigned n = (unsigned) w.shape[d];
            int c = (int) (i % n);
            i /= n;
            o0 += c * w.s0[d];
            o1 += c * w.s1[d];
        }
    }
}

// n < 2^31 and the grid is far smaller, so an unsigned counter cannot wrap.
#define GRID_STRIDE(i, n) for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned)(n); i += gridDim.x * blockDim.x)

// java.lang.Math.max/min on floats: NaN wins (the first operand's), and max(-0, 0) = 0.
__device__ __forceinline__ float jmax(float a, float b) {
    if (a != a) return a;
    if (a == 0.f && b == 0.f && signbit(a)) return b;
    return a >= b ? a : b;
}

__device__ __forceinline__ float jmin(float a, float b) {
    if (a != a) return a;
    if (a == 0.f && b == 0.f && signbit(b)) return b;
    return a <= b ? a : b;
}

// ReLU's derivative, from its input or its output (the same where either is > 0): unary_bwd_f32's, and the mask the
// _relumask SGEMM entries read their A through. 1 at NaN, as PyTorch's threshold_backward (x <= 0 ? 0 : g).
__device__ __forceinline__ float relu_derivative(float x) {
    return x <= 0.f ? 0.f : 1.f;
}

// torch.sign: 0 at NaN and +0 at -0 (the sign op's forward, and abs's derivative, so L1Loss's gradient where input or
// target is NaN is 0, as PyTorch's).
__device__ __forceinline__ float torch_sign(float x) {
    return x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f);
}

__device__ __forceinline__ double warp_sum(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_sumf(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_maxf(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}
