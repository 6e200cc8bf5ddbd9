package layerlab.nn.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
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
 * BatchNorm1d/2d against PyTorch over several training steps and then evaluation: outputs, input and
 * parameter gradients, and after every step the running mean, running variance and num_batches_tracked; on the
 * {@link TestDevice}.
 */
class BatchNormParityTest {
    static Stream<String> cases() {
        return SpatialParityTest.cases("batchnorm").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsPyTorchStepByStep(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("spatial/" + name + ".json");
        Module m = SpatialModules.build(fx.json().get("kind").asText(), fx.json().get("args"));
        assertEquals(fx.json().get("repr").asText(), m.toString(), name + ": printed form");
        Map<String, Tensor> state = SpatialParityTest.tensors(fx.json().get("params"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys");
        m.loadStateDict(state, true);
        TestDevice.on(m);
        int i = 0;
        for (JsonNode step : fx.json().get("steps")) {
            String what = name + " step " + i++ + (step.get("train").asBoolean() ? " (train)" : " (eval)");
            m.train(step.get("train").asBoolean());
            m.zeroGrad();
            Tensor x = TestDevice.on(Fixtures.tensor(step.get("input"))).requiresGrad(true);
            Tensor out = m.forward(x);
            TestDevice.assertClose(Fixtures.tensor(step.get("output")), out, 1e-5, 1e-5, what + ": output");
            out.backward(TestDevice.on(Fixtures.tensor(step.get("gout"))));
            TestDevice.assertClose(Fixtures.tensor(step.get("grads").get("input0")), x.grad(), 1e-4, 1e-5, what + ": input gradient");
            for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
                TestDevice.assertClose(Fixtures.tensor(step.get("grads").get(p.getKey())), p.getValue().grad(), 1e-5, 1e-5,
                        what + ": gradient of " + p.getKey());
            }
            Map<String, Tensor> ours = m.stateDict();
            step.get("state").fields().forEachRemaining(e -> {
                Tensor expected = Fixtures.tensor(e.getValue());
                Tensor actual = TestDevice.cpu(ours.get(e.getKey()));
                if (e.getKey().endsWith("num_batches_tracked")) {
                    assertEquals(expected.toLongArray()[0], actual.toLongArray()[0], what + ": " + e.getKey());
                    assertEquals(0, actual.dim(), what + ": num_batches_tracked is a scalar");
                } else {
                    TestDevice.assertClose(expected, actual, 1e-5, 1e-6, what + ": " + e.getKey());
                }
            });
        }
    }
}
