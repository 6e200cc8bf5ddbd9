package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * NLLLoss the fix is another one. A Flatten between (looked through by the warning) gets the same fixes: it reads the raw
 * scores instead, unless it feeds something else too.
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

    /** fc2 → probs (Softmax) → flat (Flatten) → loss: a layer that only reshapes between, which the warning looks through. */
    private static Graph withSoftmaxThenFlatten(Graph g) {
        Graph sm = withSoftmax(g);
        Edge toLoss = sm.edges().stream().filter(e -> e.toPort().equals("input")).findFirst().orElseThrow();
        return sm.addNode(new Node("fl", "flat", "Flatten", java.util.Map.of(), new Position(700, 400))).after()
                .disconnect(toLoss).after().connect("sm.out", "fl.in").after().connect("fl.out", toLoss.toNode() + ".input").after();
    }

    private static Graph iris(String lossKind) throws Exception {
        return ProjectJson.read(Files.readString(Path.of("..", "sample-projects", "iris.json")).replace("\"CrossEntropyLoss\"", "\"" + lossKind + "\""),
                "iris.json");
    }

    private Problem lossInput() {
        List<Problem> found = model.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).toList();
        assertEquals(1, found.size(), model.analysis().problems().toString());
        return found.get(0);
    }

    @Test
    void throughAFlattenTheFlattenReadsTheScores() throws Exception {
        Graph drawn = withSoftmaxThenFlatten(iris("CrossEntropyLoss"));
        model.load(drawn);
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), model.analysis(), lossInput());
        assertEquals("Connect flat to fc2", fix.label());
        model.execute(fix.command());
        assertEquals(List.of(), model.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).toList());
        String fc2 = model.graph().nodeByName("fc2").id(), loss = model.graph().nodeByName("loss").id();
        assertTrue(model.graph().edges().containsAll(List.of(new Edge(fc2, "out", "fl", "in"), new Edge("fl", "out", loss, "input"))),
                model.graph().edges().toString());
        model.undo();
        assertEquals(drawn.edges(), model.graph().edges(), "one undoable step");
    }

    @Test
    void throughAFlattenThatAlsoFeedsAnOutputNothingIsRewired() throws Exception {
        // Rewired, the Output's flattened probabilities would turn into raw scores: the warning says what to do in words.
        model.load(withSoftmaxThenFlatten(iris("CrossEntropyLoss")).addNode(new Node("o", "probabilities", "Output", java.util.Map.of(),
                new Position(900, 400))).after().connect("fl.out", "o.in").after());
        assertNull(QuickFixes.of(model.graph(), model.analysis(), lossInput()));
    }

    @Test
    void throughAFlattenBeforeNllLossTheSoftmaxBecomesLogSoftmax() throws Exception {
        model.load(withSoftmaxThenFlatten(iris("NLLLoss")));
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), model.analysis(), lossInput());
        assertEquals("Replace Softmax with LogSoftmax", fix.label());
        model.execute(fix.command());
        assertEquals("LogSoftmax", model.graph().node("sm").kind());
        assertTrue(model.graph().edges().contains(new Edge("sm", "out", "fl", "in")), "its wires kept");
        assertEquals(List.of(), model.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).toList());
        model.undo();
        assertEquals("Softmax", model.graph().node("sm").kind(), "one undoable step");
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
