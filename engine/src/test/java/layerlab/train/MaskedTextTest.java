package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.graph.Graph;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.loss.CrossEntropyLoss;
import layerlab.testing.Fixtures;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Text models whose padding is masked: a Lengths node counts each right-padded text's tokens and feeds the lengths
 * inputs of the recurrent layer, MultiheadAttention, MeanOverTime and LastStep. Checked against PyTorch's packed
 * sequences and key_padding_mask ({@code make_masking_fixtures.py}), and against the padding itself: a text gives the
 * same logits however much padding follows it.
 */
public class MaskedTextTest {
    /** Embedding → Lengths → bidirectional GRU → self-attention → MeanOverTime → Linear, every lengths input fed. */
    public static String gruAttention(int length, boolean masked) {
        return project(length, """
                {"id": "e", "name": "embedding", "kind": "Embedding", "params": {"num_embeddings": 20, "embedding_dim": 8, "padding_idx": 0}, "position": {"x": 0, "y": 0}},
                {"id": "l", "name": "lengths", "kind": "Lengths", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "g", "name": "gru", "kind": "GRU", "params": {"input_size": 8, "hidden_size": 6, "bidirectional": true}, "position": {"x": 0, "y": 0}},
                {"id": "a", "name": "attn", "kind": "MultiheadAttention", "params": {"embed_dim": 12, "num_heads": 2}, "position": {"x": 0, "y": 0}},
                {"id": "m", "name": "mean", "kind": "MeanOverTime", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "f", "name": "fc", "kind": "Linear", "params": {"in_features": 12, "out_features": 3}, "position": {"x": 0, "y": 0}}
                """, """
                {"from": "tokens.out", "to": "embedding.in"},
                {"from": "tokens.out", "to": "lengths.in"},
                {"from": "embedding.out", "to": "gru.in"},
                {"from": "gru.out", "to": "attn.query"},
                {"from": "attn.out", "to": "mean.in"},
                {"from": "mean.out", "to": "fc.in"}
                """ + (masked ? """
                ,{"from": "lengths.out", "to": "gru.lengths"},
                {"from": "lengths.out", "to": "attn.lengths"},
                {"from": "lengths.out", "to": "mean.lengths"}
                """ : ""));
    }

    /** Embedding → Lengths → bidirectional GRU (without biases when not {@code bias}) → MeanOverTime → Linear: the attention model less its attention. */
    public static String gruMean(int length, boolean bias) {
        return project(length, """
                {"id": "e", "name": "embedding", "kind": "Embedding", "params": {"num_embeddings": 20, "embedding_dim": 8, "padding_idx": 0}, "position": {"x": 0, "y": 0}},
                {"id": "l", "name": "lengths", "kind": "Lengths", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "g", "name": "gru", "kind": "GRU", "params": {"input_size": 8, "hidden_size": 6, "bidirectional": true, "bias": %s}, "position": {"x": 0, "y": 0}},
                {"id": "m", "name": "mean", "kind": "MeanOverTime", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "f", "name": "fc", "kind": "Linear", "params": {"in_features": 12, "out_features": 3}, "position": {"x": 0, "y": 0}}
                """.formatted(bias), """
                {"from": "tokens.out", "to": "embedding.in"},
                {"from": "tokens.out", "to": "lengths.in"},
                {"from": "embedding.out", "to": "gru.in"},
                {"from": "lengths.out", "to": "gru.lengths"},
                {"from": "gru.out", "to": "mean.in"},
                {"from": "lengths.out", "to": "mean.lengths"},
                {"from": "mean.out", "to": "fc.in"}
                """);
    }

    /** Embedding → Lengths → two-layer bidirectional LSTM → LastStep → Linear. */
    public static String lstmLast(int length) {
        return project(length, """
                {"id": "e", "name": "embedding", "kind": "Embedding", "params": {"num_embeddings": 20, "embedding_dim": 8, "padding_idx": 0}, "position": {"x": 0, "y": 0}},
                {"id": "l", "name": "lengths", "kind": "Lengths", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "r", "name": "lstm", "kind": "LSTM", "params": {"input_size": 8, "hidden_size": 5, "num_layers": 2, "bidirectional": true}, "position": {"x": 0, "y": 0}},
                {"id": "s", "name": "last", "kind": "LastStep", "params": {}, "position": {"x": 0, "y": 0}},
                {"id": "f", "name": "fc", "kind": "Linear", "params": {"in_features": 10, "out_features": 3}, "position": {"x": 0, "y": 0}}
                """, """
                {"from": "tokens.out", "to": "embedding.in"},
                {"from": "tokens.out", "to": "lengths.in"},
                {"from": "embedding.out", "to": "lstm.in"},
                {"from": "lengths.out", "to": "lstm.lengths"},
                {"from": "lstm.out", "to": "last.in"},
                {"from": "lengths.out", "to": "last.lengths"},
                {"from": "last.out", "to": "fc.in"}
                """);
    }

    private static String project(int length, String nodes, String edges) {
        return """
                {"format": "layerlab-project", "version": 1, "name": "Masked", "nodes": [
                {"id": "t", "name": "tokens", "kind": "Input", "params": {"shape": [%d], "dtype": "int64"}, "position": {"x": 0, "y": 0}},
                %s,
                {"id": "o", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 0, "y": 0}}
                ], "edges": [
                %s,
                {"from": "fc.out", "to": "logits.in"}
                ], "blocks": [], "notes": []}
                """.formatted(length, nodes, edges);
    }

    public static Model model(String json, Map<String, Tensor> state) throws Exception {
        Graph g = ProjectJson.read(json, "masked.json");
        Model m = GraphCompiler.compile(g);
        m.loadStateDict(state, true);
        return m;
    }

    public static Map<String, Tensor> tensors(JsonNode node) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), Fixtures.tensor(e.getValue()));
        }
        return out;
    }

    private static void matchesPyTorch(String fixture, String json) throws Exception {
        Fixtures fx = Fixtures.load("masking/" + fixture + ".json");
        Model m = model(json, tensors(fx.json().get("params")));
        Tensor logits = m.forward(fx.tensor("tokens"));
        Fixtures.assertClose(fx.tensor("logits"), logits, Fixtures.RTOL, Fixtures.ATOL, fixture + " logits");
        Tensor loss = new CrossEntropyLoss().forward(logits, fx.tensor("labels"));
        assertEquals(fx.json().get("loss").asDouble(), loss.item(), 1e-5, fixture + " loss");
        loss.backward();
        Map<String, Tensor> grads = tensors(fx.json().get("grads"));
        assertEquals(grads.keySet(), m.namedParameters().keySet(), "every parameter has its gradient");
        m.namedParameters().forEach((k, p) -> Fixtures.assertClose(grads.get(k), p.grad(), 1e-4, 1e-6, fixture + " grad " + k));
    }

    @Test
    void aBidirectionalGruWithAttentionAndAMeanMatchesPackedPyTorch() throws Exception {
        matchesPyTorch("gru_attention", gruAttention(9, true));
    }

    @Test
    void aTwoLayerBidirectionalLstmsLastStepsMatchPackedPyTorch() throws Exception {
        matchesPyTorch("lstm_last", lstmLast(9));
    }

    /** The fixture's texts padded on the right to {@code length} ids. */
    public static Tensor padded(Tensor tokens, int length) {
        int b = tokens.size(0), t = tokens.size(1);
        long[] ids = tokens.toLongArray(), out = new long[b * length];
        for (int i = 0; i < b; i++) System.arraycopy(ids, i * t, out, i * length, t);
        return Tensor.ofLongs(out, b, length);
    }

    /** Padded to 20 or to 40 ids, a text gives the logits it gives padded to 9 when masked; unmasked, the padding moves them. */
    @Test
    void theLogitsDoNotDependOnHowMuchPaddingATextGot() throws Exception {
        for (String kind : List.of("gru_attention", "lstm_last")) {
            Fixtures fx = Fixtures.load("masking/" + kind + ".json");
            Map<String, Tensor> state = tensors(fx.json().get("params"));
            for (int length : new int[] {20, 40}) {
                String json = kind.equals("lstm_last") ? lstmLast(length) : gruAttention(length, true);
                Fixtures.assertClose(fx.tensor("logits"), model(json, state).forward(padded(fx.tensor("tokens"), length)), 1e-5, 1e-6,
                        kind + ": padded to " + length + " against 9");
            }
        }
        Fixtures fx = Fixtures.load("masking/gru_attention.json");
        Map<String, Tensor> state = tensors(fx.json().get("params"));
        float[] a = model(gruAttention(20, false), state).forward(padded(fx.tensor("tokens"), 20)).toFloatArray();
        float[] b = model(gruAttention(40, false), state).forward(padded(fx.tensor("tokens"), 40)).toFloatArray();
        double diff = 0;
        for (int i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
        assertTrue(diff > 1e-3, "unmasked, the padding changes the logits (by " + diff + ")");
    }

    /** The editor's shape inference: Lengths turns int64 ids [N, T] into int64 [N]; anything else is an error on its port. */
    @Test
    void lengthsAreOneInt64ANumberPerSample() throws Exception {
        layerlab.graph.analysis.Analysis a = layerlab.graph.analysis.Analysis.of(ProjectJson.read(gruAttention(9, true), "masked.json"));
        assertEquals(List.of(), a.errors());
        assertEquals("[N] int64", a.info("l").output("out").describe());
        String floats = gruAttention(9, true).replace("\"dtype\": \"int64\"", "\"dtype\": \"float32\"");
        List<layerlab.graph.analysis.Problem> errors = layerlab.graph.analysis.Analysis.of(ProjectJson.read(floats, "floats.json")).errors();
        assertTrue(errors.stream().anyMatch(p -> p.nodeName().equals("lengths") && p.message().contains("int64")), errors.toString());
    }
}
