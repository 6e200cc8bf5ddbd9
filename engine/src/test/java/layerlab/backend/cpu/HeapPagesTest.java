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
        assertTrue(line.startsWith("Memory: heap on "), line);
        String mode = HeapPages.kernelMode();
        boolean asked = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseTransparentHugePages");
        if ("always".equals(mode) || ("madvise".equals(mode) && asked)) {
            assertEquals("Memory: heap on transparent huge pages", line);
        } else if ("madvise".equals(mode)) {
            assertTrue(line.contains("start Java with -XX:+UseTransparentHugePages"), line);
        } else if (mode != null) {
            assertTrue(line.contains("'" + mode + "'"), line);
        }
    }
}
