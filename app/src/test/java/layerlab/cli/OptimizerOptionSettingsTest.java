package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.io.ModelBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --optimizer} and {@code sweep --optimizer} keep the project's learning rate and those of its optimizer's
 * options the new one has too (Adam's betas, eps, weight_decay, amsgrad for AdamW): they ran the optimizer at its
 * defaults, so a sweep of Adam against AdamW compared the project's tuned betas with PyTorch's. What is not carried is
 * said (train's note, the sweep's summary).
 */
class OptimizerOptionSettingsTest {
    @TempDir
    Path dir;
    Path project;
    final CliRunner cli = new CliRunner();

    @BeforeEach
    void tunedAdam() throws Exception {
        String iris = Files.readString(SweepCommandTest.IRIS);
        String tuned = iris.replace("\"optimizer\": {\"name\": \"Adam\", \"lr\": 0.01}",
                "\"optimizer\": {\"name\": \"Adam\", \"lr\": 0.02, \"betas\": [0.8, 0.99], \"eps\": 1e-6, \"weight_decay\": 0.001}");
        assertFalse(tuned.equals(iris), "iris.json's optimizer is where the test looks for it");
        project = Files.writeString(dir.resolve("iris.json"), tuned);
    }

    @Test
    void trainKeepsTheSettingsTheNewOptimizerHas() throws Exception {
        Path adamw = dir.resolve("adamw.llab");
        assertEquals(0, cli.run("train", project.toString(), "--optimizer", "AdamW", "--steps", "1", "--epochs", "1", "--device", "cpu", "-q",
                "--save-bundle", adamw.toString()), cli.err.toString());
        assertFalse(cli.err.toString().contains("not carried"), cli.err.toString());
        assertEquals(Map.of("name", "AdamW", "lr", 0.02, "betas", List.of(0.8, 0.99), "eps", 1e-6, "weight_decay", 0.001, "amsgrad", false,
                "maximize", false), ModelBundle.load(adamw).training().get("optimizer"));

        Path sgd = dir.resolve("sgd.llab");
        assertEquals(0, cli.run("train", project.toString(), "--optimizer", "SGD", "--steps", "1", "--epochs", "1", "--device", "cpu", "-q",
                "--save-bundle", sgd.toString()), cli.err.toString());
        assertTrue(cli.err.toString().contains("layerlab train: note: --optimizer SGD keeps the project's lr, weight_decay; not carried: "
                + "betas=[0.8, 0.99], eps=1.0E-6\n"), cli.err.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) ModelBundle.load(sgd).training().get("optimizer");
        assertEquals(0.02, o.get("lr"));
        assertEquals(0.001, o.get("weight_decay"));
    }

    @Test
    void aSweepSaysWhatEachOptimizerLeftOut() throws Exception {
        Path csv = dir.resolve("runs.csv");
        assertEquals(0, cli.run("sweep", project.toString(), "--optimizer", "AdamW,SGD", "--steps", "1", "--epochs", "1", "--device", "cpu",
                "--summary", csv.toString()), cli.err.toString());
        List<String> lines = cli.out.toString().lines().toList();
        assertEquals("note: --optimizer SGD keeps the project's lr, weight_decay; not carried: betas=[0.8, 0.99], eps=1.0E-6", lines.get(1), cli.out.toString());
        assertFalse(lines.get(2).startsWith("note:"), "AdamW has every one: " + cli.out);
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(1).startsWith("1,AdamW,0.02,") && rows.get(2).startsWith("2,SGD,0.02,"), "each at the project's rate: " + rows);
    }
}
