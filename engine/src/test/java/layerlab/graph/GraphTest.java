package layerlab.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.GraphChange.EdgeAdded;
import layerlab.graph.GraphChange.EdgeRemoved;
import layerlab.graph.GraphChange.NodeAdded;
import layerlab.graph.GraphChange.NodeMoved;
import layerlab.graph.GraphChange.NodeRemoved;
import layerlab.graph.GraphChange.NodeRenamed;
import layerlab.graph.GraphChange.ParamChanged;
import org.junit.jupiter.api.Test;

class GraphTest {
    /** x → fc1 → relu1, with ids n1, n2, n3. */
    static Graph small() {
        return Graph.empty()
                .addNode(new Node("n1", "x", "Input", Map.of("shape", List.of(4)), Position.ORIGIN)).after()
                .addNode(new Node("n2", "fc1", "Linear", Map.of("out_features", 3), new Position(180, 0))).after()
                .addNode(new Node("n3", "relu1", "ReLU", Map.of(), new Position(360, 0))).after()
                .connect("n1.out", "n2.in").after()
                .connect("n2.out", "n3.in").after();
    }

    @Test
    void operationsReturnTheNewGraphAndTypedChanges() {
        Graph g = small();
        Edit e = g.setParam("n2", "out_features", 8);
        assertEquals(List.of(new ParamChanged("n2", "out_features", 3, 8)), e.changes());
        assertEquals(8, e.after().node("n2").param("out_features"));
        assertEquals(3, g.node("n2").param("out_features"), "the old graph is untouched");

        Edit move = g.moveNode("n3", new Position(400, 20));
        assertEquals(List.of(new NodeMoved("n3", new Position(360, 0), new Position(400, 20))), move.changes());

        Edit rename = g.rename("n2", "hidden");
        assertEquals(List.of(new NodeRenamed("n2", "fc1", "hidden")), rename.changes());
        assertEquals("hidden", rename.after().nodeByName("hidden").name());
        assertNull(rename.after().nodeByName("fc1"));
        assertEquals(rename.after().edges(), g.edges(), "edges refer to ids, so a rename touches none");
    }

    @Test
    void removingANodeRemovesItsEdgesFirstAndUndoRestoresTheExactGraph() {
        Graph g = small();
        Edit e = g.removeNode("n2");
        assertEquals(3, e.changes().size());
        assertInstanceOf(EdgeRemoved.class, e.changes().get(0));
        assertInstanceOf(EdgeRemoved.class, e.changes().get(1));
        assertInstanceOf(NodeRemoved.class, e.changes().get(2));
        assertTrue(e.after().edges().isEmpty());
        assertEquals(2, e.after().nodes().size());
        Edit undo = e.undo();
        assertEquals(g, undo.after(), "same nodes, edges and order");
        assertEquals(g.nodes(), undo.after().nodes());
        assertEquals(g.edges(), undo.after().edges());
    }

    @Test
    void compoundEditsUndoAsOne() {
        Graph g = small();
        Edit e = g.addNode("Dropout", new Position(540, 0))
                .then(x -> x.connect(new Edge("n3", "out", x.nodeByName("dropout1").id(), "in")))
                .then(x -> x.setParam(x.nodeByName("dropout1").id(), "p", 0.2));
        assertEquals(3, e.changes().size());
        assertInstanceOf(NodeAdded.class, e.changes().get(0));
        assertInstanceOf(EdgeAdded.class, e.changes().get(1));
        assertEquals(g, e.undo().after());
        assertEquals(e.after(), g.applyAll(e.changes()), "redo replays the changes");
    }

    @Test
    void freshNamesAndIds() {
        Graph g = small();
        assertEquals("n4", g.freshId());
        assertEquals("fc2", g.freshName("fc"));
        Edit e = g.addNode("Conv2d", Position.ORIGIN);
        assertEquals("conv1", ((NodeAdded) e.changes().get(0)).node().name());
        assertEquals("loss1", e.after().addNode("CrossEntropyLoss", Position.ORIGIN).after().nodes().get(4).name());
        assertEquals("relu2", e.after().addNode("ReLU", Position.ORIGIN).after().nodes().get(4).name());
    }

    @Test
    void theDocumentRefusesWhatBreaksItsInvariants() {
        Graph g = small();
        assertThrows(IllegalArgumentException.class, () -> g.rename("n2", "relu1"), "names are unique");
        assertThrows(IllegalArgumentException.class, () -> g.rename("n2", "1fc"), "names are identifiers");
        assertThrows(IllegalArgumentException.class, () -> g.rename("n2", "in"), "not Python keywords");
        // self.forward = nn.Linear(…) made the exported forward call itself (RecursionError); self.float(x) called
        // Module.float; a layer named training broke model.eval(). A new name may not be one nn.Module uses itself (the
        // name field asks Names.problem), but the document holds one, so that an older file that has one still opens (and
        // an undo of its rename works): the node shows an error until it is renamed.
        for (String taken : List.of("forward", "training", "float", "eval", "to", "parameters", "_modules")) {
            String why = Names.problem(taken);
            assertTrue(why.contains("nn.Module") && why.contains("try " + taken + "_1"), why);
            assertNull(Names.documentProblem(taken), taken);
            Graph renamed = g.rename("n2", taken).after();
            var problems = layerlab.graph.analysis.Analysis.of(renamed).errors();
            assertTrue(problems.stream().anyMatch(p -> p.code() == layerlab.graph.analysis.ProblemCode.RESERVED_NAME && "n2".equals(p.nodeId())
                    && p.message().contains("try " + taken + "_1")), problems.toString());
        }
        assertNull(Names.problem("forward_1"));
        assertNull(Names.problem("fc_train"));
        assertTrue(Names.problem("résumé").contains("no accents"), Names.problem("résumé"));
        assertTrue(Names.problem("1st conv").contains("not starting with a digit"), Names.problem("1st conv"));
        assertThrows(IllegalArgumentException.class, () -> g.connect("n1.out", "n2.in"), "no duplicate edges");
        assertThrows(IllegalArgumentException.class, () -> g.connect("n1.out", "n9.in"), "edges join existing nodes");
        assertThrows(IllegalArgumentException.class, () -> g.addNode(new Node("n1", "other", "ReLU")), "ids are unique");
        assertThrows(IllegalArgumentException.class, () -> g.disconnect(new Edge("n1", "out", "n3", "in")));
        // A stale change (an undo applied to the wrong version) is refused whole.
        assertThrows(IllegalStateException.class, () -> g.apply(new ParamChanged("n2", "out_features", 99, 5)));
        assertThrows(IllegalStateException.class, () -> g.apply(new NodeRemoved(g.node("n2"), 1)), "edges must go first");
    }

    @Test
    void unchangedValuesAreShared() {
        Graph g = small();
        Graph moved = g.moveNode("n1", new Position(5, 5)).after();
        assertSame(g.edges(), moved.edges());
        assertSame(g.blocks(), moved.blocks());
        assertTrue(g.setParam("n2", "out_features", 3).isEmpty(), "setting the same value changes nothing");
    }

    @Test
    void blocksNotesViewAndSettingsAreEditsToo() {
        Graph g = small();
        Block b = new Block("Head", "", Graph.empty().addNode(new Node("n1", "x", "Input")).after());
        Edit e = g.addBlock(b)
                .then(x -> x.addNote(new Note("note1", "hello", Position.ORIGIN, 200, 100)))
                .then(x -> x.setView(new CanvasView(10, 20, 2)))
                .then(x -> x.set(GraphChange.Setting.TRAINING, Map.of("epochs", 3)));
        Graph after = e.after();
        assertEquals(b, after.block("Head"));
        assertEquals("hello", after.note("note1").text());
        assertEquals(2, after.view().zoom());
        assertEquals(3, after.training().get("epochs"));
        Graph edited = after.updateNote(after.note("note1").withText("bye")).after();
        assertEquals("bye", edited.note("note1").text());
        assertEquals(g, e.undo().after());
    }

    @Test
    void edgeEndsParse() {
        assertEquals(new Edge("conv1", "out", "relu1", "in"), Edge.of("conv1.out", "relu1.in"));
        assertThrows(IllegalArgumentException.class, () -> Edge.of("conv1", "relu1.in"));
    }

    @Test
    void namesForKinds() {
        assertEquals("conv", Names.prefixFor("Conv2d"));
        assertEquals("bn", Names.prefixFor("BatchNorm1d"));
        assertEquals("loss", Names.prefixFor("MSELoss"));
        assertEquals("leakyrelu", Names.prefixFor("LeakyReLU"));
        assertNull(Names.problem("fc_out2"));
        assertTrue(Names.problem("class").contains("keyword"));
    }
}
