package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check FOLDER} checks the projects and bundles in it and its subfolders (a class's hand-ins), in path order, hidden
 * ones left out; it said ". is a folder, not a file". A bundle (.llab) is checked by its drawing; it was read as JSON
 * ("not UTF-8 text (byte 0xB3)").
 */
class CheckFolderTest {
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void aFolderIsItsProjects() throws Exception {
        Files.copy(GradeCommandTest.IRIS, dir.resolve("b.json"));
        Files.createDirectories(dir.resolve("ana"));
        Files.copy(GradeCommandTest.IRIS, dir.resolve("ana").resolve("a.json"));
        Files.createDirectories(dir.resolve(".backup"));
        Files.writeString(dir.resolve(".backup").resolve("old.json"), "{");
        Files.writeString(dir.resolve("notes.txt"), "not a project");
        assertEquals(0, cli.run("check", dir.toString()), cli.err.toString());
        String out = cli.out.toString();
        int a = out.indexOf(dir.resolve("ana").resolve("a.json") + ": Iris"), b = out.indexOf(dir.resolve("b.json") + ": Iris");
        assertTrue(a >= 0 && b > a, out);
        assertFalse((out + cli.err).contains("old.json") || (out + cli.err).contains("notes.txt"), out + cli.err);
    }

    @Test
    void aFolderWithoutProjectsIsSaid() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a project");
        assertEquals(2, cli.run("check", dir.toString()));
        cli.assertOneLineError("layerlab check: " + dir + " is a folder holding no project (.json) or bundle (.llab)");
    }

    @Test
    void aBundleIsCheckedByItsDrawing() {
        Path bundle = DamagedFilesCommandTest.OLD.resolve("iris.llab");
        assertEquals(0, cli.run("check", bundle.toString(), "--no-data"), cli.err.toString());
        assertTrue(cli.out.toString().startsWith(bundle + ": Iris ("), cli.out.toString());
    }

    @Test
    void aDamagedBundleIsNamedOnce() throws Exception {
        Path cut = Files.write(dir.resolve("bea.llab"), java.util.Arrays.copyOf(Files.readAllBytes(DamagedFilesCommandTest.OLD.resolve("iris.llab")), 300));
        assertEquals(2, cli.run("check", cut.toString()));
        cli.assertOneLineError(cut + ": the bundle is damaged: ");
    }
}
