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
 * The penguins-two-heads sample from the command line: {@code check} passes it and refuses a target Input the data set's
 * targets leave out; {@code train} prints each head's own accuracy and MAE beside each loss; {@code eval} of the bundle
 * reports them (as text and as JSON), with the species' confusion matrix by name; {@code predict} answers per head; the exported script gives
 * each loss its own columns.
 */
class PerHeadTargetsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String sample() throws java.io.IOException {
        return Files.readString(Path.of("../sample-projects/penguins-two-heads.json")).replace("\"epochs\": 60", "\"epochs\": 3");
    }

    @Test
    void checkRefusesATargetInputWithoutAColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json");
        Files.writeString(file, sample());
        assertEquals(0, run("check", "-q", file.toString()), err.toString());
        Files.writeString(file, sample().replace("\"targets\": {\"species\": \"species\", \"bill\": \"bill_depth_mm\"}", "\"targets\": {\"species\": \"species\"}"));
        assertEquals(1, run("check", "-q", file.toString()));
        assertTrue(err.toString().contains("Input \"bill\": no Output depends on it, only a loss, so it takes targets, but the data set's targets name no column "
                + "for it (they name \"species\"): add \"bill\": the column it takes"), err.toString());
    }

    @Test
    void trainEvalPredictAndExportReportEachHead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.json"), bundle = dir.resolve("two.llab"), script = dir.resolve("two.py"), input = dir.resolve("new.csv");
        Files.writeString(file, sample());
        assertEquals(0, run("train", file.toString(), "--save-bundle", bundle.toString()), err.toString());
        String last = out.toString().lines().filter(l -> l.startsWith("epoch 3/3")).findFirst().orElseThrow();
        assertTrue(last.matches("epoch 3/3: train_loss \\S+  train_loss_species_loss \\S+  train_loss_bill_loss \\S+  train_accuracy \\S+%  "
                + "train_accuracy_species_loss \\S+%  train_mae_bill_loss \\S+  val_loss \\S+  val_loss_species_loss \\S+  val_loss_bill_loss \\S+  "
                + "val_accuracy \\S+%  val_accuracy_species_loss \\S+%  val_mae_bill_loss \\S+  lr .*"), last);
        String valMae = last.replaceAll(".*val_mae_bill_loss (\\S+).*", "$1");

        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString()), err.toString());
        String evalLine = out.toString().lines().filter(l -> l.startsWith("loss ")).findFirst().orElseThrow();
        assertTrue(evalLine.matches("loss \\S+  loss_species_loss \\S+  loss_bill_loss \\S+  accuracy \\S+%  accuracy_species_loss \\S+%  mae_bill_loss "
                + valMae + "  rmse_bill_loss \\S+"), evalLine);
        assertTrue(out.toString().contains("true\\pred"), out.toString());
        assertTrue(out.toString().contains("Adelie"), "the species' classes by name: " + out);

        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString(), "--json"), err.toString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertEquals(Double.parseDouble(valMae), json.get("mae_bill_loss").asDouble(), 1e-4, out.toString());
        assertEquals(json.get("accuracy").asDouble(), json.get("accuracy_species_loss").asDouble(), out.toString());
        assertEquals("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", json.get("classes").toString());

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Files.writeString(input, "island,bill_length_mm,flipper_length_mm,body_mass_g,sex\nBiscoe,46.1,211,4500,female\n");
        assertEquals(0, run("predict", bundle.toString(), "--input", input.toString()), err.toString());
        assertTrue(out.toString().contains("Output \"bill_depth_mm\" (loss node \"bill_loss\"):"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("line 2  (Adelie|Chinstrap|Gentoo) .*")), out.toString());
        assertEquals("", err.toString());

        assertEquals(0, run("export", bundle.toString(), "-o", script.toString()), err.toString());
        String py = Files.readString(script);
        assertTrue(py.contains("(0, nn.CrossEntropyLoss(), 1.0, True, slice(0, 1)),  # species_loss\n    (1, nn.MSELoss(), 0.5, False, slice(1, 2)),  # bill_loss"), py);
    }
}
