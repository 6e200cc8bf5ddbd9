package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong once {@code train} has read its project starts with the project file, as the file's own load errors
 * do: in a shell loop over many files ({@code for f in *.json; do layerlab train $f; done}) each line says which failed.
 * An option's own error, the same for every file, stays as it was.
 */
class TrainErrorNamesFileTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void eachFilesErrorStartsWithTheFile(@TempDir Path dir) throws Exception {
        Path spirals = Path.of("..", "sample-projects", "spirals.json");
        // Two projects, each given data that do not fit its Input (a sine's samples are [1], the Input takes [2]).
        List<Path> files = new ArrayList<>();
        for (String name : List.of("first.json", "second.json")) files.add(Files.writeString(dir.resolve(name), Files.readString(spirals)));
        List<String> said = new ArrayList<>();
        for (Path f : files) {
            assertEquals(2, cli.run("train", f.toString(), "--data", "source=sine", "--epochs", "1"), cli.err.toString());
            cli.assertOneLineError("layerlab train: " + f + ": ");
            said.add(cli.err.toString().strip());
        }
        for (int i = 0; i < files.size(); i++) {
            String want = "layerlab train: " + files.get(i) + ": the data does not fit the model: Input \"points\": takes [2] per sample (2 values) but the "
                    + "data set's samples are [1] (1 value): set the shape to [1].";
            assertTrue(said.get(i).startsWith(want), said.get(i));
        }
        assertEquals(2, cli.run("train", files.get(0).toString(), "--epochs", "0"));
        cli.assertOneLineError("layerlab train: --epochs must be an integer of at least 1, got 0");
    }
}
