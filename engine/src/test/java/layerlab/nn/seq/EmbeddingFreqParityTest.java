package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.nn.Embedding;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Embedding with scale_grad_by_freq against PyTorch 1.13 ({@code make_embedding_freq_fixtures.py}): the printed form, the
 * output and each row's gradient divided by how often the batch looks it up, with a padding row (counted, never given a
 * gradient), max_norm, ids of one, two and three dims, on the {@link TestDevice}.
 */
class EmbeddingFreqParityTest {
    static List<String> cases() {
        List<String> out = new ArrayList<>();
        Fixtures.load("seq/emb_freq_index.json").json().get("cases").forEach(n -> out.add(n.asText()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("seq/" + name + ".json");
        JsonNode a = fx.json().get("args");
        Embedding m = new Embedding(a.get("num_embeddings").asInt(), a.get("embedding_dim").asInt(),
                a.get("padding_idx").isNull() ? null : a.get("padding_idx").asInt(),
                a.get("max_norm").isNull() ? null : (float) a.get("max_norm").asDouble(), (float) a.get("norm_type").asDouble(),
                a.get("scale_grad_by_freq").asBoolean());
        assertEquals(fx.json().get("repr").asText(), m.toString(), name + ": printed form");
        m.loadStateDict(Map.of("weight", fx.tensor("weight")), true);
        TestDevice.on(m);
        Tensor out = m.forward(TestDevice.on(fx.tensor("idx")));
        TestDevice.assertClose(fx.tensor("output"), out, SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": output");
        TestDevice.assertClose(fx.tensor("weight_after"), m.weight().data(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": weight after forward");
        out.backward(TestDevice.on(fx.tensor("gout")));
        TestDevice.assertClose(fx.tensor("grads.weight"), m.weight().grad(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": gradient of weight");
    }
}
