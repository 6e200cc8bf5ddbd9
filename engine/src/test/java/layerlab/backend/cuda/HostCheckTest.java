package layerlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs engine/src/main/cuda/host-check: the spatial and recurrent CUDA kernels compiled as host C++ and
 * checked against reference loops on the CPU, so their index arithmetic is tested on every machine with a
 * C++20 compiler, GPU or not. Skipped, with the reason, where g++ is missing or too old (the GPU tests still
 * cover the kernels).
 */
class HostCheckTest {
    private static final Path SCRIPT = Path.of("src/main/cuda/host-check/run.sh");

    @Test
    void spatialKernelsPassTheirHostCheck() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "host-check sources not here (run from the engine module): " + SCRIPT.toAbsolutePath());
        Assumptions.assumeTrue(gxxSupportsCpp20(), "no g++ with C++20 <barrier> on this machine");
        Process p = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "host check did not finish in 120 s");
        assertEquals(0, p.exitValue(), "host check failed:\n" + out);
        assertTrue(out.contains(" 0 failures"), out);
    }

    private static boolean gxxSupportsCpp20() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("g++", "-std=c++20", "-x", "c++", "-fsyntax-only", "-")
                    .redirectErrorStream(true).start();
            p.getOutputStream().write("#include <barrier>\n#include <atomic>\nint main() { std::barrier<> b(1); return 0; }\n"
                    .getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
