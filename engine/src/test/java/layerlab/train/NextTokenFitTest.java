package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.data.DataSources;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * What the model check says of a next-token model: scores with the classes last ([N, steps, classes]) get the Transpose
 * PyTorch's CrossEntropyLoss needs, and a Linear of too few classes the vocabulary's count.
 */
class NextTokenFitTest {
    private static Graph project(boolean transposed, int classes) throws Exception {
        String project = SamplingTest.PROJECT
                .replace("\"out_features\": 9", "\"out_features\": " + classes)
                .replace("\"num_embeddings\": 9", "\"num_embeddings\": 65")
                .replace("\"shape\": [8]", "\"shape\": [25]")
                .replace("{\"from\": \"to_classes.out\", \"to\": \"logits.in\"}", "{\"from\": \"to_classes.out\", \"to\": \"logits.in\"},"
                        + "{\"from\": \"" + (transposed ? "to_classes" : "fc") + ".out\", \"to\": \"loss.input\"}, {\"from\": \"next.out\", \"to\": \"loss.target\"}")
                .replace("\"position\": {\"x\": 0, \"y\": 0}}],", "\"position\": {\"x\": 0, \"y\": 0}},"
                        + "{\"id\": \"n7\", \"name\": \"next\", \"kind\": \"Input\", \"params\": {\"shape\": [25], \"dtype\": \"int64\"}, \"position\": {\"x\": 0, \"y\": 0}},"
                        + "{\"id\": \"n8\", \"name\": \"loss\", \"kind\": \"CrossEntropyLoss\", \"params\": {}, \"position\": {\"x\": 0, \"y\": 0}}],");
        return ProjectJson.read(project, "next-token");
    }

    @Test
    void scoresWithTheClassesLastAskForATranspose() throws Exception {
        List<String> errors = Analysis.of(project(false, 65)).errors().stream().map(Object::toString).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("one class index per step [N, 25] int64 goes with scores [N, classes, steps], the classes in dim 1 as PyTorch's "
                + "CrossEntropyLoss wants them, but the scores are [N, 25, 65] (classes last); add a Transpose (dim0 1, dim1 2) before the loss's input "
                + "to make them [N, 65, 25] (input \"fc\", target \"next\")"), errors.get(0));
    }

    @Test
    void labelsOfAnotherLengthThanTheStepsAreOnePerStep() throws Exception {
        Graph g = project(true, 65);
        List<String> errors = Analysis.of(g.setParam(g.nodeByName("next").id(), "shape", List.of(24)).after())
                .errors().stream().map(Object::toString).toList();
        assertEquals(List.of("CrossEntropyLoss \"loss\": class labels must be [N, 25] int64 (one class index per step) to go with input [N, 65, 25], "
                + "but target \"next\" gives [N, 24] int64."), errors);
    }

    @Test
    void aLinearOfTooFewClassesGetsTheVocabularysCount() throws Exception {
        var data = DataSources.open(Map.of("source", "surnames", "next_token", true, "validation_split", 0.1), Path.of(".")).train();
        Analysis fits = Analysis.of(project(true, 65));
        assertTrue(fits.errors().isEmpty(), fits.errors().toString());
        assertEquals(List.of(), DataFit.problems(fits, DataFit.Data.of(data)), "65 classes: the 63 tokens, <bos> and <eos>");
        List<DataFit.Fit> wrong = DataFit.check(Analysis.of(project(true, 64)), DataFit.Data.of(data));
        assertEquals(1, wrong.size(), wrong.toString());
        assertEquals("Linear \"fc\": gives 64 scores per step where the next token is one of the vocabulary's 65 (<bos> and <eos> included): set out_features to 65.",
                wrong.get(0).problem().toString());
        assertEquals(65, wrong.get(0).value());
    }
}
