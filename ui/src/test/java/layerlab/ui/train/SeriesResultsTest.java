package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.PredictionTable;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.RegressionFitPane;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A time-series model in the window: SunspotsLSTM's Data tab offers the windows' options and heads a window's values by
 * their steps, and after a short run Results ›
 * Predict new samples reads a CSV of years as its windows (as {@code layerlab predict} does), the last one forecasting the
 * year after the file, each the number the trained model gives that window.
 */
class SeriesResultsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) {
        return TestWindows.projector(stage, dir.resolve("recovery.json"));
    }

    @Test
    void predictNewSamplesForecastsFromACsvOfYears(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "sunspots-lstm.json", 2);
        assertTrue(d.session().data().description().contains("238 for training, 59 for validation; normalize: standardize per variable (1)"),
                d.session().data().description());
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        for (String key : List.of("window", "horizon", "stride")) assertTrue(robot.lookup("#data-" + key).tryQuery().isPresent(), key);
        // The preview heads a window's values by their step back from the last: t-11 … t, the target beside them.
        waitFor("the preview's table", () -> robot.lookup("#dataTable").tryQuery().isPresent());
        javafx.scene.control.TableView<?> preview = robot.lookup("#dataTable").queryAs(javafx.scene.control.TableView.class);
        List<String> headings = preview.getColumns().stream().map(c -> c.getText()).toList();
        assertEquals(List.of("target", "t-11", "t-10"), headings.subList(0, 3));
        assertEquals("t", headings.get(12));
        Path years = Files.writeString(dir.resolve("years.csv"), "YEAR,SUNACTIVITY\n1995,17.5\n1996,8.6\n1997,21.5\n1998,64.3\n1999,93.3\n"
                + "2000,119.6\n2001,111.0\n2002,104.0\n2003,63.7\n2004,40.4\n2005,29.8\n2006,15.2\n2007,7.5\n");
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        // The errors, and beside them the naive forecast's on the same validation years (in sunspot numbers) and the skill.
        waitFor("the regression's errors", () -> d.results().regressionFit().regression() != null);
        RegressionFitPane.Regression r = d.results().regressionFit().regression();
        String summary = d.results().summaryText();
        assertTrue(summary.startsWith("59 samples evaluated: mean absolute error "), summary);
        assertTrue(summary.contains("\nThe naive forecast (last value): MAE 25.5, RMSE 33.2; skill "), summary);
        assertEquals(25.45, r.naive().mae(), 0.005);
        assertEquals(33.18, r.naive().rmse(), 0.005);
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "skill %.3f", 1 - r.mae() / r.naive().mae())), summary);
        robot.interact(() -> d.results().predictPane().predict(years));
        waitFor("the file's forecasts", () -> d.results().predictPane().predictions() != null);
        PredictionTable table = d.results().predictPane().predictions();
        assertEquals(2, table.size());
        assertEquals(List.of("lines 2–13", "lines 3–14"), List.of(table.sample(0), table.sample(1)));
        float[] v = {17.5f, 8.6f, 21.5f, 64.3f, 93.3f, 119.6f, 111.0f, 104.0f, 63.7f, 40.4f, 29.8f, 15.2f, 7.5f};
        float[] x = new float[24];
        for (int w = 0; w < 2; w++) System.arraycopy(v, w, x, w * 12, 12);
        Evaluator trained = d.session().finished().evaluator();
        float[] expected = trained.predict(d.session().data().normalization().apply(Tensor.of(x, 2, 12, 1)), 2).toFloatArray();
        assertArrayEquals(expected, new float[] {table.values(0)[0], table.values(1)[0]}, 1e-6f);
        TestWindows.screenshot(robot, stage, "series-results.png");
    }
}
