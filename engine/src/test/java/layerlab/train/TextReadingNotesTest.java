package layerlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import layerlab.data.Vocabulary;
import org.junit.jupiter.api.Test;

/** predict says which texts the model cannot see whole: cut at its length, or with no word it knows. */
class TextReadingNotesTest {
    private static final Vocabulary WORDS = new Vocabulary(Vocabulary.Level.WORDS, true, 4, List.of("<pad>", "<unk>", "free", "software", "license"));

    /** A 500-word line and an empty one were answered silently, as if the model had read them. */
    @Test
    void textsLongerThanTheModelReadsAndTextsWithNoKnownTokenAreNamed() {
        SampleFiles.Samples s = SampleFiles.texts(List.of("Free software", "free free free free software", "", "xyzzy 😀", "FREE"), WORDS);
        assertEquals("1 text longer than the 4 tokens the model reads, which reads only the first 4: text 2 (5)\n"
                + "2 texts with no token the model's vocabulary knows, so the answer says nothing of the text: text 3 (no tokens), text 4 (2 tokens, each <unk>)",
                s.note());
        assertEquals(5, s.x().shape()[0]);
    }

    /** A known token past the length does not count: only the first tokens are read. */
    @Test
    void aKnownTokenPastTheLengthDoesNotCountAndAFewNamesAreListed() {
        List<String> texts = List.of("a b c d free", "x", "y", "z", "w");
        assertEquals("1 text longer than the 4 tokens the model reads, which reads only the first 4: text 1 (5)\n"
                + "5 texts with no token the model's vocabulary knows, so the answer says nothing of the text: text 1 (4 tokens, each <unk>), "
                + "text 2 (1 token, <unk>), text 3 (1 token, <unk>) and 2 more", SampleFiles.texts(texts, WORDS).note());
        assertNull(SampleFiles.texts(List.of("free software license"), WORDS).note());
    }

    @Test
    void characterModelsCountCharacters() {
        Vocabulary chars = new Vocabulary(Vocabulary.Level.CHARACTERS, true, 3, List.of("<pad>", "<unk>", "a", "b"));
        assertEquals("1 text longer than the 3 characters the model reads, which reads only the first 3: text 1 (4)", SampleFiles.texts(List.of("abab"), chars).note());
    }
}
