package layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import layerlab.data.DataSources;
import layerlab.data.DataSplit;
import layerlab.data.TensorDataset;
import layerlab.graph.json.ProjectJson;
import layerlab.io.Npy;
import layerlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forecasting a time series from the command line: the SunspotsLSTM sample trains, beats repeating the last value on the
 * validation years, and predicts from a CSV of years (its windows, the last one forecasting past the file).
 */
class SeriesCommandsTest {
    static final Path SAMPLE = Path.of("..", "sample-projects", "sunspots-lstm.json");
    @TempDir static Path dir;
    static Path model;
    static String trainOut;

    @BeforeAll
    static void train() {
        model = dir.resolve("sunspots.llab");
        CliRunner t = new CliRunner();
        // 60 of the sample's 150 epochs (measured: validation MSE about 800, MAE about 20 by then).
        assertEquals(0, t.run("train", SAMPLE.toString(), "--epochs", "60", "--device", "cpu", "--save-bundle", model.toString()), t.err.toString());
        assertTrue(t.out.toString().contains("sunspots (SUNACTIVITY → SUNACTIVITY, window 12, next step): 297 samples of [12, 1], targets [1]; "
                + "238 for training, 59 for validation; normalize: standardize per variable (1)"), t.out.toString());
        trainOut = t.out.toString();
    }

    @Test
    void evalAndTrainSetTheNaiveForecastBesideTheModel() throws Exception {
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("eval", model.toString(), "--json"), cli.err.toString());
        JsonNode r = new ObjectMapper().readTree(cli.out.toString());
        // The validation years' last values as their forecasts, in sunspot numbers (not the standardized windows').
        assertEquals(25.45, r.get("naive_mae").asDouble(), 0.005, r.toString());
        assertEquals(33.18, r.get("naive_rmse").asDouble(), 0.005, r.toString());
        assertEquals(1 - r.get("mae").asDouble() / r.get("naive_mae").asDouble(), r.get("skill").asDouble(), 1e-9);
        assertTrue(r.get("skill").asDouble() > 0, r.toString());
        CliRunner text = new CliRunner();
        assertEquals(0, text.run("eval", model.toString()), text.err.toString());
        String out = text.out.toString();
        assertTrue(out.contains("\nnaive forecast (last value): MAE 25.45"), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "skill %.3f (1 − MAE / naive MAE; above 0: better than naive)",
                r.get("skill").asDouble())), out);
        // train's last lines: the validation MAE, then the yardstick on the same years.
        assertTrue(trainOut.contains("validation: naive forecast (last value): MAE 25.45"), trainOut);
    }

    @Test
    void theLstmBeatsRepeatingTheLastValueOnTheValidationYears() throws Exception {
        // The yardstick, from the validation windows as the data set gives them: each window's last value as its forecast.
        DataSplit split = DataSources.open(ProjectJson.load(SAMPLE).dataset(), SAMPLE.getParent());
        TensorDataset validation = (TensorDataset) split.validation();
        Tensor last = split.normalization().restore(Tensor.of(validation.features(), validation.size(), 12, 1));
        float[] windows = last.toFloatArray(), targets = validation.valueTargets();
        double se = 0, ae = 0;
        for (int i = 0; i < targets.length; i++) {
            double d = windows[i * 12 + 11] - targets[i];
            se += d * d;
            ae += Math.abs(d);
        }
        double naiveMse = se / targets.length, naiveMae = ae / targets.length;
        assertEquals(33.18, Math.sqrt(naiveMse), 0.01, "the yardstick the sample's description names");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("eval", model.toString(), "--json"), cli.err.toString());
        JsonNode r = new ObjectMapper().readTree(cli.out.toString());
        assertEquals(59, r.get("samples").asInt());
        assertTrue(r.get("loss").asDouble() < naiveMse, r + " against repeating the last value: MSE " + naiveMse);
        assertTrue(r.get("mae").asDouble() < naiveMae, r + " against repeating the last value: MAE " + naiveMae);
        assertEquals(Math.sqrt(r.get("loss").asDouble()), r.get("rmse").asDouble(), 1e-3);
    }

    @Test
    void predictReadsACsvOfYearsAsWindowsTheLastForecastingPastTheFile() throws Exception {
        Path years = Files.writeString(dir.resolve("years.csv"), "YEAR,SUNACTIVITY\n1995,17.5\n1996,8.6\n1997,21.5\n1998,64.3\n1999,93.3\n2000,119.6\n"
                + "2001,111.0\n2002,104.0\n2003,63.7\n2004,40.4\n2005,29.8\n2006,15.2\n2007,7.5\n2008,2.9\n");
        CliRunner cli = new CliRunner();
        Path csv = dir.resolve("forecast.csv");
        assertEquals(0, cli.run("predict", model.toString(), "--input", years.toString(), "--output", csv.toString()), cli.err.toString());
        assertTrue(cli.err.toString().contains("3 windows of 12 rows; the last, lines 4–15, forecasts past the file's end"), cli.err.toString());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(4, rows.size(), rows.toString());
        assertTrue(rows.get(3).startsWith("lines 4–15,"), rows.toString());
        // The same windows as an array [3, 12, 1] give the same numbers.
        float[] v = {17.5f, 8.6f, 21.5f, 64.3f, 93.3f, 119.6f, 111.0f, 104.0f, 63.7f, 40.4f, 29.8f, 15.2f, 7.5f, 2.9f};
        float[] x = new float[36];
        for (int w = 0; w < 3; w++) System.arraycopy(v, w, x, w * 12, 12);
        Npy.write(dir.resolve("windows.npy"), Tensor.of(x, 3, 12, 1));
        assertEquals(0, cli.run("predict", model.toString(), "--input", dir.resolve("windows.npy").toString(), "--output", dir.resolve("a.npy").toString()));
        assertEquals(0, cli.run("predict", model.toString(), "--input", years.toString(), "--output", dir.resolve("b.npy").toString()));
        assertArrayEquals(Npy.read(dir.resolve("a.npy")).toFloatArray(), Npy.read(dir.resolve("b.npy")).toFloatArray());
        // Fewer rows than a window: said, naming the file.
        Files.writeString(dir.resolve("few.csv"), "SUNACTIVITY\n1\n2\n3\n");
        CliRunner few = new CliRunner();
        assertEquals(2, few.run("predict", model.toString(), "--input", dir.resolve("few.csv").toString()));
        assertTrue(few.err.toString().contains("3 rows of SUNACTIVITY, but the model reads windows of 12 steps"), few.err.toString());
    }
}
