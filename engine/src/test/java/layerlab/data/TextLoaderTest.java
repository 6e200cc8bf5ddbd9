package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static TextLoader.Options words(int length) {
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        return new TextLoader.Options(d.text(), d.label(), d.header(), d.delimiter(), Vocabulary.Level.WORDS, true, length, d.maxVocabulary());
    }

    @Test
    void csvWithQuotedTextsCommasAndLineBreaksAndAHeader() throws IOException {
        Path f = write("reviews.csv", "review,sentiment\n"
                + "\"Great film, loved it\",pos\n"
                + "\"Dull.\nTwo hours \"\"lost\"\"\",neg\n"
                + "great acting,pos\n");
        TensorDataset d = TextLoader.load(f, words(0));
        assertEquals(3, d.size());
        assertEquals(List.of("neg", "pos"), d.classNames());
        assertArrayEquals(new long[] {1, 0, 1}, d.classTargets());
        Vocabulary v = d.vocabulary();
        assertEquals(7, v.length(), "the longest: dull . two hours \" lost \"");
        assertEquals("great film, loved it", v.decode(d.features(), 0));
        assertEquals("dull. two hours \" lost \"", v.decode(d.features(), 7), "the line break and the doubled quotes are the text's");
        assertEquals(List.of("<pad>", "<unk>", "great", "\""), v.tokens().subList(0, 4), "the most frequent first");
    }

    @Test
    void headerlessTsvWithTheLabelFirst() throws IOException {
        Path f = write("sms.tsv", "ham\tSee you at 5\nspam\tWIN a prize now\nham\tok\n");
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        TensorDataset t = TextLoader.load(f, new TextLoader.Options(CsvLoader.Column.at(1), CsvLoader.Column.at(0), d.header(), d.delimiter(),
                Vocabulary.Level.WORDS, true, 0, d.maxVocabulary()));
        assertEquals(List.of("ham", "spam"), t.classNames());
        assertArrayEquals(new long[] {0, 1, 0}, t.classTargets());
        assertEquals("see you at 5", t.vocabulary().decode(t.features(), 0), "the first row is data: its label occurs again");
        assertEquals("ok", t.vocabulary().decode(t.features(), 2 * t.vocabulary().length()));
    }

    @Test
    void aFolderOfClassFoldersIsOneSampleAFile() throws IOException {
        write("imdb/pos/1.txt", "A joy.\r\n");
        write("imdb/pos/2.txt", "\uFEFFWonderful!");
        write("imdb/neg/1.txt", "A bore.");
        write("imdb/neg/cover.png", "not text");
        write("imdb/neg/.hidden.txt", "skipped");
        TensorDataset d = TextLoader.load(dir.resolve("imdb"), words(0));
        assertEquals(List.of("neg", "pos"), d.classNames());
        assertArrayEquals(new long[] {0, 1, 1}, d.classTargets());
        assertEquals("a bore.", d.vocabulary().decode(d.features(), 0));
        assertEquals("wonderful!", d.vocabulary().decode(d.features(), 2 * d.vocabulary().length()), "a byte-order mark is not text");
        TextLoader.Options d0 = TextLoader.Options.DEFAULT;
        TensorDataset chars = TextLoader.load(dir.resolve("imdb"), new TextLoader.Options(d0.text(), d0.label(), d0.header(), d0.delimiter(),
                Vocabulary.Level.CHARACTERS, true, 0, d0.maxVocabulary()));
        assertEquals("a joy.", chars.vocabulary().decode(chars.features(), chars.vocabulary().length()), "the file's last line break is not the text's");
        assertEquals(10, chars.vocabulary().length(), "wonderful!");
    }

    @Test
    void mistakesSayWhereAndWhat() throws IOException {
        assertEquals(dir.resolve("a.csv") + ":3: expected 2 fields (like line 1), got 3 (a text with commas must be in double quotes)",
                failure(write("a.csv", "text,label\nfine,x\nbad, really,y\n")));
        assertEquals(dir.resolve("b.csv") + ":2: a quoted field opened on this line is never closed",
                failure(write("b.csv", "text,label\n\"open,x\nmore,y\n")));
        assertEquals(dir.resolve("c.csv") + ":3: column 2 (\"label\"): the label is empty",
                failure(write("c.csv", "text,label\nfine,x\nbad,\nok,y\n")));
        assertEquals("one.csv: every text has the label \"x\"; a classifier needs at least two classes",
                failure(write("one.csv", "text,label\na,x\nb,x\nc,x\n")));
        assertEquals(dir.resolve("d.csv") + ": one column; expected a text column and a label column separated by commas",
                failure(write("d.csv", "a\nb\n")));
        write("e/only/1.txt", "x");
        assertTrue(failure(dir.resolve("e")).endsWith("e: expected a folder per class (at least two) holding text files (.txt, .text, .md), found only only"));
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        assertEquals(dir.resolve("f.csv") + ": no column \"review\"; the header on line 1 names text, label",
                assertThrows(FileFormatException.class, () -> TextLoader.load(write("f.csv", "text,label\na,x\nb,y\n"),
                        new TextLoader.Options(CsvLoader.Column.named("review"), d.label(), d.header(), d.delimiter(), d.level(), true, 0, 100))).getMessage());
    }

    private String failure(Path p) {
        return assertThrows(FileFormatException.class, () -> TextLoader.load(p, words(0))).getMessage();
    }

    @Test
    void newTextsForPredictionFromCsvTxtAndFolders() throws IOException {
        List<String> classes = List.of("neg", "pos");
        TextLoader.Texts csv = TextLoader.texts(write("new.csv", "review\nsuperb\n\"bad, bad\"\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("superb", "bad, bad"), csv.texts(), "a one-column CSV has a header");
        assertEquals(List.of("line 2", "line 3"), csv.places());
        assertNull(csv.labels());
        TextLoader.Texts labelled = TextLoader.texts(write("l.csv", "fine,pos\nawful,neg\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("fine", "awful"), labelled.texts(), "its first label is a class: no header");
        TextLoader.Texts headed = TextLoader.texts(write("h.csv", "text,label\nfine,pos\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("fine"), headed.texts());
        TextLoader.Texts txt = TextLoader.texts(write("n.txt", "Rossi\n\nMüller\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("Rossi", "Müller"), txt.texts());
        assertEquals(List.of("line 1", "line 3"), txt.places());
        write("in/a.txt", "one");
        write("in/sub/b.txt", "two");
        TextLoader.Texts folder = TextLoader.texts(dir.resolve("in"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("one", "two"), folder.texts());
        assertEquals(List.of("a.txt", "sub/b.txt"), folder.places());
    }
}
