package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab embeddings} of an Embedding inside a placed block (the surname classifier with its Embedding in an
 * Encoder block placed as {@code enc}): found by its dotted name, as its weight is named, and its rows are the
 * vocabulary's characters, since the block's input port is fed the names' token ids (it was not found at all, and the
 * inspector numbered its rows).
 */
class BlockEmbeddingsCommandTest {
    private final CliRunner cli = new CliRunner();

    @Test
    void anEmbeddingInAPlacedBlockIsNamedByTheVocabulary(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode p = (ObjectNode) json.readTree(Files.readString(Path.of("..", "sample-projects", "surname-classifier.json")));
        ArrayNode nodes = (ArrayNode) p.get("nodes");
        ObjectNode embedding = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).get("name").asText().equals("embedding")) {
                embedding = (ObjectNode) nodes.get(i);
                nodes.remove(i);
                break;
            }
        }
        nodes.addPOJO(json.readTree("{\"id\": \"n9\", \"name\": \"enc\", \"kind\": \"Block\", \"params\": {\"block\": \"Encoder\"}, \"position\": {\"x\": 280, \"y\": 0}}"));
        ArrayNode edges = (ArrayNode) p.get("edges");
        edges.removeAll();
        for (String[] e : new String[][] {{"surname.out", "enc.ids"}, {"enc.out", "gru.in"}, {"gru.out", "last.in"}, {"last.out", "fc.in"},
                {"fc.out", "logits.in"}, {"fc.out", "loss.input"}, {"labels.out", "loss.target"}}) {
            edges.addObject().put("from", e[0]).put("to", e[1]);
        }
        ObjectNode block = ((ArrayNode) p.get("blocks")).addObject().put("name", "Encoder").put("description", "the characters' vectors");
        ArrayNode body = block.putArray("nodes");
        body.addPOJO(json.readTree("{\"id\": \"b1\", \"name\": \"ids\", \"kind\": \"Input\", \"params\": {}, \"position\": {\"x\": 0, \"y\": 0}}"));
        embedding.put("id", "b2");
        body.add(embedding);
        body.addPOJO(json.readTree("{\"id\": \"b3\", \"name\": \"out\", \"kind\": \"Output\", \"params\": {}, \"position\": {\"x\": 560, \"y\": 0}}"));
        ArrayNode inner = block.putArray("edges");
        inner.addObject().put("from", "ids.out").put("to", "embedding.in");
        inner.addObject().put("from", "embedding.out").put("to", "out.in");
        Path project = Files.writeString(dir.resolve("block-embedding.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(p));
        Path bundle = dir.resolve("block-embedding.llab");
        assertEquals(0, cli.run("train", project.toString(), "--steps", "2", "--device", "cpu", "-q", "--save-bundle", bundle.toString()), cli.err.toString());

        assertEquals(0, cli.run("embeddings", bundle.toString(), "--near", "a", "--top", "3"), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.startsWith("enc.embedding: 64 rows of 32 values"), out);
        assertTrue(out.contains("nearest to a (row "), out);
        assertFalse(out.contains("The vocabulary is unknown"), out);
    }
}
