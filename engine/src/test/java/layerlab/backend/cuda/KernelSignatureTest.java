package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every launch checks its arguments against the kernel's parameters as the PTX declares them
 * ({@link CudaDevice#parameterSizes}): a kernel whose signature changed while a launch of it did not would otherwise
 * read garbage on a GPU, and only there. The launches themselves run, values and all, on the emulated GPU
 * (CudaEmulatedTest); here the reading of the declarations and the check.
 */
class KernelSignatureTest {
    @Test
    void parameterSizesReadTheModulesEntries() throws IOException {
        String ptx;
        try (InputStream in = CudaDevice.class.getResourceAsStream(CudaDevice.PTX_RESOURCE)) {
            ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<String, int[]> sizes = CudaDevice.parameterSizes(ptx);
        assertEquals(ptx.split("\\.entry ", -1).length - 1, sizes.size());
        // sgemm_*(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, strideA, strideB, strideC, splits,
        // kPerSplit, work, bias, relu, counters)
        assertEquals(List.of(4, 4, 4, 4, 4, 4, 8, 4, 8, 4, 4, 8, 4, 8, 8, 8, 4, 4, 8, 8, 4, 8),
                java.util.Arrays.stream(sizes.get("sgemm_32x32")).boxed().toList());
        // copy_f32_f32(src, dst, n, Strided2 by value: rank + 3 × 8 ints)
        assertEquals(List.of(8, 8, 4, -100), java.util.Arrays.stream(sizes.get("copy_f32_f32")).boxed().toList());

        new CudaDevice.Args().ptr(1).ptr(2).i32(3).words(new int[25]).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CudaDevice.Args().ptr(1).ptr(2).i32(3).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32")));
        assertTrue(e.getMessage().contains("copy_f32_f32") && e.getMessage().contains("[8, 8, 4]"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new CudaDevice.Args().ptr(1).ptr(2).i64(3).words(new int[25]).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32")));
        assertThrows(IllegalStateException.class,
                () -> new CudaDevice.Args().ptr(1).ptr(2).i32(3).words(new int[24]).checkAgainst("copy_f32_f32", sizes.get("copy_f32_f32")));
    }
}
