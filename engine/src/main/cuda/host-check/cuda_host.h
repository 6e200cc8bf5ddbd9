// Just enough of CUDA's device-side language to compile LayerLab's kernels as host C++ and run them on the
// CPU: every thread of a block is a std::thread, __syncthreads is a std::barrier, blocks run one after the
// other (so a kernel's __shared__ arrays, made static here, belong to the block that runs). Warp shuffles are
// not emulated: the kernels checked here (spatial.cuh, sequence.cuh, gemm.cuh) use shared memory only. Compile with
// -ffp-contract=off so that a*b+c rounds twice, as the kernels' __fmul_rn/__fadd_rn pairs do on the GPU.
#pragma once
#include <math.h>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(n)

struct alignas(16) float4 {
    float x, y, z, w;
};

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
inline std::barrier<>* block_barrier;

inline void __syncthreads() { block_barrier->arrive_and_wait(); }

inline float atomicAdd(float* p, float v) {
    std::atomic_ref<float> r(*p);
    float old = r.load();
    while (!r.compare_exchange_weak(old, old + v)) {
    }
    return old;
}

inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }

using std::max;
using std::min;

template <class T> T __shfl_down_sync(unsigned, T, int) { fprintf(stderr, "warp shuffles are not emulated\n"); abort(); }
template <class T> T __shfl_xor_sync(unsigned, T, int) { fprintf(stderr, "warp shuffles are not emulated\n"); abort(); }

// kernel<<<grid, block>>>(args...)
template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
    gridDim = grid;
    blockDim = block;
    int nt = block.x * block.y * block.z;
    for (unsigned bz = 0; bz < grid.z; bz++)
        for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++) {
                std::barrier<> bar(nt);
                block_barrier = &bar;
                std::vector<std::thread> ts;
                ts.reserve(nt);
                for (int t = 0; t < nt; t++) {
                    ts.emplace_back([=] {
                        blockIdx = dim3{bx, by, bz};
                        threadIdx = dim3{t % block.x, t / block.x % block.y, t / (block.x * block.y)};
                        kernel(args...);
                    });
                }
                for (auto& th : ts) th.join();
            }
}
