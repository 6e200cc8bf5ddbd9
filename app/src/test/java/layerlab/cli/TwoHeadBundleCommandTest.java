package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.io.ModelBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle of the penguins-two-heads sample (a species classifier, a bill-depth regressor) on another file: the bundle
 * keeps each target's classes ({@code target_classes}), so {@code eval --data} on a test CSV of only Chinstrap and Gentoo
 * rows, shuffled and its columns reordered (made by {@code two-heads/make_shuffled.py}), numbers its species by the model's
 * three classes, not the file's two, and scores as {@code predict} answers; {@code predict} gives every head's answer,
 * the table a heading per head, the CSV columns named by each head's Output.
 */
class TwoHeadBundleCommandTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static final Path TEST = Path.of("src/test/resources/two-heads/chinstrap-gentoo-shuffled.csv").toAbsolutePath();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @BeforeAll
    static void train() throws Exception {
        Path project = dir.resolve("two.json");
        Files.copy(Path.of("../sample-projects/penguins-two-heads.json"), project);
        bundle = dir.resolve("two.llab");
        StringWriter e = new StringWriter();
        assertEquals(0, LayerLabCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true), "train", project.toString(),
                "--device", "cpu", "--epochs", "20", "--save-bundle", bundle.toString()), e.toString());
    }

    @Test
    void theBundleKeepsEachTargetsClasses() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        assertEquals(Map.of("species", List.of("Adelie", "Chinstrap", "Gentoo")), b.names().targetClasses());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), b.names().classes());
    }

    @Test
    void evalOnAnotherFileNumbersItsWordsByTheModelsClasses() throws Exception {
        assertEquals(0, run("eval", bundle.toString(), "--data", "source=csv", "path=" + TEST, "--json"), err.toString());
        String said = out.toString();
        JsonNode r = new ObjectMapper().readTree(said.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(60, r.get("samples").asInt(), said);
        List<String> classes = new java.util.ArrayList<>();
        r.get("classes").forEach(c -> classes.add(c.asText()));
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), classes);
        double accuracy = r.get("accuracy_species_loss").asDouble();
        assertTrue(accuracy > 0.8, "Chinstrap and Gentoo read as the model's own: " + said);
        // No row is an Adelie: the confusion matrix's first row is empty.
        long adelie = 0;
        for (JsonNode c : r.get("confusion").get(0)) adelie += c.asLong();
        assertEquals(0, adelie, said);

        // predict's answers for the same rows agree with eval's accuracy.
        out.getBuffer().setLength(0);
        Path csv = dir.resolve("answers.csv");
        assertEquals(0, run("predict", bundle.toString(), "--input", TEST.toString(), "--output", csv.toString()), err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("sample,species_logits.predicted,species_logits.probability,species_logits.Adelie,species_logits.Chinstrap,species_logits.Gentoo,"
                + "bill_depth_mm", lines.get(0));
        assertEquals(61, lines.size());
        List<String> truth = Files.readAllLines(TEST).stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
        int right = 0;
        for (int i = 0; i < 60; i++) {
            String[] f = lines.get(i + 1).split(",");
            if (f[1].equals(truth.get(i))) right++;
            double depth = Double.parseDouble(f[6]);
            assertTrue(depth > 10 && depth < 25, "a bill depth in mm: " + lines.get(i + 1));
        }
        assertEquals(accuracy, right / 60.0, 1e-9);
        assertTrue(out.toString().contains("each head's answers, its columns named by its Output"), out.toString());
    }

    @Test
    void predictPrintsEveryHeadsAnswer() {
        assertEquals(0, run("predict", bundle.toString(), "--input", TEST.toString()), err.toString());
        String said = out.toString();
        assertTrue(said.startsWith("Output \"species_logits\" (loss node \"species_loss\"):\n"), said);
        assertTrue(said.contains("\nOutput \"bill_depth_mm\" (loss node \"bill_loss\"):\n"), said);
        assertTrue(said.contains("Gentoo"), said);
        out.getBuffer().setLength(0);
        assertEquals(0, run("predict", bundle.toString(), "--input", TEST.toString(), "--output", "-"), err.toString());
        assertTrue(out.toString().startsWith("sample,species_logits.predicted,"), out.toString());
        assertTrue(out.toString().lines().findFirst().orElseThrow().endsWith(",bill_depth_mm"), out.toString());
    }
}
