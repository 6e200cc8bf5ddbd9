package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import layerlab.graph.Graph;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/** What a card's shape line shows: a layer's output, and for an Output node what the model hands out. */
class NodeCardShapeTest {
    @Test
    void anOutputCardShowsWhatItReceives() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "embedding-gru.json"));
        g = g.addNode("Output", new Position(0, 0)).after();
        Analysis a = Analysis.of(g);
        assertEquals("[N, 2]", shown(g, a, "fc").describe());
        assertEquals("[N, 2]", shown(g, a, "logits").describe());
        assertEquals("[4, N, 50]", shown(g, a, "h_n").describe());
        String dangling = g.nodes().get(g.nodes().size() - 1).id();
        assertNull(NodeCard.shownShape(g.node(dangling), a.info(dangling)), "nothing connected: unknown");
    }

    @Test
    void aLayerWhoseOutputIsUnknownShowsNotWhatItWasGiven() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        g = g.disconnect(g.edges().stream().filter(e -> e.toPort().equals("target")).findFirst().orElseThrow()).after();
        assertNull(shown(g, Analysis.of(g), "loss"), "a loss without its target has no loss yet, not the logits' [N, 3]");
    }

    @Test
    void aParamFilledFromAnUnknownShapeReadsQuestionMarkNotNone() throws Exception {
        Graph g = ProjectJson.load(Path.of("..", "sample-projects", "iris.json"));
        g = g.addNode("Linear", new Position(0, 0)).after();
        String dangling = g.nodes().get(g.nodes().size() - 1).id();
        Analysis a = Analysis.of(g);
        var linear = layerlab.graph.spec.Registry.find("Linear");
        assertEquals("?, 64", NodeCard.paramsText(linear, a.params(dangling), false), "in_features waits for an input");
        String fc = g.nodeByName("fc1").id();
        assertEquals("4, 16", NodeCard.paramsText(linear, a.params(fc), false), "connected: filled from the shape");
        assertFalse(a.countsKnown(dangling), "its weights' count waits for in_features");
        assertTrue(a.countsKnown(fc));
        g = g.addNode("ReLU", new Position(0, 200)).after();
        String relu = g.nodes().get(g.nodes().size() - 1).id();
        assertTrue(Analysis.of(g).countsKnown(relu), "a kind without weights has none, connected or not");
    }

    private static layerlab.graph.spec.TensorType shown(Graph g, Analysis a, String name) {
        return NodeCard.shownShape(g.nodeByName(name), a.info(g.nodeByName(name).id()));
    }
}
