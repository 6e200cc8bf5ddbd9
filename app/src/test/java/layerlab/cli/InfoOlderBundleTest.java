package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import layerlab.io.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab info} on a bundle without a run record (written before LayerLab kept one): it says so plainly, with what is
 * known all the same (the settings' seed) and that its data files cannot be compared; exit code 0, as nothing is wrong with it.
 */
class InfoOlderBundleTest {
    final CliRunner cli = new CliRunner();

    @Test
    void aBundleWithoutARunRecordSaysSoPlainly(@TempDir Path dir) throws Exception {
        Path project = ReproducibilityCommandTest.csvProject(dir), trained = dir.resolve("trained.llab"), old = dir.resolve("old.llab");
        assertEquals(0, cli.run("train", project.toString(), "--epochs", "1", "--device", "cpu", "--seed", "3", "-q", "--save-bundle", trained.toString()),
                cli.err.toString());
        // As an older LayerLab wrote it: the same bundle, its manifest without "run".
        ModelBundle.save(old, ModelBundle.load(trained));
        assertEquals(0, cli.run("info", old.toString()), cli.err.toString());
        String said = cli.out.toString().replace("\r", "");
        assertTrue(said.contains("\nhow it was made: not recorded (the bundle holds no run record: it comes from an older LayerLab, or from weights "
                + "no run recorded, such as an export of a .safetensors file)\n  seed: 3 (as its settings say)\n"
                + "data files now: cannot be compared (no fingerprint of them was kept)\n"), said);
        assertFalse(said.contains("threads:"), said);
    }
}
