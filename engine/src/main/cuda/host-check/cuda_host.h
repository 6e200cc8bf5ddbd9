// Just enough of CUDA's device-side language to compile LayerLab's kernels as host C++ and run them on the
// CPU: every thread of a block is a std::thread, __syncthreads is a std::barrier, blocks run one after the
// other (so a kernel's __shared__ arrays, made static here, belong to the block that runs), in index order or
// shuffled (shuffle_blocks_seed), and warp shuffles go through per-warp slots and barriers. Compile with
// -ffp-contract=off so that a*b+c rounds twice, as the kernels' __fmul_rn/__fadd_rn pairs do on the GPU.
// With CUDA_HOST_FIBERS defined, a block's threads are instead fibers (ucontext) on the calling thread, switched at
// barriers and warp shuffles: much cheaper to start, for running whole programs' launches (the emulated driver).
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
#include <tuple>
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

#ifdef CUDA_HOST_FIBERS
#include <sys/mman.h>
#include <ucontext.h>
#define CUDA_HOST_TLS
// A barrier among fibers: the last to arrive opens it; the others yield to the block's scheduler, which passes over
// them (no switch) until it opened: a block of 1024 threads whose 32 warps shuffle one after another resumed every
// fiber waiting at __syncthreads on each round, which was most of the emulated GPU's time in cross_entropy_fwd.
inline void fiber_wait(const unsigned* generation, unsigned g);
struct FiberBarrier {
    int count, arrived = 0;
    unsigned generation = 0;
    explicit FiberBarrier(int n) : count(n) {}
    void arrive_and_wait() {
        unsigned g = generation;
        if (++arrived == count) {
            arrived = 0;
            generation++;
            return;
        }
        fiber_wait(&generation, g);
    }
};
using Barrier = FiberBarrier;
#else
#define CUDA_HOST_TLS thread_local
using Barrier = std::barrier<>;
#endif

inline CUDA_HOST_TLS dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
inline Barrier* block_barrier;

inline void __syncthreads() { block_barrier->arrive_and_wait(); }

inline float atomicAdd(float* p, float v) {
    std::atomic_ref<float> r(*p);
    float old = r.load();
    while (!r.compare_exchange_weak(old, old + v)) {
    }
    return old;
}

inline int atomicAdd(int* p, int v) { return std::atomic_ref<int>(*p).fetch_add(v); }
inline int atomicMin(int* p, int v) {
    std::atomic_ref<int> r(*p);
    int old = r.load();
    while (old > v && !r.compare_exchange_weak(old, v)) {
    }
    return old;
}
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
inline CUDA_HOST_TLS Barrier* warp_barrier;
inline CUDA_HOST_TLS uint64_t* warp_slots;
inline CUDA_HOST_TLS int lane_id;

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

// The grid's blocks by linear index, in the order a launch runs them.
inline std::vector<unsigned> block_order(dim3 grid) {
    std::vector<unsigned> order(grid.x * grid.y * grid.z);
    for (unsigned i = 0; i < order.size(); i++) order[i] = i;
    if (shuffle_blocks_seed) {
        uint64_t st = shuffle_blocks_seed;
        for (size_t i = order.size(); i > 1; i--) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            std::swap(order[i - 1], order[(st >> 33) % i]);
        }
    }
    return order;
}

#ifdef CUDA_HOST_FIBERS
// The fibers: contexts made once (makecontext, a stack each, reused) that run a block's threads. Switching between a
// fiber and the scheduler is _setjmp/_longjmp (no system call, unlike swapcontext's signal mask): a fiber loops, running
// the launched kernel each time the scheduler resumes it at the start of a block. The scheduler installs a fiber's
// per-thread state in the globals above before it switches to it.
#include <csetjmp>
struct FiberState {
    ucontext_t ctx;
    jmp_buf jmp;
    dim3 tid;
    Barrier* warp;
    uint64_t* slots;
    int lane;
    bool done;
    // Waiting at a barrier until its generation is no longer waitingFor (null: runnable).
    const unsigned* waitingOn;
    unsigned waitingFor;
};
inline jmp_buf fiber_scheduler;
inline ucontext_t fiber_creator;
inline FiberState* fiber_current;
inline std::vector<std::unique_ptr<FiberState>> fiber_states;
inline constexpr size_t FIBER_STACK = 256 << 10;
inline void (*fiber_body)();

inline void fiber_yield() {
    if (!_setjmp(fiber_current->jmp)) _longjmp(fiber_scheduler, 1);
}

inline void fiber_wait(const unsigned* generation, unsigned g) {
    while (*generation == g) {
        fiber_current->waitingOn = generation;
        fiber_current->waitingFor = g;
        fiber_yield();
    }
}

// Whether the scheduler need not resume f yet: it waits at a barrier that has not opened.
inline bool fiber_blocked(FiberState* f) {
    if (!f->waitingOn) return false;
    if (*f->waitingOn == f->waitingFor) return true;
    f->waitingOn = nullptr;
    return false;
}

inline void fiber_loop() {
    FiberState* me = fiber_current;
    // Back to the creator with this point recorded: the scheduler's first resume starts the loop.
    if (!_setjmp(me->jmp)) swapcontext(&me->ctx, &fiber_creator);
    for (;;) {
        fiber_body();
        me->done = true;
        fiber_yield();
    }
}

inline void fiber_resume(FiberState* f) {
    fiber_current = f;
    if (!_setjmp(fiber_scheduler)) _longjmp(f->jmp, 1);
}

// kernel<<<grid, block>>>(args...): the blocks one after the other (in index order, or shuffled), each block's
// threads as fibers run round-robin until all returned.
template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
    gridDim = grid;
    blockDim = block;
    int nt = block.x * block.y * block.z;
    while ((int) fiber_states.size() < nt) {
        auto f = std::make_unique<FiberState>();
        void* m = mmap(nullptr, FIBER_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED) abort();
        getcontext(&f->ctx);
        f->ctx.uc_stack.ss_sp = m;
        f->ctx.uc_stack.ss_size = FIBER_STACK;
        f->ctx.uc_link = nullptr;
        makecontext(&f->ctx, fiber_loop, 0);
        fiber_current = f.get();
        swapcontext(&fiber_creator, &f->ctx);
        fiber_states.push_back(std::move(f));
    }
    std::vector<unsigned> order = block_order(grid);
    static thread_local void (*boundKernel)(P...);
    static thread_local std::tuple<A...>* boundArgs;
    std::tuple<A...> tuple(args...);
    boundKernel = kernel;
    boundArgs = &tuple;
    fiber_body = [] { std::apply(boundKernel, *boundArgs); };
    int warps = (nt + 31) / 32;
    std::vector<std::unique_ptr<Barrier>> warpBars;
    std::vector<uint64_t> slots(32 * warps);
    for (unsigned id : order) {
        blockIdx = dim3{id % grid.x, id / grid.x % grid.y, id / (grid.x * grid.y)};
        Barrier bar(nt);
        block_barrier = &bar;
        warpBars.clear();
        for (int w = 0; w < warps; w++) warpBars.emplace_back(new Barrier(std::min(32, nt - 32 * w)));
        for (int t = 0; t < nt; t++) {
            FiberState& f = *fiber_states[t];
            f.tid = dim3{t % block.x, t / block.x % block.y, t / (block.x * block.y)};
            f.warp = warpBars[t / 32].get();
            f.slots = &slots[32 * (t / 32)];
            f.lane = t % 32;
            f.done = false;
            f.waitingOn = nullptr;
        }
        for (int left = nt; left > 0;) {
            for (int t = 0; t < nt; t++) {
                FiberState* f = fiber_states[t].get();
                if (f->done || fiber_blocked(f)) continue;
                threadIdx = f->tid;
                warp_barrier = f->warp;
                warp_slots = f->slots;
                lane_id = f->lane;
                fiber_resume(f);
                if (f->done) left--;
            }
        }
    }
}
#else
// kernel<<<grid, block>>>(args...)
template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, A... args) {
    gridDim = grid;
    blockDim = block;
    int nt = block.x * block.y * block.z;
    std::vector<unsigned> order = block_order(grid);
    for (unsigned id : order) {
        unsigned bx = id % grid.x, by = id / grid.x % grid.y, bz = id / (grid.x * grid.y);
        Barrier bar(nt);
        block_barrier = &bar;
        int warps = (nt + 31) / 32;
        std::vector<std::unique_ptr<Barrier>> warpBars;
        for (int w = 0; w < warps; w++) warpBars.emplace_back(new Barrier(std::min(32, nt - 32 * w)));
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
#endif
