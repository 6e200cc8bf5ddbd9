package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import layerlab.io.FileFormatException;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV's rows read as a time series: windows, their targets, the split in time and the statistics per variable. */
class SeriesTest {
    @TempDir Path dir;

    /** Rows t = 0..n-1 of "t,a,b" with a = t and b = 100 + 10·t. */
    Path table(int n) throws IOException {
        StringBuilder sb = new StringBuilder("t,a,b\n");
        for (int t = 0; t < n; t++) sb.append(t).append(',').append(t).append(',').append(100 + 10 * t).append('\n');
        Path p = dir.resolve("series.csv");
        Files.writeString(p, sb);
        return p;
    }

    DataSplit open(String json) throws IOException {
        return DataSources.open(DataSourcesTest.json(json), dir);
    }

    static float[] x(Dataset d) {
        return ((TensorDataset) d).features();
    }

    static float[] y(Dataset d) {
        return ((TensorDataset) d).valueTargets();
    }

    @Test
    void windowsReadTheLastStepsAndTargetTheValueHorizonStepsLater() throws IOException {
        table(10);
        // Window 3, stride 2, 2 steps ahead: starts 0, 2, 4 (the next start, 6, would need row 6 + 2 + 2 = 10).
        TensorDataset d = (TensorDataset) open("{\"source\": \"series\", \"path\": \"series.csv\", \"target\": \"a\", \"window\": 3, \"horizon\": 2, \"stride\": 2}").train();
        assertArrayEquals(new int[] {3, 1}, d.sampleShape());
        assertArrayEquals(new int[] {1}, d.targetShape());
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4, 4, 5, 6}, d.features());
        assertArrayEquals(new float[] {4, 6, 8}, d.valueTargets());
        assertEquals(3, Series.windows(10, new Series.Options(null, CsvLoader.Column.at(-1), 3, 2, 2, CsvLoader.Header.AUTO, ',')));
    }

    @Test
    void severalColumnsAreTheVariablesOfAStepAndTheTargetNeedNotBeOne() throws IOException {
        table(6);
        TensorDataset d = (TensorDataset) open("{\"source\": \"series\", \"path\": \"series.csv\", \"columns\": [\"b\", \"a\"], \"target\": \"t\", \"window\": 2}").train();
        assertArrayEquals(new int[] {2, 2}, d.sampleShape());
        assertArrayEquals(new float[] {100, 0, 110, 1}, Arrays.copyOf(d.features(), 4)); // a step's variables in the order named
        assertArrayEquals(new float[] {2, 3, 4, 5}, d.valueTargets());
        assertTrue(d.name().contains("b, a → t, window 2"), d.name());
        // On the command line: names separated by commas.
        TensorDataset typed = (TensorDataset) DataSources.open(Map.of("source", "series", "path", "series.csv", "columns", "b, a", "target", "t", "window", 2), dir).train();
        assertArrayEquals(d.features(), typed.features());
    }

    @Test
    void theLastWindowsValidateInTimeOrder() throws IOException {
        table(25);
        // 20 windows of 5 (targets 5..24): the last 4 validate, the 16 before them train, none shuffled across the split.
        DataSplit s = open("{\"source\": \"series\", \"path\": \"series.csv\", \"target\": \"a\", \"window\": 5, \"validation_split\": 0.2, \"seed\": 3}");
        float[] train = y(s.train()), validation = y(s.validation());
        assertEquals(16, train.length);
        for (int i = 0; i < 16; i++) assertEquals(5 + i, train[i]);
        assertArrayEquals(new float[] {21, 22, 23, 24}, validation);
        assertArrayEquals(new int[] {0, 1, 2}, Series.chronological(4, 0.25, "s").train());
        assertThrows(IllegalArgumentException.class, () -> Series.chronological(1, 0.5, "s"));
    }

    @Test
    void theStatisticsArePerVariableOverTheTrainingWindowsAlone() throws IOException {
        table(25);
        DataSplit s = open("{\"source\": \"series\", \"path\": \"series.csv\", \"columns\": [\"a\", \"b\"], \"target\": \"a\", \"window\": 5, "
                + "\"normalize\": \"standardize\", \"validation_split\": 0.2}");
        Normalization n = s.normalization();
        assertEquals(Normalization.Per.VARIABLE, n.per());
        // The 16 training windows start at 0..15 and read rows 0..19: the mean and population deviation of what they read.
        double[] mean = new double[2], sq = new double[2];
        int count = 0;
        for (int start = 0; start < 16; start++)
            for (int t = start; t < start + 5; t++, count++) {
                mean[0] += t;
                mean[1] += 100 + 10 * t;
            }
        for (int k = 0; k < 2; k++) mean[k] /= count;
        for (int start = 0; start < 16; start++)
            for (int t = start; t < start + 5; t++) {
                sq[0] += Math.pow(t - mean[0], 2);
                sq[1] += Math.pow(100 + 10 * t - mean[1], 2);
            }
        assertArrayEquals(new float[] {(float) mean[0], (float) mean[1]}, n.offset(), 1e-4f);
        assertArrayEquals(new float[] {(float) Math.sqrt(sq[0] / count), (float) Math.sqrt(sq[1] / count)}, n.scale(), 1e-4f);
        // Applied to both parts: the first validation window's first step is row 16.
        float[] v = x(s.validation());
        assertEquals((16 - mean[0]) / Math.sqrt(sq[0] / count), v[0], 1e-5);
        assertEquals((260 - mean[1]) / Math.sqrt(sq[1] / count), v[1], 1e-5);
        // Targets stay in the data's units, for MAE and RMSE in them.
        assertEquals(21, y(s.validation())[0]);
        // A batch of windows [N, steps, variables] takes the same pairs; restore undoes them.
        Tensor batch = Tensor.of(new float[] {16, 260, 17, 270}, 1, 2, 2);
        Tensor normalized = n.apply(batch);
        assertEquals(v[0], normalized.toFloatArray()[0], 1e-6);
        assertEquals(v[3], normalized.toFloatArray()[3], 1e-6);
        assertArrayEquals(batch.toFloatArray(), n.restore(normalized).toFloatArray(), 1e-4f);
        assertEquals(n, Normalization.fromMap(n.toMap()));
        assertEquals("standardize per variable (2)", n.describe());
    }

    @Test
    void theBundledSunspotsAreTheYearsInOrder() {
        TensorDataset d = BundledDatasets.sunspots(BundledDatasets.SUNSPOTS);
        // 309 years 1700–2008 give 299 windows of 10; 1700–1709 read 5, 11, 16, 23, 36, 58, 29, 20, 10, 8 and 1710 had 3.
        assertEquals(299, d.size());
        assertArrayEquals(new float[] {5, 11, 16, 23, 36, 58, 29, 20, 10, 8}, Arrays.copyOf(d.features(), 10));
        assertEquals(3f, d.valueTargets()[0]);
        assertEquals(2.9f, d.valueTargets()[298], 1e-6f); // 2008
        assertEquals(BundledDatasets.sunspots(BundledDatasets.SUNSPOTS).size(), BundledDatasets.load("sunspots").size());
    }

    @Test
    void forecastInputsAreEveryWindowTheLastEndingAtTheFile() throws IOException {
        Path p = table(5);
        Series.Options o = Series.options(Map.of("source", "series", "path", "series.csv", "columns", List.of("a", "b"), "target", "t"));
        Series.Samples s = Series.forecastInputs(Series.readInputs(p, o), 4);
        assertEquals(2, s.n());
        assertEquals(List.of("lines 2–5", "lines 3–6"), s.names());
        assertArrayEquals(new float[] {1, 110, 2, 120, 3, 130, 4, 140}, Arrays.copyOfRange(s.x(), 8, 16));
        String few = assertThrows(IllegalArgumentException.class, () -> Series.forecastInputs(Series.readInputs(p, o), 6)).getMessage();
        assertTrue(few.contains("5 rows of a, b, but the model reads windows of 6 steps"), few);
    }

    @Test
    void mistakesSayWhatAndWhere() throws IOException {
        table(5);
        String shortSeries = assertThrows(IllegalArgumentException.class,
                () -> open("{\"source\": \"series\", \"path\": \"series.csv\", \"window\": 5}")).getMessage();
        assertTrue(shortSeries.contains("5 time steps are too few for a window of 5 and a target 1 step after it"), shortSeries);
        Files.writeString(dir.resolve("gap.csv"), "date,v\n2020-01,1\n2020-02,\n2020-03,3\n");
        String gap = assertThrows(FileFormatException.class, () -> open("{\"source\": \"series\", \"path\": \"gap.csv\", \"window\": 1}")).getMessage();
        assertTrue(gap.contains("gap.csv:3: column 2 (v): a missing value"), gap);
        String words = assertThrows(FileFormatException.class,
                () -> open("{\"source\": \"series\", \"path\": \"gap.csv\", \"columns\": [\"date\", \"v\"], \"window\": 1}")).getMessage();
        assertTrue(words.contains("gap.csv:2: column 1 (date): expected a number, got \"2020-01\""), words);
        String unknown = assertThrows(FileFormatException.class,
                () -> open("{\"source\": \"series\", \"path\": \"series.csv\", \"target\": \"price\"}")).getMessage();
        assertTrue(unknown.contains("no column \"price\""), unknown);
        String zero = assertThrows(IllegalArgumentException.class,
                () -> open("{\"source\": \"series\", \"path\": \"series.csv\", \"horizon\": 0}")).getMessage();
        assertTrue(zero.contains("dataset.horizon"), zero);
        String folds = assertThrows(IllegalArgumentException.class,
                () -> DataSources.folds(DataSourcesTest.json("{\"source\": \"sunspots\"}"), dir, 5)).getMessage();
        assertTrue(folds.contains("not cut into shuffled folds"), folds);
        String key = assertThrows(IllegalArgumentException.class, () -> open("{\"source\": \"sunspots\", \"path\": \"x.csv\"}")).getMessage();
        assertTrue(key.contains("path"), key);
    }
}
