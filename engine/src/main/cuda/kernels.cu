// LayerLab's CUDA kernels: one translation unit, compiled to one PTX module by build-ptx.sh and loaded by
// CudaBackend through the driver API (cuModuleLoadData). Each part mirrors a group of Backend methods.
#include "elementwise.cuh"
#include "reduce.cuh"
#include "gemm.cuh"
#include "index.cuh"
#include "optim.cuh"
#include "spatial.cuh"
#include "sequence.cuh"
