package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.TextSize;
import layerlab.ui.shell.Theme;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.title.LegendTitle;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a teacher shows on a projector. The dashboard's charts follow View › Text Size as the rest of the window does (their fonts are AWT's, out of CSS's
 * reach): title, axis labels, tick labels and legend grow at 150 % and shrink back; a log axis swapped in keeps the
 * size and the dark theme's colours; an exported image stays at 100 %.
 */
@WindowTest.Size(width = 1280, height = 720)
class TeachingViewsTest extends WindowTest {
    private static void assertSizes(JFreeChart c, double scale) {
        String what = c.getTitle() == null ? "chart" : c.getTitle().getText();
        if (c.getTitle() != null) assertEquals(13 * scale, c.getTitle().getFont().getSize2D(), 1e-3, what + " title");
        List<Axis> axes = List.of(c.getXYPlot().getDomainAxis(), c.getXYPlot().getRangeAxis());
        for (Axis a : axes) {
            assertEquals(12 * scale, a.getLabelFont().getSize2D(), 1e-3, what + " axis label " + a.getLabel());
            assertEquals(11 * scale, a.getTickLabelFont().getSize2D(), 1e-3, what + " tick labels " + a.getLabel());
        }
        LegendTitle l = c.getLegend();
        if (l != null) assertEquals(11 * scale, l.getItemFont().getSize2D(), 1e-3, what + " legend");
    }

    @Test
    void chartsFollowTheTextSizeAndALogAxisKeepsItAndTheDarkColours(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        ChartsView charts = d.charts();
        List<JFreeChart> all = List.of(charts.lossChart(), charts.metricChart(), charts.lrChart());
        for (JFreeChart c : all) assertSizes(c, 1);

        robot.interact(() -> window.model().textSizeProperty().set(TextSize.LARGER));
        WaitForAsyncUtils.waitForFxEvents();
        for (JFreeChart c : all) assertSizes(c, 1.5);
        // In this 720-px window the learning rate's low chart still has a plot to draw in (it had only its title), and
        // the value axes' names that would not fit up their short sides ("ccuracy") give way to the titles.
        for (String id : List.of("#chart-lr", "#chart-loss", "#chart-accuracy")) {
            org.jfree.chart.fx.ChartViewer v = robot.lookup(id).queryAs(org.jfree.chart.fx.ChartViewer.class);
            robot.interact(() -> v.getCanvas().draw());
            double plot = v.getCanvas().getRenderingInfo().getPlotInfo().getDataArea().getHeight();
            assertTrue(plot >= 24, id + "'s plot is " + plot + " px high in a " + v.getHeight() + "-px chart");
            String label = v.getChart().getXYPlot().getRangeAxis().getLabel();
            if (label != null) {
                double room = plot, needed = label.length() * 12 * 1.5 * 0.55;
                assertTrue(needed <= room, id + ": \"" + label + "\" needs " + needed + " px up a " + room + "-px side");
            }
        }

        robot.interact(() -> window.model().themeProperty().set(Theme.DARK));
        robot.interact(() -> charts.logScaleBox().setSelected(true));
        assertTrue(charts.lossChart().getXYPlot().getRangeAxis() instanceof org.jfree.chart.axis.LogAxis);
        assertSizes(charts.lossChart(), 1.5);
        java.awt.Color tick = (java.awt.Color) charts.lossChart().getXYPlot().getRangeAxis().getTickLabelPaint();
        assertTrue(tick.getRed() > 128, "the log axis's ticks are light on the dark plot: " + tick);

        Path png = dir.resolve("charts.png");
        robot.interact(() -> {
            try {
                charts.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (JFreeChart c : all) assertSizes(c, 1.5);
        assertTrue(((java.awt.Color) charts.lossChart().getBackgroundPaint()).getRed() < 100, "dark again after the export");

        robot.interact(() -> window.model().textSizeProperty().set(TextSize.NORMAL));
        WaitForAsyncUtils.waitForFxEvents();
        for (JFreeChart c : all) assertSizes(c, 1);
    }

    /**
     * The inspector and the results after a run, at 150 % text: each layer's gradient-norm line differs from its
     * neighbours' in its dash as well as its colour (JFreeChart's red, blue and green told conv2 from fc by hue alone),
     * in the model's order; the histograms wrap so that the chart stays in view; the table names the step its figures
     * are of and writes its numbers whole; the confusion matrix's heading keeps how to read it.
     */
    @Test
    void theInspectorAndResultsReadWholeOnAProjector(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("spirals.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        robot.clickOn("#trainStart");
        layerlab.ui.TestWindows.waitFor("statistics of every layer",
                () -> d.inspector().gradNorms().getSeriesCount() >= 3 && d.inspector().gradNorms().getSeries(0).getItemCount() > 0);
        robot.interact(d.session()::stop);
        layerlab.ui.TestWindows.waitFor("stopped", () -> !d.session().state().active());
        // At 150 % text the histograms (wider now) wrap in the inspector's left column: the gradient-norm chart stays in view.
        robot.interact(() -> window.model().textSizeProperty().set(TextSize.LARGER));
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        layerlab.ui.TestWindows.waitFor("histograms of fc1", () -> d.inspector().histograms().lookup("#hist-fc1_weight") != null);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node chart = robot.lookup("#inspectGradNorms").query();
        javafx.geometry.Bounds at = chart.localToScene(chart.getLayoutBounds());
        assertTrue(at.getMaxX() <= d.inspector().localToScene(d.inspector().getLayoutBounds()).getMaxX() + 0.5,
                "the gradient-norm chart ends at " + at.getMaxX() + ", in the inspector");
        // The table says which step its figures are of: statistics are taken every few steps, not at the run's end.
        long last = d.session().run().stats().get(d.session().run().stats().size() - 1).step();
        String when = robot.lookup("#inspectStatsStep").queryAs(javafx.scene.control.Label.class).getText();
        assertTrue(when.startsWith("Statistics of training step " + last + ","), when);
        long runAt = d.session().run().lastBatch().step();
        assertTrue(runAt == last ? when.contains(", the latest:") : when.contains("every 50 steps (stats_every); the run is at step " + runAt + ":"), when);
        // At 150 % the table's cells are narrower than three digits and an exponent: each number is written in fewer
        // digits, never cut ("1.4…" for 1.45e-3).
        int numbers = 0;
        for (javafx.scene.Node n : d.inspector().table().lookupAll(".table-cell")) {
            javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) n;
            if (cell.isEmpty() || !(cell.getItem() instanceof Double v) || cell.getText() == null || cell.getText().equals("…")) continue;
            javafx.scene.text.Text shown = (javafx.scene.text.Text) cell.lookup(".text");
            assertEquals(cell.getText(), shown.getText(), "a number shown whole: " + v);
            assertEquals(v, Double.parseDouble(cell.getText()), Math.abs(v) * 0.55, cell.getText() + " for " + v);
            numbers++;
        }
        assertTrue(numbers >= 10, "the table's numbers checked: " + numbers);
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("relu1").id())));
        assertEquals("", robot.lookup("#inspectStatsStep").queryAs(javafx.scene.control.Label.class).getText(),
                "a node without parameters has no step's statistics (its row is its output for the sample shown)");
        // The Results tab's headings say how to read the matrix, whole at 150 %.
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        layerlab.ui.TestWindows.waitFor("confusion matrix", () -> d.results().evaluation() != null);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Label heading = robot.lookup((javafx.scene.control.Label l) -> l.getText() != null
                && l.getText().startsWith("Confusion matrix (rows")).query();
        assertEquals(heading.getText(), ((javafx.scene.text.Text) heading.lookup(".text")).getText(), "the matrix's heading whole");
        var norms = d.inspector().gradNorms();
        var renderer = d.inspector().gradNormChart().getXYPlot().getRenderer();
        List<String> layers = new java.util.ArrayList<>();
        for (int i = 0; i < norms.getSeriesCount(); i++) layers.add(String.valueOf(norms.getSeriesKey(i)));
        List<String> inModel = window.editor().graph().nodes().stream().map(n -> n.name()).filter(layers::contains).toList();
        assertEquals(inModel, layers, "the legend in the model's order");
        for (int i = 0; i + 1 < norms.getSeriesCount(); i++) {
            java.awt.BasicStroke a = (java.awt.BasicStroke) renderer.getSeriesStroke(i), b = (java.awt.BasicStroke) renderer.getSeriesStroke(i + 1);
            assertTrue(!java.util.Arrays.equals(a.getDashArray(), b.getDashArray()), layers.get(i) + " and " + layers.get(i + 1) + " have one dash");
            assertTrue(!renderer.getSeriesPaint(i).equals(renderer.getSeriesPaint(i + 1)), "and one colour");
        }
    }
}
