package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Test;

/**
 * Kernel arguments through JCuda's real native binding, no GPU needed: a child JVM runs with a stub {@code libcuda.so.1}
 * (compiled here from {@code stub_driver.c} plus a do-nothing definition of every other driver function the binding
 * imports) whose {@code cuLaunchKernel} writes out what each parameter pointer points at. So the contract the
 * argument block relies on (JCuda hands a pointer with a native address to the driver as the {@code void**} itself)
 * is checked in every build with gcc and nm, not only on a GPU. Skipped, with the reason, elsewhere.
 */
class CudaLaunchAbiTest {
    /** The child: one launch through an argument block, values of every kind. */
    public static void main(String[] args) {
        JCudaDriver.setExceptionsEnabled(false);
        CudaDevice.ArgBlock block = CudaDevice.ArgBlock.allocate();
        if (block == null) throw new IllegalStateException("no argument block from the stub's cuMemAllocHost");
        CudaDevice.Args a = new CudaDevice.Args().i32(-7).bool(true).f32(2.5f).ptr(0x123456789AL).i64(-2L).f64(0.125)
                .words(new int[] {11, 12});
        JCudaDriver.cuLaunchKernel(new CUfunction(), 1, 1, 1, 1, 1, 1, 0, new CUstream(), block.hold(a), null);
    }

    @Test
    void theDriverReadsEachArgumentFromItsSlot() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("stub-driver");
        try {
            DriverStubs.compile(dir, "stub_driver.c");
            Path out = dir.resolve("params.txt");
            ProcessBuilder child = DriverStubs.childJvm(dir, CudaLaunchAbiTest.class);
            child.environment().put("STUB_OUT", out.toString());
            child.environment().put("STUB_ARGS", "7");
            String log = DriverStubs.runChild(child, 60);
            List<String> words = Files.readAllLines(out);
            assertEquals(7, words.size(), log);
            // The 4-byte values are the low half of their slot's first 8 bytes (the rest of a fresh slot is zero).
            assertEquals(String.format("%08x", -7), words.get(0).substring(8));
            assertEquals("00000001", words.get(1).substring(8));
            assertEquals(String.format("%08x", Float.floatToRawIntBits(2.5f)), words.get(2).substring(8));
            assertEquals(String.format("%016x", 0x123456789AL), words.get(3));
            assertEquals(String.format("%016x", -2L), words.get(4));
            assertEquals(String.format("%016x", Double.doubleToRawLongBits(0.125)), words.get(5));
            assertEquals(String.format("%08x%08x", 12, 11), words.get(6), "a struct's ints in order");
        } finally {
            DriverStubs.delete(dir);
        }
    }
}
