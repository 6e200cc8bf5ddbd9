package layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The naive forecast (a window's last target value) of a time series, in the data's units, beside a model's errors. */
class NaiveForecastTest {
    @TempDir Path dir;

    /** v = 1, 4, 2, 8, 5, 7 and w = 10·v + 3: a target and a second variable on another scale. */
    private void table() throws IOException {
        Files.writeString(dir.resolve("s.csv"), "v,w\n1,13\n4,43\n2,23\n8,83\n5,53\n7,73\n");
    }

    private NaiveForecast validation(String json) throws IOException {
        Map<String, ?> settings = DataSourcesTest.json(json);
        DataSplit split = DataSources.open(settings, dir);
        return NaiveForecast.forSeries(settings, dir, split.validation(), split.normalization());
    }

    @Test
    void theLastValueOfTheTargetVariableRestoredFromTheNormalizedWindows() throws IOException {
        table();
        // Windows of 2 (rows 0–1 … 3–4) and the next row: the last two validate, ending at rows 3 and 4 (8 and 5), targets
        // rows 4 and 5 (5 and 7): errors 3 and 2, MAE 2.5, RMSE √((9 + 4) / 2). The windows read w, then v, standardized.
        NaiveForecast n = validation("{\"source\": \"series\", \"path\": \"s.csv\", \"columns\": [\"w\", \"v\"], \"target\": \"v\", \"window\": 2, "
                + "\"normalize\": \"standardize\", \"validation_split\": 0.5}");
        assertEquals(2, n.samples());
        assertEquals(2.5, n.mae(), 1e-5);
        assertEquals(Math.sqrt(6.5), n.rmse(), 1e-5);
        assertEquals(1 - 1.0 / 2.5, n.skill(1.0), 1e-12);
        // The target numbered (column 0) and the columns named: the file's header says which variable it is.
        NaiveForecast numbered = validation("{\"source\": \"series\", \"path\": \"s.csv\", \"columns\": [\"w\", \"v\"], \"target\": 0, \"window\": 2, "
                + "\"normalize\": \"scale\", \"validation_split\": 0.5}");
        assertEquals(2.5, numbered.mae(), 1e-5);
        // Two steps ahead: windows end at rows 1, 2 and 3; the last two (2 and 8) forecast rows 4 and 5 (5 and 7): errors 3 and 1.
        NaiveForecast ahead = validation("{\"source\": \"series\", \"path\": \"s.csv\", \"window\": 2, \"horizon\": 2, \"target\": \"v\", "
                + "\"validation_split\": 0.5}");
        assertEquals(2.0, ahead.mae(), 1e-5);
        assertEquals(Math.sqrt(5), ahead.rmse(), 1e-5);
    }

    @Test
    void noBaselineWhereTheWindowsDoNotReadTheTargetOrTheDataAreNoSeries() throws IOException {
        table();
        assertNull(validation("{\"source\": \"series\", \"path\": \"s.csv\", \"columns\": [\"w\"], \"target\": \"v\", \"window\": 2, \"validation_split\": 0.5}"));
        Map<String, ?> sine = DataSourcesTest.json("{\"source\": \"sine\", \"validation_split\": 0.2}");
        DataSplit split = DataSources.open(sine, dir);
        assertNull(NaiveForecast.forSeries(sine, dir, split.validation(), split.normalization()));
    }

    @Test
    void sunspotsValidationYearsAsTheSampleProjectSplitsThem() throws IOException {
        NaiveForecast n = validation("{\"source\": \"sunspots\", \"window\": 12, \"normalize\": \"standardize\", \"validation_split\": 0.2, \"seed\": 0}");
        assertEquals(59, n.samples());
        // By hand from the windows as read (not normalized): the last 59, each one's last year against the next.
        TensorDataset raw = BundledDatasets.sunspots(Series.options(Map.of("window", 12)));
        float[] x = raw.features(), y = raw.valueTargets();
        double abs = 0, sq = 0;
        for (int i = raw.size() - 59; i < raw.size(); i++) {
            double d = x[i * 12 + 11] - y[i];
            abs += Math.abs(d);
            sq += d * d;
        }
        assertEquals(abs / 59, n.mae(), 1e-4);
        assertEquals(Math.sqrt(sq / 59), n.rmse(), 1e-4);
        assertEquals(25.4508, n.mae(), 1e-4);
        assertEquals(33.1750, n.rmse(), 1e-4);
        String line = n.describe(16.8);
        assertTrue(line.startsWith("naive forecast (last value): MAE 25.45"), line);
        assertTrue(line.contains("skill 0.340"), line);
    }
}
