package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * The iris sample with a Softmax drawn between its scores and CrossEntropyLoss: a warning on the Softmax, and one click
 * connects the loss to fc2's raw scores; the Softmax stays for what else it feeds. Undo takes it back in one step. Before
 * NLLLoss the fix is another one.
 */
class RawScoresFixTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    /** fc2 → probs (Softmax) → loss, where fc2 fed the loss. */
    private static Graph withSoftmax(Graph g) {
        Edge toLoss = g.edges().stream().filter(e -> e.toPort().equals("input")).findFirst().orElseThrow();
        String fc2 = g.nodeByName("fc2").id(), loss = g.nodeByName("loss").id();
        return g.addNode(new Node("sm", "probs", "Softmax", java.util.Map.of("dim", 1), new Position(600, 400))).after()
                .disconnect(toLoss).after().connect(fc2 + ".out", "sm.in").after().connect("sm.out", loss + ".input").after();
    }

    @Test
    void oneClickConnectsTheLossToTheScores() throws Exception {
        Graph g = ProjectJson.read(Files.readString(Path.of("..", "sample-projects", "iris.json")), "iris.json");
        Graph drawn = withSoftmax(g);
        model.load(drawn);
        List<Problem> found = model.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).toList();
        assertEquals(1, found.size(), model.analysis().problems().toString());
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), model.analysis(), found.get(0));
        assertEquals("Connect loss to fc2", fix.label());
        model.execute(fix.command());
        assertEquals(List.of(), model.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).toList());
        String fc2 = model.graph().nodeByName("fc2").id(), loss = model.graph().nodeByName("loss").id();
        assertTrue(model.graph().edges().contains(new Edge(fc2, "out", loss, "input")), model.graph().edges().toString());
        assertTrue(model.graph().nodeByName("probs") != null, "the Softmax stays");
        model.undo();
        assertEquals(1, model.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).count(), "one undoable step");
    }

    @Test
    void aSoftmaxBeforeNllLossHasNoRewiring() throws Exception {
        // NLLLoss wants LogSoftmax, not raw scores: rewiring would be wrong; its fix replaces the Softmax (LogSoftmaxFixTest).
        Graph g = ProjectJson.read(Files.readString(Path.of("..", "sample-projects", "iris.json")).replace("\"CrossEntropyLoss\"", "\"NLLLoss\""),
                "iris.json");
        Graph drawn = withSoftmax(g);
        model.load(drawn);
        Problem p = model.analysis().problems().stream().filter(x -> x.code() == ProblemCode.LOSS_INPUT).findFirst().orElseThrow();
        assertEquals("Replace Softmax with LogSoftmax", QuickFixes.of(model.graph(), model.analysis(), p).label());
    }
}
