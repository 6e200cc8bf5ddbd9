package layerlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import layerlab.io.FileFormatException;
import layerlab.io.InputFiles;
import layerlab.io.Utf8;

/**
 * Labelled text a person brings, as token ids for an Embedding: a CSV or TSV file (UTF-8, gzipped or not) with a text
 * column and a label column, or a folder with a subfolder per class holding one text file per sample (the layout of
 * IMDb's review archive and of scikit-learn's {@code load_files}). The texts are cut into words or characters and
 * numbered by a {@link Vocabulary} built from them (from the training texts alone when the set is to be split); the set
 * carries it, so that a trained model reads new text the same way. The labels are classes, numbered in sorted order, or
 * numbers to predict (a rating, a score), as {@link CsvLoader} reads a label column: its {@link CsvLoader.Task task}.
 *
 * <p>A field may be double-quoted, with {@code ""} for a quote inside, and then may hold the delimiter and line breaks.
 */
public final class TextLoader {
    /** Text files a class folder may hold; others (pictures, hidden files) are skipped. */
    public static final List<String> EXTENSIONS = List.of("txt", "text", "md");

    private TextLoader() {}

    /**
     * How a file's texts and labels are found and cut: columns by header name or 0-based index (-1 the last), what the
     * labels are ({@link CsvLoader.Task#AUTO}: classes, unless every label is a number and some are not integers, as
     * for a CSV file), the header row ({@link CsvLoader.Header#AUTO}: present when the first row's label is a word over
     * a column of numbers, or else occurs on no other row), the delimiter (0: tab for {@code .tsv}/{@code .tab}, else a
     * comma), words or characters, lower-casing, ids a text (0: the longest training text's count), the vocabulary's
     * most tokens ({@code <pad>} and {@code <unk>} included, torchtext's {@code max_tokens}), the side a short text is
     * padded on, and how often a token must occur in the training texts to be kept (torchtext's {@code min_freq}).
     */
    public record Options(CsvLoader.Column text, CsvLoader.Column label, CsvLoader.Task task, CsvLoader.Header header, char delimiter,
                          Vocabulary.Level level, boolean lowercase, int length, int maxVocabulary, Vocabulary.Padding padding, int minFreq) {
        public static final int DEFAULT_MAX_VOCABULARY = 20_000;
        public static final Options DEFAULT = new Options(CsvLoader.Column.at(0), CsvLoader.Column.at(-1), CsvLoader.Task.AUTO, CsvLoader.Header.AUTO,
                (char) 0, Vocabulary.Level.WORDS, true, 0, DEFAULT_MAX_VOCABULARY, Vocabulary.Padding.LEFT, 1);

        /** Options that pad on the left. */
        public Options(CsvLoader.Column text, CsvLoader.Column label, CsvLoader.Task task, CsvLoader.Header header, char delimiter,
                       Vocabulary.Level level, boolean lowercase, int length, int maxVocabulary) {
            this(text, label, task, header, delimiter, level, lowercase, length, maxVocabulary, Vocabulary.Padding.LEFT);
        }

        /** Options that keep every token seen. */
        public Options(CsvLoader.Column text, CsvLoader.Column label, CsvLoader.Task task, CsvLoader.Header header, char delimiter,
                       Vocabulary.Level level, boolean lowercase, int length, int maxVocabulary, Vocabulary.Padding padding) {
            this(text, label, task, header, delimiter, level, lowercase, length, maxVocabulary, padding, 1);
        }

        /** These options with {@code header}. */
        Options withHeader(CsvLoader.Header header) {
            return new Options(text, label, task, header, delimiter, level, lowercase, length, maxVocabulary, padding, minFreq);
        }

        /** These options with {@code delimiter}. */
        Options withDelimiter(char delimiter) {
            return new Options(text, label, task, header, delimiter, level, lowercase, length, maxVocabulary, padding, minFreq);
        }

        /** These options with {@code padding}. */
        public Options withPadding(Vocabulary.Padding padding) {
            return new Options(text, label, task, header, delimiter, level, lowercase, length, maxVocabulary, padding, minFreq);
        }

        /** These options keeping the tokens the training texts hold {@code minFreq} times or more. */
        public Options withMinFreq(int minFreq) {
            return new Options(text, label, task, header, delimiter, level, lowercase, length, maxVocabulary, padding, minFreq);
        }
    }

    /**
     * The texts of a file or folder and what the rows said: each text's label (null when unlabelled) and where it stood;
     * for a regression set (the options' task, or AUTO finding numbers) each label's value, else null.
     */
    public record Texts(List<String> texts, List<String> labels, List<String> places, float[] values, String textColumn, String labelColumn,
                        String note) {
        /** Texts and labels, if any, that are no table's columns (a folder's). */
        public Texts(List<String> texts, List<String> labels, List<String> places, float[] values) {
            this(texts, labels, places, values, null, null, null);
        }
    }

    /** Loads {@code path} (a file or a folder of class folders) as token ids {@code [length]} a sample. */
    public static TensorDataset load(Path path, Options options) throws IOException {
        return load(path, options, null, null);
    }

    /**
     * {@link #load(Path, Options)}, numbered by {@code vocabulary} when it is given (a trained model's: new or test text
     * read as its training text was, cut and padded to its length, a token it does not know {@code <unk>}) instead of
     * a vocabulary built from these texts, which would number the tokens otherwise. With a vocabulary, texts of one
     * class are fine (a test set may hold one class); without, a classifier needs two.
     *
     * @param split the split the set is for (null: none): a vocabulary, and the default length, are then built from the
     *              texts it puts in training (as torchtext's {@code build_vocab_from_iterator(train_iter)}), and the
     *              validation texts read by it as new text would be
     */
    public static TensorDataset load(Path path, Options options, Vocabulary vocabulary, Splits.Plan split) throws IOException {
        return load(path, options, vocabulary, split, List.of());
    }

    /**
     * {@link #load(Path, Options, Vocabulary, Splits.Plan)}, the labels numbered by a model's {@code classes} (empty: by
     * these texts' own, in sorted order), which the texts need not all have; a label that is none of them is an error
     * naming the file and where the text stood.
     */
    public static TensorDataset load(Path path, Options options, Vocabulary vocabulary, Splits.Plan split, List<String> classes) throws IOException {
        Texts t = Files.isDirectory(path) ? folder(path, options.task()) : table(path, options, null);
        return dataset(t, path.getFileName() + "", options, vocabulary, split, classes, path.toString());
    }

    /** Loads a file from a stream ({@code source} names it in messages), as a bundled set is read. */
    public static TensorDataset load(InputStream in, String source, String name, Options options) throws IOException {
        return load(in, source, name, options, null, null);
    }

    /** {@link #load(InputStream, String, String, Options)}, numbered as {@link #load(Path, Options, Vocabulary, Splits.Plan)} numbers. */
    public static TensorDataset load(InputStream in, String source, String name, Options options, Vocabulary vocabulary, Splits.Plan split)
            throws IOException {
        return dataset(table(in, source, options, null), name, options, vocabulary, split, List.of(), source);
    }

    /**
     * Texts as token ids, without labels: the data's {@code name}, where the vocabulary came from ({@code detail}: ", from
     * the training texts", and what min_freq left out), the ids {@code [texts, length]} and the vocabulary. Next-token
     * sequences are made of them ({@link NextTokens}), which describe their own vocabulary, not this one.
     */
    public record Encoded(String name, String detail, float[] ids, Vocabulary vocabulary) {}

    /**
     * A file's texts without labels, for next-token prediction ({@link NextTokens}): a plain text file's (.txt, .text,
     * gzipped or not) lines, a text each non-blank line, or a CSV/TSV file's text column (its first row the header unless
     * {@code header} is false), numbered as {@link #load(Path, Options, Vocabulary, Splits.Plan)} numbers them.
     *
     * @throws FileFormatException naming the file and line of what cannot be a text: a folder, a line holding a tab, an
     *                             empty text in a column
     */
    public static Encoded unlabelled(Path path, Options options, Vocabulary vocabulary, Splits.Plan split) throws IOException {
        if (Files.isDirectory(path))
            throw new FileFormatException(path + ": a folder; next tokens are read from one file of texts: a .txt file with a text a line, "
                    + "or a CSV file's text column");
        Texts t;
        try (InputStream in = InputFiles.open(path)) {
            t = plainText(path.toString()) ? lines(in, path.toString()) : column(in, path.toString(),
                    options.withDelimiter(options.delimiter() != 0 ? options.delimiter() : DataFiles.delimiter(path.getFileName().toString())));
        }
        return encode(t, path.getFileName() + "", options, vocabulary, split, path.toString());
    }

    /** The bundled surnames' texts, their labels left out, as {@link #unlabelled} reads a file's. */
    static Encoded unlabelled(InputStream in, String source, String name, Options options, Vocabulary vocabulary, Splits.Plan split) throws IOException {
        return encode(table(in, source, options, null), name, options, vocabulary, split, source);
    }

    /** A plain text file's non-blank lines, each a text; a line holding a tab (a text and its label?) is refused where it stands. */
    private static Texts lines(InputStream raw, String source) throws IOException {
        List<String> texts = new ArrayList<>(), places = new ArrayList<>();
        try (Reader r = Utf8.reader(DataFiles.decompressed(raw), source)) {
            nonBlankLines(r, (line, n) -> {
                if (line.indexOf('\t') >= 0)
                    throw new FileFormatException(source + ":" + n + ": the line holds a tab (\"" + line.replace('\t', ' ').strip() + "\"): a text file "
                            + "holds a text a line, nothing after it; for a text and its label give a .tsv or .csv file and choose text_column");
                texts.add(line.strip());
                places.add("line " + n);
            });
        }
        if (texts.isEmpty()) throw new FileFormatException(source + ": no text in this file");
        return new Texts(texts, null, places, null);
    }

    /** A CSV/TSV file's text column alone (any other column is left out); an empty text is refused where it stands. */
    private static Texts column(InputStream raw, String source, Options options) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (Reader r = Utf8.reader(DataFiles.decompressed(raw), source)) {
            CsvRecords.readAll(r, options.delimiter(), source, rows, lines);
        }
        if (rows.isEmpty()) throw new FileFormatException(source + ": no rows");
        int width = rows.get(0).length;
        // A column of names has a name over it ("surname"): the first row is the header unless the settings say not.
        boolean header = options.header() != CsvLoader.Header.ABSENT;
        String[] head = header ? rows.get(0) : null;
        int first = header ? 1 : 0;
        if (rows.size() == first) throw new FileFormatException(source + ": no data rows after the header on line " + lines.get(0));
        int text = CsvLoader.column(options.text(), head, width, source, lines.get(0));
        List<String> texts = new ArrayList<>(), places = new ArrayList<>();
        for (int i = first; i < rows.size(); i++) {
            String[] row = rows.get(i);
            if (row.length <= text)
                throw new FileFormatException(source + ":" + lines.get(i) + ": expected " + width + " fields (like line " + lines.get(0) + "), got " + row.length);
            if (row[text].isBlank())
                throw new FileFormatException(source + ":" + lines.get(i) + ": " + column(text, head) + ": the text is empty; leave the row out");
            texts.add(row[text].strip());
            places.add("line " + lines.get(i));
        }
        return new Texts(texts, null, places, null, column(text, head), null, null);
    }

    /** {@code t}'s texts numbered by {@code fixed}, else by a vocabulary built from those {@code split} trains on (null: all). */
    private static Encoded encode(Texts t, String name, Options options, Vocabulary fixed, Splits.Plan split, String source) throws FileFormatException {
        int[] from = fixed == null && split != null ? split.indices(t.texts().size(), name).train() : null;
        Vocabulary.Built b = fixed != null ? new Vocabulary.Built(fixed, fixed.encode(t.texts()))
                : Vocabulary.buildAndEncode(t.texts(), from, options.level(), options.lowercase(), options.length(), options.maxVocabulary(), options.padding(),
                        options.minFreq());
        Vocabulary v = b.vocabulary();
        if (fixed == null && v.size() == 2)
            throw new FileFormatException(source + ": " + (t.textColumn() != null ? t.textColumn() + ": " : "") + "every "
                    + (from != null ? "training " : "") + "text is empty (nothing but spaces): there is nothing to read"
                    + (t.textColumn() != null ? " (is this the text column? choose it with text_column, by name or index)" : ""));
        return new Encoded(name, (fixed != null ? ", the model's vocabulary" : from != null ? ", from the training texts" : "") + kept(b, options), b.ids(), v);
    }

    private static TensorDataset dataset(Texts t, String name, Options options, Vocabulary fixed, Splits.Plan split, List<String> known,
                                         String source) throws FileFormatException {
        Encoded e = encode(t, name, options, fixed, split, source);
        Vocabulary v = e.vocabulary();
        float[] x = e.ids();
        int[] shape = {v.length()};
        String described = name + " (" + v.describe() + e.detail() + ")";
        if (t.values() != null) return TensorDataset.regression(described, x, shape, t.values(), new int[] {1}).withVocabulary(v);
        long[] y = new long[t.labels().size()];
        if (!known.isEmpty()) {
            for (int i = 0; i < y.length; i++) {
                y[i] = CsvLoader.classOf(t.labels().get(i), known);
                if (y[i] < 0)
                    throw new FileFormatException(source + ": " + t.places().get(i) + ": the label \"" + t.labels().get(i)
                            + "\" is not one of the training set's classes (" + String.join(", ", known) + ")");
            }
            return TensorDataset.classification(described, x, shape, y, known).withVocabulary(v);
        }
        List<String> classes = CsvLoader.numberClasses(t.labels(), CsvLoader.integral(t.labels()), y);
        if (classes.size() < 2 && fixed == null)
            throw new FileFormatException(name + (t.labelColumn() != null ? ": " + t.labelColumn() : "") + ": every text has the label \""
                    + classes.get(0) + "\"; a classifier needs at least two classes"
                    + (t.labelColumn() != null ? " (is this the label column? choose it with label_column, by name or index)" : ""));
        return TensorDataset.classification(described, x, shape, y, classes).withVocabulary(v);
    }

    /**
     * What {@code min_freq} and the size cap left out of a vocabulary built here: "; kept 812 of 3,410 tokens (min_freq
     * 2)"; nothing when they kept every token, so that a description reads as it did before these options.
     */
    private static String kept(Vocabulary.Built b, Options options) {
        if (b.dropped() <= 0) return "";
        String why = options.minFreq() > 1 ? "min_freq " + options.minFreq() + (b.vocabulary().size() == options.maxVocabulary() ? ", vocab "
                + options.maxVocabulary() : "") : "vocab " + options.maxVocabulary();
        return String.format(Locale.ROOT, "; kept %,d of %,d tokens (%s)", b.vocabulary().size() - 2, b.seen(), why);
    }

    /**
     * The labels' values when {@code task} (AUTO: as {@link CsvLoader.Task#of} decides) says they are numbers to predict,
     * else null; {@code where} names label {@code i}'s place in a message ({@code reviews.csv:3: column 2 ("stars")}).
     */
    private static float[] values(List<String> labels, CsvLoader.Task task, IntFunction<String> where) throws FileFormatException {
        if (task.of(labels) != CsvLoader.Task.REGRESSION) return null;
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) y[i] = CsvLoader.number(labels.get(i), where.apply(i));
        return y;
    }

    /**
     * New texts to predict on, as the model's data set read its own: a CSV/TSV file's text column (by the training
     * column's name where the header has it, else the options' column), a text file's lines, or a folder's text files.
     * A CSV file's first row is its header when the options say so or name a column, when its label cell is none of
     * {@code classes} (for a regression model, whose {@code classes} are empty: not a number), or when the file has one
     * column (a list of texts without a header is a {@code .txt} file).
     */
    public static Texts texts(Path path, Options options, List<String> classes) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files = textFiles(path);
            if (files.isEmpty()) throw new FileFormatException(path + ": no text files (." + String.join(", .", EXTENSIONS) + ") in this folder");
            List<String> texts = new ArrayList<>(), places = new ArrayList<>();
            for (Path f : files) {
                texts.add(read(f));
                places.add(path.relativize(f).toString().replace('\\', '/'));
            }
            return new Texts(texts, null, places, null);
        }
        String ext = DataFiles.extension(path);
        if (ext.equals("txt") || ext.equals("text")) {
            List<String> texts = new ArrayList<>(), places = new ArrayList<>();
            nonBlankLines(new StringReader(Utf8.read(path)), (line, n) -> {
                texts.add(line);
                places.add("line " + n);
            });
            if (texts.isEmpty()) throw new FileFormatException(path + ": no text in this file");
            return labelsAfterTabs(path, texts, places, classes);
        }
        return table(path, options, classes);
    }

    /**
     * A text file's lines for a model with {@code classes} (empty: a regression model): the lines as they are, unless each
     * ends in a tab and a label, one of the classes (for a regression model, a number), as a labelled test file is often
     * written ("a sentence&#92;tpositive"), perhaps under a header ("text&#92;tlabel"): then the text before the tab, and a
     * note that the labels (and the header) were left out. Read whole, the label would be taken for the text's last word,
     * which the vocabulary may well know.
     */
    private static Texts labelsAfterTabs(Path path, List<String> lines, List<String> places, List<String> classes) {
        if (classes == null) return new Texts(lines, null, places, null);
        boolean header = lines.size() > 1 && lines.get(0).indexOf('\t') >= 0 && label(lines.get(0), classes) == null;
        int first = header ? 1 : 0;
        List<String> texts = new ArrayList<>();
        for (int i = first; i < lines.size(); i++) {
            if (label(lines.get(i), classes) == null) return new Texts(lines, null, places, null);
            texts.add(lines.get(i).substring(0, lines.get(i).lastIndexOf('\t')));
        }
        String note = path + ": each line ends in a tab and " + (classes.isEmpty() ? "a number" : "one of the classes") + " (" + places.get(first)
                + ": \"" + label(lines.get(first), classes) + "\"): read as the text before the tab; the labels are left out"
                + (header ? ", and " + places.get(0) + " (\"" + lines.get(0).replace('\t', ' ') + "\") is read as their header" : "")
                + " (layerlab eval scores them: --data source=text path=" + path.getFileName() + " delimiter=tab)";
        return new Texts(texts, null, places.subList(first, places.size()), null, null, null, note);
    }

    /** The label after a line's last tab, when it is one of {@code classes} (none: a number); else null. */
    private static String label(String line, List<String> classes) {
        int tab = line.lastIndexOf('\t');
        String last = tab < 0 ? null : line.substring(tab + 1).trim();
        return last != null && isLabel(last, classes) ? last : null;
    }

    /** {@code classes}: null for training data, whose label column must be there; else the model's classes. */
    private static Texts table(Path file, Options options, List<String> classes) throws IOException {
        try (InputStream in = InputFiles.open(file)) {
            char d = options.delimiter() != 0 ? options.delimiter() : DataFiles.delimiter(file.getFileName().toString());
            return table(in, file.toString(), options.withDelimiter(d), classes);
        }
    }

    /**
     * The rows of a delimited file. {@code classes} null: training data, whose label column must be there; otherwise the
     * model's classes (empty for a regression model), the label column may be missing, and a one-column file is all text.
     */
    private static Texts table(InputStream raw, String source, Options options, List<String> classes) throws IOException {
        boolean labelled = classes == null;
        char delimiter = options.delimiter() != 0 ? options.delimiter() : ',';
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (Reader r = Utf8.reader(DataFiles.decompressed(raw), source)) {
            if (delimiter == '\t' && plainText(source)) tabLines(r, source, rows, lines);
            else CsvRecords.readAll(r, delimiter, source, rows, lines);
        } catch (FileFormatException e) {
            // A later line that is no CSV (a quote inside a text) says little when the file is not split at commas at all.
            if (rows.isEmpty()) throw e;
            tabbed(rows, lines, labelled, delimiter, source);
            throw e;
        }
        tabbed(rows, lines, labelled, delimiter, source);
        int width = rows.get(0).length;
        for (int i = 1; i < rows.size(); i++)
            if (rows.get(i).length != width)
                throw new FileFormatException(source + ":" + lines.get(i) + ": expected " + width + " fields (like line " + lines.get(0) + "), got "
                        + rows.get(i).length + (delimiter == ',' ? " (a text with commas must be in double quotes)" : ""));
        if (labelled && width < 2)
            throw new FileFormatException(source + ": one column; expected a text column and a label column"
                    + (delimiter == ',' ? " separated by commas" : ""));
        boolean byName = options.text().name() != null || options.label().name() != null;
        boolean header = switch (options.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> labelled ? byName || CsvLoader.headsLabels(rows, width, options.label(), false) : headsNewTexts(rows.get(0), width, options, classes);
        };
        if (!labelled && !header && width > 1 && options.text().name() != null)
            throw new FileFormatException(source + ": the text column is chosen by name (\"" + options.text().name() + "\"), but line " + lines.get(0)
                    + " is not a header naming it: add a header row, or give the texts alone (one column, or a .txt file with a text a line)");
        String[] head = header ? rows.get(0) : null;
        int first = header ? 1 : 0;
        if (rows.size() == first) throw new FileFormatException(source + ": no data rows after the header on line " + lines.get(0));
        int label = width == 1 ? -1 : labelled ? CsvLoader.column(options.label(), head, width, source, lines.get(0)) : optional(options.label(), head, width);
        int text = width == 1 ? 0 : CsvLoader.column(options.text(), head, width, source, lines.get(0));
        // The first column by default, unless it is pandas' row index (to_csv without index=False): then the texts follow it.
        if (text == 0 && options.text().name() == null && width > 2 && label != 1 && CsvLoader.rowIndex(head, rows, first)) text = 1;
        if (label == text) throw new FileFormatException(source + ": the text column and the label column are the same column");
        String column = label < 0 ? "" : ": column " + (label + 1) + (head != null ? " (\"" + head[label] + "\")" : "");
        IntFunction<String> where = i -> source + ":" + lines.get(first + i) + column;
        List<String> texts = new ArrayList<>(), labels = labelled ? new ArrayList<>() : null, places = new ArrayList<>();
        for (int i = first; i < rows.size(); i++) {
            texts.add(rows.get(i)[text]);
            places.add("line " + lines.get(i));
            if (labelled) {
                String y = rows.get(i)[label].trim();
                if (y.isEmpty()) throw new FileFormatException(where.apply(i - first) + ": the label is empty");
                labels.add(y);
            }
        }
        if (labelled && options.task() != CsvLoader.Task.REGRESSION) swapped(texts, labels, source, column(text, head), column(label, head));
        if (labelled && options.level() == Vocabulary.Level.WORDS) numbered(texts, source, column(text, head), head);
        // A one-column file's first line is its header unless told otherwise: a guess, said, since a text lost there is missed.
        String note = !labelled && width == 1 && header && options.header() == CsvLoader.Header.AUTO
                && (options.text().name() == null || CsvLoader.indexOf(head, options.text().name()) < 0) ? source + ": line " + lines.get(0) + " (\"" + head[0] + "\") is read as the header, as a one-column file's first line is; give texts "
                + "without a header as a .txt file (a text a line)" : null;
        return new Texts(texts, labels, places, labelled ? values(labels, options.task(), where) : null, column(text, head),
                label < 0 ? null : column(label, head), note);
    }

    /** Whether {@code source} names a plain text file (.txt, .text, gzipped or not), not a table (.csv, .tsv). */
    private static boolean plainText(String source) {
        String n = source.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        return n.endsWith(".txt") || n.endsWith(".text");
    }

    /**
     * A plain text file's lines that are not blank, split at their tabs: a line is a record and a quote is part of the
     * text, as {@code cut -f} reads it, since a sentence often starts with one ("You" may …) and a .txt is no CSV.
     */
    private static void tabLines(Reader r, String source, List<String[]> rows, List<Integer> lines) throws IOException {
        nonBlankLines(r, (line, n) -> {
            String[] fields = line.split("\t", -1);
            for (int i = 0; i < fields.length; i++) fields[i] = fields[i].trim();
            rows.add(fields);
            lines.add(n);
        });
        if (rows.isEmpty()) throw new FileFormatException(source + ": no rows");
    }

    /** What is done with a line that is not blank and its number, from 1 ({@link #nonBlankLines}). */
    private interface LineAction {
        void accept(String line, int number) throws IOException;
    }

    /**
     * Each line of {@code r} that is not blank, with its number (from 1; blank lines counted), a byte-order mark before the
     * first left out: a plain text file's texts, one a line, and its tab-separated records are read alike.
     */
    private static void nonBlankLines(Reader r, LineAction each) throws IOException {
        BufferedReader in = new BufferedReader(r);
        int n = 0;
        for (String line; (line = in.readLine()) != null; ) {
            n++;
            if (n == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (!line.isBlank()) each.accept(line, n);
        }
    }

    /**
     * Refuses a text and its label separated by a tab in a .txt or .csv file (read by commas unless told): said before the
     * rows' widths are compared, which a text holding a comma makes differ, or a quote in a later text makes no CSV.
     */
    private static void tabbed(List<String[]> rows, List<Integer> lines, boolean labelled, char delimiter, String source) throws FileFormatException {
        if (labelled && rows.get(0).length == 1 && delimiter != '\t' && rows.get(0)[0].indexOf('\t') >= 0)
            throw new FileFormatException(source + ":" + lines.get(0) + ": one column, split at \"" + delimiter
                    + "\", but the line holds a tab: if that separates the text from its label, give \"delimiter\": \"\\t\" (on the command line, delimiter=tab)");
    }

    /** "column 2 (\"review\")", or "column 2" without a header. */
    private static String column(int c, String[] head) {
        return "column " + (c + 1) + (head != null ? " (\"" + head[c] + "\")" : "");
    }

    /** Fewest rows for a text column of row numbers to be told from texts that happen to be numbers. */
    private static final int NUMBERED_ROWS = 10;

    /**
     * Rejects a text column of row numbers (an "id" column first, read with the defaults): as words each is a token of
     * its own that no other text holds, so new texts would be nothing but {@code <unk>}.
     */
    private static void numbered(List<String> texts, String source, String textColumn, String[] head) throws FileFormatException {
        if (texts.size() < NUMBERED_ROWS || !texts.stream().allMatch(t -> t.strip().matches("[+-]?\\d{1,18}"))
                || texts.stream().map(String::strip).distinct().count() != texts.size()) return;
        throw new FileFormatException(source + ": " + textColumn + ", the texts, holds a different whole number on every row, as row numbers or ids do, "
                + "not texts: choose the text column with text_column (by name or index)"
                + (head != null ? "; the header names " + String.join(", ", head) : ""));
    }

    /** Most distinct labels a classifier's texts may have when their text column holds this few distinct texts. */
    private static final int FEW_TEXTS = 20;

    /**
     * Rejects a text column and a label column that look the wrong way round: labels that are words and almost all
     * different over a "text" column of a few repeated values (a file with the label first, read with the defaults).
     */
    private static void swapped(List<String> texts, List<String> labels, String source, String textColumn, String labelColumn)
            throws FileFormatException {
        long distinctLabels = labels.stream().distinct().count(), distinctTexts = texts.stream().distinct().count();
        if (distinctTexts > FEW_TEXTS || distinctLabels <= Math.max(FEW_TEXTS, labels.size() / 2)) return;
        if (labels.stream().allMatch(CsvLoader::isNumber)) return; // scores to predict, perhaps
        throw new FileFormatException(source + ": " + labelColumn + ", the labels, holds " + distinctLabels + " different values for " + labels.size()
                + " texts, and " + textColumn + ", the texts, only " + distinctTexts + " (" + String.join(", ", texts.stream().distinct().limit(3).toList())
                + (distinctTexts > 3 ? ", …" : "") + "): are the columns the wrong way round? Choose them with text_column and label_column (by name or index)");
    }

    /**
     * Whether the first row {@code row} of a file of new texts is a header. New texts are often the texts alone: a column
     * chosen by name makes it a header only when it names that column (or the named label column; a header-less list of
     * reviews is not a header over its first review). Else a one-column file has a header, and a wider one when its label
     * cell is no label of the model's.
     */
    private static boolean headsNewTexts(String[] row, int width, Options options, List<String> classes) {
        String text = options.text().name(), label = options.label().name();
        boolean notALabel = width > 1 && !isLabel(labelCell(row, width, options.label()), classes);
        if (text != null) return CsvLoader.indexOf(row, text) >= 0 || (label != null ? CsvLoader.indexOf(row, label) >= 0 : notALabel);
        return width == 1 || notALabel;
    }

    /** Whether {@code cell} is a label of a model with {@code classes}: one of them, or for a regression model (none) a number. */
    private static boolean isLabel(String cell, List<String> classes) {
        return classes.isEmpty() ? CsvLoader.isNumber(cell) : classes.contains(cell);
    }

    private static String labelCell(String[] row, int width, CsvLoader.Column label) {
        int c = label.in(width);
        return c >= 0 && c < width ? row[c].trim() : "";
    }

    /** The label column of a file of new texts, if it has one (-1 if not). */
    private static int optional(CsvLoader.Column c, String[] head, int width) {
        if (c.name() != null) {
            return head == null ? -1 : CsvLoader.indexOf(head, c.name());
        }
        int i = c.in(width);
        return i >= 0 && i < width ? i : -1;
    }

    /**
     * A folder with a subfolder per class; every text file in a class's folder (and below it) is one sample. For
     * regression ({@code task}) the folders' names are the values.
     */
    private static Texts folder(Path dir, CsvLoader.Task task) throws IOException {
        List<Path> classes = DataFiles.folders(dir);
        if (classes.size() < 2)
            throw new FileFormatException(dir + ": expected a folder per class (at least two) holding text files (." + String.join(", .", EXTENSIONS)
                    + "), found " + (classes.isEmpty() ? "none" : "only " + classes.get(0).getFileName()));
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>(), places = new ArrayList<>();
        for (Path c : classes) {
            List<Path> files = textFiles(c);
            if (files.isEmpty()) throw new FileFormatException(c + ": no text files (." + String.join(", .", EXTENSIONS) + ") in this class's folder");
            for (Path f : files) {
                texts.add(read(f));
                labels.add(c.getFileName().toString());
                places.add(dir.relativize(f).toString().replace('\\', '/'));
            }
        }
        return new Texts(texts, labels, places, values(labels, task, i -> dir.resolve(labels.get(i)).toString()));
    }

    private static List<Path> textFiles(Path dir) throws IOException {
        return DataFiles.below(dir, p -> EXTENSIONS.contains(DataFiles.extension(p)));
    }

    /** A text file's text: without a byte-order mark, nor the line break(s) that end the file (an editor's, not the text's). */
    private static String read(Path f) throws IOException {
        String s = Utf8.read(f);
        if (s.startsWith("\uFEFF")) s = s.substring(1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }
}
