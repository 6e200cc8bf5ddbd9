package layerlab.nn.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import layerlab.nn.Embedding;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import layerlab.testing.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Embedding against PyTorch (padding_idx, max_norm) on the {@link TestDevice}, and its errors (on the CPU). */
class EmbeddingParityTest {
    static List<String> cases() {
        return SeqFixtures.cases("embedding");
    }

    static Embedding build(JsonNode a) {
        Integer pad = a.get("padding_idx").isNull() ? null : a.get("padding_idx").asInt();
        Float maxNorm = a.get("max_norm").isNull() ? null : (float) a.get("max_norm").asDouble();
        return new Embedding(a.get("num_embeddings").asInt(), a.get("embedding_dim").asInt(), pad, maxNorm,
                (float) a.get("norm_type").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        TestDevice.device();
        Fixtures fx = Fixtures.load("seq/" + name + ".json");
        Embedding m = build(fx.json().get("args"));
        assertEquals(fx.json().get("repr").asText(), m.toString(), name + ": printed form");
        m.loadStateDict(Map.of("weight", fx.tensor("weight")), true);
        TestDevice.on(m);
        Tensor out = m.forward(TestDevice.on(fx.tensor("idx")));
        TestDevice.assertClose(fx.tensor("output"), out, SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": output");
        TestDevice.assertClose(fx.tensor("weight_after"), m.weight().data(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": weight after forward");
        out.backward(TestDevice.on(fx.tensor("gout")));
        TestDevice.assertClose(fx.tensor("grads.weight"), m.weight().grad(), SeqFixtures.RTOL, SeqFixtures.ATOL, name + ": gradient of weight");
        if (m.paddingIdx() != null) {
            Tensor padRow = m.weight().grad().select(0, m.paddingIdx());
            assertEquals(0f, padRow.abs().sum().item(), name + ": the padding row's gradient stays zero");
        }
    }

    @Test
    void paddingRowStartsAtZeroAndNegativeIndexCountsFromTheEnd() {
        Embedding m = new Embedding(6, 4, -2);
        assertEquals(4, m.paddingIdx());
        assertEquals(0f, m.weight().data().select(0, 4).abs().sum().item());
        assertTrue(m.weight().data().select(0, 3).abs().sum().item() > 0f);
        assertEquals("Embedding(6, 4, padding_idx=4)", m.toString());
    }

    @Test
    void outOfRangeIndexIsAnErrorNamingTheIndexAndTheSize() {
        Embedding m = new Embedding(5, 3);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> m.forward(Tensor.ofLongs(new long[] {0, 7, 2})));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("5 rows"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> m.forward(Tensor.ofLongs(new long[] {-1})));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("5 rows"), e.getMessage());
        Embedding renorm = new Embedding(5, 3, null, 1f, 2f);
        e = assertThrows(IndexOutOfBoundsException.class, () -> renorm.forward(Tensor.ofLongs(new long[] {5})));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("5 rows"), e.getMessage());
    }

    @Test
    void rejectsFloatIdsAndBadPaddingIdx() {
        Embedding m = new Embedding(5, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.of(new float[] {1, 2})));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5));
        assertTrue(e.getMessage().contains("padding_idx"), e.getMessage());
    }
}
