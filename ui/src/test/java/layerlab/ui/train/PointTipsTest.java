package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.DecimalFormat;
import org.jfree.chart.labels.StandardXYToolTipGenerator;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The charts' tooltips read as JFreeChart's own generator wrote them with the charts' pattern, point for point. */
class PointTipsTest {
    @Test
    void everyPointsTooltipIsTheStandardGeneratorsText() {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries a = new XYSeries("train loss (batch)", false, true), b = new XYSeries("run 3 val accuracy", false, true);
        double[] xs = {0, 0.125, 1, 1.0005, 12, 99.99999, 1234.5678};
        double[] ys = {0, 1e-9, 0.4187654321, -2.5, 1234567.891, Double.NaN, Double.POSITIVE_INFINITY};
        for (int i = 0; i < xs.length; i++) {
            a.add(xs[i], ys[i], false);
            b.add(xs[i] + 1, -ys[i], false);
        }
        b.add(50, null, false);
        data.addSeries(a);
        data.addSeries(b);
        var standard = new StandardXYToolTipGenerator("{0}: epoch {1}, {2}", new DecimalFormat("0.###"), new DecimalFormat("0.#####"));
        PointTips mine = new PointTips();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) assertEquals(standard.generateToolTip(data, s, i), mine.generateToolTip(data, s, i));
        }
        assertEquals("train loss (batch): epoch 0.125, 0", mine.generateToolTip(data, 0, 1));
    }
}
