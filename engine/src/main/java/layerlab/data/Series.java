package layerlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import layerlab.io.FileFormatException;
import layerlab.io.InputFiles;

/**
 * A time series cut into sliding windows, "given the last {@code window} values, predict the next one": the rows of a
 * CSV file in order (a row a time step), its {@code columns} the variables a window reads and its {@code target} column
 * the value to predict, {@code horizon} steps after the window's last. Window {@code i} starts at row {@code i · stride}
 * and is a sample {@code [window, variables]} (PyTorch's {@code batch_first} layout: steps, then features), for an
 * LSTM, GRU or Conv1d; its target {@code [1]} is the target column's value at row {@code start + window − 1 + horizon},
 * as Keras' {@code timeseries_dataset_from_array} pairs them. The split is chronological ({@link #chronological}: the
 * last windows validate, as scikit-learn's {@code TimeSeriesSplit} holds out the last part), and the statistics that
 * normalize the windows are each variable's over the training windows ({@link Normalization#fitVariables}).
 *
 * <pre>{"source": "series", "path": "sales.csv", "columns": ["sales", "price"], "target": "sales", "window": 12, "validation_split": 0.2}</pre>
 */
public final class Series {
    /** The keys of a CSV file read as a series. */
    public static final List<String> KEYS = List.of("path", "columns", "target", "window", "horizon", "stride", "header", "delimiter");
    /** The keys of a bundled series (its columns fixed). */
    public static final List<String> WINDOW_KEYS = List.of("window", "horizon", "stride");
    static final int DEFAULT_WINDOW = 10;
    private static final int MAX_WINDOW = 100_000;

    private Series() {}

    /**
     * How a series is read and cut: {@code columns} null reads the target alone (a univariate series); {@code delimiter}
     * 0 goes by the file's name.
     */
    public record Options(List<CsvLoader.Column> columns, CsvLoader.Column target, int window, int horizon, int stride,
                          CsvLoader.Header header, char delimiter) {
        public Options {
            columns = columns == null ? null : List.copyOf(columns);
            if (window < 1 || horizon < 1 || stride < 1)
                throw new IllegalArgumentException("window, horizon and stride must be at least 1, got " + window + ", " + horizon + ", " + stride);
        }

        /** These options with {@code header} instead (a file of new rows may have a header or not). */
        public Options withHeader(CsvLoader.Header header) {
            return new Options(columns, target, window, horizon, stride, header, delimiter);
        }

        /** These options for a series whose columns are fixed ({@code columns}, {@code target}), cut as {@code s} says. */
        Options over(List<CsvLoader.Column> columns, CsvLoader.Column target) {
            return new Options(columns, target, window, horizon, stride, CsvLoader.Header.PRESENT, ',');
        }
    }

    /** Whether {@code source} is a time series, which is split in time and normalized per variable. */
    public static boolean isSeries(Object source) {
        return "series".equals(source) || "sunspots".equals(source);
    }

    /** The options a project's {@code dataset} settings give a series (defaults: the last column alone, windows of 10, the next value). */
    public static Options options(Map<String, ?> dataset) {
        return options(new DataSettings(dataset, "dataset"));
    }

    static Options options(DataSettings s) {
        List<CsvLoader.Column> columns = null;
        if (s.has("columns")) {
            columns = new ArrayList<>();
            // A list, or names separated by commas ("columns=sales,price" typed on a command line).
            List<?> given = s.raw("columns") instanceof String names ? List.of(names.split(",")) : s.list("columns");
            for (Object c : given) columns.add(TableSettings.column(s.path("columns"), c instanceof String n ? n.trim() : c));
            if (columns.isEmpty()) throw s.refuse(s.path("columns") + ": name at least one column");
        }
        CsvLoader.Column target = s.has("target") ? TableSettings.column(s.path("target"), s.raw("target")) : CsvLoader.Column.at(-1);
        return new Options(columns, target, (int) s.integer("window", DEFAULT_WINDOW, 1, MAX_WINDOW), (int) s.integer("horizon", 1, 1, MAX_WINDOW),
                (int) s.integer("stride", 1, 1, MAX_WINDOW), TableSettings.header(s), TableSettings.delimiter(s, (char) 0));
    }

    /**
     * A series as read: {@code rows} time steps of the {@code names}d variables ({@code values}, row-major), the target
     * column's value at each step, and the line of the file each row came from.
     */
    public record Values(String source, float[] values, int rows, List<String> names, float[] target, String targetName, int[] lines) {
        public int variables() {
            return names.size();
        }
    }

    /** Reads the series {@code o} describes from {@code file} (a CSV or TSV, gzipped or not). */
    public static Values read(Path file, Options o) throws IOException {
        try (InputStream in = InputFiles.open(file)) {
            return read(in, file.toString(), file.getFileName().toString(), o);
        }
    }

    /**
     * Reads {@code in}; {@code source} names it in messages.
     *
     * @throws FileFormatException naming the line and column of a cell that is no number, or a column the file lacks
     */
    /**
     * The input columns of new rows to forecast from ({@link #forecastInputs}), read as training read them; the target
     * column need not be there when the windows do not read it.
     */
    public static Values readInputs(Path file, Options o) throws IOException {
        CsvLoader.Column any = o.columns() == null ? o.target() : o.columns().get(0);
        return read(file, new Options(o.columns(), any, o.window(), o.horizon(), o.stride(), o.header(), o.delimiter()));
    }

    static Values read(InputStream in, String source, String name, Options o) throws IOException {
        CsvLoader.Options csv = new CsvLoader.Options(o.columns(), o.target(), CsvLoader.Task.REGRESSION, o.header(), o.delimiter());
        CsvTable t = CsvTable.read(in, source, name, csv);
        int headerLine = t.lines.get(0);
        int target = CsvLoader.column(o.target(), t.header, t.width, source, headerLine);
        List<Integer> columns = new ArrayList<>();
        if (o.columns() == null) columns.add(target);
        else for (CsvLoader.Column c : o.columns()) columns.add(CsvLoader.column(c, t.header, t.width, source, headerLine));
        int rows = t.rows.size() - t.first, f = columns.size();
        if (rows == 0) throw new FileFormatException(source + ": no data rows after the header on line " + headerLine);
        float[] values = new float[rows * f], y = new float[rows];
        int[] lines = new int[rows];
        for (int r = 0; r < rows; r++) {
            String[] row = t.rows.get(t.first + r);
            int line = t.lines.get(t.first + r);
            lines[r] = line;
            if (row.length != t.width)
                throw new FileFormatException(source + ":" + line + ": expected " + t.width + " fields (like line " + headerLine + "), got " + row.length);
            for (int k = 0; k < f; k++) values[r * f + k] = cell(t, row, columns.get(k), line);
            y[r] = cell(t, row, target, line);
        }
        List<String> names = new ArrayList<>();
        for (int c : columns) names.add(columnName(t, c));
        return new Values(source, values, rows, names, y, columnName(t, target), lines);
    }

    private static float cell(CsvTable t, String[] row, int column, int line) throws FileFormatException {
        String v = row[column].trim();
        String where = t.source + ":" + line + ": column " + (column + 1) + " (" + columnName(t, column) + ")";
        if (CsvLoader.isMissing(v))
            throw new FileFormatException(where + ": a missing value; a series needs every step (fill or remove the gap in the file)");
        return CsvLoader.number(v, where);
    }

    private static String columnName(CsvTable t, int column) {
        return t.header != null ? t.header[column].trim() : Integer.toString(column);
    }

    /** How many windows of {@code o} a series of {@code rows} steps gives. */
    public static int windows(int rows, Options o) {
        int last = rows - o.window() - o.horizon(); // the last start whose target is inside the series
        return last < 0 ? 0 : last / o.stride() + 1;
    }

    /**
     * The windows of {@code v} as samples {@code [window, variables]} with their targets {@code [1]}, in time order.
     *
     * @throws IllegalArgumentException when the series is too short for one window and its target
     */
    public static TensorDataset windows(Values v, Options o, String name) {
        int n = windows(v.rows(), o), f = v.variables(), w = o.window();
        if (n == 0)
            throw new IllegalArgumentException(v.source() + ": " + v.rows() + " time steps are too few for a window of " + w + " and a target "
                    + o.horizon() + " step" + (o.horizon() == 1 ? "" : "s") + " after it (" + (w + o.horizon()) + " at least): make dataset.window smaller");
        float[] x = new float[n * w * f], y = new float[n];
        for (int i = 0; i < n; i++) {
            int start = i * o.stride();
            System.arraycopy(v.values(), start * f, x, i * w * f, w * f);
            y[i] = v.target()[start + w - 1 + o.horizon()];
        }
        return TensorDataset.regression(name + " (" + String.join(", ", v.names()) + " → " + v.targetName() + ", window " + w
                + (o.horizon() == 1 ? ", next step" : ", " + o.horizon() + " steps ahead") + ")", x, new int[] {w, f}, y, new int[] {1});
    }

    /** {@link #chronological(int, double, String)} of {@code data}'s windows, as the split of a series' data set. */
    static Splits.TrainValidation chronological(TensorDataset data, double validationFraction) {
        Splits.Indices i = chronological(data.size(), validationFraction, data.name());
        return new Splits.TrainValidation(data.subset(data.name() + " [train]", i.train()), data.subset(data.name() + " [validation]", i.validation()));
    }

    /** Why a series takes no cross-validation folds. */
    static final String NO_FOLDS = "dataset: a time series is not cut into shuffled folds (its validation windows would lie before the "
            + "training ones); use validation_split, which validates on its last windows";

    /** What {@code key} of a series {@code source} is when left out, for a form's empty field. */
    static String defaultText(String source, String key) {
        return switch (key) {
            case "columns" -> "the target alone";
            case "target" -> "sunspots".equals(source) ? "SUNACTIVITY" : "the last column";
            case "window" -> DEFAULT_WINDOW + " steps";
            case "horizon" -> "1: the next step";
            case "stride" -> "1: a window at every step";
            default -> throw new IllegalArgumentException("a series has no option \"" + key + "\"");
        };
    }

    /**
     * The last {@code validationFraction} of {@code n} windows in time order (rounded, at least one) validate, the ones
     * before them train: no window trained on lies after one validated on, and none is shuffled across the split.
     */
    public static Splits.Indices chronological(int n, double validationFraction, String name) {
        int v = (int) Math.max(1, Math.round(validationFraction * n));
        if (v >= n)
            throw new IllegalArgumentException(name + ": a validation fraction of " + validationFraction + " of " + n + " windows leaves none for training");
        int[] train = new int[n - v], validation = new int[v];
        for (int i = 0; i < n - v; i++) train[i] = i;
        for (int i = 0; i < v; i++) validation[i] = n - v + i;
        return new Splits.Indices(train, validation);
    }

    /**
     * Inputs to forecast from: every window of {@code v} (stride 1), the last one ending at the file's last row, each named
     * by its lines ("lines 301–310"); its prediction is the target {@code horizon} steps after that row.
     *
     * @throws IllegalArgumentException when the file holds fewer rows than a window
     */
    public static Samples forecastInputs(Values v, int window) {
        int n = v.rows() - window + 1, f = v.variables();
        if (n < 1)
            throw new IllegalArgumentException(v.source() + ": " + v.rows() + " row" + (v.rows() == 1 ? "" : "s") + " of " + String.join(", ", v.names())
                    + ", but the model reads windows of " + window + " steps: give at least the last " + window);
        float[] x = new float[n * window * f];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            System.arraycopy(v.values(), i * f, x, i * window * f, window * f);
            names.add("lines " + v.lines()[i] + "–" + v.lines()[i + window - 1]);
        }
        return new Samples(x, n, window, f, names);
    }

    /** Windows to forecast from, {@code [n, window, variables]}, and a name for each. */
    public record Samples(float[] x, int n, int window, int variables, List<String> names) {}
}
