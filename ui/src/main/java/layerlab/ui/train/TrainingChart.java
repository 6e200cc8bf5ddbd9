package layerlab.ui.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import layerlab.ui.ChartTheme;
import layerlab.ui.SpanAxis;

/** One chart of the Charts tab (loss, accuracy or MAE, learning rate): a collection of series, a line renderer, a viewer. */
final class TrainingChart {
    private static final java.awt.Shape[] MARKS = org.jfree.chart.plot.DefaultDrawingSupplier.createStandardSeriesShapes();

    final XYSeriesCollection data = new XYSeriesCollection();
    final JFreeChart chart;
    final XYPlot plot;
    /** A series of one point so far (the first step's batch loss) is drawn as a dot: a line needs two points. */
    final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false) {
        @Override
        public boolean getItemShapeVisible(int series, int item) {
            int n = data.getItemCount(series);
            return n == 1 || n <= EpochPoints.DOTS_UP_TO && super.getItemShapeVisible(series, item);
        }
    };
    final ChartViewer viewer;
    final String key;

    TrainingChart(String title, String key) {
        this.key = key;
        rangeLabel = key;
        chart = ChartFactory.createXYLineChart(title, "epoch", key, data, PlotOrientation.VERTICAL, true, true, false);
        plot = chart.getXYPlot();
        // Axes that read after one step too: the epochs span at least one, the values a few per cent of their size.
        plot.setDomainAxis(new SpanAxis("epoch", 0, 1));
        plot.setRangeAxis(valueAxis());
        plot.setRenderer(renderer);
        // One path per series instead of a stroke per segment: far less work for the software rasteriser.
        renderer.setDrawSeriesLineAsPath(true);
        // Plot and grid colours are the theme's (ChartTheme).
        renderer.setDefaultToolTipGenerator(new PointTips());
        // The legend leaves out what the title says ("train (epoch)" under "Loss"): at a projector's text size the long
        // names took two rows, and the plot kept 30 px of a 720-px window. Tooltips keep the whole name.
        renderer.setLegendItemLabelGenerator((d, series) -> series < colors.size() && colors.get(series) == ChartsView.OLD ? "earlier runs"
                : String.valueOf(d.getSeriesKey(series)).replace(" " + key + " ", " "));
        viewer = new ChartViewer(chart);
        viewer.setId("chart-" + key);
        viewer.setAccessibleRole(javafx.scene.AccessibleRole.IMAGE_VIEW);
        // Small enough that the grid's rows fit a 700-px window's dashboard (a larger least height pushed the
        // learning-rate chart, its axis label first, out of sight).
        viewer.setMinSize(120, 60);
        viewer.heightProperty().addListener(o -> fitHeight());
    }

    /** The window's text size (View › Text Size), as a share of 100 %. */
    double textScale = 1;
    /** What the value axis is called when there is room for its name ("loss", "accuracy", "mae", "lr"). */
    String rangeLabel;

    /**
     * Drops what a short chart can do without, so that its plot keeps room to draw (at 150 % text in a 720-px
     * window the learning rate's chart showed its title and nothing else, and "accuracy" up the side was cut to
     * "ccuracy"): first the axes' names (the ticks say "epoch", the title says what the values are), then, in the
     * learning rate's low chart, the epochs' tick labels (the same as the loss chart's above it).
     */
    void fitHeight() {
        double lines = viewer.getHeight() / (16 * textScale);
        // Set only when it changes: each setLabel redraws the whole chart, even to the label it had.
        label(plot.getDomainAxis(), lines < 8 ? null : "epoch");
        label(plot.getRangeAxis(), lines < 8 ? null : rangeLabel);
        plot.getDomainAxis().setTickLabelsVisible(!key.equals("lr") || lines >= 6);
    }

    private static void label(org.jfree.chart.axis.Axis a, String label) {
        if (!java.util.Objects.equals(a.getLabel(), label)) a.setLabel(label);
    }

    void clear() {
        data.removeAllSeries();
        colors.clear();
    }

    /** Draws the series (lines and legend swatches) in the colours of the light or the dark theme. */
    void recolor(boolean dark) {
        this.dark = dark;
        for (int i = 0; i < colors.size(); i++) renderer.setSeriesPaint(i, ChartTheme.series(colors.get(i), dark), false);
        for (Object m : plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND) == null ? List.of()
                : plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)) {
            if (m instanceof org.jfree.chart.plot.ValueMarker v) {
                v.setPaint(ChartTheme.series(ChartsView.VAL, dark));
                v.setLabelPaint(ChartTheme.series(ChartsView.VAL, dark));
            }
        }
        chart.fireChartChanged();
    }

    /**
     * Whether the value axis (on a linear scale) reaches down to zero: the learning rate's does, so that a schedule's
     * decay reads as a share of the starting rate (a slow one showed a single tick, "1E-2"); loss and accuracy zoom to
     * their values.
     */
    boolean startsAtZero() {
        return key.equals("lr");
    }

    /** The value axis on a linear scale, named by the key. */
    NumberAxis valueAxis() {
        NumberAxis a = new SpanAxis(key, 0.02, 1e-6);
        a.setAutoRangeIncludesZero(startsAtZero());
        return a;
    }

    /** Each series' colour in the light theme, by its index. */
    final List<Color> colors = new java.util.ArrayList<>();
    boolean dark;

    XYSeries series(String name, Color color, float width, boolean dashed) {
        int i = data.getSeriesIndex(name);
        if (i >= 0) return data.getSeries(i);
        XYSeries s = new XYSeries(name, false, true);
        data.addSeries(s);
        int at = data.getSeriesCount() - 1;
        colors.add(color);
        renderer.setSeriesPaint(at, ChartTheme.series(color, dark));
        // The earlier runs share one legend entry (a line each took the plot's height in a low window); their points'
        // tooltips still name the run.
        renderer.setSeriesVisibleInLegend(at, color != ChartsView.OLD || colors.indexOf(ChartsView.OLD) == at, false);
        renderer.setSeriesStroke(at, dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f)
                : new BasicStroke(width));
        renderer.setSeriesShapesVisible(at, name.contains("(epoch)"));
        // Train's dots are circles and validation's triangles in every chart, as in the one legend (the accuracy chart,
        // whose series came in another order, drew them the other way round).
        if (name.contains("(epoch)")) renderer.setSeriesShape(at, MARKS[name.startsWith("val") ? 2 : 1]);
        return s;
    }
}
