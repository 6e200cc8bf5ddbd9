package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals("[N, 2]", NodeCard.shownShape(a.info(g.nodeByName("fc").id())).describe());
        assertEquals("[N, 2]", NodeCard.shownShape(a.info(g.nodeByName("logits").id())).describe());
        assertEquals("[4, N, 50]", NodeCard.shownShape(a.info(g.nodeByName("h_n").id())).describe());
        String dangling = g.nodes().get(g.nodes().size() - 1).id();
        assertNull(NodeCard.shownShape(a.info(dangling)), "nothing connected: unknown");
    }
}
