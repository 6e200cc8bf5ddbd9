package layerlab.ui.inspect;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import layerlab.data.Batch;
import layerlab.data.DataSplit;
import layerlab.data.NaiveForecast;
import layerlab.data.Dataset;
import layerlab.tensor.Tensor;
import layerlab.train.Metrics;
import layerlab.train.Trainer;
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
 * The Results tab's fit of a one-value regression: for one input value, the model's curve through the validation
 * samples; otherwise each sample's prediction against its target, with the line of perfect predictions. Its errors are
 * worked out here too ({@link #regression}); the Results summary states them. Hidden until a regression is evaluated.
 */
public final class RegressionFitPane extends ChartViewer {
    private final XYSeriesCollection data;
    private final JFreeChart chart;
    private Regression regression;

    /**
     * A regression evaluated: its errors, and what the plot shows: for one input value, the samples (x as the file has
     * it, y) and the model's curve through them; otherwise each sample's prediction against its target.
     */
    /**
     * A regression's errors over all {@code evaluated} samples, and the first {@code samples} of them to plot: {@code x}
     * (the input as the file has it, or the target), {@code truth} and {@code predicted}.
     */
    public record Regression(int evaluated, double mae, double rmse, double r2, boolean curve, int samples, double[] x, double[] truth,
                             double[] predicted, NaiveForecast naive) {
        /** These errors with a time series' naive forecast on the same samples beside them (null: none). */
        Regression with(NaiveForecast n) {
            return new Regression(evaluated, mae, rmse, r2, curve, samples, x, truth, predicted, n);
        }
    }

    public RegressionFitPane() {
        this(new XYSeriesCollection());
    }

    private RegressionFitPane(XYSeriesCollection data) {
        super(ChartFactory.createScatterPlot("", "", "", data, PlotOrientation.VERTICAL, true, true, false));
        this.data = data;
        chart = getChart();
        layerlab.ui.ChartWheel.scrollsPage(this); // it sits in the Results tab's scrolling page
        setId("regressionFit");
        setPrefSize(420, 300);
        setVisible(false);
        setManaged(false);
        ChartTheme.follow(this, chart);
    }

    /** Evaluates the finished model {@code t} on {@code ds}, one of {@code data}'s sets (on the training thread or a worker). */
    static Regression regression(Trainer t, Dataset ds, DataSplit data) {
        return regression(t, ds, data, null);
    }

    /** {@link #regression(Trainer, Dataset, DataSplit)} of one amount head of a network of several targets (null: the model's one target). */
    static Regression regression(Trainer t, Dataset ds, DataSplit data, HeadColumns head) {
        // The errors over every sample, a chunk at a time, as layerlab eval counts them; the first chunk is plotted.
        Metrics m = Metrics.forTask(Metrics.Task.REGRESSION, false);
        Batch batch = null;
        float[] out = null, y = null;
        for (int from = 0; from < ds.size(); from += Evaluation.KEPT) {
            Batch b = Evaluation.chunk(ds, from);
            int k = b.inputs().size(0);
            float[] o = head == null ? Probes.predict(t, b.inputs()) : head.predict(t, b.inputs()),
                    yy = head == null ? b.targets().toFloatArray() : head.column(b.targets());
            m.add(0, k, Tensor.of(o, k, 1), Tensor.of(yy, k, 1));
            if (batch == null) {
                batch = b;
                out = o;
                y = yy;
            }
        }
        int n = batch == null ? 0 : batch.inputs().size(0);
        boolean curve = ds.sampleShape().length == 1 && ds.sampleShape()[0] == 1;
        double[] x = new double[n], truth = new double[n], pred = new double[n];
        float[] raw = curve && n > 0 ? data.normalization().restore(batch.inputs()).toFloatArray() : null;
        for (int i = 0; i < n; i++) {
            x[i] = curve ? raw[i] : y[i];
            truth[i] = y[i];
            pred[i] = out[i];
        }
        return new Regression(ds.size(), m.mae(), m.rmse(), m.r2(), curve, n, x, truth, pred, null);
    }

    /** Plots {@code r} and shows the chart. */
    void show(Regression r) {
        regression = r;
        data.removeAllSeries();
        XYSeries samples = new XYSeries(r.curve() ? "samples" : "samples (target, prediction)", false, true);
        XYSeries model = new XYSeries(r.curve() ? "the model" : "perfect prediction", true, true);
        if (r.curve()) {
            for (int i = 0; i < r.samples(); i++) {
                samples.add(r.x()[i], r.truth()[i], false);
                model.add(r.x()[i], r.predicted()[i], false);
            }
        } else {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (int i = 0; i < r.samples(); i++) {
                samples.add(r.truth()[i], r.predicted()[i], false);
                lo = Math.min(lo, r.truth()[i]);
                hi = Math.max(hi, r.truth()[i]);
            }
            model.add(lo, lo, false);
            model.add(hi, hi, false);
        }
        data.addSeries(samples);
        data.addSeries(model);
        chart.setTitle(r.curve() ? "The model's curve through the validation samples" : "Predictions against targets");
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setLabel(r.curve() ? "input (as the file has it)" : "target");
        plot.getRangeAxis().setLabel(r.curve() ? "target" : "prediction");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(renderer);
        ChartTheme.dress(getScene(), chart);
        setVisible(true);
        setManaged(true);
    }

    /** Hidden and without a regression again (another project was opened). */
    void clear() {
        regression = null;
        setVisible(false);
        setManaged(false);
    }

    /** The last regression shown, or null (tests). */
    public Regression regression() {
        return regression;
    }
}
