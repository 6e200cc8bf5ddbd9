package layerlab.backend.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * cuBLAS's SGEMM, where JCuda's binding can load it: JCuda 12's cuBLAS native links {@code libcublas.so.12}
 * (CUDA 12's toolkit or the {@code nvidia-cublas-cu12} wheel), which a machine with only the driver, or with
 * CUDA 13, lacks; then our own SGEMM kernels run instead, with the same results within float32 accumulation
 * error (both sum in float; the order differs). TF32 stays off (cuBLAS's default math mode), so both are
 * true float32 products. {@code -Dlayerlab.cuda.cublas=false} keeps our kernels even where cuBLAS loads.
 *
 * <p>One handle per device, bound to the device's stream, so cuBLAS calls are ordered with every other launch.
 */
final class CudaBlas {
    private final cublasHandle handle;

    private CudaBlas(cublasHandle handle) {
        this.handle = handle;
    }

    /** Whether cuBLAS could be loaded for {@code dev}, and why not. */
    record Probe(CudaBlas blas, String reason) {}

    /** Loads cuBLAS for {@code dev}'s context and stream; never throws (JCuda reports a missing library as an Error). */
    static Probe open(CudaDevice dev) {
        if (!Boolean.parseBoolean(System.getProperty("layerlab.cuda.cublas", "true"))) {
            return new Probe(null, "cuBLAS switched off (-Dlayerlab.cuda.cublas=false)");
        }
        try {
            dev.makeCurrent();
            cublasHandle h = new cublasHandle();
            int rc = JCublas2.cublasCreate(h);
            if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) return new Probe(null, "cublasCreate failed: " + cublasStatus.stringFor(rc));
            rc = JCublas2.cublasSetStream(h, new cudaStream_t(dev.stream()));
            if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
                JCublas2.cublasDestroy(h);
                return new Probe(null, "cublasSetStream failed: " + cublasStatus.stringFor(rc));
            }
            return new Probe(new CudaBlas(h), null);
        } catch (Throwable t) {
            return new Probe(null, explain(t));
        }
    }

    /** One line for why cuBLAS did not load. */
    static String explain(Throwable t) {
        String msg = String.valueOf(t.getMessage());
        if (t instanceof UnsatisfiedLinkError || t instanceof NoClassDefFoundError) {
            return msg.contains("libcublas") ? "cuBLAS unavailable: libcublas.so.12 (CUDA 12) not found; using LayerLab's own SGEMM kernels"
                    : "cuBLAS unavailable: JCuda's cuBLAS binding could not be loaded; using LayerLab's own SGEMM kernels";
        }
        return "cuBLAS unavailable: " + t.getClass().getSimpleName() + ": " + msg.lines().findFirst().orElse("");
    }

    /**
     * Row-major {@code C = alpha·op(A)·op(B) + beta·C} over {@code batch} strided products, as {@code Backend.gemm}:
     * column-major cuBLAS computes {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} on the same memory.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda, long b, int ldb, float beta,
              long c, int ldc, int batch, long strideA, long strideB, long strideC) {
        int rc = JCublas2.cublasSgemmStridedBatched(handle,
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                n, m, k, Pointer.to(new float[] {alpha}), at(b), ldb, strideB, at(a), lda, strideA,
                Pointer.to(new float[] {beta}), at(c), ldc, strideC, batch);
        if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException("cublasSgemmStridedBatched failed: " + cublasStatus.stringFor(rc));
        }
    }

    /** A device address as JCuda's pointer type (a null pointer plus the address as its offset). */
    private static Pointer at(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }
}
