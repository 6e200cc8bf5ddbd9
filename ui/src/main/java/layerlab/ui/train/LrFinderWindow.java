package layerlab.ui.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleConsumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import layerlab.data.DataSplit;
import layerlab.graph.Graph;
import layerlab.train.LrFinder;
import layerlab.train.TrainingConfig;
import layerlab.ui.ChartTheme;
import layerlab.ui.data.DataOpener;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training › Find learning rate (the "Find…" beside the optimiser's lr): runs the learning-rate range test
 * ({@link LrFinder}) on the project's data, off the JavaFX thread, charting each step's loss against its rate as it
 * comes (log scale); then marks the suggested rate, which "Use" writes into the project's optimiser settings as one
 * undoable edit. Closing the window stops the test. The project's model and weights are not touched.
 */
public final class LrFinderWindow {
    private final Stage stage = new Stage();
    private final XYSeries raw = new XYSeries("loss", false, true), smoothed = new XYSeries("smoothed loss", false, true);
    private final XYPlot plot;
    private final Label status = new Label();
    private final Button use = new Button("Use the suggestion"), close = new Button("Stop");
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile LrFinder.Result result;

    /**
     * @param graph   the project (its data set, training settings and drawing, as they are now)
     * @param baseDir where its relative data paths resolve (null: the working folder)
     * @param opener  opens the data (the window's, so a data set the editor has open is not read again)
     * @param use     sets the project's learning rate
     */
    public LrFinderWindow(Window owner, Graph graph, Path baseDir, DataOpener opener, DoubleConsumer use) {
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("LayerLab — Find a learning rate");
        LrFinder.Options o = LrFinder.Options.DEFAULT;
        Label about = new Label("Trains a fresh copy of " + graph.name() + " for up to " + o.steps() + " batches while the learning rate grows from "
                + LrFinder.format(o.startLr()) + " to " + LrFinder.format(o.endLr()) + ", and suggests the rate where the loss falls fastest: "
                + "below it training is slow, past the lowest loss it turns unstable. The project's weights are not touched.");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE); // wrapped in full at any text size, not cut to "…" by the chart
        about.setId("lrFinderAbout");
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(raw);
        data.addSeries(smoothed);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "learning rate", "loss", data, PlotOrientation.VERTICAL, true, true, false);
        plot = chart.getXYPlot();
        LogAxis x = new LogAxis("learning rate");
        x.setSmallestValue(o.startLr() / 2);
        // A tick a decade, written as a rate is typed: 1E-3.
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new java.text.DecimalFormat("0E0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        plot.setDomainAxis(x);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(0x9ec3e6));
        r.setSeriesStroke(0, new BasicStroke(1f));
        r.setSeriesPaint(1, new Color(0x1f77b4));
        r.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(r);
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("lrFinderChart");
        viewer.setMinSize(300, 200);
        VBox.setVgrow(viewer, Priority.ALWAYS);
        ChartTheme.follow(viewer, chart);

        status.setId("lrFinderStatus");
        status.setWrapText(true);
        this.use.setId("lrFinderUse");
        this.use.setDisable(true);
        this.use.setDefaultButton(true);
        this.use.setOnAction(e -> {
            LrFinder.Result res = result;
            if (res == null || Double.isNaN(res.suggested())) return;
            use.accept(Double.parseDouble(LrFinder.format(res.suggested())));
            stage.close();
        });
        close.setId("lrFinderClose");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, gap, this.use, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(10, about, viewer, status, buttons);
        root.setId("lrFinder");
        root.setPadding(new Insets(12));
        Scene scene = new Scene(root);
        stage.setScene(scene);
        layerlab.ui.Screens.toolWindow(stage, owner, 640, 480);
        // The owner's theme and text size, followed while it is open (View › Theme changed the main window alone).
        layerlab.ui.OwnerLook.follow(scene, owner);
        stage.setOnHidden(e -> stop.set(true));
        status.setText("Opening the data…");
        start(graph, baseDir, opener);
    }

    public Stage stage() {
        return stage;
    }

    /** The test's outcome once it has ended (tests); null before. */
    public LrFinder.Result result() {
        return result;
    }

    private void start(Graph graph, Path baseDir, DataOpener opener) {
        Thread t = new Thread(() -> {
            try {
                TrainingConfig config = TrainingConfig.fromMap(graph.training());
                DataSplit split = opener.open(graph.dataset(), baseDir, false);
                Platform.runLater(() -> status.setText("Training with a growing learning rate…"));
                LrFinder.Result r = LrFinder.run(graph, config, split.train(), LrFinder.Options.DEFAULT, this::arrived, stop::get);
                Platform.runLater(() -> finished(r));
            } catch (Exception | OutOfMemoryError e) {
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                Platform.runLater(() -> {
                    status.setText("Cannot run the range test: " + msg);
                    close.setText("Close");
                });
            }
        }, "layerlab-lr-finder");
        t.setDaemon(true);
        t.start();
    }

    /** Points made but not yet charted. */
    private final List<LrFinder.Point> pending = new ArrayList<>();

    /** On the test's thread: one hand-over to the JavaFX thread for however many points arrive meanwhile. */
    private void arrived(LrFinder.Point p) {
        synchronized (pending) {
            if (pending.isEmpty()) Platform.runLater(this::drain);
            pending.add(p);
        }
    }

    private void drain() {
        List<LrFinder.Point> now;
        synchronized (pending) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        for (int i = 0; i < now.size(); i++) {
            LrFinder.Point pt = now.get(i);
            boolean last = i == now.size() - 1;
            raw.add(pt.lr(), pt.loss(), last);
            smoothed.add(pt.lr(), pt.smoothed(), last);
        }
    }

    private void finished(LrFinder.Result r) {
        drain();
        result = r;
        // A diverging tail's losses reach tens: the scale stops a little above where the curve started.
        if (!r.points().isEmpty()) {
            double lo = Double.POSITIVE_INFINITY;
            for (LrFinder.Point p : r.points()) lo = Math.min(lo, Math.min(p.loss(), p.smoothed()));
            double hi = Math.max(r.points().get(0).smoothed(), lo) * 1.25;
            if (hi > lo) plot.getRangeAxis().setRange(lo - 0.05 * (hi - lo), hi);
        }
        status.setText(r.describe().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + r.describe().substring(1) + ".");
        close.setText("Close");
        if (!Double.isNaN(r.suggested())) {
            String shown = LrFinder.format(r.suggested());
            use.setText("Use " + shown);
            use.setDisable(false);
            ValueMarker m = new ValueMarker(r.suggested(), new Color(0xd9363e), new BasicStroke(1.5f));
            m.setLabel("suggested " + shown);
            // Beside the line, inside the plot: on the side with more room (at the right edge, past 0.05 of 1e-7…10, it
            // was cut at 150 % text).
            org.jfree.data.Range axis = plot.getDomainAxis().getRange();
            boolean left = axis.getLowerBound() > 0
                    && Math.log(r.suggested() / axis.getLowerBound()) > 0.5 * Math.log(axis.getUpperBound() / axis.getLowerBound());
            m.setLabelAnchor(left ? org.jfree.chart.ui.RectangleAnchor.TOP_LEFT : org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(left ? org.jfree.chart.ui.TextAnchor.TOP_RIGHT : org.jfree.chart.ui.TextAnchor.TOP_LEFT);
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(8, 4, 4, 4));
            plot.addDomainMarker(m);
            ChartTheme.dress(stage.getScene(), plot.getChart());
        }
    }
}
