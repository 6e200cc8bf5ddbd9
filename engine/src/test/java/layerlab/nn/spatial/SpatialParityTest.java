package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import layerlab.nn.Module;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every convolution, pooling and layer-norm case of {@code make_spatial_fixtures.py}: the layer built from
 * PyTorch's constructor arguments prints like PyTorch, has its state-dict keys, and with PyTorch's weights
 * gives its output and, for PyTorch's upstream gradient, its input and parameter gradients, on the {@link TestDevice}.
 */
class SpatialParityTest {
    static final double RTOL = 1e-5, ATOL = 1e-6;

    /**
     * The absolute floor scaled to the tensor: an element that is a sum of many products can cancel to far below
     * its terms, and then float32 rounding of the terms (in whichever order they are added) is what remains.
     */
    static double atol(Tensor expected) {
        double max = 0;
        for (float v : expected.toFloatArray()) if (Float.isFinite(v)) max = Math.max(max, Math.abs(v));
        return ATOL * Math.max(1, max);
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        TestDevice.assertClose(expected, actual, RTOL, atol(expected), what);
    }

    static List<String> cases(String key) {
        List<String> out = new ArrayList<>();
        Fixtures.load("spatial/index.json").json().get(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    static Stream<String> layers() {
        return cases("layers").stream();
    }

    static Map<String, Tensor> tensors(JsonNode node) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), Fixtures.tensor(e.getValue()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("spatial/" + name + ".json");
        Module m = SpatialModules.build(fx.json().get("kind").asText(), fx.json().get("args"));
        assertEquals(fx.json().get("repr").asText(), m.toString(), name + ": printed form");
        Map<String, Tensor> state = tensors(fx.json().get("params"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys");
        m.loadStateDict(state, true);
        TestDevice.on(m);

        Tensor x = TestDevice.on(Fixtures.tensor(fx.json().get("inputs").get(0))).requiresGrad(true);
        Tensor out = m.forward(x);
        assertClose(fx.tensor("output"), out, name + ": output");
        out.backward(TestDevice.on(fx.tensor("gout")));
        assertClose(fx.tensor("grads.input0"), x.grad(), name + ": input gradient");
        for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
            JsonNode g = fx.json().get("grads").get(p.getKey());
            assertNotNull(g, name + ": PyTorch recorded no gradient for " + p.getKey());
            assertClose(Fixtures.tensor(g), p.getValue().grad(), name + ": gradient of " + p.getKey());
        }
    }
}
