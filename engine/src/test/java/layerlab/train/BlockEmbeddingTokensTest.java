package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import layerlab.data.Vocabulary;
import layerlab.graph.Block;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import org.junit.jupiter.api.Test;

/**
 * An Embedding inside a placed block reads the data's token ids when the block's input port is fed the token Input (the
 * inspector and {@code layerlab embeddings} numbered its rows): through nested blocks too; not when the port is fed
 * something else.
 */
class BlockEmbeddingTokensTest {
    private static Node node(String id, String kind, Map<String, Object> params) {
        return new Node(id, id, kind, params, new Position(0, 0));
    }

    /** {@code Encoder}: ids → emb → out; {@code Outer}: x → inner (an Encoder) → y. */
    private static Graph graph(boolean tokens) {
        Graph encoder = Graph.empty().addNode(node("ids", "Input", Map.of())).after()
                .addNode(node("emb", "Embedding", Map.of("num_embeddings", 6, "embedding_dim", 2))).after()
                .addNode(node("out", "Output", Map.of())).after()
                .connect("ids.out", "emb.in").after().connect("emb.out", "out.in").after();
        Graph outer = Graph.empty().addNode(node("x", "Input", Map.of())).after()
                .addNode(node("inner", "Block", Map.of("block", "Encoder"))).after()
                .addNode(node("y", "Output", Map.of())).after()
                .connect("x.out", "inner.ids").after().connect("inner.out", "y.in").after();
        Graph g = Graph.empty().addBlock(new Block("Encoder", "", encoder)).after().addBlock(new Block("Outer", "", outer)).after()
                .addNode(node("text", "Input", Map.of("shape", List.of(4), "dtype", "int64"))).after()
                .addNode(node("other", "Input", Map.of("shape", List.of(4), "dtype", "float32"))).after()
                .addNode(node("enc", "Block", Map.of("block", "Encoder"))).after()
                .addNode(node("deep", "Block", Map.of("block", "Outer"))).after();
        String from = tokens ? "text.out" : "other.out";
        return g.connect(from, "enc.ids").after().connect(from, "deep.x").after();
    }

    @Test
    void aBlocksEmbeddingFedTheTokenInputIsNamedByTheVocabulary() {
        Graph g = graph(true);
        assertEquals(List.of("enc.emb", "deep.inner.emb"), List.copyOf(EmbeddingSpace.embeddings(g).keySet()));
        assertTrue(EmbeddingSpace.readsTokens(g, "enc.emb"));
        assertTrue(EmbeddingSpace.readsTokens(g, "deep.inner.emb"));
        Vocabulary v = Vocabulary.build(List.of("b a c", "a c"), Vocabulary.Level.WORDS, true, 4, 100);
        EmbeddingSpace s = EmbeddingSpace.of(g, EmbeddingSpace.embeddings(g).get("enc.emb"), "enc.emb", new float[12], new int[] {6, 2}, v);
        assertEquals(v.tokens().subList(0, v.size()), s.tokens().subList(0, v.size()));
    }

    @Test
    void aBlocksEmbeddingFedSomethingElseIsNot() {
        Graph g = graph(false);
        assertFalse(EmbeddingSpace.readsTokens(g, "enc.emb"));
        assertFalse(EmbeddingSpace.readsTokens(g, "deep.inner.emb"));
        assertFalse(EmbeddingSpace.readsTokens(g, "nothing.emb"));
    }
}
