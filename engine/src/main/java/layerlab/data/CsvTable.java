package layerlab.data;

import static layerlab.data.CsvLoader.*;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import layerlab.io.FileFormatException;

/** The parsed rows of one CSV file and the columns chosen from them ({@link CsvLoader} reads through it). */
final class CsvTable {
    final String source, name;
    final List<String[]> rows;
    final List<Integer> lines;
    final Options options;
    final String[] header;
    final int first, width;
    /** Whether the rows are new samples for a trained model (which changes what a gap's message advises). */
    boolean predicting;

    CsvTable(String source, String name, List<String[]> rows, List<Integer> lines, Options options) {
        this.source = source;
        this.name = name;
        this.rows = rows;
        this.lines = lines;
        this.options = options;
        boolean hasHeader = switch (options.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> looksLikeHeader(rows) || namesAColumn(rows.get(0), options) || headsLabels(rows, rows.get(0).length, options.label(), true);
        };
        header = hasHeader ? unique(rows.get(0)) : null;
        first = hasHeader ? 1 : 0;
        width = rows.get(0).length;
    }

    /** Reads {@code raw} (gzipped or not); {@code source} names it in messages, {@code name} names the data set. */
    static CsvTable read(InputStream raw, String source, String name, Options options) throws IOException {
        return read(raw, source, name, options, Integer.MAX_VALUE);
    }

    /**
     * The table's first {@code most} rows, when they tell its columns as the whole file does: null where the whole
     * file must be read to tell (a header left to detect that its first rows do not show, an empty last column that a
     * later row might fill). The Data tab listed a 200,000-row file's columns by reading it whole, before reading it
     * again to show it.
     */
    static CsvTable head(InputStream raw, String source, String name, Options options, int most) throws IOException {
        CsvTable t = read(raw, source, name, options, most);
        if (t.whole) return t;
        boolean headerKnown = options.header() != Header.AUTO || looksLikeHeader(t.rows) || namesAColumn(t.rows.get(0), options);
        return headerKnown && !t.trimmedLastColumn ? t : null;
    }

    /** Whether the rows are all the file's ({@link #head} may have read some). */
    private boolean whole = true;
    /** Whether an empty last column was left out of every row. */
    private boolean trimmedLastColumn;

    private static CsvTable read(InputStream raw, String source, String name, Options options, int most) throws IOException {
        CsvText text = CsvText.read(raw, source, options.delimiter(), most);
        CsvTable t = new CsvTable(source, name, text.rows(), text.lines(), options.withDelimiter(text.delimiter()));
        t.whole = text.whole();
        t.trimmedLastColumn = text.trimmedLastColumn();
        return t;
    }

    /** The same rows, their first a header or not as {@code h} says. */
    CsvTable withHeader(Header h) {
        return new CsvTable(source, name, rows, lines, new Options(options.features(), options.label(), options.task(), h, options.delimiter(), options.missing()));
    }

    /** Checks that there are data rows, all as wide as the first; returns how many. */
    private int dataRows() throws FileFormatException {
        int n = rows.size() - first;
        if (n == 0) throw new FileFormatException(source + ": no data rows after the header on line " + lines.get(0));
        for (int i = first; i < rows.size(); i++) {
            if (CsvRows.width(rows, i) != width)
                throw new FileFormatException(at(i) + "expected " + width + " fields (like line " + lines.get(0) + "), got "
                        + CsvRows.width(rows, i));
        }
        return n;
    }

    /** A feature: the number in {@code column}, or with a {@code category}, 1 where the column holds that word and 0 elsewhere (one-hot). */
    record Feature(int column, String category) {}

    /**
     * The feature a training feature's name stands for in this file (with a header): its column, or for a name
     * {@code col=value} the category {@code value} of column {@code col}; null when the file has neither.
     */
    Feature feature(String name) {
        if (header == null) return null;
        int i = indexOf(header, name);
        if (i >= 0) return new Feature(i, null);
        for (int eq = name.indexOf('='); eq >= 0; eq = name.indexOf('=', eq + 1)) {
            int c = indexOf(header, name.substring(0, eq));
            if (c >= 0) return new Feature(c, name.substring(eq + 1));
        }
        return null;
    }

    /**
     * The features of training names that a file without a header gave ({@link #indexNames}: {@code 2},
     * {@code 1=Biscoe}), in this file without one: at the same indices when it is as wide as the training file was
     * (with its label column), or in order when it holds just the feature columns; null when the names are not such
     * names or the file is neither.
     */
    List<Feature> byIndex(List<String> names) throws FileFormatException {
        if (!namedByColumn(names)) return null;
        List<Feature> out = new ArrayList<>();
        TreeSet<Integer> columns = new TreeSet<>();
        for (String n : names) {
            java.util.regex.Matcher m = INDEX_NAME.matcher(n);
            if (!m.matches()) return null; // namedByColumn said it does
            int c = Integer.parseInt(m.group(1));
            out.add(new Feature(c, m.group(2)));
            columns.add(c);
        }
        if (width > columns.last()) return out;
        if (width != columns.size())
            throw new FileFormatException(source + ": " + width + " columns, but the model was trained on a file without a header whose "
                    + "features are in columns " + columns.stream().map(c -> Integer.toString(c)).collect(java.util.stream.Collectors.joining(", "))
                    + " (0-based): give those columns in that order, with or without the label column");
        List<Integer> order = new ArrayList<>(columns);
        List<Feature> shifted = new ArrayList<>();
        for (Feature f : out) shifted.add(new Feature(order.indexOf(f.column()), f.category()));
        return shifted;
    }

    Samples features(int count) throws FileFormatException {
        return features(count, List.of());
    }

    /**
     * The {@code count} feature columns as {@link #features(int)} chooses them; when they do not fit, the message names the
     * columns training read ({@code trained}: its features' names, {@code island=Biscoe} for a column of words), and those
     * this file's header lacks, rather than a count of one-hot values the file never shows.
     */
    Samples features(int count, List<String> trained) throws FileFormatException {
        dataRows(); // rows as wide as the first, before their columns are counted
        List<Feature> features = new ArrayList<>();
        if (options.features() != null) {
            for (Column c : options.features()) {
                Feature f = c.name() != null ? feature(c.name()) : null;
                features.add(f != null ? f : new Feature(resolve(c), null));
            }
        } else {
            Column label = options.label();
            boolean labelled = label.name() != null ? header != null && Arrays.asList(header).contains(label.name()) : width == count + 1;
            int skip = labelled ? resolve(label) : -1;
            for (int c = 0; c < width; c++) if (c != skip) features.add(new Feature(c, null));
        }
        if (features.size() != count) {
            List<String> names = new ArrayList<>();
            for (Feature f : features) names.add(columnName(f.column()));
            String have = source + ": " + features.size() + " feature column" + (features.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")";
            if (options.features() == null && header != null && trained.size() == count) {
                // Training's columns by name: a column of words is one column here, however many values it became.
                java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>(), lacks = new java.util.LinkedHashSet<>();
                for (String n : trained) {
                    int eq = n.indexOf('=');
                    String c = "\"" + (eq > 0 && indexOf(header, n) < 0 ? n.substring(0, eq) : n) + "\"";
                    columns.add(c);
                    if (feature(n) == null) lacks.add(c);
                }
                throw new FileFormatException(have + ", but the model was trained on the columns " + String.join(", ", columns)
                        + ": give them by name, in any order" + (lacks.isEmpty() ? "" : " (this file lacks " + String.join(", ", lacks) + ")"));
            }
            throw new FileFormatException(have + ", but the model takes " + count + " features per sample"
                    + (options.features() == null ? "; give the " + count + " columns it was trained on, with or without its label column ("
                            + (options.label().name() == null && options.label().index() == -1 ? "the last" : options.label()) + ")" : ""));
        }
        return features(features);
    }

    /** The rows' values of {@code features}. */
    Samples features(List<Feature> features) throws FileFormatException {
        predicting = true;
        int n = dataRows(), count = features.size();
        float[] x = new float[n * count];
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
            at[i] = lines.get(first + i);
            // A category the training data did not have is none of the model's: all its columns 0.
            for (int k = 0; k < count; k++) x[i * count + k] = value(first + i, features.get(k));
        }
        return new Samples(x, n, at);
    }

    private float value(int row, Feature f) throws FileFormatException {
        if (f.category() == null && rows instanceof CsvRows packed) {
            // A plain decimal (most cells) is a number, never a gap: read where it lies, as the lines below would read it.
            float v = packed.plainDecimal(row, f.column());
            if (v == v) return v;
        }
        String raw = cell(row, f.column()), v = raw.trim();
        if (isMissing(v)) {
            if (options.missing().fills()) return Float.NaN;
            throw missing(row, f.column());
        }
        if (f.category() == null) return number(row, f.column(), raw);
        return v.equals(f.category()) ? 1f : 0f;
    }

    TensorDataset dataset(DataNames trained) throws FileFormatException {
        return dataset(trained, Map.of());
    }

    /**
     * The data set, its targets the label column's, or with {@code targets} (a target Input's name to its columns, in
     * order; empty: the label's) float32 {@code [N, W]} shared among those Inputs ({@link TargetHead}): none of their
     * columns is a feature, and a row with a gap in any of them is left out as a row without a label is.
     */
    TensorDataset dataset(DataNames trained, Map<String, List<Column>> targets) throws FileFormatException {
        dataRows();
        int label = targets.isEmpty() ? resolve(options.label()) : -1;
        // Every column some target takes: the label's, or the targets'.
        Map<String, int[]> headColumns = new java.util.LinkedHashMap<>();
        Map<Integer, String> takenBy = new java.util.HashMap<>();
        for (var t : targets.entrySet()) {
            if (t.getValue().isEmpty())
                throw new FileFormatException(source + ": dataset.targets." + t.getKey() + " names no column; give the column (or columns) target Input \""
                        + t.getKey() + "\" takes");
            int[] cs = new int[t.getValue().size()];
            for (int k = 0; k < cs.length; k++) {
                try {
                    cs[k] = resolve(t.getValue().get(k));
                } catch (FileFormatException e) {
                    throw new FileFormatException("dataset.targets." + t.getKey() + ": " + e.getMessage());
                }
                String other = takenBy.putIfAbsent(cs[k], t.getKey());
                if (other != null)
                    throw new FileFormatException(source + ": column " + columnName(cs[k]) + " is the target of both \"" + other + "\" and \"" + t.getKey()
                            + "\" in dataset.targets; give each target Input columns of its own");
            }
            headColumns.put(t.getKey(), cs);
        }
        int[] targetColumns = targets.isEmpty() ? new int[] {label} : takenBy.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] columns;
        int index = -1;
        if (options.features() == null) {
            index = !contains(targetColumns, 0) && rowIndex() ? 0 : -1;
            java.util.List<Integer> cs = new ArrayList<>();
            for (int c = 0; c < width; c++) if (!contains(targetColumns, c) && c != index) cs.add(c);
            columns = cs.stream().mapToInt(Integer::intValue).toArray();
        } else {
            columns = new int[options.features().size()];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = resolve(options.features().get(k));
                if (columns[k] == label)
                    throw new FileFormatException(source + ": the label column " + columnName(label) + " is also listed as a feature");
                if (takenBy.containsKey(columns[k]))
                    throw new FileFormatException(source + ": column " + columnName(columns[k]) + " is target Input \"" + takenBy.get(columns[k])
                            + "\"'s in dataset.targets and also listed as a feature; a model would read its own answer");
            }
        }
        if (columns.length == 0) throw new FileFormatException(source + ": no feature columns");

        // The rows used: with missing values (in a column used) refused, left out, or kept with their gaps (but not
        // without a label).
        boolean fill = options.missing().fills();
        List<Integer> used = new ArrayList<>();
        int gaps = 0;
        for (int i = first; i < rows.size(); i++) {
            if ((i & 0xffff) == 0) layerlab.io.ReadProgress.checkCurrent();
            int gap = fill ? missingIn(i, new int[0], targetColumns) : missingIn(i, columns, targetColumns);
            if (gap < 0) used.add(i);
            else if (options.missing() == Missing.ERROR) throw missing(i, gap);
            if (fill && gap < 0) for (int c : columns) if (CsvRows.isMissing(rows, i, c)) gaps++;
        }
        if (used.isEmpty()) throw new FileFormatException(source + ": every row has a missing " + (fill ? "label" : "value"));

        // A column of words (no value a number) is categorical: one 0/1 feature per word, in sorted order; or as the
        // training set's names say.
        List<Feature> features = new ArrayList<>();
        List<String> names = new ArrayList<>(), identifiers = new ArrayList<>();
        List<String> trainedNames = trained == null ? List.of() : trained.features();
        List<Feature> trainedByIndex = byIndex(trainedNames);
        if (trainedByIndex != null) {
            features.addAll(trainedByIndex);
            names.addAll(trainedNames);
        } else if (header != null && !trainedNames.isEmpty()) {
            for (String t : trainedNames) {
                Feature f = feature(t);
                if (f == null)
                    throw new FileFormatException(source + ": no column for the training feature \"" + t + "\"; line " + lines.get(0) + " names "
                            + String.join(", ", header));
                features.add(f);
                names.add(t);
            }
        } else if (!trainedNames.isEmpty()) {
            // No header to find the training columns by: the columns chosen, in order, as numbers. Words encoded by this
            // file's own would be one-hot features that only happen to line up with the training ones.
            if (trainedNames.stream().anyMatch(t -> t.contains("=")))
                throw new FileFormatException(source + ": no header row, so the training features (" + String.join(", ", trainedNames)
                        + ") cannot be found by their columns' names; add the header row");
            for (int c : columns) features.add(new Feature(c, null));
            if (columns.length == trainedNames.size()) names.addAll(trainedNames);
        }
        if (!trainedNames.isEmpty()) knownWords(used, features);
        for (int c : features.isEmpty() ? columns : new int[0]) {
            // The first number makes it a column of numbers: a numeric column costs one look, not a set of its values.
            boolean words = true;
            TreeSet<String> values = new TreeSet<>();
            int cells = 0;
            for (int i : used) {
                String v = cell(i, c).trim();
                if (isMissing(v)) continue; // only under FILL: the others left such rows out
                if (isNumber(v)) {
                    words = false;
                    break;
                }
                values.add(v);
                cells++;
            }
            // A different word on every row (an ID such as "A017", a name) tells nothing of a new row: one-hot encoded, each
            // of its features would fit one training row. Among the columns taken by default it is left out, as pandas'
            // row index is; one listed in "features" is the user's choice.
            if (words && options.features() == null && cells >= IDENTIFIER_ROWS && values.size() == cells) {
                identifiers.add(columnName(c));
                continue;
            }
            if (!words) {
                features.add(new Feature(c, null));
                if (header != null) names.add(header[c]);
                continue;
            }
            if (values.isEmpty()) {
                throw new FileFormatException(source + ": column " + columnName(c) + " has no value in any row; leave it out with \"features\"");
            }
            // "0,5" is a number where a comma marks decimals, "12%" or "1,250.00" one a spreadsheet formatted: as words each
            // value would become a one-hot feature of its own.
            if (values.stream().allMatch(v -> DECIMAL_COMMA.matcher(v).matches()))
                throw new FileFormatException(source + ": column " + columnName(c) + " holds numbers with decimal commas (\"" + values.first()
                        + "\"); LayerLab reads decimal points: save the file with points (in a spreadsheet, the CSV of an English locale)");
            if (values.stream().allMatch(v -> isNumber(NUMBER_MARKS.matcher(v).replaceAll(""))))
                throw new FileFormatException(source + ": column " + columnName(c) + " holds numbers written with other marks (\"" + values.first()
                        + "\"); LayerLab reads plain numbers (1250.5, 0.12): save them without percent or currency signs and thousands separators");
            if (values.size() > MAX_CATEGORIES) {
                throw new FileFormatException(source + ": column " + columnName(c) + " holds " + values.size() + " different words: as categories "
                        + "(one feature each) that is more than " + MAX_CATEGORIES + "; leave it out with \"features\", or read texts with the text source");
            }
            for (String v : values) {
                features.add(new Feature(c, v));
                if (header != null) names.add(header[c] + "=" + v);
            }
        }
        if (header == null && names.isEmpty() && features.stream().anyMatch(f -> f.category() != null)) names = indexNames(features);
        int n = used.size(), w = features.size();
        float[] x = new float[n * w];
        // A row's cell of a column of words is read once for all of its one-hot features (16 features of 3 such columns
        // made 16 copies of a cell per row, each looked up among the missing values' words).
        Feature[] fs = features.toArray(new Feature[0]);
        String[] cells = new String[width];
        int[] readIn = new int[width];
        Arrays.fill(readIn, -1);
        for (int r = 0; r < n; r++) {
            if ((r & 0xffff) == 0) layerlab.io.ReadProgress.checkCurrent();
            int row = used.get(r);
            for (int k = 0; k < w; k++) {
                Feature f = fs[k];
                int c = f.column();
                if (f.category() == null) {
                    x[r * w + k] = value(row, f);
                    continue;
                }
                if (readIn[c] != row) {
                    String v = cell(row, c).trim();
                    cells[c] = isMissing(v) ? null : v;
                    readIn[c] = row;
                }
                x[r * w + k] = cells[c] == null ? value(row, f) : cells[c].equals(f.category()) ? 1f : 0f;
            }
        }
        int[] shape = {w};
        // Under FILL a value is NaN exactly where its cell had none ("nan" in a cell is one of those).
        java.util.BitSet holes = new java.util.BitSet();
        if (fill) for (int i = 0; i < x.length; i++) if (Float.isNaN(x[i])) holes.set(i);

        List<String> labels = new ArrayList<>();
        if (label >= 0) for (int i : used) labels.add(cell(i, label));
        int left = rows.size() - first - n;
        List<String> notes = new ArrayList<>();
        if (index >= 0) notes.add("the unnamed first column, pandas' row index, left out");
        if (!identifiers.isEmpty())
            notes.add("the column" + (identifiers.size() == 1 ? " " : "s ") + String.join(", ", identifiers) + ", a different word on every row, left out");
        String named = label < 0 ? null : labelNamedElsewhere(label);
        if (named != null) notes.add("the label is the last column, " + columnName(label) + "; for the column \"" + named + "\" give label_column");
        if (left > 0) notes.add(left + " of " + (rows.size() - first) + " rows " + (fill ? "without a label" : "with missing values") + " left out");
        if (gaps > 0) notes.add(gaps + " missing value" + (gaps == 1 ? "" : "s") + " to fill");
        String dataName = notes.isEmpty() ? name : name + " (" + String.join("; ", notes) + ")";
        if (!targets.isEmpty()) return heads(dataName, x, shape, names, holes, used, headColumns);
        if (options.task().of(labels) == Task.REGRESSION) {
            float[] y = new float[n];
            for (int r = 0; r < n; r++) y[r] = number(used.get(r), label);
            return TensorDataset.regression(dataName, x, shape, y, new int[] {1}).withFeatureNames(names).withGaps(holes);
        }
        long[] y = new long[n];
        if (trained != null && !trained.classes().isEmpty()) {
            List<String> classes = trained.classes();
            for (int r = 0; r < n; r++) {
                String v = labels.get(r);
                int k = classOf(v, classes);
                if (k < 0)
                    throw new FileFormatException(at(used.get(r)) + "column " + (label + 1) + " (" + columnName(label) + "): \"" + v
                            + "\" is not one of the training set's classes (" + String.join(", ", classes) + ")");
                y[r] = k;
            }
            return TensorDataset.classification(dataName, x, shape, y, classes).withFeatureNames(names).withGaps(holes);
        }
        return TensorDataset.classification(dataName, x, shape, y, numberClasses(labels, integral(labels), y)).withFeatureNames(names)
                .withGaps(holes);
    }

    /**
     * The name of a column other than the label's that a header calls a label ("label", "target", "class"), when the
     * label is the last column by default: a file whose label column comes first is otherwise read with its last
     * feature as the targets, which the messages that follow blame on the model. Null when there is none.
     */
    private String labelNamedElsewhere(int label) {
        if (header == null || options.label().name() != null || options.label().index() != -1) return null;
        for (int c = 0; c < width; c++) {
            String n = header[c].trim();
            if (c != label && LABEL_NAMES.contains(n.toLowerCase(Locale.ROOT))) return n;
        }
        return null;
    }

    /**
     * Whether the first column is a row index, as pandas' {@code to_csv} writes one unless told {@code index=False}: no
     * name (or pandas' {@code Unnamed: 0} for it, read and written again) and a different whole number on each row. As a
     * feature it would tell the model where a row stands in the file, which in a file sorted by class gives the class away.
     */
    private boolean rowIndex() {
        return CsvLoader.rowIndex(header, rows, first);
    }

    /**
     * Checks that the rows {@code used} hold, in each column of words among the training {@code features}, only words
     * training had (or a gap, which is NaN in them all).
     */
    private void knownWords(List<Integer> used, List<Feature> features) throws FileFormatException {
        Map<Integer, java.util.Set<String>> words = new java.util.TreeMap<>();
        for (Feature f : features) if (f.category() != null) words.computeIfAbsent(f.column(), c -> new java.util.LinkedHashSet<>()).add(f.category());
        for (var column : words.entrySet()) {
            for (int i : used) {
                String v = cell(i, column.getKey()).trim();
                if (!isMissing(v) && !column.getValue().contains(v))
                    throw new FileFormatException(at(i) + "column " + (column.getKey() + 1) + " (" + columnName(column.getKey()) + "): \"" + v
                            + "\" is not one of the training set's words for it (" + String.join(", ", column.getValue()) + ")");
            }
        }
    }

    /** The first of {@code columns} (or the targets') that row {@code i} has no value in, or -1. */
    private int missingIn(int i, int[] columns, int[] targetColumns) {
        for (int c : columns) if (CsvRows.isMissing(rows, i, c)) return c;
        for (int c : targetColumns) if (CsvRows.isMissing(rows, i, c)) return c;
        return -1;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    /**
     * The targets of several target Inputs for the rows {@code used}: each head's columns in turn, a column of words as
     * its class index (numbered in sorted order), one of numbers as the number.
     */
    private TensorDataset heads(String dataName, float[] x, int[] shape, List<String> names, java.util.BitSet holes, List<Integer> used,
                                Map<String, int[]> headColumns) throws FileFormatException {
        int n = used.size(), w = headColumns.values().stream().mapToInt(c -> c.length).sum();
        float[] y = new float[n * w];
        List<TargetHead> heads = new ArrayList<>();
        int at = 0;
        for (var h : headColumns.entrySet()) {
            int[] cs = h.getValue();
            List<String> columnNames = new ArrayList<>();
            for (int c : cs) columnNames.add(header != null ? header[c].trim() : String.valueOf(c));
            List<String> classes = List.of();
            boolean words = false;
            if (cs.length == 1) {
                int c = cs[0];
                List<String> labels = new ArrayList<>();
                for (int i : used) labels.add(cell(i, c).trim());
                boolean numbers = labels.stream().allMatch(CsvLoader::isNumber);
                if (!numbers || CsvLoader.integral(labels)) {
                    long[] k = new long[n];
                    classes = CsvLoader.numberClasses(labels, CsvLoader.integral(labels), k);
                    words = !numbers;
                    if (words) for (int r = 0; r < n; r++) y[r * w + at] = k[r];
                }
            }
            for (int k = 0; k < cs.length; k++) {
                if (words) continue;
                for (int r = 0; r < n; r++) {
                    String v = cell(used.get(r), cs[k]).trim();
                    if (!CsvLoader.isNumber(v))
                        throw new FileFormatException(at(used.get(r)) + "column " + (cs[k] + 1) + " (" + columnName(cs[k]) + "), one of target Input \""
                                + h.getKey() + "\"'s " + cs.length + " columns, holds \"" + v + "\"; several columns of one target must hold numbers");
                    y[r * w + at + k] = number(used.get(r), cs[k]);
                }
            }
            heads.add(new TargetHead(h.getKey(), columnNames, classes, words));
            at += cs.length;
        }
        return TensorDataset.regression(dataName, x, shape, y, new int[] {w}).withFeatureNames(names).withHeads(heads).withGaps(holes);
    }

    private FileFormatException missing(int row, int column) {
        String v = cell(row, column).trim();
        String gap = at(row) + "column " + (column + 1) + " (" + columnName(column) + ") has no value (" + (v.isEmpty() ? "an empty cell" : "\"" + v + "\"") + ")";
        if (predicting)
            return new FileFormatException(gap + "; the model needs every feature (a model trained with \"missing\": \"fill\" fills gaps with its training means)");
        return new FileFormatException(gap + "; leave rows with missing values out with \"missing\": \"drop\", "
                + "or fill the gaps with the columns' means with \"missing\": \"fill\""
                + (options.features() == null && column != resolveLabel() && noNumbers(column) ? ", or choose the feature columns without it with \"features\"" : ""));
    }

    private float number(int row, int column) throws FileFormatException {
        return number(row, column, cell(row, column));
    }

    /** {@link #number(int, int)} of the cell {@code v} already read. */
    private float number(int row, int column, String v) throws FileFormatException {
        float f = CsvLoader.parse(v);
        // The message is made only for a cell that is no number: made for every cell, it took longer than the parsing.
        return Float.isFinite(f) ? f : CsvLoader.number(v, at(row) + "column " + (column + 1) + " (" + columnName(column) + ")");
    }

    /** Whether no data row holds a number in {@code column} (notes, names: a column one leaves out rather than fills). */
    private boolean noNumbers(int column) {
        for (int i = first; i < rows.size(); i++) if (isNumber(cell(i, column).trim())) return false;
        return true;
    }

    /** The label's column, or -1 where it is none of the file's (which {@link #resolve} would say). */
    private int resolveLabel() {
        try {
            return resolve(options.label());
        } catch (FileFormatException e) {
            return -1;
        }
    }

    private int resolve(Column c) throws FileFormatException {
        return column(c, header, width, source, lines.get(0));
    }

    /** Field {@code column} of row {@code row}. */
    private String cell(int row, int column) {
        return CsvRows.cell(rows, row, column);
    }

    private String columnName(int column) {
        return header != null ? "\"" + header[column] + "\"" : "index " + column;
    }

    private String at(int row) {
        return source + ":" + lines.get(row) + ": ";
    }

    /** The rows from which a column of words, each on one row, is taken for an identifier rather than for categories. */
    static final int IDENTIFIER_ROWS = 20;
}
