package layerlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import layerlab.nn.Module;
import layerlab.nn.Parameter;
import layerlab.tensor.Tensor;

/**
 * Replays one case of {@code make_nn_fixtures.py}: builds the module from the case's constructor
 * arguments and PyTorch's state dict, runs forward and backward with PyTorch's upstream gradient, and
 * compares the printed form, the output and every gradient PyTorch recorded. Forward and backward run on the
 * {@link TestDevice}.
 */
public final class ModuleParity {
    private ModuleParity() {}

    /** Case names listed under {@code key} in {@code /fixtures/nn/index.json}. */
    public static List<String> cases(String key) {
        List<String> out = new ArrayList<>();
        Fixtures.load("nn/index.json").json().get(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A case's state dict (parameters, or a loss's weight buffers) by PyTorch's keys. */
    public static Map<String, Tensor> params(Fixtures fx) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fx.json().get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), Fixtures.tensor(e.getValue()));
        }
        return params;
    }

    /**
     * Runs case {@code name}: {@code factory} builds the module from (kind, args) and the case's state dict
     * (it may take tensors from it, as losses take their class weights); the state dict is then loaded
     * strictly, which also checks the parameter names and shapes.
     */
    public static void check(String name, BiFunction<Fixtures, Map<String, Tensor>, Module> factory) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("nn/" + name + ".json");
        Map<String, Tensor> state = params(fx);
        Module module = factory.apply(fx, state);
        assertEquals(fx.json().get("repr").asText(), module.toString(), name + ": printed form");
        assertEquals(List.copyOf(state.keySet()), List.copyOf(module.stateDict().keySet()), name + ": state dict keys");
        module.loadStateDict(state, true);
        TestDevice.on(module);

        JsonNode grads = fx.json().get("grads");
        JsonNode inputNodes = fx.json().get("inputs");
        Tensor[] inputs = new Tensor[inputNodes.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = TestDevice.on(Fixtures.tensor(inputNodes.get(i)));
            if (grads.has("input" + i)) inputs[i].requiresGrad(true);
        }
        Tensor out = module.forward(inputs);
        TestDevice.assertClose(fx.tensor("output"), out, Fixtures.RTOL, Fixtures.ATOL, name + ": output");

        out.backward(TestDevice.on(fx.tensor("gout")));
        for (int i = 0; i < inputs.length; i++) {
            if (grads.has("input" + i)) {
                TestDevice.assertClose(fx.tensor("grads.input" + i), inputs[i].grad(), Fixtures.RTOL, Fixtures.ATOL, name + ": gradient of input " + i);
            }
        }
        for (Map.Entry<String, Parameter> p : module.namedParameters().entrySet()) {
            assertNotNull(grads.get(p.getKey()), name + ": PyTorch recorded no gradient for " + p.getKey());
            TestDevice.assertClose(Fixtures.tensor(grads.get(p.getKey())), p.getValue().grad(), Fixtures.RTOL, Fixtures.ATOL, name + ": gradient of " + p.getKey());
        }
    }
}
