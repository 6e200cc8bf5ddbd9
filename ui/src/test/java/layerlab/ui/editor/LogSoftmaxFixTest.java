package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * The iris sample with NLLLoss and a Softmax (dim -1) drawn between its scores and the loss, which also feeds an Output:
 * one click puts a LogSoftmax in the Softmax's place, the same node with its wires and its dim, and the warning is gone;
 * Undo brings the Softmax back in one step.
 */
class LogSoftmaxFixTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    private static List<Problem> lossInput(EditorModel m) {
        return m.analysis().problems().stream().filter(p -> p.code() == ProblemCode.LOSS_INPUT).toList();
    }

    @Test
    void oneClickReplacesTheSoftmaxKeepingWiresAndDim() throws Exception {
        Graph g = ProjectJson.read(Files.readString(Path.of("..", "sample-projects", "iris.json")).replace("\"CrossEntropyLoss\"", "\"NLLLoss\""),
                "iris.json");
        Edge toLoss = g.edges().stream().filter(e -> e.toPort().equals("input")).findFirst().orElseThrow();
        String fc2 = g.nodeByName("fc2").id(), loss = g.nodeByName("loss").id();
        Graph drawn = g.addNode(new Node("sm", "probs", "Softmax", Map.of("dim", -1), new Position(600, 400))).after()
                .addNode(new Node("o", "probabilities", "Output", Map.of(), new Position(800, 400))).after()
                .disconnect(toLoss).after().connect(fc2 + ".out", "sm.in").after().connect("sm.out", loss + ".input").after()
                .connect("sm.out", "o.in").after();
        model.load(drawn);
        List<Problem> found = lossInput(model);
        assertEquals(1, found.size(), model.analysis().problems().toString());
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), model.analysis(), found.get(0));
        assertEquals("Replace Softmax with LogSoftmax", fix.label());

        model.execute(fix.command());
        Node now = model.graph().node("sm");
        assertEquals("LogSoftmax", now.kind());
        assertEquals("probs", now.name(), "a name the user gave stays");
        assertEquals(-1, ((Number) now.param("dim")).intValue());
        List<Edge> edges = model.graph().edges();
        assertTrue(edges.contains(new Edge(fc2, "out", "sm", "in")), edges.toString());
        assertTrue(edges.contains(new Edge("sm", "out", loss, "input")), edges.toString());
        assertTrue(edges.contains(new Edge("sm", "out", "o", "in")), edges.toString());
        assertEquals(List.of(), lossInput(model));

        model.undo();
        assertEquals("Softmax", model.graph().node("sm").kind(), "one undoable step");
        assertEquals(drawn.edges().size(), model.graph().edges().size());
        assertEquals(1, lossInput(model).size());
    }
}
