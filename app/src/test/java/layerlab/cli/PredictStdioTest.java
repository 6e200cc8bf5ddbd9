package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab predict} in a pipeline: {@code --output -} writes the CSV to stdout and nothing else there (so
 * {@code predict … --output - > p.csv} is the file {@code --output p.csv} writes), {@code --input -} reads the rows from stdin.
 */
class PredictStdioTest {
    @TempDir
    Path dir;
    private final CliRunner cli = new CliRunner();

    @Test
    void theCsvGoesToStdoutAndTheRowsComeFromStdin() throws Exception {
        Path iris = dir.resolve("iris.llab");
        assertEquals(0, cli.run("train", PredictCommandTest.SAMPLES.resolve("iris.json").toString(), "--epochs", "5", "--device", "cpu",
                "--save-bundle", iris.toString()), cli.err.toString());
        String rows = "sepal_length,sepal_width,petal_length,petal_width\n5.0,3.4,1.5,0.2\n6.7,3.0,5.2,2.3\n";
        Path flowers = Files.writeString(dir.resolve("flowers.csv"), rows), csv = dir.resolve("p.csv");
        assertEquals(0, cli.run("predict", iris.toString(), "--input", flowers.toString(), "--output", csv.toString()), cli.err.toString());
        String table = cli.run("predict", iris.toString(), "--input", flowers.toString()) == 0 ? cli.out.toString() : cli.err.toString();

        assertEquals(0, cli.run("predict", iris.toString(), "--input", flowers.toString(), "--output", "-"), cli.err.toString());
        assertEquals(Files.readString(csv), cli.out.toString());
        assertEquals("", cli.err.toString());

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(rows.getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, cli.run("predict", iris.toString(), "--input", "-"), cli.err.toString());
            assertEquals(table, cli.out.toString());
            System.setIn(new ByteArrayInputStream(rows.getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, cli.run("predict", iris.toString(), "--input", "-", "--output", "-"), cli.err.toString());
            assertEquals(Files.readString(csv), cli.out.toString());
            // A message about the rows names stdin, not the file they passed through.
            System.setIn(new ByteArrayInputStream("sepal_length,sepal_width,petal_length,petal_width\n5.0,3.4,x,0.2\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, cli.run("predict", iris.toString(), "--input", "-"));
            assertTrue(cli.err.toString().startsWith("layerlab predict: stdin"), cli.err + " / " + cli.out);
        } finally {
            System.setIn(stdin);
        }

        assertEquals(2, cli.run("predict", iris.toString(), "--input", flowers.toString(), "--output", "-", "--explain"));
        cli.assertOneLineError("layerlab predict: --explain prints each sample's shares, and --output - writes the CSV to stdout");
    }
}
