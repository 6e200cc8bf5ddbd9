package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import layerlab.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * cuBLAS is optional: where JCuda's binding cannot load (no libcublas.so.12, as on a driver-only machine or
 * CUDA 13), the reason is one line and our own SGEMM runs. These run without a GPU.
 */
class CudaBlasTest {
    @Test
    void aMissingLibcublasIsExplainedInOneLine() {
        Throwable thrown = null;
        try {
            jcuda.jcublas.JCublas2.initialize();
        } catch (Throwable t) {
            thrown = t;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(thrown != null, "cuBLAS loads on this machine: there is no failure to explain");
        String why = CudaBlas.explain(thrown);
        assertTrue(why.startsWith("cuBLAS unavailable: "), why);
        assertTrue(why.contains("libcublas.so.12") || why.contains("binding could not be loaded"), why);
        assertEquals(1, why.lines().count(), why);
    }

    @Test
    void reasonsNameTheLibraryOrTheBinding() {
        assertEquals("cuBLAS unavailable: libcublas.so.12 (CUDA 12) not found; using LayerLab's own SGEMM kernels",
                CudaBlas.explain(new UnsatisfiedLinkError("/tmp/libJCublas2.so: libcublas.so.12: cannot open shared object file")));
        assertEquals("cuBLAS unavailable: JCuda's cuBLAS binding could not be loaded; using LayerLab's own SGEMM kernels",
                CudaBlas.explain(new NoClassDefFoundError("Could not initialize class jcuda.jcublas.JCublas2")));
        assertEquals("cuBLAS unavailable: IllegalStateException: first line",
                CudaBlas.explain(new IllegalStateException("first line\nsecond line")));
    }

    @Test
    void theGpuSaysWhichSgemmItRuns() {
        CudaTesting.assumeCuda();
        String d = Backends.get(CudaTesting.GPU).describe();
        assertTrue(d.contains("SGEMM: cuBLAS") || d.contains("SGEMM: LayerLab's kernels ("), d);
    }
}
