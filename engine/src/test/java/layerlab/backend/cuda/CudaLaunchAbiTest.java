package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Assumptions;
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
        Path natives = nativesJar();
        Assumptions.assumeTrue(natives != null, "JCuda's Linux x86-64 natives are not on the class path");
        Assumptions.assumeTrue(works("gcc", "--version") && works("nm", "--version"), "no gcc or nm on this machine");
        Path dir = Files.createTempDirectory("stub-driver");
        try {
            Path binding = dir.resolve("binding.so");
            try (ZipFile zip = new ZipFile(natives.toFile())) {
                ZipEntry e = zip.stream().filter(z -> z.getName().matches(".*/libJCudaDriver-.*\\.so")).findFirst().orElseThrow();
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, binding);
                }
            }
            String stub;
            try (InputStream in = CudaLaunchAbiTest.class.getResourceAsStream("stub_driver.c")) {
                stub = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            StringBuilder src = new StringBuilder(stub);
            for (String line : run(dir, "nm", "-D", "--undefined-only", binding.toString()).split("\n")) {
                String[] f = line.trim().split("\\s+");
                String name = f[f.length - 1].replaceAll("@.*", "");
                if (name.startsWith("cu") && !name.equals("cuMemAllocHost_v2") && !name.equals("cuLaunchKernel")) {
                    src.append("int ").append(name).append("(void) { return 0; }\n");
                }
            }
            Files.writeString(dir.resolve("stub.c"), src);
            run(dir, "gcc", "-shared", "-fPIC", "-o", "libcuda.so.1", "stub.c", "-Wl,-soname,libcuda.so.1");

            Path out = dir.resolve("params.txt");
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), CudaLaunchAbiTest.class.getName()).redirectErrorStream(true);
            child.environment().put("LD_LIBRARY_PATH", dir.toString());
            child.environment().put("STUB_OUT", out.toString());
            child.environment().put("STUB_ARGS", "7");
            Process p = child.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
            assertEquals(0, p.exitValue(), log);
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
            try (var files = Files.walk(dir)) {
                files.sorted((x, y) -> y.compareTo(x)).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Path nativesJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("jcuda-natives") && entry.contains("linux-x86_64")) return Path.of(entry);
        }
        return null;
    }

    private static boolean works(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
