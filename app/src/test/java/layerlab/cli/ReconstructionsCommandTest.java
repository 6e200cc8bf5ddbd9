package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import layerlab.io.ModelBundle;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import layerlab.train.Reconstructions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab predict} of an autoencoder (its MSELoss compares its Output with its own picture Input): the table
 * says each picture's reconstruction error, not "the largest of 784 outputs", and {@code --reconstructions FOLDER}
 * writes each picture beside the model's reconstruction of it.
 */
class ReconstructionsCommandTest {
    @TempDir Path dir;

    static final String AUTOENCODER = """
            {"format": "layerlab-project", "version": 1, "name": "AE",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [1, 28, 28]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "flatten", "kind": "Flatten", "params": {}, "position": {"x": 200, "y": 0}},
              {"id": "n3", "name": "enc", "kind": "Linear", "params": {"in_features": 784, "out_features": 32}, "position": {"x": 400, "y": 0}},
              {"id": "n4", "name": "relu", "kind": "ReLU", "params": {}, "position": {"x": 600, "y": 0}},
              {"id": "n5", "name": "dec", "kind": "Linear", "params": {"in_features": 32, "out_features": 784}, "position": {"x": 0, "y": 200}},
              {"id": "n6", "name": "sig", "kind": "Sigmoid", "params": {}, "position": {"x": 200, "y": 200}},
              {"id": "n7", "name": "back", "kind": "Reshape", "params": {"shape": [1, 28, 28]}, "position": {"x": 400, "y": 200}},
              {"id": "n8", "name": "recon", "kind": "Output", "params": {}, "position": {"x": 600, "y": 200}},
              {"id": "n9", "name": "loss", "kind": "MSELoss", "params": {}, "position": {"x": 600, "y": 400}}],
             "edges": [{"from": "x.out", "to": "flatten.in"}, {"from": "flatten.out", "to": "enc.in"}, {"from": "enc.out", "to": "relu.in"},
              {"from": "relu.out", "to": "dec.in"}, {"from": "dec.out", "to": "sig.in"}, {"from": "sig.out", "to": "back.in"},
              {"from": "back.out", "to": "recon.in"}, {"from": "back.out", "to": "loss.input"}, {"from": "x.out", "to": "loss.target"}],
             "dataset": {"source": "mnist", "validation_split": 0.1, "seed": 0},
             "training": {"optimizer": {"name": "Adam", "lr": 0.003}, "epochs": 1, "batch_size": 64, "seed": 0}}
            """;

    @Test
    void predictSaysEachPicturesReconstructionErrorAndDrawsIt() throws Exception {
        CliRunner cli = new CliRunner();
        Path project = Files.writeString(dir.resolve("ae.json"), AUTOENCODER), bundle = dir.resolve("ae.llab");
        assertEquals(0, cli.run("train", project.toString(), "--save-bundle", bundle.toString(), "--quiet"), cli.err.toString());
        // Two pictures of MNIST's own, as the model takes them (no normalization): one bright bar, one blank.
        float[] x = new float[2 * 784];
        for (int p = 0; p < 784; p++) x[p] = (p % 28) / 10 == 1 && p / 28 > 5 && p / 28 < 22 ? 1f : 0f;
        Path npy = dir.resolve("two.npy"), pngs = dir.resolve("pngs");
        Npy.write(npy, Tensor.of(x, 2, 1, 28, 28));
        assertEquals(0, cli.run("predict", bundle.toString(), "--input", npy.toString(), "--reconstructions", pngs.toString()), cli.err.toString());
        List<String> lines = cli.out.toString().lines().toList();
        assertEquals("sample  reconstruction error (mean absolute)", lines.get(0), cli.out.toString());

        ModelBundle b = ModelBundle.load(bundle);
        layerlab.graph.compile.Model model = layerlab.graph.compile.GraphCompiler.compile(b.graph());
        model.loadStateDict(b.weights(), true);
        layerlab.train.Evaluator e = new layerlab.train.Evaluator(model, null, layerlab.tensor.Device.CPU);
        Reconstructions want = Reconstructions.of(e, Tensor.of(x, 2, 1, 28, 28), 2);
        assertTrue(lines.get(1).matches("0 +" + CliSupport.number(want.mae(0)).replace(".", "\\.")), lines.toString());
        assertTrue(lines.get(3).startsWith("mean "), lines.toString());
        assertTrue(cli.out.toString().contains("wrote 2 reconstructions to " + pngs + " (each: the picture, then the model's reconstruction of it"), cli.out.toString());

        BufferedImage png = ImageIO.read(pngs.resolve("0.reconstruction.png").toFile());
        assertEquals(2 * 28 * 4 + 4, png.getWidth());
        int[] original = want.pixels(0, false), remade = want.pixels(0, true);
        boolean differs = false;
        for (int p = 0; p < 784; p++) {
            assertEquals(original[p] & 0xFFFFFF, png.getRGB((p % 28) * 4 + 1, (p / 28) * 4 + 1) & 0xFFFFFF, "the picture, pixel " + p);
            assertEquals(remade[p] & 0xFFFFFF, png.getRGB(28 * 4 + 4 + (p % 28) * 4 + 1, (p / 28) * 4 + 1) & 0xFFFFFF, "its reconstruction, pixel " + p);
            differs |= original[p] != remade[p];
        }
        assertTrue(differs, "one epoch remakes a picture only roughly");

        // A classifier remakes no pictures: the option says why rather than writing nothing.
        Path cnn = dir.resolve("cnn.json");
        Files.writeString(cnn, AUTOENCODER.replace("MSELoss", "CrossEntropyLoss").replace("\"Sigmoid\"", "\"Identity\"")
                .replace("\"out_features\": 784", "\"out_features\": 10").replace("{\"shape\": [1, 28, 28]}, \"position\": {\"x\": 400", "{\"shape\": [10]}, \"position\": {\"x\": 400")
                .replace("\"x.out\", \"to\": \"loss.target\"", "\"y.out\", \"to\": \"loss.target\"")
                .replace("{\"id\": \"n9\"", "{\"id\": \"n10\", \"name\": \"y\", \"kind\": \"Input\", \"params\": {\"shape\": [], \"dtype\": \"int64\"}, \"position\": {\"x\": 0, \"y\": 600}},\n{\"id\": \"n9\""));
        Path cnnBundle = dir.resolve("cnn.llab");
        assertEquals(0, cli.run("train", cnn.toString(), "--save-bundle", cnnBundle.toString(), "--quiet"), cli.err.toString());
        assertEquals(2, cli.run("predict", cnnBundle.toString(), "--input", npy.toString(), "--reconstructions", pngs.toString()));
        cli.assertOneLineError("layerlab predict: --reconstructions: " + cnnBundle + " remakes no pictures");
    }
}
