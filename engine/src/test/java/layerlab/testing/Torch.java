package layerlab.testing;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/** PyTorch itself, for tests that run a script LayerLab wrote: {@code /usr/bin/python3} with torch (Debian's python3-torch). */
public final class Torch {
    private Torch() {
    }

    /** Skips the calling test, saying so, where there is no python3 with torch to run a script. */
    public static void assume() throws InterruptedException {
        Process probe;
        try {
            probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        Assumptions.assumeTrue(probe != null && probe.waitFor() == 0, "no python3 with torch here: the script cannot run");
    }
}
