package layerlab.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import layerlab.data.Vocabulary;
import org.junit.jupiter.api.Test;

/** How the Results tab writes a sample that is not a picture. */
class SampleTextTest {
    @Test
    void tokenIdsAreWholeNumbersWithTheirPaddingCounted() {
        float[] f = {0, 0, 0, 0, 950, 41, 352, 7, 1, 2, 3, 4, 5, 6};
        assertEquals("[0 ×4, 950, 41, 352, 7, 1, 2, 3, …] (10 tokens)", Numbers.sample(f, 0, f.length, List.of()));
        assertEquals("[12, 0, 3]", Numbers.sample(new float[] {12, 0, 3}, 0, 3, List.of()), "no padding in front: all of it");
        assertEquals("[0, 5]", Numbers.sample(new float[] {0, 5}, 0, 2, List.of()), "a single zero is a value");
    }

    @Test
    void columnsByNameAndOtherValuesCompact() {
        float[] iris = {5.1f, 3.5f, 1.4f, 0.2f};
        assertEquals("sepal_length 5.1, sepal_width 3.5, petal_length 1.4, petal_width 0.2",
                Numbers.sample(iris, 0, 4, List.of("sepal_length", "sepal_width", "petal_length", "petal_width")));
        assertEquals("[0.25, -1.5]", Numbers.sample(new float[] {9, 0.25f, -1.5f}, 1, 2, List.of()), "from the sample's offset");
    }

    @Test
    void aTextSampleIsItsTextInQuotesCutShort() {
        Vocabulary v = Vocabulary.build(List.of("anna", "bob"), Vocabulary.Level.CHARACTERS, true, 6, 100);
        float[] ids = new float[12];
        v.encode("Bob", ids, 0);
        v.encode("annabob", ids, 6);
        assertEquals("“bob”", Numbers.text(v, ids, 0, 40));
        assertEquals("“ann…”", Numbers.text(v, ids, 6, 4), "six letters read (of seven), cut to four with …");
    }

    @Test
    void tryASampleStartsFromASampleThatReadsBackAsItself() {
        Vocabulary v = Vocabulary.build(List.of("a good film", "a bad film"), Vocabulary.Level.WORDS, true, 4, 100);
        float[] ids = v.encode(List.of("A dull film", "a good, good film", "a good good film!", "bad"));
        assertEquals("a <unk> film", v.decode(ids, 0), "the first sample holds a word the vocabulary lacks");
        assertEquals("a good <unk> good", v.decode(ids, 4), "so does the second: \",\"");
        String preset = TrySamplePane.preset(v, ids, 4);
        assertEquals("a good good film", preset, "the third (cut to its 4 tokens), which holds none");
        float[] back = new float[4];
        v.encode(preset, back, 0);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(ids, 8, 12)), java.util.Arrays.toString(back), "typed back: its ids");
        float[] unknown = v.encode(List.of("dull", "awful"));
        assertEquals("<unk>", TrySamplePane.preset(v, unknown, 2), "none without: the first");
    }

    @Test
    void tryASampleAsksForWhatTheInputIsAndSaysWhatItCannotRead() {
        assertEquals("a surname", TrySamplePane.noun("surname"));
        assertEquals("an email address", TrySamplePane.noun("email_address"));
        for (String plain : new String[] {"x", "tokens", "input", "ids2", "text", null}) assertEquals("a text", TrySamplePane.noun(plain));

        Vocabulary chars = Vocabulary.build(List.of("gross", "mann"), Vocabulary.Level.CHARACTERS, true, 8, 100);
        assertEquals("", TrySamplePane.notes(chars, "Gross"));
        assertEquals("ß is not in the vocabulary (read as <unk>).", TrySamplePane.notes(chars, "Großmann"));
        assertEquals("Only the first 8 characters of 9 are read.", TrySamplePane.notes(chars, "Grossmann"));
        assertEquals("x, y, z, w, v and 2 more are not in the vocabulary (read as <unk>).", TrySamplePane.notes(chars, "xyzwvqj"));
        assertEquals("“ ” is not in the vocabulary (read as <unk>).", TrySamplePane.notes(chars, "an na"), "a space shows");
        assertEquals("“-” is not in the vocabulary (read as <unk>).", TrySamplePane.notes(chars, "Gros-Man"), "a mark in quotes");
        Vocabulary words = Vocabulary.build(List.of("a good film"), Vocabulary.Level.WORDS, true, 3, 100);
        assertEquals("“great” is not in the vocabulary (read as <unk>). Only the first 3 words of 4 are read.",
                TrySamplePane.notes(words, "A great film indeed"));
    }
}
