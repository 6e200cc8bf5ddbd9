package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import org.junit.jupiter.api.Test;

/**
 * The bundled spam subjects ({@code resources/datasets/spam-subjects.csv.gz}, written by {@code spam_subjects.py} from the
 * SpamAssassin corpus): the rows, labels and vocabulary read from the committed file, their words cut as
 * {@link Vocabulary} documents, and the LSTMTextClassifier sample sized for them.
 */
class SpamSubjectsTest {
    private static final Path FILE = Path.of("../resources/datasets/spam-subjects.csv.gz");

    /** The committed file's rows as [subject, label] (a subject with a comma or quote in double quotes, as Python's csv writes it). */
    private static List<String[]> rows() throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(FILE)), StandardCharsets.UTF_8))) {
            assertEquals("subject,label", r.readLine());
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int comma = line.lastIndexOf(',');
                String subject = line.substring(0, comma);
                if (subject.startsWith("\"")) subject = subject.substring(1, subject.length() - 1).replace("\"\"", "\"");
                rows.add(new String[] {subject, line.substring(comma + 1)});
            }
        }
        return rows;
    }

    @Test
    void theFileHoldsEachDistinctSubjectOnceWithItsLabel() throws Exception {
        List<String[]> rows = rows();
        assertEquals(4188, rows.size());
        assertEquals(2506, rows.stream().filter(r -> r[1].equals("ham")).count());
        assertEquals(1682, rows.stream().filter(r -> r[1].equals("spam")).count());
        Set<String> seen = new HashSet<>();
        for (String[] r : rows) {
            String s = r[0];
            assertTrue(r[1].equals("ham") || r[1].equals("spam"), r[1]);
            assertTrue(seen.add(s.toLowerCase(Locale.ROOT)), "a subject once, whatever its case: " + s);
            assertFalse(s.isBlank() || !s.equals(s.strip()) || s.contains("  "), "whitespace folded: [" + s + "]");
            assertFalse(s.contains("=?"), "RFC 2047 encoded words decoded: " + s);
        }
        // Decoded encoded words give the subjects their own scripts (=?big5?B?...?= spam among them).
        assertTrue(rows.stream().anyMatch(r -> r[0].codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)));
    }

    @Test
    void theSourceReadsLowerCasedWordsTwentyASubject() {
        TensorDataset d = BundledDatasets.spamSubjects();
        assertEquals(4188, d.size());
        assertEquals(List.of("ham", "spam"), d.classNames());
        int spam = 0;
        for (float y : d.classTargets()) spam += (int) y;
        assertEquals(1682, spam);
        Vocabulary v = d.vocabulary();
        assertEquals(Vocabulary.Level.WORDS, v.level());
        assertTrue(v.lowercase());
        assertEquals(20, v.length());
        assertArrayEquals(new int[] {20}, d.sampleShape());
        assertEquals(6712, v.size(), "6,710 distinct words and marks, <pad> and <unk>");
        assertEquals(List.of("<pad>", "<unk>", ".", ":", "]", "[", "-", "re", "!"), v.tokens().subList(0, 9), "the commonest first");
        // The file's second row, read back from its ids: lower-cased, "$50" two tokens, "!" against the word before it (decode writes a space after "[" and "(" too).
        assertEquals("free cell phone + $ 50 cash back!", v.decode(d.features(), 20));
        assertEquals("spam", d.classNames().get((int) d.classTargets()[1]));
        assertEquals(0f, d.features()[20], "left-padded: LastStep reads the last word");
        // A subject longer than 20 tokens keeps its first 20 (the first row has 36).
        assertEquals("[ satalk] why not upgrade to 2. 40 today? ( was: re: [ fwd:", v.decode(d.features(), 0));
        assertTrue(v.tokens().containsAll(List.of("free", "money", "mortgage", "ilug")));
    }

    /** Vocabulary's rules: runs of letters and digits, an apostrophe inside a word, every other mark alone, spaces dropped. */
    @Test
    void aSubjectIsCutAsTheVocabularySays() {
        assertEquals(List.of("re", ":", "[", "satalk", "]", "don't", "miss", "$", "50", "free", "!", "!", "!", "café’s", "3rd"),
                Vocabulary.tokenize("Re: [SAtalk] Don't miss $50 FREE!!! Café’s 3rd", Vocabulary.Level.WORDS, true));
        Vocabulary v = BundledDatasets.spamSubjects().vocabulary();
        float[] ids = new float[20];
        v.encode("Win FREE money zzqx!", ids, 0);
        assertEquals(0f, ids[14]);
        assertEquals(v.tokens().indexOf("win"), (int) ids[15]);
        assertEquals(v.tokens().indexOf("free"), (int) ids[16]);
        assertEquals(v.tokens().indexOf("money"), (int) ids[17]);
        assertEquals(Vocabulary.UNK_ID, (int) ids[18], "a word no subject holds");
        assertEquals(v.tokens().indexOf("!"), (int) ids[19]);
    }

    /**
     * The sample's settings: min_freq 2 over the training subjects of its split; its Embedding has a row for each id of all
     * the subjects at min_freq 2 (2,748 words), which no split's training part can outgrow.
     */
    @Test
    void theSampleIsSizedForItsVocabulary() throws Exception {
        Graph g = ProjectJson.load(Path.of("../sample-projects/lstm-text-classifier.json"));
        assertEquals("spam_subjects", g.dataset().get("source"));
        DataSplit split = DataSources.open(g.dataset(), Path.of(".."));
        assertTrue(split.description().startsWith("spam_subjects (words (lower-cased), 2294 tokens, 20 a text, from the training texts; "
                + "kept 2,292 of 5,840 tokens (min_freq 2)): 4188 samples of [20], 2 classes (ham, spam); 3350 for training, 838 for validation"),
                split.description());
        DataSplit whole = DataSources.open(Map.of("source", "spam_subjects", "min_freq", 2), Path.of(".."));
        assertEquals(2750, whole.train().vocabulary().size());
        assertEquals(2750, ((Number) g.nodeByName("embedding").params().get("num_embeddings")).intValue());
        assertEquals(List.of(20), g.nodeByName("subject").params().get("shape"));
        assertEquals("1: every word", DataSources.defaultText("spam_subjects", "min_freq"));
        assertEquals(2, DataSources.textOptions(Map.of("source", "spam_subjects", "min_freq", 2)).minFreq());
    }

    /**
     * Subjects of one's own validate a model trained on the bundled ones as a text file read as they are read: its
     * "subject" and "label" columns, words, lower-cased, 20 a subject, numbered by the training subjects' vocabulary.
     */
    @Test
    void aFileOfSubjectsValidatesAsTheBundledOnesAreRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.csv"), "subject,label\nRe: [ILUG] kernel patch,ham\nWin FREE money now!!!,spam\nLunch on Friday?,ham\n");
        DataSplit split = DataSources.open(Map.of("source", "spam_subjects", "min_freq", 2,
                "validation", Map.of("source", "text", "path", "mine.csv")), dir);
        TensorDataset mine = (TensorDataset) split.validation();
        assertEquals(3, mine.size());
        assertEquals(List.of("ham", "spam"), mine.classNames());
        assertArrayEquals(new int[] {20}, mine.sampleShape());
        assertEquals("win free money now!!!", split.train().vocabulary().decode(mine.features(), 20));
        assertEquals(4188, ((TensorDataset) split.train()).size(), "every bundled subject trains");
    }
}
