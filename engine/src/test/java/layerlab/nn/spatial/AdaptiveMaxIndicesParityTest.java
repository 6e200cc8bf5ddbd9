package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.autograd.Autograd;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.nn.AdaptiveMaxPool2d;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AdaptiveMaxPool2d's return_indices against PyTorch 1.13 ({@code make_adaptive_indices_fixtures.py}): the output, each
 * maximum's position within its input plane exactly (overlapping and uneven windows, batched and not) and x's gradient, on the
 * {@link TestDevice}; in a drawing, the node's second port, indices, which a MaxUnpool2d reads.
 */
class AdaptiveMaxIndicesParityTest {
    static List<Integer> cases() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Fixtures.load("spatial/adaptive_max_indices.json").json().get("cases").size(); i++) out.add(i);
        return out;
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void matchesPyTorch(int i) {
        TestDevice.device();
        JsonNode c = Fixtures.load("spatial/adaptive_max_indices.json").json().get("cases").get(i);
        JsonNode o = c.get("output_size");
        int[] size = o.isArray() ? new int[] {o.get(0).asInt(), o.get(1).asInt()} : new int[] {o.asInt()};
        AdaptiveMaxPool2d pool = new AdaptiveMaxPool2d(size, true);
        assertTrue(pool.returnIndices());
        Tensor x = TestDevice.on(Fixtures.tensor(c.get("x"))).requiresGrad(true);
        Tensor[] r = pool.forwardWithIndices(x);
        TestDevice.assertClose(Fixtures.tensor(c.get("y")), r[0], 1e-5, 1e-6, "case " + i + ": output");
        assertArrayEquals(Fixtures.tensor(c.get("indices")).toLongArray(), TestDevice.cpu(r[1]).toLongArray(), "case " + i + ": indices");
        assertArrayEquals(Fixtures.tensor(c.get("indices")).shape(), r[1].shape());
        r[0].mul(TestDevice.on(Fixtures.tensor(c.get("gy")))).sum().backward();
        TestDevice.assertClose(Fixtures.tensor(c.get("gx")), x.grad(), 1e-5, 1e-6, "case " + i + ": gradient of x");
    }

    @Test
    void aDrawnNodeGivesItsIndicesToAnUnpool() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(2, 8, 8))
                .node("pool", "AdaptiveMaxPool2d", "output_size", 4, "return_indices", true)
                .node("unpool", "MaxUnpool2d", "kernel_size", 2)
                .node("y", "Output")
                .node("where", "Output")
                .chain("x", "pool", "unpool", "y")
                .edge("pool.indices", "unpool.indices")
                .edge("pool.indices", "where.in")
                .build();
        Analysis a = Analysis.of(g);
        assertEquals(List.of(), a.errors());
        assertEquals("[N, 2, 4, 4] int64", a.info(g.nodeByName("pool").id()).output("indices").describe());
        Model m = GraphCompiler.compile(a);
        Tensor x = Tensor.randn(new layerlab.tensor.Generator(3), 2, 2, 8, 8);
        Map<String, Tensor> out;
        try (var ng = Autograd.noGrad()) {
            out = m.run(Map.of("x", x), List.of("y", "where"));
        }
        Tensor[] direct = new AdaptiveMaxPool2d(new int[] {4}, true).forwardWithIndices(x);
        assertArrayEquals(direct[1].toLongArray(), out.get("where").toLongArray());
        // Each pooled maximum is back at its place, the rest 0: the unpooled sum is the pooled sum.
        assertEquals(direct[0].sum().item(), out.get("y").sum().item(), 1e-4);
    }
}
