package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab predict} with an imported ONNX model of two outputs (torch_two_heads.onnx: a class's scores and an
 * amount, made by make_two_output_onnx.py) lists every Output, as it lists a native two-head model's: a table per Output in
 * the terminal, and one CSV whose columns each name their Output, each value PyTorch's own within 1e-5.
 */
class TwoOutputOnnxPredictTest {
    private static final Path FIXTURES = Path.of("..", "engine", "src", "test", "resources", "onnx");

    @Test
    void everyOutputIsListed(@TempDir Path dir) throws Exception {
        CliRunner cli = new CliRunner();
        Path bundle = dir.resolve("two.llab"), csv = dir.resolve("y.csv"), input = FIXTURES.resolve("torch_two_heads.input.npy");
        assertEquals(0, cli.run("import", FIXTURES.resolve("torch_two_heads.onnx").toString(), "--out", bundle.toString()), cli.err.toString());
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", input.toString()), cli.err.toString());
        String table = cli.out.toString();
        assertTrue(table.startsWith("Output \"species\":\n"), table);
        assertTrue(table.contains("\n\nOutput \"bill\":\n"), table);

        assertEquals(0, cli.run("predict", bundle.toString(), "--input", input.toString(), "--output", csv.toString()), cli.err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("sample,species.output_0,species.output_1,species.output_2,bill", lines.get(0));
        float[] species = Npy.read(FIXTURES.resolve("torch_two_heads.species.npy")).toFloatArray();
        float[] bill = Npy.read(FIXTURES.resolve("torch_two_heads.bill.npy")).toFloatArray();
        assertEquals(5, lines.size(), "4 samples");
        for (int i = 0; i < 4; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int j = 0; j < 3; j++) assertEquals(species[i * 3 + j], Double.parseDouble(f[1 + j]), 1e-5 * Math.max(1, Math.abs(species[i * 3 + j])), lines.get(i + 1));
            assertEquals(bill[i], Double.parseDouble(f[4]), 1e-5 * Math.max(1, Math.abs(bill[i])), lines.get(i + 1));
        }
    }
}
