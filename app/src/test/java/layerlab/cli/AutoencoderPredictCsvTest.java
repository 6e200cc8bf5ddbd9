package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import layerlab.train.Reconstructions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab predict --output x.csv} of an autoencoder writes what the window's Results › Predict new samples ›
 * Save as CSV writes, each picture's reconstruction error ({@code sample,reconstruction_mae}); it wrote the 784 values
 * of the reconstruction, which {@code --reconstruction-values} still writes.
 */
class AutoencoderPredictCsvTest {
    @TempDir Path dir;

    @Test
    void aCsvOfAnAutoencoderHoldsTheErrorsAndTheValuesOnRequest() throws Exception {
        CliRunner cli = new CliRunner();
        Path project = Files.writeString(dir.resolve("ae.json"), ReconstructionsCommandTest.AUTOENCODER), bundle = dir.resolve("ae.llab");
        assertEquals(0, cli.run("train", project.toString(), "--save-bundle", bundle.toString(), "--quiet"), cli.err.toString());
        float[] x = new float[2 * 784];
        for (int p = 0; p < 784; p++) x[p] = (p % 28) / 10 == 1 && p / 28 > 5 && p / 28 < 22 ? 1f : 0f;
        Path npy = dir.resolve("two.npy");
        Npy.write(npy, Tensor.of(x, 2, 1, 28, 28));
        ModelBundle b = ModelBundle.load(bundle);
        layerlab.graph.compile.Model model = layerlab.graph.compile.GraphCompiler.compile(b.graph());
        model.loadStateDict(b.weights(), true);
        Reconstructions want = Reconstructions.of(new layerlab.train.Evaluator(model, null, layerlab.tensor.Device.CPU), Tensor.of(x, 2, 1, 28, 28), 2);

        Path errors = dir.resolve("errors.csv");
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", npy.toString(), "--output", errors.toString()), cli.err.toString());
        assertEquals(want.csv(List.of("0", "1")), Files.readString(errors));
        assertTrue(Files.readString(errors).startsWith("sample,reconstruction_mae\n0,"), Files.readString(errors));
        assertTrue(cli.out.toString().contains("each picture's reconstruction error"), cli.out.toString());

        cli = new CliRunner();
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", npy.toString(), "--output", "-"), cli.err.toString());
        assertEquals(want.csv(List.of("0", "1")), cli.out.toString());

        Path values = dir.resolve("values.csv");
        cli = new CliRunner();
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", npy.toString(), "--output", values.toString(), "--reconstruction-values"),
                cli.err.toString());
        List<String> rows = Files.readAllLines(values);
        assertEquals(3, rows.size(), "a header and a row per picture");
        assertEquals(1 + 784, rows.get(1).split(",").length, "the sample's name and its 784 reconstructed values: " + rows.get(0));
        assertEquals(want.outputs()[0], Float.parseFloat(rows.get(1).split(",")[1]), 1e-6f);

        cli = new CliRunner();
        assertEquals(2, cli.run("predict", bundle.toString(), "--input", npy.toString(), "--output", dir.resolve("v.npy").toString(),
                "--reconstruction-values"));
        assertTrue(cli.err.toString().contains("--reconstruction-values goes with a .csv --output"), cli.err.toString());

        cli = new CliRunner();
        assertEquals(0, cli.run("predict", "--help"));
        assertTrue(cli.out.toString().contains("--reconstruction-values"), cli.out.toString());
        assertTrue(cli.out.toString().contains("reconstruction_mae"), cli.out.toString());
    }
}
