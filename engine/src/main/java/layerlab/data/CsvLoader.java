package layerlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import layerlab.io.FileFormatException;
import layerlab.io.InputFiles;

/**
 * Comma-separated values (UTF-8, gzipped or not): one sample per row, numeric feature columns and one label
 * column. Class labels may be any text; classes are numbered in sorted order (numerically when every label is
 * an integer, so "10" comes after "9"). Fields may be double-quoted, with {@code ""} for a quote inside, and then hold
 * the delimiter and line breaks ({@link CsvRecords}); blank lines are skipped.
 */
public final class CsvLoader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    /** A number written with a decimal comma ("0,5", "-12,75"), as a spreadsheet saves one in much of Europe. */
    static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");
    /** The marks a spreadsheet may write around a number: percent and currency signs, thousands separators, spaces. */
    static final Pattern NUMBER_MARKS = Pattern.compile("[%$€£,\\s\u00a0]");

    private CsvLoader() {}

    /** What the label column holds. AUTO: classes, unless every label is a number and some are not integers. */
    public enum Task {
        AUTO, CLASSIFICATION, REGRESSION;

        /** Every task's name as a data set's {@code task} takes it: "auto", "classification", "regression". */
        public static List<String> ids() {
            return Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
        }

        /** This task, or for AUTO what {@code labels} hold: values when every one is a number and some are not integers, else classes. */
        public Task of(List<String> labels) {
            if (this != AUTO) return this;
            boolean numeric = true;
            for (String v : labels) numeric &= isNumber(v);
            return numeric && !integral(labels) ? REGRESSION : CLASSIFICATION;
        }
    }

    /** Whether the first row names the columns. AUTO: yes when some column is text there but a number in the next row. */
    public enum Header { AUTO, PRESENT, ABSENT }

    /** A column by header name, or by 0-based index (negative counts from the end: -1 is the last column). */
    public record Column(String name, int index) {
        public static Column named(String name) {
            return new Column(name, 0);
        }

        public static Column at(int index) {
            return new Column(null, index);
        }

        /** The 0-based index this column's {@link #index} stands for in rows {@code width} wide (it may lie outside them). */
        public int in(int width) {
            return index < 0 ? width + index : index;
        }

        @Override
        public String toString() {
            return name != null ? "\"" + name + "\"" : "index " + index;
        }
    }

    /**
     * How to read a file. {@code features} null means every column except the label's; {@code delimiter} 0 means a tab
     * for a {@code .tsv} or {@code .tab} file, else a comma.
     */
    public record Options(List<Column> features, Column label, Task task, Header header, char delimiter, Missing missing) {
        /**
         * Every column but the last is a feature, the last is the label; header and task detected; the delimiter by the
         * file's name (tabs for .tsv, else commas); a missing value is an error.
         */
        public static final Options DEFAULT = new Options(null, Column.at(-1), Task.AUTO, Header.AUTO, (char) 0);

        public Options(List<Column> features, Column label, Task task, Header header, char delimiter) {
            this(features, label, task, header, delimiter, Missing.ERROR);
        }

        /** These options with {@code delimiter} instead (0: by the file's name, {@link DataFiles#delimiter}). */
        public Options withDelimiter(char delimiter) {
            return new Options(features, label, task, header, delimiter, missing);
        }

        /** These options with {@code missing} instead. */
        public Options withMissing(Missing missing) {
            return new Options(features, label, task, header, delimiter, missing);
        }
    }

    /**
     * What a row with a missing value ({@link #isMissing}: an empty cell, NA, N/A, NaN, null, None or ?) in a column it
     * uses becomes: ERROR (the default: refused, naming the line and column), DROP (left out, as pandas' {@code dropna()})
     * or FILL, FILL_MEDIAN, FILL_MOST_FREQUENT (kept: the gap is NaN in the data set, which the training statistics then
     * fill with the feature's mean, median or most frequent value, see {@link MissingValues}; a word column's gap is NaN
     * in each of its one-hot features). A row without a label is left out when filling too: there is nothing to learn
     * from it.
     */
    public enum Missing {
        ERROR, DROP, FILL, FILL_MEDIAN, FILL_MOST_FREQUENT;

        /** Every choice's name as a data set's {@code missing} takes it: "error", "drop", "fill", "fill_median", "fill_most_frequent". */
        public static List<String> ids() {
            return Arrays.stream(values()).map(Missing::id).toList();
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** What fills the gaps this keeps; null when it keeps none. */
        public Normalization.FillWith fillWith() {
            return switch (this) {
                case ERROR, DROP -> null;
                case FILL -> Normalization.FillWith.MEAN;
                case FILL_MEDIAN -> Normalization.FillWith.MEDIAN;
                case FILL_MOST_FREQUENT -> Normalization.FillWith.MOST_FREQUENT;
            };
        }

        /** What the choice does, in a sentence's words (the Data tab's menu shows it). */
        public String help() {
            return switch (this) {
                case ERROR -> "stop at the first gap, naming its line and column";
                case DROP -> "leave out each row with a gap in a column used (pandas' dropna)";
                case FILL -> "fill each gap with its feature's training mean (a word column: its words' shares)";
                case FILL_MEDIAN -> "fill each gap with its feature's training median (a word column: its most frequent word)";
                case FILL_MOST_FREQUENT -> "fill each gap with its feature's most frequent training value or word";
            };
        }

        /** Whether gaps are kept for the training statistics to fill. */
        public boolean fills() {
            return fillWith() != null;
        }

        /** Whether a data set's {@code missing} setting ({@code id}, perhaps absent) keeps gaps to fill. */
        public static boolean fills(Object id) {
            return id instanceof String s && ids().contains(s) && valueOf(s.toUpperCase(Locale.ROOT)).fills();
        }
    }

    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");

    /** Whether a cell stands for a missing value: empty, or NA, N/A, NaN, null, None, ? in any case. */
    public static boolean isMissing(String v) {
        // A cell that starts as a number does (most of a large file's) is none of them: it needs no lower-cased copy to say so.
        if (!v.isEmpty() && (v.charAt(0) >= '0' && v.charAt(0) <= '9' || v.charAt(0) == '-' || v.charAt(0) == '+' || v.charAt(0) == '.')) return false;
        // Nor is a word that starts with a letter other than n (every missing word but "?" starts with one): "Lyon", "basic".
        if (!v.isEmpty() && v.charAt(0) > ' ' && v.charAt(0) != '?' && v.charAt(0) != 'n' && v.charAt(0) != 'N') return false;
        return MISSING.contains(v.trim().toLowerCase(Locale.ROOT));
    }

    /** Names a header gives its label column. */
    static final Set<String> LABEL_NAMES = Set.of("label", "labels", "target", "class");

    /** Distinct words a categorical column may have: more are more likely a column of text or of typos than categories. */
    static final int MAX_CATEGORIES = 50;

    public static TensorDataset load(Path file, Options options) throws IOException {
        return load(file, options, null);
    }

    /**
     * {@link #load(Path, Options)}, read as a model's training table was ({@code trained}: its feature and class names;
     * null or empty: none): a separate validation file as its training file, a test file as the trained model's. The
     * features are the training features, found by their names (a header's columns, in any order and among others; or
     * the columns of a training file without a header), a column of words one-hot encoded by the training words, not by
     * this file's own, which may be others or fewer; and the labels are numbered by the training classes, which this file
     * need not all have. A training feature the file lacks, a word training never saw (its features would be all 0s: a
     * sample the model was never shown, scored as if it had been) and a label that is no training class are errors
     * naming the file, and the line and column.
     */
    public static TensorDataset load(Path file, Options options, DataNames trained) throws IOException {
        return load(file, options, trained, Map.of());
    }

    /**
     * {@link #load(Path, Options, DataNames)} with the targets of several target Inputs, {@code targets} naming each one's
     * columns ({@link TargetHead}); empty: the label column's.
     */
    public static TensorDataset load(Path file, Options options, DataNames trained, Map<String, List<Column>> targets) throws IOException {
        try (InputStream in = InputFiles.open(file)) {
            return CsvTable.read(in, file.toString(), file.getFileName().toString(), options).dataset(trained, targets);
        }
    }

    /**
     * The columns of the table {@code file} as {@code options} read it, by their header's names (or, without a header,
     * their numbers from 0), in order: what a data set's {@code targets} may give a target Input.
     */
    public static List<String> columnNames(Path file, Options options) throws IOException {
        CsvTable t;
        try (InputStream in = InputFiles.open(file)) {
            t = CsvTable.head(in, file.toString(), file.getFileName().toString(), options, COLUMNS_ROWS);
        }
        if (t == null) t = table(file, options);
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < t.width; c++) names.add(t.header != null ? t.header[c].trim() : String.valueOf(c));
        return names;
    }

    /** Rows {@link #columnNames} reads first: most files' columns are known from them. */
    private static final int COLUMNS_ROWS = 1000;

    private static CsvTable table(Path file, Options options) throws IOException {
        try (InputStream in = InputFiles.open(file)) {
            return CsvTable.read(in, file.toString(), file.getFileName().toString(), options);
        }
    }

    /**
     * New samples saved by a spreadsheet of a country that writes decimal commas (German Excel: {@code 5,1;3,5;1,4;0,2})
     * for a model that knows its columns: read at the ';' (or tab, '|') that gives the training columns by name, or
     * {@code count} columns (a label's besides), its decimal commas read as points. Null when none does (the one-column
     * message then says which delimiter to give).
     */
    private static CsvTable spreadsheetTable(Path file, Options options, int count, List<String> names) throws IOException {
        for (char d : new char[] {';', '\t', '|'}) {
            CsvTable t;
            try {
                t = table(file, options.withDelimiter(d));
            } catch (FileFormatException e) {
                continue;
            }
            Set<String> columns = new HashSet<>(Arrays.asList(t.rows.get(0)));
            boolean named = !names.isEmpty() && columns.containsAll(names);
            if (named || t.width == count || t.width == count + 1) return t;
        }
        return null;
    }

    /** Reads {@code in}; {@code source} names it in messages, {@code name} names the data set. */
    public static TensorDataset load(InputStream raw, String source, String name, Options options) throws IOException {
        return load(raw, source, name, options, Map.of());
    }

    /** {@link #load(InputStream, String, String, Options)} with the targets of several target Inputs ({@link TargetHead}). */
    public static TensorDataset load(InputStream raw, String source, String name, Options options, Map<String, List<Column>> targets) throws IOException {
        return CsvTable.read(raw, source, name, options).dataset(null, targets);
    }

    /**
     * New samples to predict on: {@code rows} of {@code features.length / rows} values each, and the line each row
     * came from.
     */
    public record Samples(float[] features, int rows, int[] lines) {}

    /**
     * The feature columns of a file of new samples: by their {@code names} in training (a training file's header) when
     * this file's header has them all, in any order and among other columns; else chosen as {@code options} chose them
     * in training: by name or index when it lists them, else every column but the label's, which the file may hold or
     * leave out (a file exactly {@code count} columns wide has no label column). Fails, saying what the file has, when
     * that does not give {@code count} features.
     *
     * @param names the training columns' names, or empty when training had none
     */
    public static Samples features(Path file, Options options, int count, List<String> names) throws IOException {
        CsvTable read;
        try {
            read = table(file, options);
        } catch (FileFormatException e) {
            read = options.delimiter() == 0 ? spreadsheetTable(file, options, count, names) : null;
            if (read == null) throw e;
        }
        // A first line that names every training column is a header, whatever the rows below it hold (all gaps, say).
        if (read.header == null && options.header() == Header.AUTO && names.size() == count) {
            CsvTable named = read.withHeader(Header.PRESENT);
            if (names.stream().allMatch(n -> named.feature(n) != null)) read = named;
        }
        CsvTable t = read;
        // A file without a header, for a model whose words were read from a file without one: columns by index.
        List<CsvTable.Feature> byIndex = t.header == null && names.size() == count ? t.byIndex(names) : null;
        if (byIndex != null) return t.features(byIndex);
        if (names.size() == count && t.header != null && names.stream().allMatch(n -> t.feature(n) != null)) {
            List<Column> byName = new ArrayList<>();
            for (String n : names) byName.add(Column.named(n));
            return new CsvTable(t.source, t.name, t.rows, t.lines, new Options(byName, options.label(), options.task(), Header.PRESENT, t.options.delimiter(), options.missing()))
                    .features(count);
        }
        return t.features(count, names);
    }

    /** The column a header row {@code header} names {@code name} (its cells trimmed), or -1. */
    static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].trim().equals(name)) return i;
        return -1;
    }

    /**
     * Where column {@code c} stands in rows {@code width} wide whose header (null: none) is on line {@code headerLine}.
     *
     * @throws FileFormatException naming the column and what the file has instead
     */

    static int column(Column c, String[] header, int width, String source, int headerLine) throws FileFormatException {
        if (c.name() != null) {
            if (header == null)
                throw new FileFormatException(source + ": column \"" + c.name() + "\" is chosen by name, but the file has no header row");
            int i = indexOf(header, c.name());
            if (i >= 0) return i;
            throw new FileFormatException(source + ": no column \"" + c.name() + "\"; the header on line " + headerLine + " names "
                    + String.join(", ", header));
        }
        int i = c.in(width);
        if (i < 0 || i >= width)
            throw new FileFormatException(source + ": column index " + c.index() + " is outside the " + width + " columns (0.."
                    + (width - 1) + ", or -1.." + (-width) + " from the end)");
        return i;
    }

    /** The index of the label {@code v} among {@code classes} (a whole number's as {@link #numberClasses} names it: "+2" and "2.0" are "2"), or -1. */
    static int classOf(String v, List<String> classes) {
        Long k = whole(v);
        return classes.indexOf(k != null ? Long.toString(k) : v);
    }

    /**
     * Numbers the classes of {@code labels} in sorted order (numerically when {@code integral}, so "10" comes after "9";
     * "2.0" is class "2"),
     * writes each label's class into {@code y} and returns the class names in order.
     */
    static List<String> numberClasses(List<String> labels, boolean integral, long[] y) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        if (integral) {
            TreeSet<Long> values = new TreeSet<>();
            for (String v : labels) values.add(whole(v));
            for (long v : values) {
                index.put(Long.toString(v), names.size());
                names.add(Long.toString(v));
            }
            for (int i = 0; i < y.length; i++) y[i] = index.get(Long.toString(whole(labels.get(i))));
        } else {
            for (String v : new TreeSet<>(labels)) {
                index.put(v, names.size());
                names.add(v);
            }
            for (int i = 0; i < y.length; i++) y[i] = index.get(labels.get(i));
        }
        return names;
    }

    /**
     * The float32 value of the cell {@code v}, which {@code where} names in messages ({@code data.csv:3: column 2 ("y")}).
     *
     * @throws FileFormatException when it is not a number or out of float32 range
     */
    static float number(String v, String where) throws FileFormatException {
        if (!isNumber(v))
            throw new FileFormatException(where + ": expected a number, got " + (v.isEmpty() ? "an empty cell" : "\"" + v + "\""));
        float f = Float.parseFloat(v);
        if (Float.isInfinite(f)) throw new FileFormatException(where + ": " + v + " is out of float32 range");
        return f;
    }

    /** Whether {@code v} is a number as a cell writes one ("3", "-0.5", "1e3"): {@link #NUMBER}, read without a matcher. */
    public static boolean isNumber(String v) {
        int n = v.length(), i = 0;
        if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) i++;
        int whole = digits(v, i);
        i += whole;
        int fraction = 0;
        if (i < n && v.charAt(i) == '.') {
            fraction = digits(v, ++i);
            i += fraction;
        }
        if (whole == 0 && fraction == 0) return false;
        if (i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) i++;
            int exponent = digits(v, i);
            if (exponent == 0) return false;
            i += exponent;
        }
        return i == n;
    }

    /** How many ASCII digits {@code v} has in a row from {@code from}. */
    private static int digits(String v, int from) {
        int i = from;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') i++;
        return i - from;
    }

    /** The float32 value of the cell {@code v} when it is a number ({@link #isNumber}), else NaN; infinite when out of range. */
    static float parse(String v) {
        float f = plainDecimal(v);
        return f == f ? f : isNumber(v) ? Float.parseFloat(v) : Float.NaN;
    }

    /** 10^0 … 10^10: each exact in a float (5^10 < 2^24). */
    private static final float[] POWERS_OF_TEN = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    /**
     * The value of a plain decimal ("-173.11", "0.099325", "42") of at most 2^24 as its digits without the point and at
     * most 10 decimals, else NaN for {@link Float#parseFloat} to read. Such a number is its digits, exact in a float, divided
     * by a power of ten, exact too; IEEE division rounds that quotient correctly, which is what parseFloat returns (Clinger's
     * fast path). Most cells of a data file are such numbers, and parseFloat took a quarter of the time a 200,000-row CSV
     * took to become tensors (bench data_csv).
     */
    static float plainDecimal(String v) {
        return plainDecimal(v, 0, v.length());
    }

    /** {@link #plainDecimal(String)} of the characters {@code from} to {@code to} of {@code v} (a packed row's field). */
    static float plainDecimal(String v, int from, int to) {
        int n = to, i = from;
        if (n == from) return Float.NaN;
        char c = v.charAt(from);
        boolean negative = c == '-';
        if (negative || c == '+') i++;
        int m = 0, digits = 0, decimals = 0;
        boolean point = false;
        for (; i < n; i++) {
            c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                if (m > 1 << 24) return Float.NaN;
                digits++;
                if (point) decimals++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Float.NaN; // an exponent, a space, a word: parseFloat, or none
            }
        }
        if (digits == 0 || decimals > 10) return Float.NaN;
        float f = decimals == 0 ? m : m / POWERS_OF_TEN[decimals];
        return negative ? -f : f;
    }

    /** Whether every label is a whole number ("3", "-1", "+2", "2.0"). */
    static boolean integral(List<String> labels) {
        for (String v : labels) if (whole(v) == null) return false;
        return true;
    }

    /** Whole numbers a class label may be written as: beyond them a float64 no longer holds every integer. */
    private static final double MAX_WHOLE = 1e15;

    /**
     * The whole number the label {@code v} writes ("3", "+2", and "2.0" or "1e1": pandas writes a column of classes as
     * 0.0, 1.0, 2.0 once it has held a gap), or null for a fraction or a word.
     */
    static Long whole(String v) {
        if (integer(v)) return Long.parseLong(strip(v));
        if (!isNumber(v)) return null;
        double d = Double.parseDouble(v);
        return d == Math.rint(d) && Math.abs(d) < MAX_WHOLE ? (long) d : null;
    }

    /** Whether {@code v} matches {@link #INTEGER}, read without a matcher. */
    private static boolean integer(String v) {
        int i = !v.isEmpty() && (v.charAt(0) == '+' || v.charAt(0) == '-') ? 1 : 0, d = digits(v, i);
        return d >= 1 && d <= 18 && i + d == v.length();
    }

    private static String strip(String v) {
        return v.startsWith("+") ? v.substring(1) : v;
    }

    /** A feature's name in a file without a header: its 0-based column, and {@code =word} for a word's one-hot feature. */
    static final Pattern INDEX_NAME = Pattern.compile("(\\d+)(?:=(.*))?");

    /**
     * The names of a file's features when it has no header but has words to one-hot encode (their names travel with the
     * model, so that new samples are encoded the same way): {@code 0}, {@code 1=Biscoe}, {@code 1=Dream}, {@code 2}.
     */
    static List<String> indexNames(List<CsvTable.Feature> features) {
        List<String> out = new ArrayList<>();
        for (CsvTable.Feature f : features) out.add(f.category() == null ? Integer.toString(f.column()) : f.column() + "=" + f.category());
        return out;
    }

    /** Whether feature names are those a file without a header gives ({@link #indexNames}): all by column, some a word's. */
    public static boolean namedByColumn(List<String> names) {
        return !names.isEmpty() && names.stream().allMatch(n -> INDEX_NAME.matcher(n).matches()) && names.stream().anyMatch(n -> n.contains("="));
    }

    /** How many lines after the first {@link #looksLikeHeader} looks at. */
    private static final int HEADER_SNIFF_ROWS = 20;

    static boolean looksLikeHeader(List<String[]> rows) {
        String[] first = rows.get(0);
        if (rows.size() == 1) return Arrays.stream(first).noneMatch(v -> NUMBER.matcher(v).matches());
        // A column with a word on the first line and a number below it (on any of the next lines: the second may be all gaps).
        for (int r = 1; r < Math.min(rows.size(), HEADER_SNIFF_ROWS + 1); r++) {
            String[] next = rows.get(r);
            for (int c = 0; c < Math.min(first.length, next.length); c++)
                if (!NUMBER.matcher(first[c]).matches() && NUMBER.matcher(next[c]).matches()) return true;
        }
        return false;
    }

    /**
     * A header's names, each once: a name that an earlier column has too becomes {@code name.1}, {@code name.2}, … as
     * pandas' {@code read_csv} renames it. Left as they were, two columns "a" were one feature to every reader that finds
     * columns by name (predict, a validation file), which read the first "a" twice.
     */
    static String[] unique(String[] header) {
        String[] out = header.clone();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (String h : header) taken.add(h.trim());
        for (int i = 0; i < out.length; i++) {
            String name = header[i].trim();
            Integer n = seen.get(name);
            seen.put(name, n == null ? 0 : n + 1);
            if (n == null) continue;
            int k = n + 1;
            while (taken.contains(name + "." + k)) k++;
            seen.put(name, k);
            out[i] = name + "." + k;
            taken.add(out[i]);
        }
        return out;
    }

    /**
     * Whether the first column of {@code rows} (their data from row {@code first}, under {@code header}, null for none) is a
     * row index as pandas' {@code to_csv} writes one: no name, or {@code Unnamed: 0}, and a different whole number a row.
     */
    static boolean rowIndex(String[] header, List<String[]> rows, int first) {
        if (header == null || !(header[0].isBlank() || header[0].trim().equals("Unnamed: 0"))) return false;
        Set<String> seen = new HashSet<>();
        for (int i = first; i < rows.size(); i++) {
            String v = CsvRows.cell(rows, i, 0).trim();
            if (!INTEGER.matcher(v).matches() || !seen.add(v)) return false;
        }
        return true;
    }

    /** Whether {@code first} holds the name of a column {@code options} choose by name (the label or a feature). */
    static boolean namesAColumn(String[] first, Options options) {
        List<Column> chosen = new ArrayList<>(options.features() == null ? List.of() : options.features());
        chosen.add(options.label());
        for (Column c : chosen) if (c.name() != null && indexOf(first, c.name()) >= 0) return true;
        return false;
    }

    /**
     * Whether the first of {@code rows} ({@code width} wide) is a header by its cell in the {@code label} column: a word
     * over a column of numbers, or else a word on no other row (a class of one sample is rare; a header's name is no
     * class) and, where {@code repeating}, over labels that repeat (a table of numbers whose few rows are each a class of
     * its own has no header). Column names that are numbers ("0,1,2,label" over rows of pixels and words) leave only the label to tell.
     */
    static boolean headsLabels(List<String[]> rows, int width, Column label, boolean repeating) {
        int c = label.in(width);
        if (label.name() != null || rows.size() < 2 || width < 2 || c < 0 || c >= width) return false;
        String first = rows.get(0)[c].trim();
        boolean numbers = true;
        for (int i = 1; i < rows.size() && numbers; i++) numbers = c < CsvRows.width(rows, i) && isNumber(CsvRows.cell(rows, i, c).trim());
        if (numbers) return !isNumber(first);
        if (rows.size() < 3 || isNumber(first) || isMissing(first)) return false;
        // With repeating, below it labels that repeat (a table's classes): a first row as unique as all the others is a sample.
        Set<String> below = new HashSet<>();
        boolean repeats = false;
        for (int i = 1; i < rows.size(); i++) {
            if (c >= CsvRows.width(rows, i)) continue;
            String v = CsvRows.cell(rows, i, c).trim();
            if (v.equals(first)) return false;
            repeats |= !below.add(v);
        }
        return repeats || !repeating;
    }
}
