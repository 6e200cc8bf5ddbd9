package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import org.junit.jupiter.api.Test;

/**
 * A layer added by a person runs as it lands: Upsample, whose PyTorch defaults set neither size nor scale_factor (an
 * error on the card), comes from the palette doubling H and W; a file's Upsample keeps what the file says.
 */
class AddedWithTest {
    private final EditorModel model = new EditorModel(Runnable::run);

    private static Graph image() {
        return Graph.empty().addNode(new Node("x", "x", "Input", Map.of("shape", List.of(3, 8, 8)), new Position(0, 0))).after();
    }

    @Test
    void anUpsampleAddedFromThePaletteDoublesTheImage() {
        model.load(image());
        String[] id = {null};
        assertTrue(model.execute(Commands.addNode("Upsample", null, new Position(240, 0), id)));
        assertEquals(Map.of("scale_factor", 2.0), model.graph().node(id[0]).params());
        assertTrue(model.execute(Commands.connect(model.graph(), new Edge("x", "out", id[0], "in"))));
        assertEquals("[N, 3, 16, 16]", model.analysis().info(id[0]).output("out").toString());
        assertTrue(model.analysis().problems().stream().noneMatch(p -> id[0].equals(p.nodeId()) && p.isError()), model.analysis().problems().toString());
    }

    @Test
    void aLayerReplacedByAnUpsampleRunsAsWell() {
        Graph g = image().addNode(new Node("p", "pool1", "MaxPool2d", Map.of("kernel_size", 2), new Position(240, 0))).after()
                .connect("x.out", "p.in").after();
        model.load(g);
        assertTrue(model.execute(Commands.replace(model.graph(), "p", "Upsample", null)));
        assertEquals(2.0, model.graph().node("p").params().get("scale_factor"));
        assertEquals("[N, 3, 16, 16]", model.analysis().info("p").output("out").toString());
    }

    @Test
    void aLayerWithoutSuchValuesIsAddedWithNone() {
        model.load(image());
        String[] id = {null};
        assertTrue(model.execute(Commands.addNode("Conv2d", null, new Position(240, 0), id)));
        assertEquals(Map.of(), model.graph().node(id[0]).params());
    }
}
