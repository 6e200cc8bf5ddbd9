package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import layerlab.nn.MaxPool1d;
import layerlab.nn.MaxPoolNd;
import layerlab.nn.MaxPool2d;
import layerlab.nn.MaxUnpool2d;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The max pools' return_indices and MaxUnpool2d against PyTorch 1.13 ({@code make_unpool_fixtures.py}): the indices to the
 * value, the unpooled output (where overlapping windows share a maximum, the last value written stays) and the gradients
 * (x's through pool and unpool; a value's, the output's gradient at its index, shared indices included), on the
 * {@link TestDevice}.
 */
class UnpoolParityTest {
    static List<String> cases() {
        List<String> out = new ArrayList<>();
        Fixtures.load("spatial/unpool_index.json").json().get("cases").forEach(n -> out.add(n.asText()));
        return out;
    }

    static int[] ints(JsonNode a, String key, int d, int def) {
        JsonNode v = a.get(key);
        int[] out = new int[d];
        for (int i = 0; i < d; i++) out[i] = v == null ? def : v.isArray() ? v.get(i).asInt() : v.asInt();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("spatial/" + name + ".json");
        JsonNode pa = fx.json().get("pool").get("args");
        boolean two = fx.json().get("pool").get("kind").asText().equals("MaxPool2d");
        int d = two ? 2 : 1;
        int[] k = ints(pa, "kernel_size", d, 0), s = pa.has("stride") ? ints(pa, "stride", d, 0) : k;
        boolean ceil = pa.has("ceil_mode") && pa.get("ceil_mode").asBoolean();
        MaxPoolNd pool = two ? new MaxPool2d(k, s, ints(pa, "padding", d, 0), ints(pa, "dilation", d, 1), ceil, true)
                : new MaxPool1d(k, s, ints(pa, "padding", d, 0), ints(pa, "dilation", d, 1), ceil, true);
        assertTrue(pool.returnIndices());
        Tensor x = TestDevice.on(fx.tensor("x")).requiresGrad(true);
        Tensor[] r = pool.forwardWithIndices(x);
        TestDevice.assertClose(fx.tensor("y"), r[0], 1e-5, 1e-6, name + ": output");
        assertArrayEquals(fx.tensor("indices").toLongArray(), TestDevice.cpu(r[1]).toLongArray(), name + ": indices");
        JsonNode ua = fx.json().get("unpool");
        if (ua == null) return;
        MaxUnpool2d unpool = new MaxUnpool2d(ints(ua, "kernel_size", 2, 0), ints(ua, "stride", 2, 0), ints(ua, "padding", 2, 0));
        boolean own = fx.json().get("values").asText().equals("v");
        Tensor v = own ? TestDevice.on(fx.tensor("v")).requiresGrad(true) : r[0];
        Tensor z = unpool.forward(v, r[1]);
        TestDevice.assertClose(fx.tensor("z"), z, 1e-5, 1e-6, name + ": unpooled");
        z.mul(TestDevice.on(fx.tensor("gz"))).sum().backward();
        if (own) TestDevice.assertClose(fx.tensor("grads.v"), v.grad(), 1e-5, 1e-6, name + ": gradient of the values");
        else TestDevice.assertClose(fx.tensor("grads.x"), x.grad(), 1e-5, 1e-6, name + ": gradient of x");
    }

    @Test
    void printsAndRefusesAsPyTorch() {
        assertEquals("MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))", new MaxUnpool2d(new int[] {2}, null, new int[] {0}).toString());
        MaxUnpool2d u = new MaxUnpool2d(new int[] {2}, null, new int[] {0});
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> u.forward(Tensor.zeros(1, 1, 2, 2), Tensor.ofLongs(new long[] {0, 1, 2, 16}, 1, 1, 2, 2)));
        assertTrue(bad.getMessage().contains("Found an invalid max index: 16 (output volumes are of size 4x4)"), bad.getMessage());
    }
}
