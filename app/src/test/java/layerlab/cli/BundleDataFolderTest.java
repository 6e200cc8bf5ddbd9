package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle saved away from its project ({@code --save-bundle models/flowers.llab}) is scored on the project's data:
 * {@code eval} read the data set's relative path ({@code flowers.csv}) beside the bundle and said no such file; it now
 * falls back to the folder the run read them from (the bundle's run record) when they are not beside it.
 */
class BundleDataFolderTest {
    final CliRunner cli = new CliRunner();

    @Test
    void evalOfABundleInAnotherFolderReadsTheDataWhereTheRunDid(@TempDir Path dir) throws Exception {
        Path project = ReproducibilityCommandTest.csvProject(dir), bundle = Files.createDirectories(dir.resolve("models")).resolve("flowers.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "2", "--device", "cpu", "-q", "--save-bundle", bundle.toString()),
                cli.err.toString());
        assertEquals(0, cli.run("eval", bundle.toString()), cli.err.toString());
        assertTrue(cli.out.toString().contains("accuracy"), cli.out.toString());

        // Without the project's folder either, the message still names the file that is missing.
        Files.move(dir.resolve("flowers.csv"), dir.resolve("elsewhere.csv"));
        assertNotEquals(0, cli.run("eval", bundle.toString()));
        assertTrue(cli.err.toString().contains("flowers.csv"), cli.err.toString());
    }
}
