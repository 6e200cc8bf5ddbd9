package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import layerlab.io.ModelBundle;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerlab embeddings} on the surname classifier trained a few steps: a character's nearest characters by cosine
 * similarity (checked against the bundle's weights here), TensorBoard projector's two files, and one-line refusals.
 */
class EmbeddingsCommandTest {
    static final CliRunner CLI = new CliRunner();
    @TempDir
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void train() {
        bundle = CliRunner.trainedSample("surname-classifier.json", 20, dir.resolve("surnames.llab"));
    }

    /** Rows {@code a} and {@code b} of {@code w} ({@code [rows, dim]}): their cosine similarity, computed plainly. */
    static double cosine(Tensor w, int a, int b) {
        int d = w.shape()[1];
        float[] v = w.toFloatArray();
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < d; j++) {
            dot += v[a * d + j] * v[b * d + j];
            na += v[a * d + j] * v[a * d + j];
            nb += v[b * d + j] * v[b * d + j];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }

    @Test
    void nearestTokensArePrintedWithTheirCosineSimilarity() throws Exception {
        assertEquals(0, CLI.run("embeddings", bundle.toString(), "--near", "a", "-k", "5"), CLI.err.toString());
        String said = CLI.out.toString().replace("\r", "");
        assertTrue(said.startsWith("embedding: 64 rows of 32 values; first two principal components "), said);
        ModelBundle b = ModelBundle.load(bundle);
        List<String> tokens = b.names().vocabulary().tokens();
        int a = tokens.indexOf("a");
        assertTrue(said.contains("\nnearest to a (row " + a + "), by cosine similarity:\n"), said);
        Matcher m = Pattern.compile("\n  (\\S+) +(-?[0-9.]+) +\\(row (\\d+)\\)").matcher(said);
        Tensor w = b.weights().get("embedding.weight");
        int lines = 0;
        double before = 2;
        while (m.find()) {
            int row = Integer.parseInt(m.group(3));
            assertEquals(tokens.get(row), m.group(1));
            double sim = Double.parseDouble(m.group(2));
            assertEquals(cosine(w, a, row), sim, 1e-4, m.group());
            assertTrue(sim <= before, "most alike first: " + said);
            assertTrue(row != a && row != 0, "neither itself nor <pad>: " + said);
            before = sim;
            lines++;
        }
        assertEquals(5, lines, said);
        // The best: no other row (but <pad>) is more alike.
        for (int r = 1; r < tokens.size(); r++) {
            if (r != a) assertTrue(cosine(w, a, r) <= before + 1e-4 || said.contains("(row " + r + ")"), "row " + r + " missing: " + said);
        }
    }

    @Test
    void exportWritesTensorBoardProjectorFiles() throws Exception {
        Path out = dir.resolve("projector");
        assertEquals(0, CLI.run("embeddings", bundle.toString(), "--export", out.toString()), CLI.err.toString());
        assertTrue(CLI.out.toString().contains("wrote " + out.resolve("vectors.tsv") + " and " + out.resolve("metadata.tsv")), CLI.out.toString());
        ModelBundle b = ModelBundle.load(bundle);
        List<String> vectors = Files.readAllLines(out.resolve("vectors.tsv")), meta = Files.readAllLines(out.resolve("metadata.tsv"));
        assertEquals(64, vectors.size());
        assertEquals(64, meta.size());
        float[] w = b.weights().get("embedding.weight").toFloatArray();
        String[] row5 = vectors.get(5).split("\t");
        assertEquals(32, row5.length);
        for (int j = 0; j < 32; j++) assertEquals(w[5 * 32 + j], Float.parseFloat(row5[j]));
        List<String> tokens = b.names().vocabulary().tokens();
        assertEquals(tokens.get(5), meta.get(5));
        assertEquals("<pad>", meta.get(0));
    }

    @Test
    void anUnknownTokenOrAFileWithoutEmbeddingsIsOneLine() {
        assertEquals(2, CLI.run("embeddings", bundle.toString(), "--near", "zz"));
        CLI.assertOneLineError("layerlab embeddings: --near zz: no such token in embedding's vocabulary (it has <unk>, ");
        assertEquals(2, CLI.run("embeddings", bundle.toString(), "--layer", "gru"));
        CLI.assertOneLineError("layerlab embeddings: --layer gru: surnames.llab has no Embedding of that name (its Embedding layers: embedding)");
        assertEquals(2, CLI.run("embeddings", "../sample-projects/surname-classifier.json"));
        CLI.assertOneLineError("layerlab embeddings: ../sample-projects/surname-classifier.json is not a trained model's bundle (.llab)");
    }
}
