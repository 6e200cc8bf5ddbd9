package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * After Train › Step One Batch the charts hold one point each: it is drawn (a dot: a line needs two points), and the
 * axes read (the epochs from 0, the loss's ticks each a different number; they read "1.258041E0" five times and
 * "1.25E-1" along the epochs).
 */
@WindowTest.Size(width = 1152, height = 720)
class ChartsFirstStepTest extends WindowTest {
    /** The tick labels {@code axis} draws along {@code edge} of a 400×200 plot. */
    private static List<String> ticks(ValueAxis axis, RectangleEdge edge) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> labels = new ArrayList<>();
        for (Object t : axis.refreshTicks(g, new AxisState(), new Rectangle2D.Double(0, 0, 400, 200), edge)) {
            String s = ((Tick) t).getText();
            if (s != null && !s.isEmpty()) labels.add(s);
        }
        g.dispose();
        return labels;
    }

    @Test
    void theFirstStepsPointIsDrawnOnAxesThatRead(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.steppedOnce(robot, window, "iris.json");
        TrainingSession s = d.session();
        waitFor("the batch on the loss chart", () -> d.charts().lossPoints() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        double loss = s.run().batches().get(0).loss();
        for (JFreeChart c : List.of(d.charts().lossChart(), d.charts().metricChart(), d.charts().lrChart())) {
            String what = c.getTitle().getText();
            var plot = c.getXYPlot();
            // Laid out as drawn, so that the axes have chosen their ranges and tick units.
            WaitForAsyncUtils.asyncFx(() -> c.createBufferedImage(400, 250)).get();
            int series = -1;
            for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) if (plot.getDataset().getItemCount(i) == 1) series = i;
            assertTrue(series >= 0, what + ": a series of the one batch");
            assertTrue(((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer()).getItemShapeVisible(series, 0), what + ": its one point is drawn as a dot");
            List<String> x = ticks(plot.getDomainAxis(), RectangleEdge.BOTTOM), y = ticks(plot.getRangeAxis(), RectangleEdge.LEFT);
            assertTrue(x.size() >= 2 && new LinkedHashSet<>(x).size() == x.size(), what + ": the epochs' ticks differ: " + x);
            assertTrue(y.size() >= 2 && new LinkedHashSet<>(y).size() == y.size(), what + ": the values' ticks differ: " + y);
            assertEquals(0, plot.getDomainAxis().getLowerBound(), 1e-12, what + ": the epochs start at 0");
            assertTrue(x.stream().noneMatch(t -> t.contains("E")), what + ": epochs as plain numbers: " + x);
        }
        assertTrue(d.charts().lossChart().getXYPlot().getRangeAxis().getRange().contains(loss), "the loss in view");
    }
}
