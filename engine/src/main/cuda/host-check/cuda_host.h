// Just enough of CUDA's device-side language to compile LayerLab's kernels as host C++ and run them on the
// CPU: every thread of a block is a std::thread, __syncthreads is a std::barrier, blocks run one after the
// other (so a kernel's __shared__ arrays, made static here, belong to the block that runs), in index order or
// shuffled (shuffle_blocks_seed), and warp shuffles go through per-warp slots and barriers. Compile with
// -ffp-contract=off so that a*b+c rounds twice, as the kernels' __fmul_rn/__fadd_rn pairs do on the GPU.
#pragma once
#include <math.h>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
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

inline int atomicAdd(int* p, int v) { return std::atomic_ref<int>(*p).fetch_add(v); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline float __ldcg(const float* p) { return *p; }
inline float __int_as_float(int v) {
    float f;
    memcpy(&f, &v, 4);
    return f;
}

inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return sqrtf(a); }

using std::max;
using std::min;

// Warp shuffles: each warp (32 consecutive threads of the block) has a barrier and 32 exchange slots; a shuffle
// writes the lane's value, waits for the warp, reads the source lane's, and waits again before the slots are reused.
// Every lane of the warp must make the same shuffles (as __shfl_*_sync with a full mask requires on the GPU).
inline thread_local std::barrier<>* warp_barrier;
inline thread_local uint64_t* warp_slots;
inline thread_local int lane_id;

template <class T> T warp_exchange(T v, int src) {
    static_assert(sizeof(T) <= 8, "a shuffle moves at most 8 bytes");
    uint64_t bits = 0;
    memcpy(&bits, &v, sizeof(T));
    warp_slots[lane_id] = bits;
    warp_barrier->arrive_and_wait();
    uint64_t got = warp_slots[src];
    warp_barrier->arrive_and_wait();
    T r;
    memcpy(&r, &got, sizeof(T));
    return r;
}
template <class T> T __shfl_xor_sync(unsigned, T v, int o) { return warp_exchange(v, lane_id ^ o); }
template <class T> T __shfl_down_sync(unsigned, T v, int o) { return warp_exchange(v, lane_id + o < 32 ? lane_id + o : lane_id); }

// When nonzero, launch() runs a grid's blocks in an order shuffled with this seed instead of in index order: a GPU
// promises no order, so a kernel whose blocks meet through atomics (serial split K) must give the same results.
inline unsigned shuffle_blocks_seed = 0;

// kernel<<<grid, block>>>(args...)
template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
    gridDim = grid;
    blockDim = block;
    int nt = block.x * block.y * block.z;
    std::vector<unsigned> order(grid.x * grid.y * grid.z);
    for (unsigned i = 0; i < order.size(); i++) order[i] = i;
    if (shuffle_blocks_seed) {
        uint64_t st = shuffle_blocks_seed;
        for (size_t i = order.size(); i > 1; i--) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            std::swap(order[i - 1], order[(st >> 33) % i]);
        }
    }
    for (unsigned id : order) {
        unsigned bx = id % grid.x, by = id / grid.x % grid.y, bz = id / (grid.x * grid.y);
        std::barrier<> bar(nt);
        block_barrier = &bar;
        int warps = (nt + 31) / 32;
        std::vector<std::unique_ptr<std::barrier<>>> warpBars;
        for (int w = 0; w < warps; w++) warpBars.emplace_back(new std::barrier<>(std::min(32, nt - 32 * w)));
        std::vector<uint64_t> slots(32 * warps);
        std::vector<std::thread> ts;
        ts.reserve(nt);
        for (int t = 0; t < nt; t++) {
            ts.emplace_back([=, &warpBars, &slots] {
                blockIdx = dim3{bx, by, bz};
                threadIdx = dim3{t % block.x, t / block.x % block.y, t / (block.x * block.y)};
                warp_barrier = warpBars[t / 32].get();
                warp_slots = &slots[32 * (t / 32)];
                lane_id = t % 32;
                kernel(args...);
            });
        }
        for (auto& th : ts) th.join();
    }
}
