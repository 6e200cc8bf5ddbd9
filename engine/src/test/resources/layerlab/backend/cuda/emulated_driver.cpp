// An emulated NVIDIA driver (libcuda.so.1) whose GPU runs LayerLab's own kernels on the CPU: fake_driver.c's device
// (host memory, one stream, asynchronous uploads run at the next synchronisation point), with memsets that set every
// word and launches that run the kernel of that name, compiled from engine/src/main/cuda as host C++ (cuda_host.h,
// a block's threads as fibers), its arguments read from the launch's parameter pointers by the kernel's own C++
// signature. The device reports 2 multiprocessors, so grid-stride kernels start few blocks. Built by
// DriverStubs.compileEmulated, which writes kernel_table.inc (K(name) for every entry point of kernels.ptx) and appends
// a do-nothing definition of every other driver function JCuda's binding imports. A launch of a kernel the table lacks
// fails with CUDA_ERROR_NOT_FOUND.
#define CUDA_HOST_FIBERS
#include "cuda_host.h"
#include "kernels.cu"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>
#include <string>
#include <unordered_map>
#include <utility>

#define cuDeviceGetName fake_cuDeviceGetName
#define cuDeviceGetAttribute fake_cuDeviceGetAttribute
#define cuLaunchKernel fake_cuLaunchKernel
#define cuMemsetD32_v2 fake_cuMemsetD32_v2
#define cuMemsetD32Async fake_cuMemsetD32Async
#define cuMemsetD8_v2 fake_cuMemsetD8_v2
#define cuMemsetD8Async fake_cuMemsetD8Async
extern "C" {
#include "fake_driver.c"
}
#undef cuDeviceGetName
#undef cuDeviceGetAttribute
#undef cuLaunchKernel
#undef cuMemsetD32_v2
#undef cuMemsetD32Async
#undef cuMemsetD8_v2
#undef cuMemsetD8Async

template <class... P, size_t... I>
static void call(void (*kernel)(P...), void** params, dim3 grid, dim3 block, std::index_sequence<I...>) {
    launch(kernel, grid, block, *static_cast<std::decay_t<P>*>(params[I])...);
}

template <class... P>
static void call(void (*kernel)(P...), void** params, dim3 grid, dim3 block) {
    call(kernel, params, grid, block, std::index_sequence_for<P...>{});
}

typedef void (*Entry)(void**, dim3, dim3);
#define K(name) {#name, [](void** p, dim3 g, dim3 b) { call(name, p, g, b); }},
static const std::unordered_map<std::string, Entry> KERNELS = {
#include "kernel_table.inc"
};
#undef K

extern "C" {
int cuDeviceGetName(char* name, int len, int d) {
    strncpy(name, "Emulated GPU (LayerLab's kernels on the CPU)", len);
    return 0;
}

int cuDeviceGetAttribute(int* v, int attr, int d) {
    int rc = fake_cuDeviceGetAttribute(v, attr, d);
    if (attr == 16) *v = 2;  // multiprocessors: grid-stride kernels start 2 x 32 blocks at most
    return rc;
}

// One launch at a time: the fibers and the emulation's globals belong to the launch that runs.
static std::mutex launching;

// LAYERLAB_EMULATED_PROFILE=1: each kernel's launches, threads and time, the costliest first, printed as the process
// ends (to find what makes the emulated run slow).
struct KernelTime {
    long launches = 0, threads = 0;
    double seconds = 0;
};
static struct Profile {
    bool on = getenv("LAYERLAB_EMULATED_PROFILE") != nullptr;
    std::unordered_map<std::string, KernelTime> kernels;
    ~Profile() {
        if (!on) return;
        std::vector<std::pair<std::string, KernelTime>> v(kernels.begin(), kernels.end());
        std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second.seconds > b.second.seconds; });
        for (auto& [name, t] : v) fprintf(stderr, "emulated kernel %-40s %8ld launches %12ld threads %9.3f s\n", name.c_str(), t.launches, t.threads, t.seconds);
    }
} profile;

int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared, void* stream,
                   void** params, void** extra) {
    std::lock_guard<std::mutex> lock(launching);
    run_queued();
    auto k = KERNELS.find((const char*) f);
    if (k == KERNELS.end()) return 500;  // CUDA_ERROR_NOT_FOUND
    if (!profile.on) {
        k->second(params, dim3{gx, gy, gz}, dim3{bx, by, bz});
        return 0;
    }
    auto t0 = std::chrono::steady_clock::now();
    k->second(params, dim3{gx, gy, gz}, dim3{bx, by, bz});
    KernelTime& t = profile.kernels[k->first];
    t.launches++;
    t.threads += (long) gx * gy * gz * bx * by * bz;
    t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return 0;
}

int cuMemsetD32_v2(dptr p, unsigned v, size_t n) {
    run_queued();
    unsigned* w = (unsigned*) (uintptr_t) p;
    for (size_t i = 0; i < n; i++) w[i] = v;
    return 0;
}
int cuMemsetD32Async(dptr p, unsigned v, size_t n, void* s) { return cuMemsetD32_v2(p, v, n); }
int cuMemsetD8_v2(dptr p, unsigned char v, size_t n) {
    run_queued();
    memset((void*) (uintptr_t) p, v, n);
    return 0;
}
int cuMemsetD8Async(dptr p, unsigned char v, size_t n, void* s) { return cuMemsetD8_v2(p, v, n); }
}
