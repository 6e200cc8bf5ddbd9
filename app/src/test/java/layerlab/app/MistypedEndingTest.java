package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab iris.jsn}, the very case Main's note names, still said "unknown command 'iris.jsn'" and listed every
 * command: only a name ending in .json, .llab or .onnx was taken for a file. A name with any ending, or a path, is now
 * said to be a missing file with the nearest project beside it ({@code penguins.llb}: did you mean penguins.llab?);
 * a mistyped command ({@code chek}) still gets the command list.
 */
class MistypedEndingTest {
    @TempDir
    Path dir;

    @Test
    void aMistypedEndingIsAMissingFile() throws Exception {
        Files.writeString(dir.resolve("iris.json"), "{}");
        Files.writeString(dir.resolve("penguins.llab"), "");
        Files.writeString(dir.resolve("notes.txt"), "");
        String jsn = dir.resolve("iris.jsn").toString();
        assertEquals(jsn + ": no such file (did you mean " + dir.resolve("iris.json") + "?)", Main.missingProject(new String[] {jsn}));
        String llb = dir.resolve("penguins.llb").toString();
        assertEquals(llb + ": no such file (did you mean " + dir.resolve("penguins.llab") + "?)", Main.missingProject(new String[] {llb}));
        String bare = dir.resolve("iris").toString();
        String said = Main.missingProject(new String[] {bare});
        assertEquals(bare + ": no such file", said == null ? null : said.replaceFirst(" \\(did you mean .*\\)$", ""), "a path");
        assertNull(Main.missingProject(new String[] {"chek"}), "a command's name mistyped: the command list says it");
        assertNull(Main.missingProject(new String[] {dir.resolve("notes.txt").toString()}), "there: a command line");
    }
}
