package layerlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The naive forecast of a time series, the baseline a forecaster must beat: each window's last value of the target
 * variable, repeated {@code horizon} steps ahead ("persistence", Hyndman's naive method). Its errors are in the data's
 * own units, as a series' targets are ({@link Series}): the window values the model reads are normalized, so the last
 * one is restored with the statistics that normalized it before it is compared with the target. The skill is
 * {@code 1 − model MAE / naive MAE}: 0 as good as the naive forecast, above 0 better, 1 perfect, below 0 worse.
 *
 * @param samples how many windows were forecast
 * @param mae     the mean absolute error of the naive forecast
 * @param rmse    its root mean squared error
 */
public record NaiveForecast(int samples, double mae, double rmse) {
    /** The errors of {@code forecast} against {@code truth}, sample by sample (the same length). */
    public static NaiveForecast of(float[] forecast, float[] truth) {
        if (forecast.length != truth.length)
            throw new IllegalArgumentException(forecast.length + " forecasts for " + truth.length + " targets");
        double abs = 0, sq = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = (double) forecast[i] - truth[i];
            abs += Math.abs(d);
            sq += d * d;
        }
        int n = truth.length;
        return new NaiveForecast(n, n == 0 ? Double.NaN : abs / n, n == 0 ? Double.NaN : Math.sqrt(sq / n));
    }

    /**
     * The naive forecast of {@code windows} ({@code [window, variables]} each, normalized by {@code normalization}, which
     * is undone), the last step's value of variable {@code variable} for each window's one target.
     */
    public static NaiveForecast of(Dataset windows, Normalization normalization, int variable) {
        int[] shape = windows.sampleShape();
        if (shape.length != 2 || windows.isClassification())
            throw new IllegalArgumentException(windows.describe() + ": not the windows of a time series");
        int n = windows.size(), steps = shape[0], variables = shape[1];
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        Batch b = windows.batch(all);
        float[] x = normalization.restore(b.inputs()).toFloatArray(), y = b.targets().toFloatArray();
        if (y.length != n) throw new IllegalArgumentException(windows.describe() + ": the naive forecast is of one target a window");
        float[] last = new float[n];
        for (int i = 0; i < n; i++) last[i] = x[(i * steps + steps - 1) * variables + variable];
        return of(last, y);
    }

    /**
     * The naive forecast of {@code scored}, windows of the series the dataset {@code settings} describe (relative paths
     * from {@code baseDir}), normalized by {@code normalization}; null when they are no time series, or when the windows do
     * not read the target variable (there is then no last value to repeat).
     */
    public static NaiveForecast forSeries(Map<String, ?> settings, Path baseDir, Dataset scored, Normalization normalization) {
        if (settings == null || scored == null || !Series.isSeries(settings.get("source")) || scored.isClassification()) return null;
        int variable = targetVariable(settings, baseDir);
        if (variable < 0 || scored.sampleShape().length != 2 || variable >= scored.sampleShape()[1]) return null;
        return of(scored, normalization, variable);
    }

    /**
     * Which of a series' variables is its target: 0 for one read alone (the bundled sunspots, a series without
     * {@code columns}), the place among {@code columns} of the column the target names, found by the file's header when
     * one is named and the other numbered; −1 when the windows do not read it or the file cannot be read.
     */
    static int targetVariable(Map<String, ?> settings, Path baseDir) {
        if ("sunspots".equals(settings.get("source"))) return 0;
        Series.Options o = Series.options(settings);
        if (o.columns() == null) return 0;
        List<CsvLoader.Column> columns = o.columns();
        int same = columns.indexOf(o.target());
        if (same >= 0) return same;
        try {
            Series.Values v = Series.read(new DataSettings(settings, "dataset").path("path", baseDir == null ? Path.of("") : baseDir), o);
            return v.names().indexOf(v.targetName());
        } catch (IOException | RuntimeException e) {
            return -1; // the data were read to score the model; a header unread here leaves the baseline out, not the scores
        }
    }

    /** The skill of a model whose mean absolute error is {@code modelMae}: {@code 1 − modelMae / mae} (NaN when this MAE is 0). */
    public double skill(double modelMae) {
        return mae > 0 ? 1 - modelMae / mae : Double.NaN;
    }

    /**
     * One line beside a model's scores: "naive forecast (last value): MAE 25.4508, RMSE 33.1750; skill 0.340 (1 − MAE /
     * naive MAE; above 0: better than naive)".
     */
    public String describe(double modelMae) {
        return describe(modelMae, NaiveForecast::number);
    }

    /** {@link #describe(double)}, the errors written as {@code number} writes them (as the scores beside them are). */
    public String describe(double modelMae, DoubleFunction<String> number) {
        double s = skill(modelMae);
        return String.format(Locale.ROOT, "naive forecast (last value): MAE %s, RMSE %s; skill %s (1 − MAE / naive MAE; above 0: better than naive)",
                number.apply(mae), number.apply(rmse), Double.isNaN(s) ? "—" : String.format(Locale.ROOT, "%.3f", s));
    }

    private static String number(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a != 0 && (a < 1e-3 || a >= 1e5) ? "%.4g" : "%.4f", v);
    }
}
