package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} of a network of three heads (the penguins-two-heads sample with a third, the sex, a second classifier): a
 * confusion matrix and per-class report for each classifier head, titled by its loss node and target, with its own classes
 * (Adelie… for the species, female/male for the sex), and the amount head's MAE, RMSE and R²; {@code --json} has an entry per
 * head. A one-target model's report is as it was: one confusion matrix, no head lines, no {@code heads} in the JSON.
 */
class EvalEachHeadCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LayerLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The sample with the sex as a third target: its features are then the other six columns (island one-hot and three measures). */
    static String threeHeads() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode g = (ObjectNode) json.readTree(Files.readString(Path.of("../sample-projects/penguins-two-heads.json")));
        for (JsonNode n : g.get("nodes")) {
            if (n.get("name").asText().equals("penguin")) ((ObjectNode) n.get("params")).set("shape", json.valueToTree(List.of(6)));
            if (n.get("name").asText().equals("trunk")) ((ObjectNode) n.get("params")).put("in_features", 6);
        }
        ArrayNode nodes = (ArrayNode) g.get("nodes"), edges = (ArrayNode) g.get("edges");
        nodes.add(json.valueToTree(Map.of("id", "n12", "name", "sexify", "kind", "Linear", "params", Map.of("in_features", 32, "out_features", 2),
                "position", Map.of("x", 0, "y", 800))));
        nodes.add(json.valueToTree(Map.of("id", "n13", "name", "sex_logits", "kind", "Output", "params", Map.of(), "position", Map.of("x", 280, "y", 800))));
        nodes.add(json.valueToTree(Map.of("id", "n14", "name", "sex", "kind", "Input", "params", Map.of("shape", List.of(), "dtype", "int64"),
                "position", Map.of("x", 0, "y", 950))));
        nodes.add(json.valueToTree(Map.of("id", "n15", "name", "sex_loss", "kind", "CrossEntropyLoss", "params", Map.of(), "position", Map.of("x", 280, "y", 950))));
        for (String[] e : new String[][] {{"relu.out", "sexify.in"}, {"sexify.out", "sex_logits.in"}, {"sexify.out", "sex_loss.input"}, {"sex.out", "sex_loss.target"}}) {
            edges.add(json.valueToTree(Map.of("from", e[0], "to", e[1])));
        }
        ((ObjectNode) g.get("dataset").get("targets")).put("sex", "sex");
        ((ObjectNode) g.get("training")).put("epochs", 3);
        return json.writeValueAsString(g);
    }

    @Test
    void evalReportsEveryHead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("three.json"), bundle = dir.resolve("three.llab");
        Files.writeString(file, threeHeads());
        assertEquals(0, run("train", file.toString(), "--save-bundle", bundle.toString()), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString()), err.toString());
        String said = out.toString();
        int species = said.indexOf("\nhead species_loss (target species): accuracy "), bill = said.indexOf("\nhead bill_loss (target bill): mae "),
                sex = said.indexOf("\nhead sex_loss (target sex): accuracy ");
        assertTrue(species > 0 && bill > species && sex > bill, said);
        assertTrue(said.lines().anyMatch(l -> l.matches("head bill_loss \\(target bill\\): mae \\S+  rmse \\S+  r2 \\S+")), said);
        String speciesPart = said.substring(species, bill), billPart = said.substring(bill, sex), sexPart = said.substring(sex);
        assertTrue(speciesPart.contains("confusion matrix") && speciesPart.contains("Adelie") && speciesPart.contains("Gentoo"), speciesPart);
        assertTrue(sexPart.contains("confusion matrix") && sexPart.contains("female") && sexPart.contains("male"), sexPart);
        assertTrue(sexPart.contains("ROC AUC"), "a binary classifier's ROC AUC: " + sexPart);
        assertFalse(sexPart.contains("Adelie"), sexPart);
        assertFalse(billPart.contains("confusion"), billPart);
        assertEquals(2, said.split("confusion matrix", -1).length - 1, "one per classifier head, none besides: " + said);
        String first = said.lines().filter(l -> l.startsWith("loss ")).findFirst().orElseThrow();
        String sexAccuracy = first.replaceAll(".*accuracy_sex_loss (\\S+).*", "$1");
        assertTrue(sexPart.startsWith("\nhead sex_loss (target sex): accuracy " + sexAccuracy), sexPart);

        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString(), "--json"), err.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        JsonNode heads = r.get("heads");
        assertEquals(List.of("species_loss", "bill_loss", "sex_loss"), iterable(heads.fieldNames()));
        assertEquals("species", heads.get("species_loss").get("target").asText());
        assertEquals("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", heads.get("species_loss").get("classes").toString());
        assertEquals("[\"female\",\"male\"]", heads.get("sex_loss").get("classes").toString());
        long counted = 0;
        for (JsonNode row : heads.get("sex_loss").get("confusion")) for (JsonNode c : row) counted += c.asLong();
        assertEquals(r.get("samples").asLong(), counted, out.toString());
        assertTrue(heads.get("sex_loss").has("roc_auc"), out.toString());
        assertEquals(r.get("accuracy_sex_loss").asDouble(), heads.get("sex_loss").get("accuracy").asDouble(), out.toString());
        assertEquals(r.get("mae_bill_loss").asDouble(), heads.get("bill_loss").get("mae").asDouble(), out.toString());
        assertTrue(heads.get("bill_loss").has("r2") && !heads.get("bill_loss").has("confusion"), out.toString());
        assertEquals(r.get("confusion"), heads.get("species_loss").get("confusion"), "the first classifier's, as before, at the top");
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Test
    void aOneTargetModelIsReportedAsBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.json"), bundle = dir.resolve("iris.llab");
        Files.writeString(file, Files.readString(Path.of("../sample-projects/iris.json")));
        assertEquals(0, run("train", file.toString(), "--epochs", "2", "--save-bundle", bundle.toString()), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString()), err.toString());
        assertEquals(1, out.toString().split("confusion matrix", -1).length - 1, out.toString());
        assertFalse(out.toString().contains("\nhead "), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("eval", bundle.toString(), "--json"), err.toString());
        assertFalse(new ObjectMapper().readTree(out.toString()).has("heads"), out.toString());
    }
}
