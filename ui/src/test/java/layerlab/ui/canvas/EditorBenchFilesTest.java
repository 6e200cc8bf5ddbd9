package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `layerlab bench`'s editor cases leave nothing in the temp folder: each run left its recovery file and lock in /tmp. */
class EditorBenchFilesTest {
    @TempDir
    Path temp;

    @Test
    void aRunLeavesNoFilesBehind() throws Exception {
        EditorBench.run(60, 70, 1, 1, temp);
        try (var left = Files.list(temp)) {
            assertEquals(List.of(), left.toList(), "left in the temp folder");
        }
    }
}
