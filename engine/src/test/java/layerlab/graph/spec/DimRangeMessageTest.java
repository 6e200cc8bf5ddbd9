package layerlab.graph.spec;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/**
 * A dim param out of range offers only the dims the layer takes: Unflatten's dim=5 on [N, 16] said "use -2 … 1", but
 * -2 is the batch N, which it refuses. Every layer with a dim param refuses the batch, so each offers the dims past it.
 */
class DimRangeMessageTest {
    private static String message(String kind, List<Integer> shape, Object... params) {
        Graph g = graph().node("x", "Input", "shape", shape).node("layer", kind, params)
                .node("out", "Output").chain("x", "layer", "out").build();
        Analysis a = Analysis.of(g);
        return a.problems().stream().filter(p -> "layer".equals(p.nodeId())).findFirst().orElseThrow(() -> new AssertionError(a.problems())).message();
    }

    @Test
    void unflattenOnOneDimOffersOneOrMinusOne() {
        assertEquals("dim is 5 but the input has only 2 dims (use 1 or -1)",
                message("Unflatten", List.of(16), "dim", 5, "unflattened_size", List.of(4, 4)));
        assertEquals("dim is -3 but the input has only 2 dims (use 1 or -1)",
                message("Unflatten", List.of(16), "dim", -3, "unflattened_size", List.of(4, 4)));
    }

    @Test
    void softmaxOnImagesOffersTheDimsPastTheBatchFromEitherEnd() {
        assertEquals("dim is 4 but the input has only 4 dims (use 1 … 3 or -3 … -1)", message("Softmax", List.of(3, 8, 8), "dim", 4));
    }

    @Test
    void theBatchItselfIsStillRefusedAsTheBatch() {
        assertEquals("dim -2 is the batch dimension N; layers work per sample, so use 1 or more",
                message("Unflatten", List.of(16), "dim", -2, "unflattened_size", List.of(4, 4)));
    }
}
