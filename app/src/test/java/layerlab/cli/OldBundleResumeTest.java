package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import layerlab.io.ModelBundle;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run an older build saved (the golden iris.llab: 3 of iris.json's epochs, with its state to go on) goes on in this build:
 * {@code train iris.json --resume OLD.llab --epochs 4} ends with 4 epochs of metrics. From af75fcb0, whose optimisers already
 * rounded as this build's do, it ends with the weights of this build's own uninterrupted 4-epoch run, bit for bit; from
 * the two older builds (before Adam rounded as PyTorch 1.13 does, merge 'adamround') their 3 epochs' last bits differ, so
 * only the run going on is checked.
 */
class OldBundleResumeTest {
    final CliRunner cli = new CliRunner();

    @ParameterizedTest
    @ValueSource(strings = {"e655f20f", "a50a00e8", "af75fcb0"})
    void anOldBuildsRunGoesOn(String commit, @TempDir Path dir) throws Exception {
        Path project = Path.of("..", "sample-projects", "iris.json").toAbsolutePath().normalize();
        Path old = Files.copy(OldBundlesPredictTest.GOLDEN.resolve(commit).resolve("iris.llab"), dir.resolve("old.llab"));
        assertEquals(0, cli.run("train", project.toString(), "--resume", old.toString(), "--epochs", "4", "-q"), cli.err.toString());
        ModelBundle resumed = ModelBundle.load(old);
        assertEquals(4, resumed.metrics().size());
        if (!commit.equals("af75fcb0")) return;
        Path fresh = dir.resolve("fresh.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "4", "-q", "--save-bundle", fresh.toString()), cli.err.toString());
        ModelBundle uninterrupted = ModelBundle.load(fresh);
        Map<String, Tensor> expected = uninterrupted.weights();
        assertEquals(expected.keySet(), resumed.weights().keySet());
        for (String k : expected.keySet()) assertArrayEquals(expected.get(k).toFloatArray(), resumed.weights().get(k).toFloatArray(), k);
        for (int e = 0; e < 4; e++)
            for (String m : new String[] {"train_loss", "val_loss", "val_accuracy"})
                assertEquals(uninterrupted.metrics().get(e).get(m), resumed.metrics().get(e).get(m), "epoch " + (e + 1) + " " + m);
    }
}
