package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} of a model of several Inputs says which data columns each takes (in the Inputs' document order), so a
 * CSV whose features are listed in another order than the Inputs' names suggest shows before the run.
 */
class InputsMappingCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void trainSaysWhichColumnsEachInputTakes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bilinear.json");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of("..", "resources", "datasets", "iris.csv.gz")))) {
            Files.write(dir.resolve("iris.csv"), in.readAllBytes());
        }
        // The petal's columns listed first: the Input named "sepal", drawn first, takes them.
        Files.writeString(file, Files.readString(Path.of("..", "sample-projects", "bilinear-features.json"))
                .replace("{\"source\": \"iris\",", "{\"source\": \"csv\", \"path\": \"iris.csv\", \"label_column\": \"species\", "
                        + "\"features\": [\"petal_length\", \"petal_width\", \"sepal_length\", \"sepal_width\"],"));
        assertEquals(0, LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "train", file.toString(), "--epochs", "1"), err.toString());
        assertTrue(out.toString().contains("\ninputs: sepal \u2190 petal_length, petal_width; petal \u2190 sepal_length, sepal_width\n"), out.toString());
    }
}
