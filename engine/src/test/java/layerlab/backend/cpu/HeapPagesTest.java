package layerlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapPagesTest {
    @Test
    void theKernelsSettingIsTheBracketedWord() {
        assertEquals("madvise", HeapPages.modeOf("always [madvise] never\n"));
        assertEquals("always", HeapPages.modeOf("[always] madvise never"));
        assertEquals("never", HeapPages.modeOf("always madvise [never]"));
        assertNull(HeapPages.modeOf("always madvise never"));
        assertNull(HeapPages.modeOf(""));
    }

    /** The build runs tests as ./layerlab runs the app: asking for huge pages on Linux (the linux-heap-pages profile). */
    @Test
    void saysWhatThisJvmRunsOn() {
        String line = HeapPages.describe();
        assertTrue(line.startsWith(String.format(java.util.Locale.ROOT, "Memory: heap up to %.1f GB, on ", Runtime.getRuntime().maxMemory() / 1e9)), line);
        String mode = HeapPages.kernelMode();
        boolean asked = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseTransparentHugePages");
        if ("always".equals(mode) || ("madvise".equals(mode) && asked)) {
            assertTrue(line.endsWith(", on transparent huge pages"), line);
            assertTrue(HeapPages.huge());
        } else if ("madvise".equals(mode)) {
            assertTrue(line.contains("start Java with -XX:+UseTransparentHugePages"), line);
        } else if (mode != null) {
            assertTrue(line.contains("'" + mode + "'"), line);
        }
    }
}
