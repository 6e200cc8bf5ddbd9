package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.layout.Region;
import layerlab.ui.ChartTheme;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The runs' table in a 1600×1000 window, where the charts stand in one row: it had its least height, a header and two
 * rows, so a sweep's runs went by two at a time while the charts above kept more than they need. It now has room for a
 * header and four rows, and the charts keep at least 62 % of the height (the two-row arrangement's share) and their least.
 */
@WindowTest.Size(width = 1600, height = 1000)
class RunsTableRoomTest extends WindowTest {
    @Test
    void aThousandPixelWindowShowsFourRunsAndChartsAboveTheirLeast(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        WaitForAsyncUtils.waitForFxEvents();
        ChartsView charts = d.charts();
        Region table = charts.runsTable();
        Node lr = robot.lookup("#chart-lr").query();
        double view = table.getScene().getHeight();
        double scale = ChartTheme.textScale(table.getScene());
        // The case in hand: the charts in one row, the table under them.
        assertTrue(lr.localToScene(lr.getLayoutBounds()).getMaxY() <= table.localToScene(table.getLayoutBounds()).getMinY() + 1,
                "the charts in one row above the runs' table at " + view + " px");
        assertTrue(table.getHeight() >= 5 * 25 * scale - 1,
                "room for a header and four runs: the table is " + table.getHeight() + " px high");
        double chart = ((Region) lr).getHeight();
        assertTrue(chart >= ChartsLayout.leastChart(scale), "a chart keeps its least: " + chart);
        assertTrue(chart >= 0.62 * (chart + table.getHeight()) - 12, "the charts keep most of the height: " + chart + " over " + table.getHeight());
    }

    /**
     * Wherever the charts and the table's least fit the view, the two fill it and no more: no scroll bar for a few pixels
     * (at 200 % text, 62 % of a 358-px view left less than the table's least, and the view scrolled by 14 px).
     */
    @Test
    void theChartsAndTheTableFillTheViewWhereBothFit(FxRobot robot) {
        robot.interact(() -> {
            javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
            ChartsLayout lay = new ChartsLayout(grid, new Region(), new Region(), new Region(), new RunsTable(r -> false));
            for (double scale : new double[] {1, 1.25, 1.5, 2}) {
                for (double h = 100; h < 1000; h += 1) {
                    lay.fit(h, scale);
                    if (lay.mode() != ChartsLayout.Mode.ONE_ROW || h - ChartsLayout.leastRuns(scale) < ChartsLayout.leastChart(scale)) continue;
                    assertEquals(h, grid.getMinHeight(), 1e-9, "the view's height at " + scale + "× text, " + h + " px");
                }
            }
        });
    }
}
