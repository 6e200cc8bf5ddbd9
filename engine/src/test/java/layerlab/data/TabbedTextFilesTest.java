package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Texts and their labels separated by a tab in a .txt file, the way a person writes a labelled test file. */
class TabbedTextFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** New texts for predict: a .txt file's lines, read whole, took each line's label for its last word. */
    @Test
    void aTxtFileWhoseLinesEndInATabAndAClassIsReadAsTheTextsBeforeTheTab() throws IOException {
        Path p = write("test.txt", "the software is free\tgpl\n\nLicensed \"AS IS\", without warranties\tpermissive\n");
        TextLoader.Texts t = TextLoader.texts(p, TextLoader.Options.DEFAULT, List.of("gpl", "package", "permissive"));
        assertEquals(List.of("the software is free", "Licensed \"AS IS\", without warranties"), t.texts());
        assertEquals(List.of("line 1", "line 3"), t.places());
        assertEquals(p + ": each line ends in a tab and one of the classes (line 1: \"gpl\"): read as the text before the tab; the labels are left out "
                + "(layerlab eval scores them: --data source=text path=test.txt delimiter=tab)", t.note());
    }

    /** A header line over the labelled lines ("text", a tab, "label") is said and left out, as a CSV's header is. */
    @Test
    void aHeaderOverTheLabelledLinesIsLeftOut() throws IOException {
        Path p = write("test.txt", "sentence\tsource\nthe software is free\tgpl\nsee the License\tpermissive\n");
        TextLoader.Texts t = TextLoader.texts(p, TextLoader.Options.DEFAULT.withDelimiter('\t'), List.of("gpl", "permissive"));
        assertEquals(List.of("the software is free", "see the License"), t.texts());
        assertEquals(List.of("line 2", "line 3"), t.places());
        assertEquals(p + ": each line ends in a tab and one of the classes (line 2: \"gpl\"): read as the text before the tab; the labels are left out, "
                + "and line 1 (\"sentence source\") is read as their header (layerlab eval scores them: --data source=text path=test.txt delimiter=tab)",
                t.note());

        Path plain = write("plain.txt", "sentence\tsource\nno label here\n");
        assertEquals(List.of("sentence\tsource", "no label here"), TextLoader.texts(plain, TextLoader.Options.DEFAULT, List.of("gpl")).texts());
    }

    /** A regression model's labels are numbers; a line without a label, or whose last field is no class, keeps every line whole. */
    @Test
    void numbersLabelARegressionModelsTextsAndALineWithoutALabelKeepsTheLinesWhole() throws IOException {
        Path rated = write("rated.txt", "great film\t4.5\nawful\t1\n");
        assertEquals(List.of("great film", "awful"), TextLoader.texts(rated, TextLoader.Options.DEFAULT, List.of()).texts());

        Path mixed = write("mixed.txt", "the software is free\tgpl\nno label on this line\n");
        TextLoader.Texts t = TextLoader.texts(mixed, TextLoader.Options.DEFAULT, List.of("gpl", "permissive"));
        assertEquals(List.of("the software is free\tgpl", "no label on this line"), t.texts());
        assertNull(t.note());

        Path notAClass = write("tabs.txt", "a\ttable\tof words\n");
        assertEquals(List.of("a\ttable\tof words"), TextLoader.texts(notAClass, TextLoader.Options.DEFAULT, List.of("gpl")).texts());
    }

    /**
     * A tab-separated .txt file's sentence that starts with a quote ("you" …) was refused as "unexpected text after a
     * closing quote", a CSV's rule; a plain text file's line is its record, its quotes part of the text.
     */
    @Test
    void aTabSeparatedTxtFileKeepsItsQuotesAsText() throws IOException {
        Path p = write("train.txt", "\uFEFF\"You\" means the licensee.\tgpl\nSee the \"License\" for details\tpermissive\nfree software\tgpl\n");
        TensorDataset d = TextLoader.load(p, TextLoader.Options.DEFAULT.withDelimiter('\t'));
        assertEquals(3, d.size());
        assertEquals(List.of("gpl", "permissive"), d.classNames());
        assertEquals(List.of("<pad>", "<unk>", "\"", "the", "you", "means", "licensee", ".", "see", "license", "for", "details", "free", "software"),
                d.vocabulary().tokens());
    }

    /** Read by commas, a quote in a later line failed first, hiding that the file is split by tabs. */
    @Test
    void aTabSeparatedTxtFileReadByCommasSaysToGiveTheTabEvenWhenALaterLineIsNoCsv() throws IOException {
        Path p = write("test.txt", "the software is free\tgpl\n\"You\" means the licensee.\tgpl\n");
        String m = assertThrows(FileFormatException.class, () -> TextLoader.load(p, TextLoader.Options.DEFAULT)).getMessage();
        assertTrue(m.startsWith(p + ":1: one column, split at \",\", but the line holds a tab"), m);
        assertTrue(m.endsWith("(on the command line, delimiter=tab)"), m);
    }

    /** The message said to give "\t", which a shell passes as a backslash and a t: refused as "must be one character". */
    @Test
    void theDelimiterTabMayBeWrittenTabOrBackslashT() {
        for (String tab : List.of("tab", "\\t", "\t"))
            assertEquals('\t', DataSources.textOptions(Map.of("source", "text", "path", "a.txt", "delimiter", tab)).delimiter(), tab);
        String m = assertThrows(IllegalArgumentException.class,
                () -> DataSources.textOptions(Map.of("source", "text", "path", "a.txt", "delimiter", "::"))).getMessage();
        assertTrue(m.contains("must be one character (or tab), got \"::\""), m);
    }
}
