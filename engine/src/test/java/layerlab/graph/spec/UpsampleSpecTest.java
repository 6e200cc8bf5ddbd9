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
import layerlab.graph.json.ProjectJson;
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

    /** A scale per dim, (H, W), as PyTorch takes it: H·sh and W·sw, floored; a pair of the wrong length or a zero is named. */
    @Test
    void aScalePairScalesHAndWApart() {
        assertArrayEquals(new int[] {-1, 3, 8, 15}, analyse(Map.of("scale_factor", List.of(2.0, 3.0))).output("out").dims());
        assertArrayEquals(new int[] {-1, 3, 6, 2}, analyse(Map.of("scale_factor", List.of(1.5, 0.5), "mode", "bilinear")).output("out").dims());
        assertTrue(String.join(" ", analyse(Map.of("scale_factor", List.of(2.0, 3.0))).explanation()).contains("⌊5·3.0⌋ = 15"));
        List<Problem> zero = errors(Map.of("scale_factor", List.of(2.0, 0.0)));
        assertEquals("scale_factor", zero.get(0).param(), zero::toString);
        LayerSpec s = Registry.get("Upsample");
        assertEquals("scale_factor must be a number or a list of 2, got [2.0, 3.0, 4.0]", s.param("scale_factor").check(List.of(2.0, 3.0, 4.0)));
        assertEquals(null, s.param("scale_factor").check(List.of(2, 3.5)));
        assertEquals("nn.Upsample(scale_factor=(2.0, 3.0), mode='bilinear')",
                s.torch(new ResolvedParams(s, Map.of("scale_factor", List.of(2.0, 3.0), "mode", "bilinear"), Map.of())));
    }

    /** The project file keeps a scale pair as numbers: [2.0, 3.0] written and read back, [2, 3] read as 2.0 and 3.0. */
    @Test
    void aScalePairSurvivesTheProjectFile() throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(3, 4, 5), "dtype", "float32"), Position.ORIGIN)).after()
                .addNode(new Node("up", "up", "Upsample", Map.of("scale_factor", List.of(2.0, 3.0)), Position.ORIGIN)).after();
        String text = ProjectJson.write(g);
        assertEquals(List.of(2.0, 3.0), ProjectJson.read(text, "t").node("up").params().get("scale_factor"));
        String ints = text.replaceAll("\\[\\s*2\\.0,\\s*3\\.0\\s*\\]", "[2, 3]");
        assertTrue(!ints.equals(text), text);
        assertEquals(List.of(2.0, 3.0), ProjectJson.read(ints, "t").node("up").params().get("scale_factor"));
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
