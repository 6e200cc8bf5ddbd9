package layerlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which arguments open the editor with a project and which run the command line. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    void anExistingProjectFileAloneOpensTheEditor() throws Exception {
        Path json = Files.writeString(dir.resolve("net.json"), "{}");
        Path llab = Files.writeString(dir.resolve("Net.LLAB"), "{}");
        assertEquals(json, Main.projectToOpen(new String[] {json.toString()}));
        assertEquals(llab, Main.projectToOpen(new String[] {llab.toString()}));
        Path onnx = Files.writeString(dir.resolve("resnet18.onnx"), "");
        assertEquals(onnx, Main.projectToOpen(new String[] {onnx.toString()}), "an ONNX model opens imported");
    }

    @Test
    void everythingElseIsACommandLine() throws Exception {
        Path json = Files.writeString(dir.resolve("net.json"), "{}");
        Path txt = Files.writeString(dir.resolve("notes.txt"), "");
        assertNull(Main.projectToOpen(new String[] {"check", json.toString()}), "a subcommand with a file");
        assertNull(Main.projectToOpen(new String[] {json.toString(), "--help"}), "more than one argument");
        assertNull(Main.projectToOpen(new String[] {"--version"}));
        assertNull(Main.projectToOpen(new String[] {"bench"}));
        assertNull(Main.projectToOpen(new String[] {txt.toString()}), "not a project's ending");
        assertNull(Main.projectToOpen(new String[] {dir.resolve("missing.json").toString()}), "no such file");
        assertNull(Main.projectToOpen(new String[] {Files.createDirectory(dir.resolve("dir.json")).toString()}), "a folder");
    }
}
