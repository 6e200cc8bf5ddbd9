package layerlab.nn.seq;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.testing.Fixtures;
import layerlab.tensor.Tensor;

/** Reading the fixtures of {@code make_seq_fixtures.py}. */
final class SeqFixtures {
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;

    private SeqFixtures() {}

    static List<String> cases(String key) {
        List<String> out = new ArrayList<>();
        Fixtures.load("seq/index.json").json().get(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The tensors of a JSON object {@code {name: tensor}} in its order. */
    static Map<String, Tensor> tensors(JsonNode node) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), Fixtures.tensor(e.getValue()));
        }
        return out;
    }

    /** The tensors of a case whose float data sit in a binary beside it ("bin", "tensors": [{name, shape, offset}]). */
    static Map<String, Tensor> binaryTensors(Fixtures fx) {
        ByteBuffer buf = ByteBuffer.wrap(Fixtures.bytes("seq/" + fx.json().get("bin").asText())).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (JsonNode t : fx.json().get("tensors")) {
            int[] shape = new int[t.get("shape").size()];
            int n = 1;
            for (int i = 0; i < shape.length; i++) n *= shape[i] = t.get("shape").get(i).asInt();
            float[] v = new float[n];
            int at = t.get("offset").asInt() * 4;
            for (int i = 0; i < n; i++) v[i] = buf.getFloat(at + 4 * i);
            out.put(t.get("name").asText(), Tensor.of(v, shape));
        }
        return out;
    }
}
