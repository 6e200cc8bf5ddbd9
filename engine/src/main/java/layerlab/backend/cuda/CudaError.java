package layerlab.backend.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver call failed; {@link #code} is the {@code CUresult}. */
final class CudaError extends RuntimeException {
    final int code;

    CudaError(int code, String what) {
        super(what + " failed: " + CUresult.stringFor(code) + " (" + code + ")");
        this.code = code;
    }

    /** Throws unless {@code rc} is {@code CUDA_SUCCESS}. */
    static void check(int rc, String what) {
        if (rc != CUresult.CUDA_SUCCESS) throw new CudaError(rc, what);
    }
}
