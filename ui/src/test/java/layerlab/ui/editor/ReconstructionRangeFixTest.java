package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.analysis.Severity;
import org.junit.jupiter.api.Test;

/**
 * An autoencoder whose pictures are standardized (values beyond 0..1) but whose reconstruction ends in a Sigmoid (0..1)
 * cannot reach its targets: it trained, its loss stalled, and nothing said why. The editor now warns on the Sigmoid with
 * the reason and a one-click fix (the data's normalization off); BCELoss on standardized pictures likewise, on the loss.
 */
class ReconstructionRangeFixTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    private static Graph sample(String normalize) throws Exception {
        return sample(normalize, "MSELoss");
    }

    private static Graph sample(String normalize, String loss) throws Exception {
        String json = java.nio.file.Files.readString(Path.of("..", "sample-projects", "mnist-autoencoder.json"));
        Graph g = ProjectJson.read(json.replace("\"kind\": \"MSELoss\"", "\"kind\": \"" + loss + "\""), "mnist-autoencoder.json");
        Map<String, Object> data = new LinkedHashMap<>(g.dataset());
        if (normalize != null) data.put("normalize", normalize);
        return g.set(GraphChange.Setting.DATASET, data).after();
    }

    private static List<Problem> ranges(Analysis a) {
        return a.problems().stream().filter(p -> p.code() == ProblemCode.RECONSTRUCTION_RANGE).toList();
    }

    @Test
    void aSigmoidAfterStandardizedPicturesIsWarnedAndFixedInOneClick() throws Exception {
        assertEquals(List.of(), ranges(Analysis.of(sample(null))), "the sample as it is: pixels 0..1, a Sigmoid reaches them");
        assertEquals(List.of(), ranges(Analysis.of(sample("scale"))), "scaled to 0..1: reachable");
        model.load(sample("standardize"));
        Analysis a = model.analysis();
        List<Problem> found = ranges(a);
        assertEquals(1, found.size(), a.problems().toString());
        Problem p = found.get(0);
        assertEquals(Severity.WARNING, p.severity());
        assertEquals("pixels", p.nodeName(), "on the Sigmoid (a Reshape between it and the loss changes no value)");
        assertTrue(p.message().startsWith("squashes the reconstruction into 0..1, but the data set standardizes the pictures (\"normalize\": \"standardize\")"), p.message());
        assertTrue(p.message().contains("turn the normalization off") && p.message().contains("delete the Sigmoid"), p.message());

        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, p);
        assertEquals("Turn the data's normalization off", fix.label());
        model.execute(fix.command());
        assertEquals("none", model.graph().dataset().get("normalize"));
        assertEquals(List.of(), ranges(model.analysis()));
        model.undo();
        assertEquals("standardize", model.graph().dataset().get("normalize"), "one undoable step");
    }

    @Test
    void bceLossOnStandardizedPicturesIsWarnedOnTheLoss() throws Exception {
        Graph g = sample("standardize", "BCELoss");
        assertEquals("BCELoss", g.nodeByName("loss").kind());
        List<Problem> found = ranges(Analysis.of(g));
        assertEquals(1, found.size(), found.toString());
        assertEquals("loss", found.get(0).nodeName());
        assertTrue(found.get(0).message().startsWith("takes targets in [0, 1], but the data set standardizes the pictures"), found.get(0).message());
    }
}
