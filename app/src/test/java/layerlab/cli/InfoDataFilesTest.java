package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab info}'s "data files" line names the files the run read: "sha256:… of path flowers.csv, read in
 * /home/t/flowers" for a path relative to the project, and the absolute path alone for an absolute one (it said "read in
 * <the project's folder>" there too, a folder the file was not read in, and named no file at all).
 */
class InfoDataFilesTest {
    final CliRunner cli = new CliRunner();

    @Test
    void aRelativePathIsNamedWithTheFolderItWasReadIn(@TempDir Path dir) throws Exception {
        String said = info(ReproducibilityCommandTest.csvProject(dir), dir);
        String folder = dir.toAbsolutePath().normalize().toString();
        assertTrue(said.matches("(?s).*\n  data files: sha256:[0-9a-f]{64} of path flowers\\.csv, read in " + java.util.regex.Pattern.quote(folder) + "\n.*"), said);
    }

    @Test
    void anAbsolutePathIsNamedAlone(@TempDir Path dir) throws Exception {
        Path project = ReproducibilityCommandTest.csvProject(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path csv = Files.move(dir.resolve("flowers.csv"), data.resolve("flowers.csv")).toAbsolutePath();
        ObjectMapper m = new ObjectMapper();
        ObjectNode p = (ObjectNode) m.readTree(project.toFile());
        ((ObjectNode) p.get("dataset")).put("path", csv.toString());
        Files.writeString(project, m.writeValueAsString(p));
        String said = info(project, dir);
        assertTrue(said.contains("  data files: sha256:"), said);
        assertTrue(said.contains(" of path " + csv + "\n"), said);
        assertFalse(said.contains("read in"), said);
        assertTrue(said.contains("data files now: the same as when it trained"), said);
    }

    private String info(Path project, Path dir) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode p = (ObjectNode) m.readTree(project.toFile());
        ((ObjectNode) p.get("training")).put("epochs", 1).put("device", "cpu");
        Files.writeString(project, m.writeValueAsString(p));
        Path bundle = dir.resolve("flowers.llab");
        assertEquals(0, cli.run("train", project.toString(), "-q", "--save-bundle", bundle.toString()), cli.err.toString());
        assertEquals(0, cli.run("info", bundle.toString()), cli.err.toString());
        return cli.out.toString();
    }
}
