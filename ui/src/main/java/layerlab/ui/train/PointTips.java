package layerlab.ui.train;

import java.text.DecimalFormat;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.data.xy.XYDataset;

/**
 * The charts' tooltips, "val loss (epoch): epoch 12, 0.4187": the text of JFreeChart's {@code StandardXYToolTipGenerator}
 * with the pattern "{0}: epoch {1}, {2}", made without a {@code MessageFormat}. JFreeChart makes every point's tooltip at
 * every redraw, tooltips shown or not, and parsing the pattern anew for each took a third of a chart's redraw.
 */
final class PointTips implements XYToolTipGenerator {
    private final DecimalFormat x = new DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)),
            y = new DecimalFormat("0.#####", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));

    @Override
    public String generateToolTip(XYDataset data, int series, int item) {
        // As AbstractXYItemLabelGenerator.createItemArray reads the point.
        double yv = data.getYValue(series, item);
        String ys = Double.isNaN(yv) && data.getY(series, item) == null ? "null" : y.format(yv);
        return data.getSeriesKey(series) + ": epoch " + x.format(data.getXValue(series, item)) + ", " + ys;
    }
}
