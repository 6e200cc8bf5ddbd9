package layerlab.ui.inspect;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import javafx.scene.layout.VBox;
import layerlab.train.Roc;
import layerlab.ui.ChartTheme;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A binary classifier's ROC curve on the evaluated samples, with its area (scikit-learn's {@code roc_auc_score}) in the
 * title and chance as a dashed diagonal: how well the model's scores order positives before negatives, whatever the
 * threshold the confusion matrix uses. Hidden for other models.
 */
final class RocPane extends VBox {
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;
    private Roc roc;

    RocPane() {
        setId("rocPane");
        chart = ChartFactory.createXYLineChart("ROC curve", "false-positive rate", "true-positive rate", data, PlotOrientation.VERTICAL, true,
                true, false);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(31, 119, 180));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesPaint(1, new Color(150, 150, 150));
        r.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
        plot.setRenderer(r);
        ChartViewer viewer = layerlab.ui.ChartWheel.scrollsPage(new ChartViewer(chart));
        viewer.setId("rocChart");
        viewer.setPrefSize(420, 280);
        viewer.setMinSize(240, 180);
        getChildren().add(viewer);
        ChartTheme.follow(this, chart);
        clear();
    }

    /** Draws {@code r}, or hides the pane when it is null (not a binary classifier, or one class only). */
    void show(Roc r) {
        roc = r;
        if (r == null) {
            clear();
            return;
        }
        data.removeAllSeries();
        XYSeries curve = new XYSeries("the model", false, true);
        double[] f = r.fpr(), t = r.tpr();
        for (int i = 0; i < f.length; i++) curve.add(f[i], t[i], false);
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0, 0, false);
        chance.add(1, 1, false);
        data.addSeries(curve);
        data.addSeries(chance);
        chart.setTitle(String.format(Locale.ROOT, "ROC curve · AUC %.3f", r.auc()));
        ChartTheme.dress(getScene(), chart);
        setVisible(true);
        setManaged(true);
    }

    void clear() {
        roc = null;
        data.removeAllSeries();
        setVisible(false);
        setManaged(false);
    }

    /** The curve shown, or null (tests). */
    Roc roc() {
        return roc;
    }

    /** The chart's title (tests). */
    String title() {
        return chart.getTitle().getText();
    }
}
