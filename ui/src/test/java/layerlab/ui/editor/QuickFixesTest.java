package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.graph.analysis.ProblemCode;
import org.junit.jupiter.api.Test;

/** The Problems list's one-click fixes, on the graphs a beginner draws. */
class QuickFixesTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    /** x [4] → fc (Linear 3) → a loss of {@code kind} whose target is not connected. */
    private static Graph withLoss(String kind) {
        return Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 0))).after()
                .addNode(new Node("fc", "fc", "Linear", Map.of("out_features", 3), new Position(280, 0))).after()
                .addNode(new Node("loss", "loss", kind, Map.of(), new Position(560, 0))).after()
                .addNode(new Node("o", "out", "Output", Map.of(), new Position(560, -150))).after()
                .connect("x.out", "fc.in").after()
                .connect("fc.out", "loss.input").after()
                .connect("fc.out", "o.in").after();
    }

    private static Problem problem(Analysis a, ProblemCode code, String node) {
        return a.problems().stream().filter(p -> p.code() == code && node.equals(p.nodeId())).findFirst().orElseThrow();
    }

    @Test
    void aCrossEntropyLossGetsItsClassLabels() {
        model.load(withLoss("CrossEntropyLoss"));
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.MISSING_INPUT, "loss"));
        assertEquals("Add a labels Input (class indices)", fix.label());
        model.execute(fix.command());
        Node labels = model.graph().nodeByName("labels");
        assertEquals(Map.of("shape", List.of(), "dtype", "int64"), labels.params());
        assertTrue(model.graph().edges().contains(new Edge(labels.id(), "out", "loss", "target")));
        assertEquals(new Position(280, 150), labels.position(), "before the loss, a row down");
        assertFalse(model.analysis().hasErrors(), model.analysis().problems().toString());
        model.undo();
        assertEquals(withLoss("CrossEntropyLoss"), model.graph(), "one undoable step");
    }

    @Test
    void aRegressionLossGetsAFloatTargetShapedLikeThePrediction() {
        model.load(withLoss("MSELoss"));
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.MISSING_INPUT, "loss"));
        assertEquals("Add a target Input [3]", fix.label());
        model.execute(fix.command());
        assertEquals(Map.of("shape", List.of(3)), model.graph().nodeByName("target").params());
        assertFalse(model.analysis().hasErrors(), model.analysis().problems().toString());
    }

    @Test
    void aLayerWhoseOutputGoesNowhereGetsAnOutput() {
        Graph g = withLoss("CrossEntropyLoss").removeNode("loss").after().removeNode("o").after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.DANGLING_OUTPUT, "fc"));
        assertEquals("Add an Output", fix.label());
        model.execute(fix.command());
        Node out = model.graph().nodeByName("out");
        assertEquals("Output", out.kind());
        assertEquals(new Position(560, 0), out.position());
        assertTrue(model.graph().edges().contains(new Edge("fc", "out", out.id(), "in")));
        assertTrue(model.analysis().problems().isEmpty(), model.analysis().problems().toString());
    }

    /** Tokens → Embedding(…, 16) → Conv1d(16, …): the sequence's 16 features are the channels meant; a Transpose goes between. */
    @Test
    void aConv1dAfterAnEmbeddingGetsATranspose() {
        Graph g = Graph.empty()
                .addNode(new Node("t", "tokens", "Input", Map.of("shape", List.of(50), "dtype", "int64"), new Position(0, 0))).after()
                .addNode(new Node("e", "emb", "Embedding", Map.of("num_embeddings", 100, "embedding_dim", 16), new Position(280, 0))).after()
                .addNode(new Node("c", "conv", "Conv1d", Map.of("in_channels", 16, "out_channels", 8, "kernel_size", 3), new Position(560, 0))).after()
                .addNode(new Node("o", "out", "Output", Map.of(), new Position(840, 0))).after()
                .connect("t.out", "e.in").after()
                .connect("e.out", "c.in").after()
                .connect("c.out", "o.in").after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.SHAPE_MISMATCH, "c"));
        assertEquals("Insert a Transpose (dims 1 and 2)", fix.label());
        model.execute(fix.command());
        Node swap = model.graph().nodes().stream().filter(n -> n.kind().equals("Transpose")).findFirst().orElseThrow();
        assertTrue(model.graph().edges().containsAll(List.of(new Edge("e", "out", swap.id(), "in"), new Edge(swap.id(), "out", "c", "in"))));
        assertFalse(model.analysis().hasErrors(), model.analysis().problems().toString());
        assertEquals(new Position(560, 0), swap.position(), "a column after the Embedding, the Conv1d and the Output moved a column right");
        assertEquals(new Position(840, 0), model.graph().node("c").position());
        model.undo();
        assertEquals(g, model.graph(), "one undoable step");
        // A Conv1d whose in_channels is neither of the sequence's sizes gets no fix: nothing says which was meant.
        model.load(g.setParam("c", "in_channels", 7).after());
        a = model.analysis();
        assertNull(QuickFixes.of(model.graph(), a, problem(a, ProblemCode.SHAPE_MISMATCH, "c")));
    }

    /** in_features set to 5 where the input gives 4: set to 4 in one click, what Auto-fill writes too, one step to undo. */
    @Test
    void aParamTheInputShapeDecidesIsSetToWhatItGives() {
        Graph g = withLoss("CrossEntropyLoss").setParam("fc", "in_features", 5).after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.SHAPE_MISMATCH, "fc"));
        assertEquals("Set in_features to 4", fix.label());
        assertEquals(Map.of("in_features", 4), layerlab.graph.analysis.AutoFill.changes(a, "fc"), "Auto-fill would write the same");
        model.execute(fix.command());
        assertEquals(4, model.graph().node("fc").param("in_features"));
        assertTrue(model.analysis().problems().stream().noneMatch(p -> p.code() == ProblemCode.SHAPE_MISMATCH), model.analysis().problems().toString());
        model.undo();
        assertEquals(g, model.graph(), "one undoable step");
        // Auto-fill sets it too, undoably; once it matches, there is nothing left to fill.
        model.execute(Commands.autoFill(model.analysis(), "fc"));
        assertEquals(4, model.graph().node("fc").param("in_features"));
        assertEquals(Map.of(), layerlab.graph.analysis.AutoFill.changes(model.analysis(), "fc"));
        model.undo();
        assertEquals(g, model.graph());
    }

    @Test
    void otherProblemsOfferNoFix() {
        Graph g = withLoss("CrossEntropyLoss").disconnect(new Edge("x", "out", "fc", "in")).after();
        model.load(g);
        Analysis a = model.analysis();
        assertNull(QuickFixes.of(model.graph(), a, problem(a, ProblemCode.MISSING_INPUT, "fc")), "a layer's missing input: which one is the student's call");
    }

    /** A name nn.Module uses itself, from an older file: renamed to the first free forward_N, one undoable step. */
    @Test
    void aNodeNamedLikeAModuleMethodIsRenamedToAFreeName() {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(0, 0))).after()
                .addNode(new Node("fc", "forward", "Linear", Map.of("out_features", 3), new Position(280, 0))).after()
                .addNode(new Node("fc1", "forward_1", "Linear", Map.of("out_features", 3), new Position(560, 0))).after()
                .connect("x.out", "fc.in").after()
                .connect("fc.out", "fc1.in").after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.RESERVED_NAME, "fc"));
        assertEquals("Rename to forward_2", fix.label(), "forward_1 is taken");
        assertTrue(problem(a, ProblemCode.RESERVED_NAME, "fc").message().endsWith("try forward_2 (rename it: the exported code would break)"),
                "the problem suggests the same free name: " + problem(a, ProblemCode.RESERVED_NAME, "fc").message());
        model.execute(fix.command());
        assertEquals("forward_2", model.graph().node("fc").name());
        assertTrue(model.analysis().problems().stream().noneMatch(p -> p.code() == ProblemCode.RESERVED_NAME));
        model.undo();
        assertEquals(g, model.graph(), "one undoable step");
    }

    /**
     * Input [1, 28, 28] → Linear(784, 10), the Flatten forgotten: a Flatten goes into the wire (not in_features set to a
     * row's 28), after which 784 fits; one undoable step. Left empty, in_features would take 28: its warning offers the same.
     */
    @Test
    void aLinearOnAnImageGetsAFlattenNotARowsWidth() {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(1, 28, 28)), new Position(0, 0))).after()
                .addNode(new Node("fc", "fc", "Linear", Map.of("in_features", 784, "out_features", 10), new Position(280, 0))).after()
                .addNode(new Node("o", "out", "Output", Map.of(), new Position(560, 0))).after()
                .connect("x.out", "fc.in").after()
                .connect("fc.out", "o.in").after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.SHAPE_MISMATCH, "fc"));
        assertEquals("Insert a Flatten before fc", fix.label());
        model.execute(fix.command());
        Node flat = model.graph().nodes().stream().filter(n -> n.kind().equals("Flatten")).findFirst().orElseThrow();
        assertTrue(model.graph().edges().containsAll(List.of(new Edge("x", "out", flat.id(), "in"), new Edge(flat.id(), "out", "fc", "in"))));
        assertEquals(784, model.graph().node("fc").param("in_features"));
        assertTrue(model.analysis().problems().isEmpty(), model.analysis().problems().toString());
        model.undo();
        assertEquals(g, model.graph(), "one undoable step");

        Graph lazy = g.setParam("fc", "in_features", null).after();
        model.load(lazy);
        a = model.analysis();
        Problem warning = problem(a, ProblemCode.LAYER_WARNING, "fc");
        assertFalse(warning.isError());
        fix = QuickFixes.of(model.graph(), a, warning);
        assertEquals("Insert a Flatten before fc", fix.label());
        model.execute(fix.command());
        assertTrue(model.analysis().problems().isEmpty(), model.analysis().problems().toString());
        assertEquals(784, model.analysis().info("fc").filled().get("in_features"));
        model.undo();
        assertEquals(lazy, model.graph(), "one undoable step");

        // Set to another number (100: neither a row's 28 nor the image's 784): the Flatten and in_features 784, one step
        // (it offered "Set in_features to 28").
        Graph other = g.setParam("fc", "in_features", 100).after();
        model.load(other);
        a = model.analysis();
        fix = QuickFixes.of(model.graph(), a, problem(a, ProblemCode.SHAPE_MISMATCH, "fc"));
        assertEquals("Insert a Flatten and set in_features to 784", fix.label());
        model.execute(fix.command());
        assertTrue(model.analysis().problems().isEmpty(), model.analysis().problems().toString());
        assertEquals(784, model.graph().node("fc").param("in_features"));
        assertEquals(1, model.graph().nodes().stream().filter(n -> n.kind().equals("Flatten")).count());
        model.undo();
        assertEquals(other, model.graph(), "one undoable step");
    }
}
