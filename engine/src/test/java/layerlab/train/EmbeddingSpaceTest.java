package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import layerlab.data.Vocabulary;
import layerlab.io.ProjectorFiles;
import layerlab.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Embedding's rows as tokens: cosine neighbours against PyTorch 1.13's {@code F.cosine_similarity} and PCA coordinates
 * against numpy's SVD (fixtures/train/embedding_space.json, make_embedding_space_fixtures.py), the labels from the
 * vocabulary (or row numbers where it is unknown), and the projector's two files.
 */
class EmbeddingSpaceTest {
    static final JsonNode FIXTURE = Fixtures.load("train/embedding_space.json").json();
    static final int ROWS = FIXTURE.get("rows").asInt(), DIM = FIXTURE.get("dim").asInt();

    static float[] weight() {
        float[] w = new float[ROWS * DIM];
        for (int i = 0; i < w.length; i++) w[i] = (float) FIXTURE.get("weight").get(i).asDouble();
        return w;
    }

    static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        FIXTURE.get("tokens").forEach(t -> tokens.add(t.asText()));
        return new Vocabulary(Vocabulary.Level.CHARACTERS, false, 8, tokens);
    }

    static EmbeddingSpace space() {
        return EmbeddingSpace.of("embedding", weight(), ROWS, DIM, vocabulary(), FIXTURE.get("padding_idx").asInt());
    }

    @Test
    void cosineSimilaritiesAreTorchs() {
        EmbeddingSpace s = space();
        for (int a = 0; a < ROWS; a++) {
            for (int b = 0; b < ROWS; b++) {
                double want = FIXTURE.get("cosine").get(a * ROWS + b).asDouble();
                assertEquals(want, s.cosine(a, b), 1e-5 * Math.max(1, Math.abs(want)), "cos(" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void neighboursAreTheMostAlikeRowsByTorchsCosine() {
        EmbeddingSpace s = space();
        int b = s.find("b");
        assertEquals(3, b);
        List<EmbeddingSpace.Neighbour> near = s.neighbours(b, 20);
        // Every row but itself and the padding row, the most alike first; "f" was made b's near copy, "h" its opposite.
        assertEquals(ROWS - 2, near.size());
        assertEquals("f", near.get(0).label());
        assertEquals("h", near.get(near.size() - 1).label());
        assertEquals(-1.0, near.get(near.size() - 1).similarity(), 1e-6);
        for (int i = 0; i < near.size(); i++) {
            EmbeddingSpace.Neighbour n = near.get(i);
            assertTrue(n.row() != b && n.row() != 0, n.toString());
            assertEquals(FIXTURE.get("cosine").get(b * ROWS + n.row()).asDouble(), n.similarity(), 1e-5, n.toString());
            if (i > 0) assertTrue(near.get(i - 1).similarity() >= n.similarity(), "in order: " + near);
        }
        assertEquals(3, s.neighbours(b, 3).size());
    }

    @Test
    void pcaCoordinatesAreTheCentredRowsOnTheirFirstTwoAxes() {
        EmbeddingSpace s = space();
        double scale = 0;
        for (JsonNode p : FIXTURE.get("points")) scale = Math.max(scale, Math.abs(p.asDouble()));
        for (int i = 0; i < ROWS; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(FIXTURE.get("points").get(i * 2 + c).asDouble(), s.point(i, c), 1e-5 * scale, "row " + i + " along " + c);
            }
        }
    }

    @Test
    void rowsAreLabelledByTheVocabularyOrByNumberWhereItIsUnknown() {
        EmbeddingSpace s = space();
        assertEquals("<pad>", s.labels().get(0));
        assertEquals(0, s.padding());
        assertNull(s.note());
        EmbeddingSpace numbered = EmbeddingSpace.of("embedding", weight(), ROWS, DIM, null, null);
        assertEquals("#5", numbered.labels().get(5));
        assertEquals(-1, numbered.padding());
        assertTrue(numbered.note().startsWith("The vocabulary is unknown"), numbered.note());
        assertEquals(5, numbered.find("5"));
        assertEquals(5, numbered.find("#5"));
        assertEquals(-1, numbered.find("12"));
        // A character vocabulary's space and tab read as signs; the search finds them by either spelling.
        List<String> tokens = new ArrayList<>(vocabulary().tokens());
        tokens.set(2, " ");
        tokens.set(4, "\t");
        EmbeddingSpace chars = EmbeddingSpace.of("embedding", weight(), ROWS, DIM, new Vocabulary(Vocabulary.Level.CHARACTERS, false, 8, tokens), null);
        assertEquals("␣", chars.labels().get(2));
        assertEquals("\\t", chars.labels().get(4));
        assertEquals(2, chars.find(" "));
        assertEquals(2, chars.find("␣"));
        assertEquals(0, chars.padding(), "the vocabulary's <pad> row");
        // More rows than tokens: the others by number, said.
        EmbeddingSpace wider = EmbeddingSpace.of("embedding", weight(), ROWS, DIM,
                new Vocabulary(Vocabulary.Level.CHARACTERS, false, 8, tokens.subList(0, 10)), null);
        assertEquals("#11", wider.labels().get(11));
        assertTrue(wider.note().startsWith("Rows 10–11 stand for no token"), wider.note());
        // Those no text reaches are left out of the neighbours, as the padding row is.
        assertTrue(wider.spare(11) && !wider.spare(9) && !numbered.spare(11));
        assertEquals(ROWS - 4, wider.neighbours(3, 20).size());
        assertTrue(wider.neighbours(3, 20).stream().allMatch(n -> n.row() > 0 && n.row() < 10 && n.row() != 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddingSpace.of("emb", new float[7], 2, 4, null, null));
        assertEquals("emb.weight: 7 values are not 2 rows of 4", e.getMessage());
    }

    @Test
    void projectorFilesAreTensorBoardsTsv(@TempDir Path dir) throws Exception {
        List<Path> written = ProjectorFiles.write(dir.resolve("out"), space().weight(), ROWS, DIM, space().labels());
        List<String> vectors = Files.readAllLines(written.get(0)), meta = Files.readAllLines(written.get(1));
        assertEquals(List.of(dir.resolve("out/vectors.tsv"), dir.resolve("out/metadata.tsv")), written);
        assertEquals(ROWS, vectors.size(), "no header");
        assertEquals(ROWS, meta.size(), "one token a line, no header");
        float[] w = weight();
        for (int i = 0; i < ROWS; i++) {
            String[] v = vectors.get(i).split("\t");
            assertEquals(DIM, v.length);
            for (int j = 0; j < DIM; j++) assertEquals(w[i * DIM + j], Float.parseFloat(v[j]));
        }
        assertEquals(List.of("<pad>", "<unk>", "a", "b"), meta.subList(0, 4));
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }
}
