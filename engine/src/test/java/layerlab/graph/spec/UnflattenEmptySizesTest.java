package layerlab.graph.spec;

import static layerlab.graph.TestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.analysis.Analysis;
import org.junit.jupiter.api.Test;

/**
 * Unflatten's sizes that cannot work at all, said on the param as what to give: no sizes (PyTorch: "sizes must be
 * non-empty"; it read "unflattened_size [] holds 1 values") and a 0 beside the -1 (it read "16 is not a multiple of 0").
 */
class UnflattenEmptySizesTest {
    private static String message(List<Integer> sizes) {
        Graph g = graph().node("x", "Input", "shape", List.of(16)).node("maps", "Unflatten", "dim", 1, "unflattened_size", sizes)
                .node("out", "Output").chain("x", "maps", "out").build();
        Analysis a = Analysis.of(g);
        return a.problems().stream().filter(p -> "maps".equals(p.nodeId())).findFirst().orElseThrow(() -> new AssertionError(a.problems())).message();
    }

    @Test
    void noSizesSayWhatToGive() {
        assertEquals("unflattened_size is empty: give the sizes dim 1 of [N, 16] (16) splits into, e.g. [16] or [2, -1]", message(List.of()));
    }

    @Test
    void aZeroBesideTheRestSaysSo() {
        assertEquals("unflattened_size [0, -1] holds a 0, so no size for -1 makes the 16 values of dim 1 of [N, 16]", message(List.of(0, -1)));
    }
}
