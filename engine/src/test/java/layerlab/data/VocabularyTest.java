package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void wordsKeepApostrophesInsideAndPunctuationApart() {
        assertEquals(List.of("don't", "stop", ",", "it's", "über", "-", "good", "!", "42", "times"),
                Vocabulary.tokenize("Don't  stop, it's ÜBER-good! 42 times", Vocabulary.Level.WORDS, true));
        assertEquals(List.of("Rock", "’", "n", "roll"), Vocabulary.tokenize("Rock ’n roll", Vocabulary.Level.WORDS, false),
                "an apostrophe that opens a word is a token of its own");
    }

    @Test
    void charactersAreCodePointsSpacesIncluded() {
        assertEquals(List.of("d", "e", " ", "l", "a"), Vocabulary.tokenize("De La", Vocabulary.Level.CHARACTERS, true));
        assertEquals(List.of("a", "😀", "b"), Vocabulary.tokenize("a😀b", Vocabulary.Level.CHARACTERS, false), "a surrogate pair is one token");
    }

    @Test
    void mostFrequentFirstTiesInOrderOfAppearanceAndAtMostMaxSize() {
        Vocabulary v = Vocabulary.build(List.of("b a c", "a c", "c d"), Vocabulary.Level.WORDS, true, 0, 100);
        assertEquals(List.of("<pad>", "<unk>", "c", "a", "b", "d"), v.tokens());
        assertEquals(3, v.length(), "the longest text's tokens");
        Vocabulary small = Vocabulary.build(List.of("b a c", "a c", "c d"), Vocabulary.Level.WORDS, true, 5, 4);
        assertEquals(List.of("<pad>", "<unk>", "c", "a"), small.tokens());
        assertEquals(5, small.length());
    }

    /**
     * min_freq as torchtext's build_vocab_from_iterator takes it: a token seen fewer times is left out and read as
     * {@code <unk>}; with the cap, the most frequent first, a tie kept in the order the tokens first appear ("e" before
     * "b", where torchtext's alphabetical order would keep "b"); min_freq 1 builds the vocabulary built without it.
     */
    @Test
    void minFreqLeavesRareTokensOutAndTheyBecomeUnk() {
        List<String> texts = List.of("e b a c", "a c e b", "c d", "c f");
        Vocabulary.Built b = Vocabulary.buildAndEncode(texts, null, Vocabulary.Level.WORDS, true, 4, 100, Vocabulary.Padding.RIGHT, 2);
        assertEquals(List.of("<pad>", "<unk>", "c", "e", "b", "a"), b.vocabulary().tokens());
        assertEquals(6, b.seen());
        assertEquals(2, b.dropped(), "d and f, seen once");
        assertArrayEquals(new float[] {2, 1, 0, 0}, java.util.Arrays.copyOfRange(b.ids(), 8, 12), "\"c d\": d is <unk>");
        Vocabulary capped = Vocabulary.build(texts, Vocabulary.Level.WORDS, true, 4, 4, 2);
        assertEquals(List.of("<pad>", "<unk>", "c", "e"), capped.tokens());
        assertEquals(Vocabulary.build(texts, Vocabulary.Level.WORDS, true, 4, 100), Vocabulary.build(texts, Vocabulary.Level.WORDS, true, 4, 100, 1));
        assertEquals(0, Vocabulary.buildAndEncode(texts, null, Vocabulary.Level.WORDS, true, 4, 100).dropped());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(texts, Vocabulary.Level.WORDS, true, 4, 100, 0));
    }

    @Test
    void buildingAndEncodingInOneGoGivesWhatTheyGiveApart() {
        List<String> texts = List.of("b a c", "a c!", "c d, e f g", "");
        Vocabulary.Built b = Vocabulary.buildAndEncode(texts, null, Vocabulary.Level.WORDS, true, 0, 5);
        Vocabulary v = Vocabulary.build(texts, Vocabulary.Level.WORDS, true, 0, 5);
        assertEquals(v, b.vocabulary());
        assertArrayEquals(v.encode(texts), b.ids());
        assertEquals(6, v.length());
    }

    /** Padded on the right, a text starts at step 0 (as lengths count it); cut and numbered as on the left. */
    @Test
    void encodesPaddedOnTheRightWhenTheVocabularySaysSo() {
        Vocabulary v = Vocabulary.build(List.of("the cat sat", "the dog"), Vocabulary.Level.WORDS, true, 4, 100).withPadding(Vocabulary.Padding.RIGHT);
        float[] ids = new float[4];
        v.encode("The bird sat", ids, 0);
        assertArrayEquals(new float[] {2, 1, 4, 0}, ids);
        v.encode("the cat sat the dog sat", ids, 0);
        assertArrayEquals(new float[] {2, 3, 4, 2}, ids, "a longer text keeps its first tokens");
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 3, 0, 0}, v.encode(List.of("", "dog cat")));
        assertEquals("the <unk> sat", v.decode(new float[] {2, 1, 4, 0}, 0));
        Vocabulary.Built b = Vocabulary.buildAndEncode(List.of("the cat sat", "the dog"), null, Vocabulary.Level.WORDS, true, 4, 100, Vocabulary.Padding.RIGHT);
        assertEquals(v, b.vocabulary());
        assertArrayEquals(new float[] {2, 3, 4, 0, 2, 5, 0, 0}, b.ids());
        assertEquals("words (lower-cased), 6 tokens, 4 a text, padded on the right", v.describe());
    }

    /** The side is kept where the vocabulary is (bundle, ONNX metadata); files from before it, without the key, pad on the left. */
    @Test
    void thePaddingSideTravelsAndOldFilesPadOnTheLeft() {
        Vocabulary v = Vocabulary.build(List.of("the cat"), Vocabulary.Level.WORDS, true, 4, 100);
        assertEquals(List.of("tokenize", "lowercase", "length", "vocabulary"), List.copyOf(v.toJson().keySet()), "a left-padding vocabulary writes what it wrote");
        assertEquals(Vocabulary.Padding.LEFT, Vocabulary.fromJson(v.toJson(), "t").padding());
        Vocabulary right = v.withPadding(Vocabulary.Padding.RIGHT);
        assertEquals("right", right.toJson().get("padding"));
        assertEquals(right, Vocabulary.fromJson(right.toJson(), "t"));
        Map<String, Object> json = new LinkedHashMap<>(v.toJson());
        json.put("padding", "middle");
        assertEquals("t.padding is \"middle\"; choose one of left, right", message(json));
    }

    @Test
    void encodesPaddedOnTheLeftCutAtTheEndUnknownAsOne() {
        Vocabulary v = Vocabulary.build(List.of("the cat sat", "the dog"), Vocabulary.Level.WORDS, true, 4, 100);
        // the=2, cat=3, sat=4, dog=5
        float[] ids = new float[4];
        v.encode("The bird sat", ids, 0);
        assertArrayEquals(new float[] {0, 2, 1, 4}, ids);
        v.encode("the cat sat the dog sat", ids, 0);
        assertArrayEquals(new float[] {2, 3, 4, 2}, ids, "a longer text keeps its first tokens");
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 5, 3}, v.encode(List.of("", "dog cat")));
        assertEquals("the <unk> sat", v.decode(new float[] {0, 2, 1, 4}, 0));
        assertEquals("the dog", v.decode(new float[] {9, 0, 0, 2, 5}, 1));
    }

    @Test
    void decodeWritesPunctuationAgainstTheWordAndCharactersTogether() {
        Vocabulary w = Vocabulary.build(List.of("Fine, thanks!"), Vocabulary.Level.WORDS, true, 0, 100);
        float[] ids = new float[w.length()];
        w.encode("fine, thanks!", ids, 0);
        assertEquals("fine, thanks!", w.decode(ids, 0));
        Vocabulary c = Vocabulary.build(List.of("Nowak"), Vocabulary.Level.CHARACTERS, true, 8, 100);
        float[] cs = new float[8];
        c.encode("Kowal", cs, 0);
        assertEquals("kowa<unk>", c.decode(cs, 0), "l is not among Nowak's letters");
        assertEquals(0f, cs[0]);
    }

    @Test
    void jsonRoundTripsAndRefusesWhatIsWrongSayingWhere() {
        Vocabulary v = Vocabulary.build(List.of("ab", "ba c"), Vocabulary.Level.CHARACTERS, false, 6, 100);
        assertEquals(v, Vocabulary.fromJson(v.toJson(), "data.json: text"));
        Map<String, Object> bad = new LinkedHashMap<>(v.toJson());
        bad.put("tokenize", "bytes");
        assertEquals("t.tokenize is \"bytes\"; choose one of words, characters", message(bad));
        bad = new LinkedHashMap<>(v.toJson());
        bad.put("length", 0);
        assertEquals("t.length must be an integer from 1 to 10000, got 0", message(bad));
        bad = new LinkedHashMap<>(v.toJson());
        List<String> twice = new ArrayList<>(v.tokens());
        twice.add("a");
        bad.put("vocabulary", twice);
        assertEquals("t.vocabulary[" + (twice.size() - 1) + "]: \"a\" is listed twice", message(bad));
        bad = new LinkedHashMap<>(v.toJson());
        bad.put("vocabulary", List.of("a", "<unk>", "b"));
        assertEquals("t.vocabulary must begin with \"<pad>\" and \"<unk>\"", message(bad));
        bad = new LinkedHashMap<>(v.toJson());
        bad.put("run", "rm -rf /");
        assertEquals("t: unknown key \"run\"; the keys are tokenize, lowercase, length, vocabulary, padding", message(bad));
        assertEquals("t must be an object, got [1]", message(List.of(1)));
    }

    private static String message(Object json) {
        return assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromJson(json, "t")).getMessage();
    }
}
