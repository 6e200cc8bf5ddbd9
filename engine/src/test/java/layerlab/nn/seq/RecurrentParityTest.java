package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import layerlab.nn.GRU;
import layerlab.nn.LSTM;
import layerlab.nn.Parameter;
import layerlab.nn.RNN;
import layerlab.nn.RNNBase;
import layerlab.nn.RNNOutput;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RNN / LSTM / GRU case of {@code make_seq_fixtures.py}: printed form, state-dict keys in PyTorch's
 * order, outputs and final states, and the gradients of the input, the initial states and every weight; on the
 * {@link TestDevice} (the lengths stay on the CPU, as PyTorch's pack_padded_sequence wants them).
 */
class RecurrentParityTest {
    static List<String> cases() {
        return SeqFixtures.cases("rnn");
    }

    static RNNBase build(String mode, JsonNode a) {
        int in = a.get("input_size").asInt(), hidden = a.get("hidden_size").asInt(), layers = a.get("num_layers").asInt();
        boolean bias = a.get("bias").asBoolean(), bf = a.get("batch_first").asBoolean(), bi = a.get("bidirectional").asBoolean();
        return switch (mode) {
            case "lstm" -> new LSTM(in, hidden, layers, bias, bf, 0f, bi);
            case "gru" -> new GRU(in, hidden, layers, bias, bf, 0f, bi);
            default -> new RNN(in, hidden, layers, mode.substring(4), bias, bf, 0f, bi);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("seq/" + name + ".json");
        String mode = fx.json().get("mode").asText();
        RNNBase m = build(mode, fx.json().get("args"));
        assertEquals(fx.json().get("repr").asText(), m.toString(), name + ": printed form");
        Map<String, Tensor> state = SeqFixtures.tensors(fx.json().get("params"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys in order");
        m.loadStateDict(state, true);
        TestDevice.on(m);

        Tensor x = TestDevice.on(fx.tensor("x")).requiresGrad(true);
        Tensor h0 = fx.has("h0") ? TestDevice.on(fx.tensor("h0")).requiresGrad(true) : null;
        Tensor c0 = fx.has("c0") ? TestDevice.on(fx.tensor("c0")).requiresGrad(true) : null;
        Tensor lengths = fx.has("lengths") ? fx.tensor("lengths") : null;
        RNNOutput r = m.forwardFull(x, h0, c0, lengths);
        TestDevice.assertClose(fx.tensor("output"), r.output(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": output");
        TestDevice.assertClose(fx.tensor("hN"), r.hN(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": h_n");
        if (mode.equals("lstm")) TestDevice.assertClose(fx.tensor("cN"), r.cN(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": c_n");
        else assertNull(r.cN(), name + ": c_n of a " + mode);

        Tensor loss = r.output().mul(TestDevice.on(fx.tensor("gout"))).sum().add(r.hN().mul(TestDevice.on(fx.tensor("ghN"))).sum());
        if (r.cN() != null) loss = loss.add(r.cN().mul(TestDevice.on(fx.tensor("gcN"))).sum());
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
}
