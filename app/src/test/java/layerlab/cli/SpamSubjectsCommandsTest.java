package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LSTMTextClassifier sample trained a few steps on the bundled spam subjects, from the command line: its Embedding
 * rows are words ({@code embeddings --near free}), and a typed subject is read as the training subjects were
 * ({@code predict --text}).
 */
class SpamSubjectsCommandsTest {
    static final CliRunner CLI = new CliRunner();
    @TempDir
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void train() {
        bundle = CliRunner.trainedSample("lstm-text-classifier.json", 5, dir.resolve("spam.llab"));
    }

    @Test
    void theEmbeddingRowsAreWords() {
        assertEquals(0, CLI.run("embeddings", bundle.toString(), "--near", "free", "--near", "money", "-k", "3"), CLI.err.toString());
        String said = CLI.out.toString().replace("\r", "");
        assertTrue(said.startsWith("embedding: 2750 rows of 64 values;"), said);
        assertTrue(said.contains("Rows 2294–2749 stand for no token of the vocabulary (2294 tokens for 2750 rows)"), said);
        assertTrue(said.matches("(?s).*\nnearest to free \\(row \\d+\\), by cosine similarity:\n.*"), said);
        assertTrue(said.matches("(?s).*\nnearest to money \\(row \\d+\\), by cosine similarity:\n.*"), said);
    }

    @Test
    void aTypedSubjectIsReadAsTheTrainingSubjectsWere() {
        assertEquals(0, CLI.run("predict", bundle.toString(), "--text", "Get FREE money now!!!", "--text", "Re: [ILUG] kernel patch", "--explain"),
                CLI.err.toString());
        String said = CLI.out.toString().replace("\r", "");
        assertTrue(said.startsWith("text "), said);
        assertTrue(said.contains("Get FREE money now!!! → ") && said.contains("  get ") && said.contains("  free ") && said.contains("  money "), said);
        assertTrue(said.contains("Re: [ILUG] kernel patch → ") && said.contains("  re ") && said.contains("  ilug "), said);
        assertFalse(said.contains("<unk>"), "every word of both is in the vocabulary: " + said);
    }
}
