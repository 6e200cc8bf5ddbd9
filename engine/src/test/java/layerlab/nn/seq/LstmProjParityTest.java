package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.nn.LSTM;
import layerlab.nn.Parameter;
import layerlab.nn.RNNOutput;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An LSTM with proj_size against PyTorch 1.13 ({@code make_lstm_proj_fixtures.py}): the printed form, the state-dict keys
 * in torch's order (weight_hr_l{k}[_reverse] after each layer-direction's biases), the weights torch draws after the
 * same seed, the output, h_n and c_n, and the gradients of the input, the initial states and every weight; one and two
 * layers, one and both directions, time major and batch first, with and without biases, initial states and lengths, on
 * the {@link TestDevice}.
 */
class LstmProjParityTest {
    static List<String> cases() {
        List<String> out = new ArrayList<>();
        Fixtures.load("seq/lstm_proj_index.json").json().get("cases").forEach(n -> out.add(n.asText()));
        return out;
    }

    static LSTM build(JsonNode a) {
        return new LSTM(a.get("input_size").asInt(), a.get("hidden_size").asInt(), a.get("num_layers").asInt(), a.get("bias").asBoolean(),
                a.get("batch_first").asBoolean(), 0f, a.get("bidirectional").asBoolean(), a.get("proj_size").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("seq/" + name + ".json");
        Generator.manualSeed(fx.json().get("seed").asLong());
        LSTM m = build(fx.json().get("args"));
        assertEquals(fx.json().get("repr").asText(), m.toString(), name + ": printed form");
        Map<String, Tensor> state = SeqFixtures.tensors(fx.json().get("params"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys in order");
        // PyTorch's initialisation, weight_hr included: the same numbers after the same seed.
        m.stateDict().forEach((k, v) -> Fixtures.assertClose(state.get(k), v, 0, 0, name + ": initial " + k));
        m.loadStateDict(state, true);
        TestDevice.on(m);

        Tensor x = TestDevice.on(fx.tensor("x")).requiresGrad(true);
        Tensor h0 = fx.has("h0") ? TestDevice.on(fx.tensor("h0")).requiresGrad(true) : null;
        Tensor c0 = fx.has("c0") ? TestDevice.on(fx.tensor("c0")).requiresGrad(true) : null;
        Tensor lengths = fx.has("lengths") ? fx.tensor("lengths") : null;
        RNNOutput r = m.forwardFull(x, h0, c0, lengths);
        TestDevice.assertClose(fx.tensor("output"), r.output(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": output");
        TestDevice.assertClose(fx.tensor("hN"), r.hN(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": h_n");
        TestDevice.assertClose(fx.tensor("cN"), r.cN(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": c_n");

        Tensor loss = r.output().mul(TestDevice.on(fx.tensor("gout"))).sum().add(r.hN().mul(TestDevice.on(fx.tensor("ghN"))).sum())
                .add(r.cN().mul(TestDevice.on(fx.tensor("gcN"))).sum());
        loss.backward();
        TestDevice.assertClose(fx.tensor("grads.x"), x.grad(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": gradient of x");
        if (h0 != null) TestDevice.assertClose(fx.tensor("grads.h0"), h0.grad(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": gradient of h0");
        if (c0 != null) TestDevice.assertClose(fx.tensor("grads.c0"), c0.grad(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": gradient of c0");
        JsonNode grads = fx.json().get("grads");
        for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
            assertNotNull(grads.get(p.getKey()), name + ": PyTorch recorded no gradient for " + p.getKey());
            TestDevice.assertClose(Fixtures.tensor(grads.get(p.getKey())), p.getValue().grad(), SeqFixtures.RTOL, SeqFixtures.ATOL,
                    name + ": gradient of " + p.getKey());
        }
    }

    @Test
    void refusesWhatPyTorchRefuses() {
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 1, true, true, 0, false, 4));
        assertTrue(big.getMessage().contains("proj_size has to be smaller than hidden_size"), big.getMessage());
        LSTM m = new LSTM(3, 5, 1, true, false, 0, false, 2);
        IllegalArgumentException h0 = assertThrows(IllegalArgumentException.class,
                () -> m.forwardFull(Tensor.zeros(4, 2, 3), Tensor.zeros(1, 2, 5), null, null));
        assertTrue(h0.getMessage().contains("Expected hidden[0] size (1, 2, 2), got [1, 2, 5]"), h0.getMessage());
    }
}
