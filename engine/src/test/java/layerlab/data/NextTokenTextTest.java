package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;

/**
 * A teacher's own list of names as next-token sequences: a {@code text} set's {@code "next_token": true} reads a .txt
 * file (a name a line) or a CSV column, no label column needed, through the same {@link NextTokens} as the surnames.
 */
class NextTokenTextTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/next-token");

    private static Map<String, Object> text(String file, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("source", "text", "path", file, "tokenize", "characters", "next_token", true));
        for (int i = 0; i < more.length; i += 2) m.put((String) more[i], more[i + 1]);
        return m;
    }

    @Test
    void aFileOfNamesALineReadsAsNextTokensWithItsOwnVocabulary() throws Exception {
        TensorDataset d = (TensorDataset) DataSources.open(text("names.txt"), DIR).train();
        Vocabulary v = d.vocabulary();
        assertTrue(NextTokens.isNextToken(v));
        assertEquals(12, d.size(), "12 names, the blank line left out");
        assertEquals(6, v.length(), "<bos> and the longest name's 5 letters");
        // "anna": <bos> a n n a <pad> in, a n n a <eos> -100 out
        int a = v.tokens().indexOf("a"), n = v.tokens().indexOf("n");
        assertArrayEquals(new float[] {NextTokens.bos(v), a, n, n, a, 0}, java.util.Arrays.copyOfRange(d.features(), 0, 6));
        assertArrayEquals(new float[] {a, n, n, a, NextTokens.eos(v), -100}, java.util.Arrays.copyOfRange(d.valueTargets(), 0, 6));
        // Every letter of the file, no other: the vocabulary is built from it.
        assertEquals(List.of("<bos>", "<eos>"), v.tokens().subList(v.size() - 2, v.size()));
        assertTrue(v.tokens().containsAll(List.of("b", "e", "c", "l", "r", "d", "v", "i", "m", "f", "x", "g", "t", "h", "u", "o", "j", "s", "k")));
    }

    @Test
    void aCsvColumnReadsWithoutALabelColumn() throws Exception {
        TensorDataset d = (TensorDataset) DataSources.open(text("names.csv", "text_column", "name"), DIR).train();
        assertEquals(4, d.size());
        assertEquals("<bos>da vid", d.vocabulary().decode(d.features(), 3 * d.vocabulary().length()));
        assertEquals("da vid<eos>", NextTokens.targetText(d.vocabulary(), d.valueTargets(), 3));
    }

    @Test
    void theDataLineSaysTheNextTokenVocabularyOnce() throws Exception {
        DataSplit split = DataSources.open(text("names.txt", "validation_split", 0.25), DIR);
        String line = split.description();
        assertTrue(line.startsWith("names.txt (characters (lower-cased), from the training texts), read as next tokens: <bos> first, <eos> last, "), line);
        int tokens = split.train().vocabulary().size();
        assertTrue(line.contains(tokens + " tokens, 6 steps"), line);
        // Before: "names.txt (characters (lower-cased), 21 tokens, 5 a text, from the training texts), read as next tokens: …, 23 tokens, 6 steps".
        assertEquals(1, java.util.regex.Pattern.compile("\\d+ tokens").matcher(line).results().count(), line);
    }

    @Test
    void aTrainedModelsVocabularyReadsTheFileAlike() throws Exception {
        TensorDataset train = (TensorDataset) DataSources.open(text("names.txt"), DIR).train();
        TensorDataset again = (TensorDataset) DataSources.open(text("names.txt"), DIR, null, train.vocabulary()).train();
        assertArrayEquals(train.features(), again.features());
        assertArrayEquals(train.valueTargets(), again.valueTargets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.open(Map.of("source", "text", "path", "names.txt", "tokenize", "characters"), DIR, null, train.vocabulary()));
        assertEquals("dataset.next_token: the model was trained to predict each next token; set next_token to true", e.getMessage());
    }

    @Test
    void badLinesAreRefusedWithTheFileAndLine() {
        FileFormatException tab = assertThrows(FileFormatException.class, () -> DataSources.open(text("tab.txt"), DIR));
        assertTrue(tab.getMessage().startsWith(DIR.resolve("tab.txt") + ":2: the line holds a tab (\"Ben English\")"), tab.getMessage());
        FileFormatException empty = assertThrows(FileFormatException.class, () -> DataSources.open(text("empty.csv"), DIR));
        assertEquals(DIR.resolve("empty.csv") + ":3: column 1 (\"name\"): the text is empty; leave the row out", empty.getMessage());
        FileFormatException folder = assertThrows(FileFormatException.class, () -> DataSources.open(text("."), DIR));
        assertTrue(folder.getMessage().contains("a folder; next tokens are read from one file of texts"), folder.getMessage());
    }

    @Test
    void aLabelColumnTaskOrPaddingIsRefusedWithNextTokens() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> DataSources.open(text("names.csv", "label_column", "origin"), DIR));
        assertEquals("dataset.label_column: with next_token the targets are each text's next tokens, not a label; leave label_column out", label.getMessage());
        for (Map<String, Object> s : List.of(text("names.txt", "padding", "left"),
                Map.<String, Object>of("source", "surnames", "next_token", true, "padding", "right"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSources.open(s, DIR));
            assertTrue(e.getMessage().startsWith("dataset.padding: next-token sequences are always padded on the right"), e.getMessage());
        }
        assertEquals("false: the label column is the target", DataSources.defaultText("text", NextTokens.KEY));
    }
}
