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

    /**
     * {@code layerlab iris.jsn} said "unknown command 'iris.jsn'" and listed every command: a mistyped project name is
     * named as a missing file, with the nearest project file beside it, and exits 2 as check does for a file it cannot read.
     */
    @Test
    void aMissingProjectFileIsSaidSo() throws Exception {
        Files.writeString(dir.resolve("iris.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "");
        String typo = dir.resolve("penguins.json").toString();
        assertEquals(typo + ": no such file", Main.missingProject(new String[] {typo}), "nothing near enough");
        String near = dir.resolve("irs.json").toString();
        assertEquals(near + ": no such file (did you mean " + dir.resolve("iris.json") + "?)", Main.missingProject(new String[] {near}));
        Path folder = Files.createDirectory(dir.resolve("old.json"));
        assertEquals(folder + ": a folder, not a project file", Main.missingProject(new String[] {folder.toString()}));
        String nowhere = dir.resolve("gone").resolve("net.llab").toString();
        assertEquals(nowhere + ": no such file (there is no folder " + dir.resolve("gone") + ")", Main.missingProject(new String[] {nowhere}));
        assertNull(Main.missingProject(new String[] {dir.resolve("iris.json").toString()}), "there: it opens");
        assertNull(Main.missingProject(new String[] {"bench"}), "a command");
        assertNull(Main.missingProject(new String[] {"check", near}), "a command's argument: the command says it");
        assertNull(Main.missingProject(new String[] {dir.resolve("notes.txt").toString()}), "not a project's ending: a command line");
    }
}
