/* A stand-in for the NVIDIA driver's libcuda.so.1, for CudaLaunchAbiTest: every function JCuda's driver binding
 * imports returns CUDA_SUCCESS and does nothing, except cuMemAllocHost (plain host memory) and cuLaunchKernel, which
 * writes the first 8 bytes of each of the first STUB_ARGS kernel parameters, as hex, one per line, to STUB_OUT.
 * The test appends a "STUB_FUNCTIONS" line of `int name(void) { return 0; }` definitions for the other imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cuMemAllocHost_v2(void **pp, size_t bytes) {
    *pp = calloc(1, bytes);
    return *pp ? 0 : 2;
}

int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared,
                   void *stream, void **params, void **extra) {
    const char *path = getenv("STUB_OUT"), *count = getenv("STUB_ARGS");
    if (!path || !count || !params) return 0;
    FILE *out = fopen(path, "a");
    if (!out) return 0;
    int n = atoi(count);
    for (int i = 0; i < n; i++) {
        unsigned char bytes[8];
        memcpy(bytes, params[i], 8);
        for (int b = 7; b >= 0; b--) fprintf(out, "%02x", bytes[b]); /* little-endian: most significant first */
        fputc('\n', out);
    }
    fclose(out);
    return 0;
}
