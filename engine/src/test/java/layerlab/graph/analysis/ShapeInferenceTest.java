package layerlab.graph.analysis;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import layerlab.graph.Block;
import layerlab.graph.Edge;
import layerlab.graph.Edit;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {
    private static Graph simpleCnn() {
        return graph().node("x", "Input", "shape", List.of(1, 28, 28))
                .node("conv1", "Conv2d", "out_channels", 32, "kernel_size", 3, "padding", 1).node("relu1", "ReLU")
                .node("pool1", "MaxPool2d", "kernel_size", 2).node("flatten", "Flatten").node("fc", "Linear", "out_features", 10)
                .node("logits", "Output").chain("x", "conv1", "relu1", "pool1", "flatten", "fc", "logits").build();
    }

    @Test
    void everyEdgeGetsItsShapeWithASymbolicBatch() {
        Graph g = simpleCnn();
        Analysis a = Analysis.of(g);
        List<String> shapes = g.edges().stream().map(e -> a.edgeType(e).toString()).toList();
        assertEquals(List.of("[N, 1, 28, 28]", "[N, 32, 28, 28]", "[N, 32, 28, 28]", "[N, 32, 14, 14]", "[N, 6272]", "[N, 10]"), shapes);
    }

    @Test
    void explanationsUseTheActualNumbers() {
        Analysis a = Analysis.of(simpleCnn());
        assertEquals(List.of("out = [N, 32, 28, 28]: 32 filters of 1×3×3", "H_out = ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28", "W_out = ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28",
                "params = 32·1·3·3 weights + 32 biases = 320"), a.info("conv1").explanation());
        assertEquals("H_out = ⌊(28 − 2)/2⌋ + 1 = 14", a.info("pool1").explanation().get(1));
        assertEquals("params = 6272·10 weights + 10 biases = 62,730", a.info("fc").explanation().get(1));
    }

    @Test
    void parameterCountsAndFlopsPerNodeAndInTotal() {
        Analysis a = Analysis.of(simpleCnn());
        assertEquals(320, a.info("conv1").params());
        assertEquals(2L * 32 * 9 * 28 * 28, a.info("conv1").flops(), "a multiply-add counts 2");
        assertEquals(62_730, a.info("fc").params());
        assertEquals(320 + 62_730, a.totalParams());
    }

    @Test
    void autoFillFillsShapeDeterminedParams() {
        Graph g = simpleCnn();
        Analysis a = Analysis.of(g);
        assertEquals(Map.of("in_channels", 1), a.info("conv1").filled());
        assertEquals(Map.of("in_features", 6272), a.info("fc").filled());
        assertEquals(6272, a.params("fc").i("in_features"), "the layer is built with the filled value");
        Edit fill = AutoFill.apply(a);
        assertEquals(2, fill.changes().size());
        assertEquals(6272, fill.after().node("fc").param("in_features"));
        assertEquals(1, fill.after().node("conv1").param("in_channels"));
        assertEquals(g, fill.undo().after());
        assertEquals(List.of(), Analysis.of(fill.after()).problems());
        assertTrue(AutoFill.apply(Analysis.of(fill.after())).isEmpty(), "nothing left to fill");
    }

    @Test
    void blocksAreInferredWithEachPlacementsInputs() {
        Graph body = graph().node("x", "Input").node("conv", "Conv2d", "out_channels", 8, "padding", 1).node("relu", "ReLU")
                .node("out", "Output").chain("x", "conv", "relu", "out").build();
        Graph g = graph().block(new Block("Stage", "", body)).node("img", "Input", "shape", List.of(3, 16, 16))
                .node("s1", "Block", "block", "Stage").node("s2", "Block", "block", "Stage").node("y", "Output")
                .edge("img.out", "s1.x").edge("s1.out", "s2.x").edge("s2.out", "y.in").build();
        Analysis a = Analysis.of(g);
        assertEquals(List.of(), a.problems());
        assertEquals("[N, 8, 16, 16]", a.info("s2").output("out").toString());
        assertEquals(8 * 3 * 9 + 8, a.info("s1").params(), "s1 sees 3 channels");
        assertEquals(8 * 8 * 9 + 8, a.info("s2").params(), "s2 sees 8: the definition's in_channels is auto");
        assertEquals(3, a.info("s1").body().info("conv").filled().get("in_channels"));
    }

    @Test
    void editingABlockDefinitionUpdatesEveryPlacement() {
        Graph body = graph().node("x", "Input").node("fc", "Linear", "out_features", 5).node("out", "Output").chain("x", "fc", "out").build();
        Graph g = graph().block(new Block("Head", "", body)).node("v", "Input", "shape", List.of(4))
                .node("h1", "Block", "block", "Head").node("h2", "Block", "block", "Head").node("y1", "Output").node("y2", "Output")
                .edge("v.out", "h1.x").edge("v.out", "h2.x").edge("h1.out", "y1.in").edge("h2.out", "y2.in").build();
        Analysis a = Analysis.of(g);
        Block edited = g.block("Head").withBody(body.setParam("fc", "out_features", 7).after());
        Edit e = g.updateBlock(edited);
        Analysis b = a.update(e);
        assertEquals("[N, 7]", b.info("h1").output("out").toString());
        assertEquals("[N, 7]", b.info("h2").output("out").toString());
        assertEquals("[N, 7]", b.edgeType(e.after().incoming("y2").get(0)).toString());
    }

    @Test
    void updateReinfersOnlyDownstreamOfTheChange() {
        Graph g = simpleCnn();
        Analysis a = Analysis.of(g);
        Analysis b = a.update(g.setParam("fc", "out_features", 20));
        assertSame(a.info("conv1"), b.info("conv1"), "upstream untouched");
        assertSame(a.info("flatten"), b.info("flatten"));
        assertNotSame(a.info("fc"), b.info("fc"));
        assertEquals("[N, 20]", b.info("logits").inputTypes().get(0).toString());
    }

    @Test
    void anUnchangedOutputStopsTheWave() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("drop", "Dropout").node("fc", "Linear", "out_features", 2)
                .node("y", "Output").chain("x", "drop", "fc", "y").build();
        Analysis a = Analysis.of(g);
        Analysis b = a.update(g.setParam("drop", "p", 0.1));
        assertNotSame(a.info("drop"), b.info("drop"));
        assertSame(a.info("fc"), b.info("fc"), "Dropout's output shape did not change, so nothing after it is re-inferred");
    }

    @Test
    void renameRefreshesMessagesThatQuoteTheName() {
        Graph g = graph().node("x", "Input", "shape", List.of(4)).node("fc", "Linear", "in_features", 5, "out_features", 2).node("y", "Output")
                .chain("x", "fc", "y").build();
        Analysis a = Analysis.of(g);
        Analysis b = a.update(g.rename("x", "features"));
        assertTrue(b.problems().get(0).message().contains("\"features\""), b.problems().toString());
        assertEquals(b.problems(), Analysis.of(b.graph()).problems());
    }

    /** Random edits on a random valid chain-with-branches graph: incremental results equal from-scratch ones after each. */
    @Test
    void randomEditsKeepIncrementalInferenceEqualToAFullRun() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            Graph g = randomGraph(rnd, 30);
            Analysis inc = Analysis.of(g);
            for (int step = 0; step < 40; step++) {
                Edit e = randomEdit(rnd, inc.graph());
                inc = inc.update(e);
                assertSameResults(Analysis.of(e.after()), inc);
            }
        }
    }

    static void assertSameResults(Analysis full, Analysis inc) {
        for (Node n : full.graph().nodes()) {
            NodeInfo f = full.info(n.id()), i = inc.info(n.id());
            assertEquals(f.status(), i.status(), n.name());
            assertEquals(f.outputs(), i.outputs(), n.name());
            assertEquals(f.inputTypes(), i.inputTypes(), n.name());
            assertEquals(f.params(), i.params(), n.name());
            assertEquals(f.filled(), i.filled(), n.name());
            assertEquals(f.explanation(), i.explanation(), n.name());
        }
        assertEquals(full.problems(), inc.problems());
    }

    private static final String[] UNARY = {"Linear", "ReLU", "Tanh", "Dropout", "Identity", "LayerNorm", "GELU", "Sigmoid"};

    /** An Input [16], then layers each reading one earlier node (Add joining two), then Outputs. */
    static Graph randomGraph(Random rnd, int n) {
        Graph g = Graph.empty().addNode(new Node("n0", "x", "Input", Map.of("shape", List.of(16)), Position.ORIGIN)).after();
        for (int i = 1; i < n; i++) {
            String kind = rnd.nextInt(6) == 0 && i > 2 ? "Add" : UNARY[rnd.nextInt(UNARY.length)];
            Map<String, Object> params = kind.equals("Linear") ? Map.of("out_features", 16) : Map.of();
            Node node = new Node("n" + i, g.freshName(layerlab.graph.Names.prefixFor(kind)), kind, params, new Position(i * 10, 0));
            g = g.addNode(node).after();
            if (kind.equals("Add")) {
                g = g.connect(new Edge("n" + rnd.nextInt(i), "out", node.id(), "in1")).after();
                g = g.connect(new Edge("n" + rnd.nextInt(i), "out", node.id(), "in2")).after();
            } else {
                g = g.connect(new Edge("n" + rnd.nextInt(i), "out", node.id(), "in")).after();
            }
        }
        return g.addNode(new Node("out", "y", "Output", Map.of(), Position.ORIGIN)).after().connect(new Edge("n" + (n - 1), "out", "out", "in")).after();
    }

    /** A param change, a rename, an edge moved (which may make a loop), a node added or removed. */
    static Edit randomEdit(Random rnd, Graph g) {
        List<Node> layers = new ArrayList<>(g.nodes().stream().filter(x -> !x.kind().equals("Input") && !x.kind().equals("Output")).toList());
        if (layers.isEmpty()) { // every layer was removed: add one reading the first node left, if any
            Edit add = g.addNode(new Node(g.freshId(), g.freshName("relu"), "ReLU", Map.of(), Position.ORIGIN));
            if (g.nodes().isEmpty() || g.nodes().get(0).kind().equals("Output")) return add;
            String id = add.after().nodes().get(add.after().nodes().size() - 1).id();
            String src = g.nodes().get(0).id();
            return add.then(x -> x.connect(new Edge(src, "out", id, "in")));
        }
        Node n = layers.get(rnd.nextInt(layers.size()));
        switch (rnd.nextInt(6)) {
            case 0:
                if (n.kind().equals("Linear")) return g.setParam(n.id(), "out_features", 1 + rnd.nextInt(20));
                if (n.kind().equals("Dropout")) return g.setParam(n.id(), "p", rnd.nextDouble());
                return g.setParam(n.id(), "in_features", 1 + rnd.nextInt(20)); // unknown for most kinds: a problem, then fixed
            case 1:
                return g.rename(n.id(), g.freshName("r"));
            case 2: {
                List<Edge> in = g.incoming(n.id());
                if (in.isEmpty()) return Edit.none(g);
                Edge old = in.get(0);
                Node src = g.nodes().get(rnd.nextInt(g.nodes().size()));
                if (src.kind().equals("Output")) return Edit.none(g);
                Edge e = new Edge(src.id(), "out", n.id(), old.toPort());
                if (g.edges().contains(e)) return Edit.none(g);
                return g.disconnect(old).then(x -> x.connect(e));
            }
            case 3:
                return g.removeNode(n.id());
            case 4: {
                Edit add = g.addNode(new Node(g.freshId(), g.freshName("relu"), "ReLU", Map.of(), Position.ORIGIN));
                String id = add.after().nodes().get(add.after().nodes().size() - 1).id();
                return add.then(x -> x.connect(new Edge(n.id(), "out", id, "in")));
            }
            default: {
                if (!n.kind().equals("Linear")) return Edit.none(g);
                return g.setParam(n.id(), "in_features", rnd.nextBoolean() ? null : 16);
            }
        }
    }
}
