package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project made on a student's Windows PC or Mac names its data there ({@code C:\Users\ana\Documents\flowers.csv}); read on
 * Linux that was a file of that odd name in the project's folder, said as "/home/t/hand-ins/C:\Users\…: no such file". Now
 * the one line says what kind of path it is, where in the project, and how to read the teacher's copy; {@code --data
 * path=FILE} reads it.
 */
class ForeignDataPathTest {
    final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    private Path project(String dataPath) throws Exception {
        StringBuilder csv = new StringBuilder("a,b,c,d,species\n");
        for (int i = 0; i < 30; i++) csv.append(i % 7).append(',').append(i % 5).append(',').append(i % 3).append(',').append(i).append(',').append(i % 3 == 0 ? "x\n" : "y\n");
        Files.writeString(dir.resolve("flowers.csv"), csv);
        String p = Files.readString(GradeCommandTest.IRIS).replace("\"source\": \"iris\", \"normalize\": \"standardize\"",
                "\"source\": \"csv\", \"path\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(dataPath) + ", \"label_column\": \"species\"");
        return Files.writeString(dir.resolve("ana.json"), p);
    }

    @Test
    void aWindowsPathIsSaidAsOneAtItsSetting() throws Exception {
        assumeFalse(java.io.File.separatorChar == '\\', "on Windows it is a path of this system's");
        Path p = project("C:\\Users\\ana\\Documents\\flowers.csv");
        assertEquals(2, cli.run("train", p.toString(), "--epochs", "1", "--device", "cpu", "-q"));
        cli.assertOneLineError("layerlab train: " + p + ":");
        String e = cli.err.toString();
        assertTrue(e.contains("dataset.path is \"C:\\Users\\ana\\Documents\\flowers.csv\", a Windows path (the project was made on another computer), "
                + "and there is no such file here: copy the data beside the project and give its name alone (\"flowers.csv\")"), e);
        assertTrue(e.contains("--data path=FILE"), e);
        assertEquals(1, cli.run("check", p.toString(), "-q"));
        assertTrue(cli.err.toString().contains("a Windows path (the project was made on another computer)"), cli.err.toString());
    }

    @Test
    void theTeachersCopyIsReadWithData() throws Exception {
        Path p = project("C:\\Users\\ana\\Documents\\flowers.csv");
        assertEquals(0, cli.run("train", p.toString(), "--epochs", "1", "--device", "cpu", "-q", "--data", "path=" + dir.resolve("flowers.csv")),
                cli.err.toString());
    }

    @Test
    void aRelativeWindowsPathAndAMacOne() throws Exception {
        assumeFalse(java.io.File.separatorChar == '\\');
        assertEquals(2, cli.run("train", project("..\\data\\flowers.csv").toString(), "--epochs", "1", "--device", "cpu", "-q"));
        assertTrue(cli.err.toString().contains("a Windows path (the project was made on another computer)"), cli.err.toString());
        assumeFalse(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac"));
        assertEquals(2, cli.run("train", project("/Users/ben/Downloads/flowers.csv").toString(), "--epochs", "1", "--device", "cpu", "-q"));
        assertTrue(cli.err.toString().contains("a macOS path (the project was made on another computer)"), cli.err.toString());
    }

    @Test
    void aPathOfThisSystemsThatIsMissingIsSaidAsBefore() throws Exception {
        Path p = project(dir.resolve("gone.csv").toString());
        assertEquals(2, cli.run("train", p.toString(), "--epochs", "1", "--device", "cpu", "-q"));
        assertTrue(cli.err.toString().contains("gone.csv: no such file"), cli.err.toString());
    }
}
