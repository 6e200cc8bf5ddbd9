package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return new TextLoader.Options(d.text(), d.label(), d.task(), d.header(), d.delimiter(), Vocabulary.Level.WORDS, true, length, d.maxVocabulary());
    }

    /**
     * Sentences and their labels separated by tabs in a .txt file (a byte-order mark, blank lines, accented words): read
     * by commas, it was refused as "one column; expected a text column and a label column separated by commas", or, a
     * sentence holding a comma, as rows of different widths. It says to give the tab, with which it reads.
     */
    @Test
    void aTabSeparatedTxtFileSaysToGiveTheTabAndThenReads() throws IOException {
        Path p = dir.resolve("sentences.txt");
        Files.writeString(p, "\uFEFFtext\tlabel\nsehr schön, danke\tpos\n\ntrès mauvais\tneg\nótimo filme\tpos\n\n");
        String m = assertThrows(FileFormatException.class, () -> TextLoader.load(p, TextLoader.Options.DEFAULT)).getMessage();
        assertEquals(p + ":1: one column, split at \",\", but the line holds a tab: if that separates the text from its label, give \"delimiter\": \"\\t\" (on the command line, delimiter=tab)", m);

        TensorDataset d = TextLoader.load(p, TextLoader.Options.DEFAULT.withDelimiter('\t'));
        assertEquals(3, d.size());
        assertEquals(List.of("neg", "pos"), d.classNames());
        assertEquals(List.of("<pad>", "<unk>", "sehr", "schön", ",", "danke", "très", "mauvais", "ótimo", "filme"), d.vocabulary().tokens());
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
        TensorDataset t = TextLoader.load(f, new TextLoader.Options(CsvLoader.Column.at(1), CsvLoader.Column.at(0), d.task(), d.header(), d.delimiter(),
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
        TensorDataset chars = TextLoader.load(dir.resolve("imdb"), new TextLoader.Options(d0.text(), d0.label(), d0.task(), d0.header(), d0.delimiter(),
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
        assertEquals("one.csv: column 2 (\"label\"): every text has the label \"x\"; a classifier needs at least two classes (is this the label "
                + "column? choose it with label_column, by name or index)", failure(write("one.csv", "text,label\na,x\nb,x\nc,x\n")));
        assertEquals("one.tsv: column 4 (\"source\"): every text has the label \"imdb\"; a classifier needs at least two classes (is this the "
                + "label column? choose it with label_column, by name or index)",
                failure(write("one.tsv", "id\ttext\tlabel\tsource\n1\tgood\tpos\timdb\n2\tbad\tneg\timdb\n")), "the last column by default");
        assertEquals(dir.resolve("blank.csv") + ": column 1 (\"text\"): every text is empty (nothing but spaces): there is nothing to read (is this "
                + "the text column? choose it with text_column, by name or index)", failure(write("blank.csv", "text,label\n,x\n\" \",y\n")));
        assertEquals(dir.resolve("d.csv") + ": one column; expected a text column and a label column separated by commas",
                failure(write("d.csv", "a\nb\n")));
        write("e/only/1.txt", "x");
        assertTrue(failure(dir.resolve("e")).endsWith("e: expected a folder per class (at least two) holding text files (.txt, .text, .md), found only only"));
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        assertEquals(dir.resolve("f.csv") + ": no column \"review\"; the header on line 1 names text, label",
                assertThrows(FileFormatException.class, () -> TextLoader.load(write("f.csv", "text,label\na,x\nb,y\n"),
                        new TextLoader.Options(CsvLoader.Column.named("review"), d.label(), d.task(), d.header(), d.delimiter(), d.level(), true, 0, 100))).getMessage());
    }

    /**
     * A header-less file with the label first, read with the defaults (text first, label last), takes the reviews for
     * labels: a classifier of as many classes as reviews. It is said, with the way out, rather than trained.
     */
    @Test
    void columnsTheWrongWayRoundAreSaid() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 30; i++) s.append(i % 2 == 0 ? "positive" : "negative").append(",\"Review number ").append(i).append(", fine\"\n");
        // Each "label" occurring once, the first row passes for a header.
        assertEquals(dir.resolve("swapped.csv") + ": column 2 (\"Review number 0, fine\"), the labels, holds 29 different values for 29 texts, and "
                + "column 1 (\"positive\"), the texts, only 2 (negative, positive): are the columns the wrong way round? Choose them with text_column and label_column (by name or index)",
                failure(write("swapped.csv", s.toString())));
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        TensorDataset right = TextLoader.load(dir.resolve("swapped.csv"), new TextLoader.Options(CsvLoader.Column.at(1), CsvLoader.Column.at(0), d.task(),
                d.header(), d.delimiter(), d.level(), true, 0, 100));
        assertEquals(List.of("negative", "positive"), right.classNames());
        StringBuilder names = new StringBuilder("name,language\n");
        for (int i = 0; i < 30; i++) names.append("Name").append(i % 5).append(",lang").append(i).append('\n');
        assertThrows(FileFormatException.class, () -> TextLoader.load(write("names.csv", names.toString()), words(0)), "words as labels: swapped");
        StringBuilder scores = new StringBuilder("text,score\n");
        for (int i = 0; i < 30; i++) scores.append("ok,").append(i).append('\n');
        assertEquals(30, TextLoader.load(write("scores.csv", scores.toString()), words(0)).size(), "numbers as labels: perhaps scores, read");
    }

    /**
     * A file whose first column is an id, read with the default text column (the first), would train on the ids: each a
     * word of its own, every validation text {@code <unk>}. It is said; texts of numbers that repeat are read.
     */
    @Test
    void aTextColumnOfRowNumbersIsSaid() throws IOException {
        StringBuilder s = new StringBuilder("id,review,label\n");
        for (int i = 0; i < 12; i++) s.append(100 + i).append(",\"a review, number ").append(i).append("\",").append(i % 2 == 0 ? "pos" : "neg").append('\n');
        assertEquals(dir.resolve("ids.csv") + ": column 1 (\"id\"), the texts, holds a different whole number on every row, as row numbers or ids do, "
                + "not texts: choose the text column with text_column (by name or index); the header names id, review, label",
                failure(write("ids.csv", s.toString())));
        TextLoader.Options d = TextLoader.Options.DEFAULT;
        TensorDataset right = TextLoader.load(dir.resolve("ids.csv"), new TextLoader.Options(CsvLoader.Column.named("review"), d.label(), d.task(),
                d.header(), d.delimiter(), d.level(), true, 0, 100));
        assertEquals(12, right.size());
        StringBuilder codes = new StringBuilder("code,label\n");
        for (int i = 0; i < 12; i++) codes.append(i % 4).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        assertEquals(12, TextLoader.load(write("codes.csv", codes.toString()), words(0)).size(), "numbers that repeat are texts of a kind");
    }

    /**
     * A set to be split is numbered by a vocabulary of its training texts: a token only validation texts hold is
     * {@code <unk>} there, as it would be in new text, and the length is the longest training text's (a longer
     * validation text is cut). The split the plan makes takes the same samples as the vocabulary was built from.
     */
    @Test
    void aSplitSetsVocabularyAndLengthComeFromItsTrainingTextsAlone() throws IOException {
        Splits.Plan plan = new Splits.Plan(0.3, 7);
        int n = 10;
        java.util.Set<Integer> held = new java.util.HashSet<>();
        for (int i : plan.indices(n, "split.csv").validation()) held.add(i);
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < n; i++) csv.append(held.contains(i) ? "zebra zebra cat dog bird" : "cat dog").append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        Path f = write("split.csv", csv.toString());

        TensorDataset d = TextLoader.load(f, words(0), null, plan);
        Vocabulary v = d.vocabulary();
        assertEquals(List.of("<pad>", "<unk>", "cat", "dog"), v.tokens(), "zebra and bird occur only in validation texts");
        assertEquals(2, v.length(), "the longest training text, not the validation texts' 5 tokens");
        assertTrue(d.name().endsWith("(words (lower-cased), 4 tokens, 2 a text, from the training texts)"), d.name());
        Splits.TrainValidation tv = plan.apply(d);
        assertEquals(held.size(), tv.validation().size());
        for (int k = 0; k < tv.validation().size(); k++)
            assertEquals("<unk> <unk>", v.decode(tv.validation().features(), k * v.length()), "zebra zebra, cut to the training length");
        for (int k = 0; k < tv.train().size(); k++) assertEquals("cat dog", v.decode(tv.train().features(), k * v.length()));
        assertEquals(v, tv.validation().vocabulary());

        TensorDataset whole = TextLoader.load(f, words(0));
        assertTrue(whole.vocabulary().tokens().contains("zebra"), "unsplit, every text builds the vocabulary");
        assertEquals(5, whole.vocabulary().length());
        // A trained model's vocabulary numbers every text, split or not.
        TensorDataset fixed = TextLoader.load(f, words(0), whole.vocabulary(), plan);
        assertEquals(whole.vocabulary(), fixed.vocabulary());
        assertArrayEquals(whole.features(), fixed.features());
    }

    /** Labels that are numbers with a fraction are values to predict (auto, as for a CSV file), or when the task says so. */
    @Test
    void numericLabelsAreRegressionTargetsByTaskOrAuto() throws IOException {
        Path scores = write("scores.csv", "review,score\nA fine film,4.5\nDull,1\nFine but long,3.25\n");
        TensorDataset auto = TextLoader.load(scores, words(0));
        assertFalse(auto.isClassification());
        assertEquals(List.of(), auto.classNames());
        assertArrayEquals(new int[] {1}, auto.targetShape());
        assertArrayEquals(new float[] {4.5f, 1f, 3.25f}, auto.valueTargets());
        assertEquals("a fine film", auto.vocabulary().decode(auto.features(), 0), "the header is the word over a column of numbers");
        assertArrayEquals(new float[] {1}, auto.batch(new int[] {1}).targets().toFloatArray());
        assertArrayEquals(new int[] {1, 1}, auto.batch(new int[] {1}).targets().shape());

        // Every score one of a kind and no header: the first row is data.
        TensorDataset bare = TextLoader.load(write("bare.csv", "great,4.5\nbad,1.5\nok,3.25\n"), words(0));
        assertArrayEquals(new float[] {4.5f, 1.5f, 3.25f}, bare.valueTargets());

        Path stars = write("stars.csv", "text,stars\ngreat,5\nbad,1\nok,3\ngood,4\n");
        assertEquals(List.of("1", "3", "4", "5"), TextLoader.load(stars, words(0)).classNames(), "whole numbers are classes unless told");
        TensorDataset rated = TextLoader.load(stars, task(CsvLoader.Task.REGRESSION));
        assertFalse(rated.isClassification());
        assertArrayEquals(new float[] {5, 1, 3, 4}, rated.valueTargets());
        assertEquals(rated.vocabulary().size(), TextLoader.load(stars, words(0)).vocabulary().size(), "the texts are read alike");
        TensorDataset classes = TextLoader.load(scores, task(CsvLoader.Task.CLASSIFICATION));
        assertEquals(List.of("1", "3.25", "4.5"), classes.classNames());
        assertArrayEquals(new long[] {2, 0, 1}, classes.classTargets());

        assertEquals(dir.resolve("words.csv") + ":3: column 2 (\"stars\"): expected a number, got \"five\"",
                assertThrows(FileFormatException.class, () -> TextLoader.load(write("words.csv", "text,stars\ngreat,4\nfine,five\n"),
                        task(CsvLoader.Task.REGRESSION))).getMessage());
        // A folder's class folders named by values.
        write("rated/1.5/a.txt", "bad");
        write("rated/4/b.txt", "good");
        write("rated/4/c.txt", "fine");
        assertArrayEquals(new float[] {1.5f, 4, 4}, TextLoader.load(dir.resolve("rated"), words(0)).valueTargets());
    }

    private static TextLoader.Options task(CsvLoader.Task task) {
        TextLoader.Options d = words(0);
        return new TextLoader.Options(d.text(), d.label(), task, d.header(), d.delimiter(), d.level(), d.lowercase(), d.length(), d.maxVocabulary());
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
        assertEquals(dir.resolve("new.csv") + ": line 1 (\"review\") is read as the header, as a one-column file's first line is; give texts without "
                + "a header as a .txt file (a text a line)", csv.note(), "a guess, said: a list of texts without a header would lose its first");
        TextLoader.Texts labelled = TextLoader.texts(write("l.csv", "fine,pos\nawful,neg\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("fine", "awful"), labelled.texts(), "its first label is a class: no header");
        TextLoader.Texts headed = TextLoader.texts(write("h.csv", "text,label\nfine,pos\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("fine"), headed.texts());
        assertNull(headed.note(), "a header over labels is no guess to speak of");
        TextLoader.Texts txt = TextLoader.texts(write("n.txt", "Rossi\n\nMüller\n"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("Rossi", "Müller"), txt.texts());
        assertEquals(List.of("line 1", "line 3"), txt.places());
        write("in/a.txt", "one");
        write("in/sub/b.txt", "two");
        // A regression model has no classes: a first row whose label is a number is data, one whose label is a word a header.
        assertEquals(List.of("great", "bad"), TextLoader.texts(write("r.csv", "great,4.5\nbad,2\n"), TextLoader.Options.DEFAULT, List.of()).texts());
        assertEquals(List.of("great"), TextLoader.texts(write("rh.csv", "review,score\ngreat,4.5\n"), TextLoader.Options.DEFAULT, List.of()).texts());
        // A model whose texts came from a column chosen by name: its header is there or not.
        TextLoader.Options byName = new TextLoader.Options(CsvLoader.Column.named("review"), CsvLoader.Column.named("sentiment"),
                TextLoader.Options.DEFAULT.task(), TextLoader.Options.DEFAULT.header(), (char) 0, Vocabulary.Level.WORDS, true, 0, 100);
        assertEquals(List.of("superb", "bad, bad"), TextLoader.texts(write("named.csv", "review\nsuperb\n\"bad, bad\"\n"), byName, classes).texts());
        assertEquals(List.of("superb", "awful"), TextLoader.texts(write("bare.csv", "superb\nawful\n"), byName, classes).texts(),
                "the texts alone: the first is a text, not a header");
        assertEquals(List.of("superb"), TextLoader.texts(write("two.csv", "id,review\n7,superb\n"), byName, classes).texts());
        String m = assertThrows(FileFormatException.class, () -> TextLoader.texts(write("bare2.csv", "superb,pos\nawful,neg\n"), byName, classes)).getMessage();
        assertTrue(m.endsWith("bare2.csv: the text column is chosen by name (\"review\"), but line 1 is not a header naming it: add a header row, "
                + "or give the texts alone (one column, or a .txt file with a text a line)"), m);
        TextLoader.Texts folder = TextLoader.texts(dir.resolve("in"), TextLoader.Options.DEFAULT, classes);
        assertEquals(List.of("one", "two"), folder.texts());
        assertEquals(List.of("a.txt", "sub/b.txt"), folder.places());
    }

    /** pandas' to_csv writes its row index first: the texts are the column after it, not the row numbers. */
    @Test
    void theTextsFollowPandasRowIndex() throws IOException {
        Path f = dir.resolve("idx.csv");
        Files.writeString(f, ",text,label\n0,good film,pos\n1,bad film,neg\n2,good plot,pos\n");
        TensorDataset d = TextLoader.load(f, TextLoader.Options.DEFAULT);
        assertEquals("good film", d.vocabulary().decode(d.features(), 0));
        assertEquals(6, d.vocabulary().size(), "<pad>, <unk> and the four words: no row numbers");
    }
}
