package layerlab.graph.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.graph.Edge;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import org.junit.jupiter.api.Test;

/** Upsample's descriptor: exactly one of size and scale_factor, align_corners only with bilinear, its PyTorch text. */
class UpsampleSpecTest {
    private static NodeInfo analyse(Map<String, Object> params) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(3, 4, 5), "dtype", "float32"), Position.ORIGIN)).after()
                .addNode(new Node("up", "up", "Upsample", params, Position.ORIGIN)).after();
        g = g.connect(new Edge("x", "out", "up", "in")).after();
        return Analysis.of(g).info("up");
    }

    private static List<Problem> errors(Map<String, Object> params) {
        return analyse(params).problems().stream().filter(Problem::isError).toList();
    }

    @Test
    void scaleFactorAndSizeGiveTheOutput() {
        assertArrayEquals(new int[] {-1, 3, 8, 10}, analyse(Map.of("scale_factor", 2.0)).output("out").dims());
        assertArrayEquals(new int[] {-1, 3, 6, 7}, analyse(Map.of("scale_factor", 1.5, "mode", "bilinear")).output("out").dims());
        assertArrayEquals(new int[] {-1, 3, 7, 5}, analyse(Map.of("size", List.of(7, 5))).output("out").dims());
    }

    @Test
    void neitherOrBothOfSizeAndScaleIsANodeError() {
        List<Problem> neither = errors(Map.of());
        assertEquals(1, neither.size(), neither::toString);
        assertTrue(neither.get(0).message().contains("set size or scale_factor"), neither::toString);
        List<Problem> both = errors(Map.of("size", 8, "scale_factor", 2.0));
        assertEquals(1, both.size(), both::toString);
        assertTrue(both.get(0).message().contains("only one of size and scale_factor"), both::toString);
    }

    @Test
    void alignCornersWithNearestIsAnErrorOnThatParam() {
        List<Problem> p = errors(Map.of("scale_factor", 2.0, "align_corners", true));
        assertEquals(1, p.size(), p::toString);
        assertEquals("align_corners", p.get(0).param());
        assertTrue(p.get(0).message().contains("align_corners can only be set with an interpolating mode"), p::toString);
        assertEquals(List.of(), errors(Map.of("scale_factor", 2.0, "align_corners", true, "mode", "bilinear")));
    }

    @Test
    void aScaleThatShrinksToNothingIsAnError() {
        List<Problem> p = errors(Map.of("scale_factor", 0.1));
        assertEquals("scale_factor", p.get(0).param(), p::toString);
    }

    @Test
    void pytorchTextWritesWhatDiffersFromPyTorchsDefaults() {
        LayerSpec s = Registry.get("Upsample");
        assertEquals("nn.Upsample(scale_factor=2.0)", s.torch(new ResolvedParams(s, Map.of("scale_factor", 2.0), Map.of())));
        assertEquals("nn.Upsample(size=(7, 5), mode='bilinear', align_corners=True)",
                s.torch(new ResolvedParams(s, Map.of("size", List.of(7, 5), "mode", "bilinear", "align_corners", true), Map.of())));
    }

    @Test
    void quickAddsUpsampleFindsUpsampleNotConvTranspose() {
        assertTrue(Registry.get("Upsample").keywords().contains("upsample"));
        assertTrue(!Registry.get("ConvTranspose2d").keywords().contains("upsample"));
    }
}
