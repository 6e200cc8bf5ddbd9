/* A fake NVIDIA driver (libcuda.so.1) for measuring and testing the host's side of the CUDA backend without a GPU:
 * one device (an H200's 132 multiprocessors, compute 9.0), device memory that is host memory, copies and memsets
 * that run on the host at once (but for large memsets, below, and asynchronous uploads, which run at the stream's next
 * synchronisation point: so staging memory reused too early shows), and kernels that do nothing, except fill_i64, which
 * the device's argument-block check runs. So everything the Java side does (autograd, storages, the pool, argument
 * blocks, launches through JCuda's real native binding) runs as on a GPU, while results are garbage.
 * The build appends a do-nothing definition
 * (returning CUDA_SUCCESS) of every other driver function JCuda's binding imports. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long dptr;

int cuInit(unsigned flags) { return 0; }
int cuDriverGetVersion(int *v) { *v = 12060; return 0; }
int cuDeviceGetCount(int *n) { *n = 1; return 0; }
int cuDeviceGet(int *d, int i) { if (i != 0) return 101; *d = 0; return 0; }
int cuDeviceGetName(char *name, int len, int d) { strncpy(name, "Fake GPU (host memory, kernels do nothing)", len); return 0; }
int cuDeviceTotalMem_v2(size_t *bytes, int d) { *bytes = (size_t) 8 << 30; return 0; }
int cuDeviceGetAttribute(int *v, int attr, int d) {
    switch (attr) {
        case 16: *v = 132; break;  /* multiprocessors */
        case 75: *v = 9; break;    /* compute capability */
        case 76: *v = 0; break;
        default: *v = 1024;
    }
    return 0;
}
int cuDevicePrimaryCtxRetain(void **ctx, int d) { *ctx = (void *) 0x1000; return 0; }
int cuCtxSetCurrent(void *ctx) { return 0; }
int cuModuleLoadData(void **module, const void *image) { *module = (void *) 0x2000; return 0; }
int cuModuleGetFunction(void **f, void *module, const char *name) { *f = strdup(name); return 0; }
int cuStreamCreate(void **s, unsigned flags) { *s = (void *) 0x3000; return 0; }

/* Asynchronous host-to-device copies waiting for the stream to run them: in order, at the next synchronisation point
 * (a wait, a synchronous copy, a memset, a launch, a free). An event is ready once the copies queued before it ran. */
typedef struct { dptr dst; const void *src; size_t n; } Copy;
static Copy queued[4096];
static int nqueued;
static unsigned long long issued, completed;
static void run_queued(void) {
    for (int i = 0; i < nqueued; i++) memcpy((void *) (uintptr_t) queued[i].dst, queued[i].src, queued[i].n);
    nqueued = 0;
    completed = issued;
}
typedef struct { unsigned long long after; } Event;

int cuStreamSynchronize(void *s) { run_queued(); return 0; }
int cuCtxSynchronize(void) { run_queued(); return 0; }
int cuEventCreate(void **e, unsigned flags) { *e = calloc(1, sizeof(Event)); return *e ? 0 : 2; }
int cuEventRecord(void *e, void *s) { ((Event *) e)->after = issued; return 0; }
int cuEventQuery(void *e) { return ((Event *) e)->after <= completed ? 0 : 600 /* CUDA_ERROR_NOT_READY */; }
int cuEventSynchronize(void *e) { run_queued(); return 0; }
int cuEventElapsedTime(float *ms, void *start, void *end) { *ms = 0; return 0; }

/* Fresh device memory is zeros, not whatever the host heap held: with kernels that do nothing, what a training step
 * reads back (its loss) is then zeros or uploaded data, never garbage that a check on the host would refuse. */
int cuMemAlloc_v2(dptr *p, size_t bytes) {
    void *m = NULL;
    if (posix_memalign(&m, 256, bytes ? bytes : 1) != 0) return 2;
    memset(m, 0, bytes);
    *p = (dptr) (uintptr_t) m;
    return 0;
}
int cuMemFree_v2(dptr p) { run_queued(); free((void *) (uintptr_t) p); return 0; }
int cuMemAllocHost_v2(void **pp, size_t bytes) { *pp = calloc(1, bytes); return *pp ? 0 : 2; }
int cuMemFreeHost(void *p) { run_queued(); free(p); return 0; }

int cuMemcpyHtoD_v2(dptr dst, const void *src, size_t n) { run_queued(); memcpy((void *) (uintptr_t) dst, src, n); return 0; }
int cuMemcpyDtoH_v2(void *dst, dptr src, size_t n) { run_queued(); memcpy(dst, (void *) (uintptr_t) src, n); return 0; }
int cuMemcpyDtoD_v2(dptr dst, dptr src, size_t n) { run_queued(); memmove((void *) (uintptr_t) dst, (void *) (uintptr_t) src, n); return 0; }
int cuMemcpyDtoDAsync_v2(dptr dst, dptr src, size_t n, void *s) { return cuMemcpyDtoD_v2(dst, src, n); }
int cuMemcpyHtoDAsync_v2(dptr dst, const void *src, size_t n, void *s) {
    if (nqueued == (int) (sizeof queued / sizeof queued[0])) run_queued();
    queued[nqueued++] = (Copy) {dst, src, n};
    issued++;
    return 0;
}
int cuMemcpyDtoHAsync_v2(void *dst, dptr src, size_t n, void *s) { return cuMemcpyDtoH_v2(dst, src, n); }
/* Memsets of more than 64 words do nothing: on a GPU they cost the host a call, not a pass over the memory (a
 * gradient's zeroing would otherwise dominate the host's time); small ones, like the lookups' error slot, are done. */
int cuMemsetD32_v2(dptr p, unsigned v, size_t n) {
    run_queued();
    unsigned *w = (unsigned *) (uintptr_t) p;
    if (n > 64) return 0;
    for (size_t i = 0; i < n; i++) w[i] = v;
    return 0;
}
int cuMemsetD32Async(dptr p, unsigned v, size_t n, void *s) { return cuMemsetD32_v2(p, v, n); }
int cuMemsetD8_v2(dptr p, unsigned char v, size_t n) { run_queued(); if (n <= 256) memset((void *) (uintptr_t) p, v, n); return 0; }
int cuMemsetD8Async(dptr p, unsigned char v, size_t n, void *s) { return cuMemsetD8_v2(p, v, n); }

int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared,
                   void *stream, void **params, void **extra) {
    run_queued();
    if (f && params && strcmp((const char *) f, "fill_i64") == 0) {
        int64_t *out = *(int64_t **) params[0];
        int n = *(int *) params[1];
        int64_t v = *(int64_t *) params[2];
        for (int i = 0; i < n; i++) out[i] = v;
    }
    return 0;
}
