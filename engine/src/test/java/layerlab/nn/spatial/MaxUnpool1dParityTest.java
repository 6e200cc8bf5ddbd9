package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import layerlab.graph.Graph;
import layerlab.graph.TestGraphs;
import layerlab.graph.analysis.Analysis;
import layerlab.nn.MaxPool1d;
import layerlab.nn.MaxUnpool1d;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MaxUnpool1d against PyTorch 1.13 ({@code make_unpool1d_fixtures.py}): after a MaxPool1d with return_indices, the values
 * put back (where overlapping windows share a maximum, the last value written stays), the values' gradient and the printed
 * module, on the {@link TestDevice}; in a drawing, its shape rule.
 */
class MaxUnpool1dParityTest {
    static List<Integer> cases() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Fixtures.load("spatial/unpool1d.json").json().get("cases").size(); i++) out.add(i);
        return out;
    }

    private static Integer opt(JsonNode a, String key) {
        return a.has(key) ? a.get(key).asInt() : null;
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void matchesPyTorch(int i) {
        TestDevice.device();
        JsonNode c = Fixtures.load("spatial/unpool1d.json").json().get("cases").get(i);
        JsonNode pa = c.get("pool"), ua = c.get("unpool");
        int k = pa.get("kernel_size").asInt();
        Integer s = opt(pa, "stride");
        int p = pa.has("padding") ? pa.get("padding").asInt() : 0;
        MaxPool1d pool = new MaxPool1d(new int[] {k}, new int[] {s == null ? k : s}, new int[] {p}, new int[] {1}, false, true);
        Tensor[] r = pool.forwardWithIndices(TestDevice.on(Fixtures.tensor(c.get("x"))));
        assertArrayEquals(Fixtures.tensor(c.get("indices")).toLongArray(), TestDevice.cpu(r[1]).toLongArray(), "case " + i + ": indices");
        MaxUnpool1d unpool = new MaxUnpool1d(ua.get("kernel_size").asInt(), opt(ua, "stride"), ua.has("padding") ? ua.get("padding").asInt() : 0);
        assertEquals(c.get("repr").asText(), unpool.toString());
        Tensor v = TestDevice.on(Fixtures.tensor(c.get("v"))).requiresGrad(true);
        Tensor z = unpool.forward(v, r[1]);
        TestDevice.assertClose(Fixtures.tensor(c.get("z")), z, 1e-5, 1e-6, "case " + i + ": unpooled");
        z.mul(TestDevice.on(Fixtures.tensor(c.get("gz")))).sum().backward();
        TestDevice.assertClose(Fixtures.tensor(c.get("gv")), v.grad(), 1e-5, 1e-6, "case " + i + ": gradient of the values");
    }

    @Test
    void aDrawnUnpoolTakesThePoolsLengthBack() {
        Graph g = TestGraphs.graph()
                .node("x", "Input", "shape", List.of(3, 9))
                .node("pool", "MaxPool1d", "kernel_size", 3, "stride", 2, "padding", 1, "return_indices", true)
                .node("unpool", "MaxUnpool1d", "kernel_size", 3, "stride", 2, "padding", 1)
                .node("y", "Output")
                .chain("x", "pool", "unpool", "y")
                .edge("pool.indices", "unpool.indices")
                .build();
        Analysis a = Analysis.of(g);
        assertTrue(a.errors().isEmpty(), a.errors().toString());
        assertEquals("[N, 3, 9]", a.info(g.nodeByName("unpool").id()).output("out").toString());
    }
}
