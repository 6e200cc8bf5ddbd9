package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "How many" is spelt one way across commands: {@code -k} / {@code --top} in predict as in embeddings (predict knew only
 * --top, embeddings said "-k is 0" to a user who typed --top 0).
 */
class TopOptionNamesTest {
    final CliRunner cli = new CliRunner();
    @TempDir
    Path dir;

    @Test
    void predictTakesKAsEmbeddingsDoes() throws Exception {
        Path iris = dir.resolve("iris.llab");
        assertEquals(0, cli.run("train", "../sample-projects/iris.json", "--epochs", "1", "--device", "cpu", "-q", "--save-bundle", iris.toString()),
                cli.err.toString());
        Path flowers = Files.writeString(dir.resolve("flowers.csv"), "sepal_length,sepal_width,petal_length,petal_width\n5.0,3.4,1.5,0.2\n");
        assertEquals(0, cli.run("predict", iris.toString(), "--input", flowers.toString(), "-k", "2"), cli.err.toString());
        List<String> table = cli.out.toString().lines().toList();
        // The predicted class, then the next one with its probability.
        assertTrue(table.get(1).matches("line 2 +\\w+ +\\d+\\.\\d%  \\w+ \\d+\\.\\d%"), cli.out.toString());
    }

    @Test
    void embeddingsNamesTheOptionAsTyped() {
        assertEquals(2, cli.run("embeddings", dir.resolve("model.llab").toString(), "--top", "0"));
        cli.assertOneLineError("layerlab embeddings: --top must be at least 1, got 0");
    }
}
