package layerlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.backend.Backends;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void versionComesFromThePom() {
        // Filtering left a real version, not the ${project.version} placeholder.
        assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.version());
    }

    @Test
    void describesLayerLabThenTheJdkThenTheEngine() {
        List<String> lines = BuildInfo.describe();
        assertEquals("LayerLab " + BuildInfo.version(), lines.get(0));
        assertTrue(lines.get(1).contains(System.getProperty("java.version")), lines.get(1));
        assertTrue(lines.get(1).contains(System.getProperty("java.home")), lines.get(1));
        assertEquals(Backends.describe(), lines.subList(2, lines.size()));
    }
}
