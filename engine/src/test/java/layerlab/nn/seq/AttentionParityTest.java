package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.nn.MultiheadAttention;
import layerlab.nn.Parameter;
import layerlab.nn.PositionalEncoding;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MultiheadAttention against PyTorch ({@code make_attention_fixtures.py}) on the {@link TestDevice}: both results and every
 * gradient, for self-attention, a key that is also the value, three separate inputs, a causal mask, padded keys, no bias.
 */
class AttentionParityTest {
    static List<String> cases() {
        List<String> out = new ArrayList<>();
        Fixtures.load("attention/index.json").json().get("cases").forEach(n -> out.add(n.asText()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("attention/" + name + ".json");
        JsonNode a = fx.json().get("args");
        MultiheadAttention m = new MultiheadAttention(a.get("embed_dim").asInt(), a.get("num_heads").asInt(), 0.0, a.get("bias").asBoolean(),
                a.get("causal").asBoolean());
        assertEquals(fx.json().get("params").size(), m.stateDict().size(), name + ": the same tensors");
        m.loadStateDict(SeqFixtures.tensors(fx.json().get("params")), true);
        TestDevice.on(m);
        String inputs = a.get("inputs").asText();
        Tensor q = TestDevice.on(fx.tensor("query")).requiresGrad(true);
        Tensor k = inputs.equals("self") ? q : TestDevice.on(fx.tensor("key")).requiresGrad(true);
        Tensor v = inputs.equals("cross") ? TestDevice.on(fx.tensor("value")).requiresGrad(true) : k;
        Tensor lengths = fx.has("lengths") ? fx.tensor("lengths") : null;

        Tensor[] r = m.forwardFull(q, k, v, lengths);
        double rtol = TestDevice.rtol(SeqFixtures.RTOL), atol = TestDevice.atol(SeqFixtures.ATOL);
        TestDevice.assertClose(fx.tensor("out"), r[0], rtol, atol, name + ": out");
        TestDevice.assertClose(fx.tensor("weights"), r[1], rtol, atol, name + ": weights");

        r[0].mul(TestDevice.on(fx.tensor("gout"))).sum().add(r[1].mul(TestDevice.on(fx.tensor("gweights"))).sum()).backward();
        TestDevice.assertClose(fx.tensor("grads.query"), q.grad(), rtol, atol, name + ": gradient of the query");
        if (!inputs.equals("self")) TestDevice.assertClose(fx.tensor("grads.key"), k.grad(), rtol, atol, name + ": gradient of the key");
        if (inputs.equals("cross")) TestDevice.assertClose(fx.tensor("grads.value"), v.grad(), rtol, atol, name + ": gradient of the value");
        for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
            TestDevice.assertClose(fx.tensor("grads." + p.getKey()), p.getValue().grad(), rtol, atol, name + ": gradient of " + p.getKey());
        }
    }

    static List<String> positional() {
        List<String> out = new ArrayList<>();
        Fixtures.load("attention/index.json").json().get("positional").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** PositionalEncoding against the Transformer tutorial's class (batch first): its table, a forward and its gradient. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("positional")
    void positionalEncodingMatchesTheTutorials(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("attention/" + name + ".json");
        JsonNode a = fx.json().get("args");
        int d = a.get("d_model").asInt(), steps = fx.tensor("input").size(1);
        TestDevice.assertClose(fx.tensor("pe"), PositionalEncoding.table(steps, d), 1e-5, 1e-6, name + ": the table");
        PositionalEncoding m = TestDevice.on(new PositionalEncoding(d, 0.0, a.get("max_len").asInt()));
        assertEquals(0, m.stateDict().size(), "nothing to save: the table is computed");
        Tensor x = TestDevice.on(fx.tensor("input")).requiresGrad(true);
        Tensor y = m.forward(x);
        double rtol = TestDevice.rtol(SeqFixtures.RTOL), atol = TestDevice.atol(SeqFixtures.ATOL);
        TestDevice.assertClose(fx.tensor("output"), y, rtol, atol, name + ": output");
        y.backward(TestDevice.on(fx.tensor("gout")));
        TestDevice.assertClose(fx.tensor("grad"), x.grad(), rtol, atol, name + ": gradient");
        var e = assertThrows(IllegalArgumentException.class, () -> new PositionalEncoding(d, 0.0, steps - 1).forward(fx.tensor("input")));
        assertTrue(e.getMessage().contains("longer than max_len " + (steps - 1)), e.getMessage());
    }

    @Test
    void namesItsTensorsAsPyTorchAndStartsAsItsConstructor() {
        MultiheadAttention m;
        try (var seeded = Generator.use(new Generator(3))) {
            m = new MultiheadAttention(8, 2);
        }
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(0f, m.inProjBias().data().abs().sum().item(), "in_proj_bias starts at zero");
        assertEquals(0f, m.outProj().bias().data().abs().sum().item(), "out_proj.bias starts at zero");
        // xavier_uniform over [24, 8]: bound √(6 / (8 + 24)).
        float bound = (float) Math.sqrt(6.0 / 32);
        Tensor w = m.inProjWeight().data();
        assertTrue(w.abs().max().item() <= bound && w.abs().max().item() > 0.8f * bound, "xavier_uniform: " + w.abs().max().item());
        Tensor o = m.outProj().weight().data();
        assertTrue(o.abs().max().item() <= 1 / Math.sqrt(8), "out_proj keeps its Linear's kaiming_uniform(a=√5)");
    }

    @Test
    void aCausalQueryPositionIgnoresTheKeysAfterIt() {
        MultiheadAttention m = new MultiheadAttention(4, 2, 0.0, true, true);
        Tensor x = Tensor.randn(new Generator(1), 1, 5, 4);
        Tensor[] r = m.forwardFull(x, null, null, null);
        float[] w = r[1].toFloatArray();
        for (int i = 0; i < 5; i++) {
            float row = 0;
            for (int j = 0; j < 5; j++) {
                if (j > i) assertEquals(0f, w[i * 5 + j], "position " + i + " looks at " + j);
                row += w[i * 5 + j];
            }
            assertEquals(1f, row, 1e-6f, "row " + i + " sums to 1");
        }
        // Changing the last position leaves every earlier output as it was.
        float[] changed = x.toFloatArray();
        for (int c = 0; c < 4; c++) changed[4 * 4 + c] += 3f;
        float[] before = r[0].toFloatArray(), after = m.forwardFull(Tensor.of(changed, 1, 5, 4), null, null, null)[0].toFloatArray();
        for (int i = 0; i < 4 * 4; i++) assertEquals(before[i], after[i], 0f, "output value " + i);
    }

    @Test
    void badShapesAndSettingsSayWhat() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        assertTrue(e.getMessage().contains("embed_dim 10 must be divisible by num_heads 3"), e.getMessage());
        MultiheadAttention m = new MultiheadAttention(8, 2);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 5, 6)));
        assertTrue(e.getMessage().contains("query must be [N, T, 8]") && e.getMessage().contains("(2, 5, 6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forwardFull(Tensor.zeros(2, 5, 8), Tensor.zeros(2, 4, 8), Tensor.zeros(2, 3, 8), null));
        assertTrue(e.getMessage().contains("must agree"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forwardFull(Tensor.zeros(2, 5, 8), null, null, Tensor.ofLongs(new long[] {5, 0})));
        assertTrue(e.getMessage().contains("lengths[1] = 0 is outside 1..5"), e.getMessage());
    }
}
