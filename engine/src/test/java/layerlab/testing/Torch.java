package layerlab.testing;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/** PyTorch itself, for tests that run a script LayerLab wrote: {@code /usr/bin/python3} with torch (Debian's python3-torch). */
public final class Torch {
    /** The Python the tests run: Debian's, where python3-torch and python3-onnx install. */
    public static final String PYTHON = "/usr/bin/python3";

    private Torch() {
    }

    /** Skips the calling test, saying so, where there is no python3 with torch to run a script. */
    public static void assume() throws InterruptedException {
        assumeModule("torch", "no python3 with torch here: the script cannot run");
    }

    /** Skips the calling test, saying {@code why}, where {@link #PYTHON} cannot import {@code module}. */
    public static void assumeModule(String module, String why) throws InterruptedException {
        Process probe;
        try {
            probe = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        Assumptions.assumeTrue(probe != null && probe.waitFor() == 0, why);
    }
}
