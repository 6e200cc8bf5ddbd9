package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.data.Vocabulary;
import layerlab.graph.compile.GraphCompiler;
import layerlab.graph.compile.Model;
import layerlab.graph.json.ProjectJson;
import layerlab.loss.CrossEntropyLoss;
import layerlab.tensor.Generator;
import layerlab.tensor.Tensor;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Generation from a next-token model against PyTorch 1.13 ({@code make_generate_fixtures.py}): the same weights give
 * the same logits and per-step loss, and the same seed the same texts, draw for draw ({@code torch.multinomial}).
 */
class SamplingTest {
    static final String PROJECT = """
            {"format": "layerlab-project", "version": 1, "name": "CharGru",
             "nodes": [
              {"id": "n1", "name": "chars", "kind": "Input", "params": {"shape": [8], "dtype": "int64"}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "embedding", "kind": "Embedding", "params": {"num_embeddings": 9, "embedding_dim": 6}, "position": {"x": 0, "y": 0}},
              {"id": "n3", "name": "gru", "kind": "GRU", "params": {"input_size": 6, "hidden_size": 10}, "position": {"x": 0, "y": 0}},
              {"id": "n4", "name": "fc", "kind": "Linear", "params": {"in_features": 10, "out_features": 9}, "position": {"x": 0, "y": 0}},
              {"id": "n5", "name": "to_classes", "kind": "Transpose", "params": {"dim0": 1, "dim1": 2}, "position": {"x": 0, "y": 0}},
              {"id": "n6", "name": "logits", "kind": "Output", "params": {}, "position": {"x": 0, "y": 0}}],
             "edges": [{"from": "chars.out", "to": "embedding.in"}, {"from": "embedding.out", "to": "gru.in"}, {"from": "gru.out", "to": "fc.in"},
                       {"from": "fc.out", "to": "to_classes.in"}, {"from": "to_classes.out", "to": "logits.in"}]}
            """;

    private static final Fixtures F = Fixtures.load("generate/char_gru.json");

    static Model model() throws Exception {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = F.json().get("weights").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            weights.put(e.getKey(), Fixtures.tensor(e.getValue()));
        }
        return GraphCompiler.compile(ProjectJson.read(PROJECT, "char-gru"), weights);
    }

    static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        F.json().get("tokens").forEach(t -> tokens.add(t.asText()));
        return new Vocabulary(Vocabulary.Level.CHARACTERS, true, F.json().get("length").asInt(), tokens, Vocabulary.Padding.RIGHT);
    }

    @Test
    void theLogitsAndTheLossOverEveryStepArePyTorchs() throws Exception {
        Model m = model();
        Tensor logits = m.forward(F.tensor("x"));
        Fixtures.assertClose(F.tensor("logits"), logits, 1e-5, 1e-6, "logits [N, classes, steps]");
        float loss = new CrossEntropyLoss().forward(logits, F.tensor("y")).item();
        assertEquals(F.json().get("loss").asDouble(), loss, 1e-5 * Math.abs(loss), "CrossEntropyLoss over every step, -100 ignored");
    }

    @Test
    void theSameSeedDrawsPyTorchsTexts() throws Exception {
        Model m = model();
        for (JsonNode c : F.json().get("cases")) {
            Sampling.Options o = new Sampling.Options(c.get("count").asInt(), c.get("temperature").asDouble(), c.get("seed").asLong(),
                    c.get("start").asText(), c.get("max_tokens").asInt());
            List<String> expected = new ArrayList<>();
            c.get("texts").forEach(t -> expected.add(t.asText()));
            assertEquals(expected, Sampling.generate(m, vocabulary(), o), o.toString());
        }
    }

    @Test
    void noTextHasPaddingUnknownOrBosHoweverHotTheDraw() throws Exception {
        // The fixture's weights give <unk> and <bos> about a fifth of the draws at temperature 1; at 50, near uniform, more.
        Model m = model();
        Vocabulary v = vocabulary();
        for (String text : Sampling.generate(m, v, new Sampling.Options(300, 50, 9, "", 0))) {
            assertTrue(!text.contains("<unk>") && !text.contains("<bos>") && !text.contains("<pad>"), text);
        }
        float[] masked = Sampling.neverDrawn(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, v);
        assertEquals(List.of("<pad>", "<unk>", "<bos>"), List.of(v.tokens().get(0), v.tokens().get(1), v.tokens().get(7)));
        assertTrue(masked[0] == Float.NEGATIVE_INFINITY && masked[1] == Float.NEGATIVE_INFINITY && masked[7] == Float.NEGATIVE_INFINITY);
        assertEquals(9f, masked[8], "<eos> stays: drawing it ends the text");
        assertEquals(0f, Sampling.probabilities(masked, 1000)[0], "never drawn at any temperature");
    }

    @Test
    void drawsFollowTorchMultinomial() {
        // torch.manual_seed(3); torch.multinomial(torch.tensor([0.1, 0.2, 0.3, 0.4]), 1) twice gives 0 then 2.
        Generator g = new Generator(3);
        float[] p = {0.1f, 0.2f, 0.3f, 0.4f};
        assertEquals(0, Sampling.draw(p, g));
        assertEquals(2, Sampling.draw(p, g));
    }

    @Test
    void aStartTextComesFirstAndOtherSeedsGiveOtherTexts() throws Exception {
        Model m = model();
        List<String> a = Sampling.generate(m, vocabulary(), new Sampling.Options(20, 1, 1, "ab", 0));
        a.forEach(t -> assertTrue(t.startsWith("ab"), t));
        assertNotEquals(a, Sampling.generate(m, vocabulary(), new Sampling.Options(20, 1, 2, "ab", 0)));
    }

    @Test
    void badStartTextsAndSettingsAreRefusedWithTheReason() throws Exception {
        Model m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sampling.generate(m, vocabulary(), new Sampling.Options(1, 1, 0, "az", 0)));
        assertEquals("the start text \"az\" has \"z\", which the model never saw in training; use characters of its vocabulary", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sampling.Options(1, 0, 0, "", 0));
        assertEquals("temperature must be a number above 0 (1: the model's own probabilities), got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampling.generate(m, vocabulary(), new Sampling.Options(1, 1, 0, "abcdeab", 0)));
        assertEquals("the start text \"abcdeab\" has 7 tokens, but the model reads 8 steps, <bos> first: give at most 6 to leave it room for more", e.getMessage());
    }
}
