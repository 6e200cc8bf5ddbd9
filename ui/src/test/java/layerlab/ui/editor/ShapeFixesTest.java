package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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

/** The one-click fixes where two paths meet at other sizes: a U-Net's Concat, a residual block's Add. */
class ShapeFixesTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    private static Node node(String id, String kind, Map<String, Object> params, double x, double y) {
        return new Node(id, id, kind, params, new Position(x, y));
    }

    /**
     * A U-Net's one level with its convolutions left at padding 0: x [1, 28, 28] → conv1 (26) → pool (13) → conv2 (11) →
     * up (ConvTranspose2d, stride 2: 22) → cat, with conv1's output as the skip (26).
     */
    private static Graph unet() {
        return Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(1, 28, 28)), 0, 0)).after()
                .addNode(node("conv1", "Conv2d", Map.of("out_channels", 8), 280, 0)).after()
                .addNode(node("pool", "MaxPool2d", Map.of("kernel_size", 2), 560, 0)).after()
                .addNode(node("conv2", "Conv2d", Map.of("out_channels", 8), 840, 0)).after()
                .addNode(node("up", "ConvTranspose2d", Map.of("out_channels", 8, "kernel_size", 2, "stride", 2), 1120, 0)).after()
                .addNode(node("cat", "Concat", Map.of(), 1400, 0)).after()
                .connect("x.out", "conv1.in").after()
                .connect("conv1.out", "pool.in").after()
                .connect("pool.out", "conv2.in").after()
                .connect("conv2.out", "up.in").after()
                .connect("up.out", "cat.in1").after()
                .connect("conv1.out", "cat.in2").after();
    }

    /** x [8, 16, 16] → conv1 (16 channels, stride 2) → relu → conv2 → add, x the shortcut: 8 channels of 16×16 meet 16 of 8×8. */
    private static Graph downsamplingBlock() {
        return Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(8, 16, 16)), 0, 0)).after()
                .addNode(node("conv1", "Conv2d", Map.of("out_channels", 16, "padding", 1, "stride", 2), 280, 0)).after()
                .addNode(node("relu", "ReLU", Map.of(), 560, 0)).after()
                .addNode(node("conv2", "Conv2d", Map.of("out_channels", 16, "padding", 1), 840, 0)).after()
                .addNode(node("add", "Add", Map.of(), 1120, 0)).after()
                .connect("x.out", "conv1.in").after()
                .connect("conv1.out", "relu.in").after()
                .connect("relu.out", "conv2.in").after()
                .connect("conv2.out", "add.in1").after()
                .connect("x.out", "add.in2").after();
    }

    private static Problem shapeError(Analysis a, String node) {
        return a.problems().stream().filter(p -> p.code() == ProblemCode.SHAPE && node.equals(p.nodeId())).findFirst()
                .orElseThrow(() -> new AssertionError("no shape error at " + node + ": " + a.problems()));
    }

    private static boolean noShapeError(Analysis a, String node) {
        return a.problems().stream().noneMatch(p -> node.equals(p.nodeId()) && p.isError());
    }

    @Test
    void aUNetsConcatGetsThePaddingThatKeepsEveryPathsSize() {
        model.load(unet());
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, shapeError(a, "cat"));
        assertEquals("Set padding to 1 on conv1, conv2", fix.label());
        model.execute(fix.command());
        assertEquals(1, model.graph().node("conv1").param("padding"));
        assertEquals(1, model.graph().node("conv2").param("padding"));
        assertTrue(noShapeError(model.analysis(), "cat"), model.analysis().problems().toString());
        assertEquals("[N, 16, 28, 28]", model.analysis().info("cat").output("out").toString());
        model.undo();
        assertEquals(unet(), model.graph(), "one undoable step");
    }

    /** The Problems list asks at every draw of the line: the fix is worked out once per analysis (it analyses the graph again). */
    @Test
    void theFixIsWorkedOutOncePerAnalysis() {
        model.load(unet());
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, shapeError(a, "cat"));
        assertSame(fix, QuickFixes.of(model.graph(), a, shapeError(a, "cat")));
        model.load(unet());
        Analysis b = model.analysis();
        assertNotSame(fix, QuickFixes.of(model.graph(), b, shapeError(b, "cat")), "another analysis, worked out again");
        assertEquals(fix.label(), QuickFixes.of(model.graph(), b, shapeError(b, "cat")).label());
    }

    @Test
    void aResidualAddGetsAStridedProjectionOnItsShortcut() {
        model.load(downsamplingBlock());
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, shapeError(a, "add"));
        assertEquals("Insert a 1×1 Conv2d on the shortcut (stride 2)", fix.label());
        assertEquals("Insert a 1×1 Conv2d on the shortcut into add (8 → 16 channels, stride 2)", fix.command().name());
        model.execute(fix.command());
        Graph g = model.graph();
        Node proj = g.nodes().stream().filter(n -> downsamplingBlock().node(n.id()) == null).findFirst().orElseThrow();
        assertEquals(Map.of("kernel_size", 1, "out_channels", 16, "stride", 2), proj.params());
        assertTrue(g.edges().contains(new Edge("x", "out", proj.id(), "in")));
        assertTrue(g.edges().contains(new Edge(proj.id(), "out", "add", "in2")));
        assertTrue(noShapeError(model.analysis(), "add"), model.analysis().problems().toString());
        for (Node n : g.nodes()) {
            if (n != proj) assertNotEquals(n.position(), proj.position(), "the projection lands on no card, " + n.name() + "'s included");
            if (n != proj) assertEquals(downsamplingBlock().node(n.id()).position(), n.position(), "nothing else moves");
        }
        model.undo();
        assertEquals(downsamplingBlock(), model.graph(), "one undoable step");
    }

    /** x [1, 14, 14] → conv (padded) 14 → pool 7 → pool 3 → up ×2: 6 against the first pool's 7 at the Concat. */
    @Test
    void anUpSamplingOneShortOfItsSkipGetsAnOutputPadding() {
        Graph g = Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(1, 14, 14)), 0, 0)).after()
                .addNode(node("conv", "Conv2d", Map.of("out_channels", 8, "padding", 1), 280, 0)).after()
                .addNode(node("pool1", "MaxPool2d", Map.of("kernel_size", 2), 560, 0)).after()
                .addNode(node("pool2", "MaxPool2d", Map.of("kernel_size", 2), 840, 0)).after()
                .addNode(node("up", "ConvTranspose2d", Map.of("out_channels", 8, "kernel_size", 2, "stride", 2), 1120, 0)).after()
                .addNode(node("cat", "Concat", Map.of(), 1400, 0)).after()
                .connect("x.out", "conv.in").after()
                .connect("conv.out", "pool1.in").after()
                .connect("pool1.out", "pool2.in").after()
                .connect("pool2.out", "up.in").after()
                .connect("up.out", "cat.in1").after()
                .connect("pool1.out", "cat.in2").after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, shapeError(a, "cat"));
        assertEquals("Set output_padding to 1 on up", fix.label());
        model.execute(fix.command());
        assertEquals("[N, 16, 7, 7]", model.analysis().info("cat").output("out").toString());
    }

    /**
     * The U-Net as first drawn from the palette: convolutions at padding 0 and the ConvTranspose2d at its default stride 1
     * (26 → 13 → 11 → 12 against 26): both are set in one step, padding to keep sizes and stride to up-sample.
     */
    @Test
    void aUNetDrawnWithDefaultsGetsPaddingAndAnUpSamplingStrideInOneStep() {
        Graph g = unet().setParam("up", "stride", 1).after();
        model.load(g);
        Analysis a = model.analysis();
        QuickFixes.Fix fix = QuickFixes.of(model.graph(), a, shapeError(a, "cat"));
        assertEquals("Set padding to 1 on conv1, conv2 and stride to 2 on up", fix.label());
        model.execute(fix.command());
        assertEquals("[N, 16, 28, 28]", model.analysis().info("cat").output("out").toString());
        model.undo();
        assertEquals(g, model.graph(), "one undoable step");
    }

    @Test
    void noFixIsOfferedWhereNoneMakesThePathsMeet() {
        // Features of 3 and 5 added: no convolution to pad, no image to project.
        Graph g = Graph.empty()
                .addNode(node("x", "Input", Map.of("shape", List.of(4)), 0, 0)).after()
                .addNode(node("a", "Linear", Map.of("out_features", 3), 280, 0)).after()
                .addNode(node("b", "Linear", Map.of("out_features", 5), 280, 160)).after()
                .addNode(node("add", "Add", Map.of(), 560, 0)).after()
                .connect("x.out", "a.in").after()
                .connect("x.out", "b.in").after()
                .connect("a.out", "add.in1").after()
                .connect("b.out", "add.in2").after();
        model.load(g);
        Analysis a = model.analysis();
        assertNull(QuickFixes.of(model.graph(), a, shapeError(a, "add")));
    }
}
