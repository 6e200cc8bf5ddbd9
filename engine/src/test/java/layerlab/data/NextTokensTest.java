package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Texts as next-token sequences: {@code <bos> t1 … tn} in, {@code t1 … tn <eos>} out, padded steps ignored (-100). */
class NextTokensTest {
    private static TensorDataset texts(Vocabulary.Padding side, String... words) {
        Vocabulary.Built b = Vocabulary.buildAndEncode(List.of(words), null, Vocabulary.Level.CHARACTERS, true, 0, 100, side);
        return TensorDataset.classification("names", b.ids(), new int[] {b.vocabulary().length()}, new long[words.length], List.of("x"))
                .withVocabulary(b.vocabulary());
    }

    @Test
    void inputsStartWithBosAndTargetsAreTheNextTokenThenEosThenIgnored() {
        for (Vocabulary.Padding side : Vocabulary.Padding.values()) {
            TensorDataset d = NextTokens.of(texts(side, "abca", "b"), null);
            Vocabulary v = d.vocabulary();
            // <pad> <unk> a b c <bos> <eos>: a twice, then b, then c
            assertEquals(List.of("<pad>", "<unk>", "a", "b", "c", "<bos>", "<eos>"), v.tokens());
            assertEquals(5, v.length());
            assertTrue(NextTokens.isNextToken(v));
            assertArrayEquals(new int[] {5}, d.sampleShape());
            assertArrayEquals(new int[] {5}, d.targetShape());
            assertArrayEquals(new float[] {5, 2, 3, 4, 2, 5, 3, 0, 0, 0}, d.features(), side.id());
            assertArrayEquals(new float[] {2, 3, 4, 2, 6, 3, 6, -100, -100, -100}, d.valueTargets(), side.id());
            assertEquals("abca<eos>", NextTokens.targetText(v, d.valueTargets(), 0));
            assertEquals("b<eos>", NextTokens.targetText(v, d.valueTargets(), 1));
            assertTrue(d.name().endsWith(", read as next tokens: <bos> first, <eos> last, 7 tokens, 5 steps"), d.name());
        }
    }

    @Test
    void theSurnamesReadAsNextTokensAndAModelsVocabularyReadsThemAlike() throws Exception {
        Map<String, Object> config = Map.of("source", "surnames", "next_token", true);
        DataSplit split = DataSources.open(config, Path.of("."));
        TensorDataset train = (TensorDataset) split.train();
        Vocabulary v = train.vocabulary();
        assertEquals("<bos>", v.tokens().get(NextTokens.bos(v)));
        assertEquals(25, v.length(), "the longest surname has 24 letters, and <bos> comes first");
        DataSplit again = DataSources.open(config, Path.of("."), null, v);
        assertArrayEquals(train.features(), ((TensorDataset) again.train()).features());
        assertArrayEquals(train.valueTargets(), ((TensorDataset) again.train()).valueTargets());
    }

    @Test
    void aModelOfWholeTextsRefusesNextTokensAndTheOtherWayRound() throws Exception {
        Vocabulary whole = ((TensorDataset) DataSources.open(Map.of("source", "surnames"), Path.of(".")).train()).vocabulary();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.open(Map.of("source", "surnames", "next_token", true), Path.of("."), null, whole));
        assertEquals("dataset.next_token: the model was trained on whole texts, not to predict each next token; leave next_token out", e.getMessage());
        Vocabulary next = ((TensorDataset) DataSources.open(Map.of("source", "surnames", "next_token", true), Path.of(".")).train()).vocabulary();
        e = assertThrows(IllegalArgumentException.class, () -> DataSources.open(Map.of("source", "surnames"), Path.of("."), null, next));
        assertEquals("dataset.next_token: the model was trained to predict each next token; set next_token to true", e.getMessage());
    }
}
