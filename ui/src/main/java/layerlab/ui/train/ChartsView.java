package layerlab.ui.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.svg.SVGGraphics2D;
import layerlab.io.AtomicFiles;
import layerlab.train.TrainingConfig;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingEvent.EpochEnded;
import layerlab.ui.ChartTheme;
import layerlab.ui.Dialogs;
import layerlab.ui.PlainLogAxis;

/**
 * The live charts: loss, accuracy (or MAE) and learning rate against epochs, the current run in colour over the
 * project's earlier runs in grey. Drag to zoom, double-click (or Reset zoom) to see everything; hovering a point
 * shows its value. Redrawn once per hand-over from the bridge, never per event.
 */
public final class ChartsView extends BorderPane {
    /** The light theme's colours; the dark theme draws them lighter ({@link ChartTheme#series}). */
    static final Color BATCH = new Color(31, 119, 180, 90), TRAIN = new Color(31, 119, 180), VAL = new Color(255, 127, 14),
            OLD = new Color(150, 150, 150, 150);

    private final TrainingSession session;
    private final TrainingChart loss = new TrainingChart("Loss", "loss"), metric = new TrainingChart("Accuracy", "accuracy"), lr = new TrainingChart("Learning rate", "lr");
    private final CheckBox logScale = new CheckBox("Log scale");
    /** Batch points drawn per run at most; longer runs draw the mean of every few batches. */
    static final int MAX_BATCH_POINTS = 1500;
    private RunRecord shown;
    private String shownMetric;
    private int shownBatches, shownEpochs, drawnEpoch;
    private double sumLoss, sumAcc;
    private int inWindow, accInWindow;

    /** The project's runs side by side. */
    private final RunsTable runs;
    /** The charts and the runs' table, arranged by {@link #lay} to the height there is; scrolled when it is too little. */
    private final GridPane grid = new GridPane();
    private final javafx.scene.control.ScrollPane charts = new javafx.scene.control.ScrollPane(grid);
    private final ChartsLayout lay;
    /** The buttons, the charts' one legend and, where it fits on their line, the hint. */
    private final ChartsBar bar;

    private final AdviceList advice;

    /** What a click on a finding about a node does with its name (the dashboard selects it on the canvas). */
    public void setOnAdviceNode(java.util.function.Consumer<String> onNode) {
        advice.setOnNode(onNode);
    }

    /** What the advice's "Find a learning rate…" and "Turn on early stopping" do (the dashboard's tools). */
    public void setAdviceActions(Runnable findLr, java.util.function.IntConsumer earlyStopping) {
        advice.setOnFindLr(findLr);
        advice.setOnEarlyStopping(earlyStopping);
    }

    /** The runs' table (tests). */
    public javafx.scene.control.TableView<RunRecord> runsTable() {
        return runs;
    }

    public ChartsView(TrainingSession session) {
        this.session = session;
        runs = new RunsTable(r -> r == session.run() && session.state() == TrainingSession.State.PAUSED);
        setId("chartsView");
        // One title each, one legend for all (above them): a legend under each chart took a line of its height.
        for (TrainingChart c : List.of(loss, metric, lr)) {
            c.chart.removeLegend();
            layerlab.ui.ChartWheel.scrollsPage(c.viewer);
        }
        runs.setMinSize(0, 0);
        grid.setHgap(0);
        lay = new ChartsLayout(grid, loss.viewer, metric.viewer, lr.viewer, runs);
        charts.getStyleClass().add("edge-to-edge");
        charts.setId("chartsScroll");
        charts.setFitToWidth(true);
        charts.setFitToHeight(true);
        charts.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        charts.viewportBoundsProperty().addListener((o, was, now) -> {
            if (was == null || Math.abs(was.getHeight() - now.getHeight()) > 0.5) relayout();
        });
        setCenter(charts);
        logScale.setId("chartsLogScale");
        logScale.selectedProperty().addListener((o, a, on) -> setLogScale(on));
        Button reset = new Button("Reset zoom");
        reset.setOnAction(e -> {
            for (TrainingChart c : List.of(loss, metric, lr)) {
                c.plot.getDomainAxis().setAutoRange(true);
                c.plot.getRangeAxis().setAutoRange(true);
            }
        });
        // One "Export" menu rather than three buttons, and a short hint: the bar fits a 1000-px window's dashboard; narrower
        // still, it wraps rather than cutting its labels ("Export P…").
        MenuItem png = new MenuItem("PNG Image…");
        png.setOnAction(e -> choose("PNG image", "*.png", "training-charts.png", this::exportPng));
        MenuItem svg = new MenuItem("SVG Image…");
        svg.setOnAction(e -> choose("SVG image", "*.svg", "training-charts.svg", this::exportSvg));
        MenuItem csv = new MenuItem("Metrics as CSV…");
        csv.setOnAction(e -> choose("CSV", "*.csv", "training-metrics.csv", this::exportCsv));
        MenuButton export = new MenuButton("Export", null, png, svg, csv);
        export.setId("chartsExport");
        export.setTooltip(new Tooltip("The three charts as a PNG or SVG image (light, for documents), or every batch and epoch as CSV"));
        reset.setTooltip(new Tooltip("Show every point again (or double-click a chart). Drag across a chart to zoom into that range; hover over a point to see its value"));
        bar = new ChartsBar(List.of(logScale, reset, export));
        setTop(bar);
        advice = new AdviceList(session.adviceProperty());
        setBottom(advice);
        session.addListener(this::onEvents);
        // A run that ends without events (its data did not open) shows in the runs' table too.
        session.stateProperty().addListener((o, was, now) -> runs.show(session.runs()));
        session.addRunsListener(() -> runs.show(session.runs()));
        ChartTheme.follow(this, loss.chart, metric.chart, lr.chart);
        ChartTheme.onThemeChange(this, dark -> {
            for (TrainingChart c : List.of(loss, metric, lr)) {
                c.recolor(dark);
                c.textScale = ChartTheme.textScale(getScene());
                c.fitHeight();
            }
            refreshLegend();
            relayout();
            titleRate();
        });
        lr.viewer.widthProperty().addListener(o -> titleRate());
        session.addResetListener(() -> {
            shown = null;
            // The new document's runs: none, or a saved project's kept runs.
            runs.show(session.runs());
            for (TrainingChart c : List.of(loss, metric, lr)) {
                c.clear();
                c.chart.setNotify(true);
            }
            rateNow = null;
            titleRate();
            describe();
            // A saved project's kept runs are drawn at once, as the overlays the next run will go over.
            List<RunRecord> kept = session.runs();
            if (!kept.isEmpty()) overlay(session.overlaid(null), RunRecord.secondMetric(kept));
            refreshLegend();
        });
        parentProperty().addListener((o, was, now) -> {
            if (now != null) now.visibleProperty().addListener((x, a, on) -> {
                if (on) redraw();
            });
        });
    }

    /** Arranges the charts for the height the tab has now, at the window's text size. */
    private void relayout() {
        if (charts.getViewportBounds() != null) lay.fit(charts.getViewportBounds().getHeight(), ChartTheme.textScale(getScene()));
    }

    /** The rate of the last batch drawn, as its chart's title gives it, or null. */
    private String rateNow;

    /**
     * "Learning rate: 0.001", or "lr: 0.001" where the chart is too narrow for that on one line (three charts in a row at
     * 200 % text): a title on two lines took the plot's height.
     */
    private void titleRate() {
        String full = rateNow == null ? "Learning rate" : "Learning rate: " + rateNow;
        var title = lr.chart.getTitle();
        if (rateNow != null && title != null && lr.viewer.getWidth() > 0) {
            double w = title.getFont().getStringBounds(full, new java.awt.font.FontRenderContext(null, true, true)).getWidth();
            if (w > lr.viewer.getWidth() - 16) full = "lr: " + rateNow;
        }
        if (title == null || !full.equals(title.getText())) lr.chart.setTitle(full);
    }

    /** The arrangement of the charts now (tests). */
    ChartsLayout.Mode layoutMode() {
        return lay.mode();
    }

    /** The one legend of the loss and accuracy charts, above them (the loss chart has every kind of series the accuracy chart has). */
    private void refreshLegend() {
        bar.showLegend(loss.plot.getLegendItems(), ChartTheme.textScale(getScene()));
    }

    public JFreeChart lossChart() {
        return loss.chart;
    }

    public JFreeChart metricChart() {
        return metric.chart;
    }

    public JFreeChart lrChart() {
        return lr.chart;
    }

    /** Points drawn for the current run in the loss chart (tests watch them arrive). */
    public int lossPoints() {
        int i = loss.data.getSeriesIndex("train loss (batch)");
        return i < 0 ? 0 : loss.data.getSeries(i).getItemCount();
    }

    public CheckBox logScaleBox() {
        return logScale;
    }

    private void onEvents(List<TrainingEvent> events) {
        RunRecord r = session.run();
        if (r == null) return;
        // The runs' table: a row appears when a run starts and fills in as its epochs end, on the session's UI ticks (its
        // cells are made anew each time: a tiny model's 25 epochs a second kept the JavaFX thread busy laying them out).
        for (TrainingEvent e : events) {
            runsStale |= e instanceof TrainingEvent.RunStarted || e instanceof TrainingEvent.EpochEnded || e instanceof TrainingEvent.Terminal;
        }
        if (runsStale && session.uiTick()) {
            runsStale = false;
            runs.show(session.runs());
        }
        for (TrainingChart c : List.of(loss, metric, lr)) c.chart.setNotify(false);
        try {
            if (r != shown || !r.secondMetric().equals(shownMetric)) rebuild(r);
            append(r);
            markKept(r);
            // In words on the UI ticks too, as the charts draw: each description reads every epoch for the best one.
            if (session.uiTick()) describe();
        } finally {
            // Off screen (another tab shown) the charts take the data but draw only when shown again; on screen they
            // draw on the session's UI ticks, at most twice a second and together with the progress line (drawing
            // three charts in software is what the dashboard costs the training most).
            if (onScreen() && session.uiTick()) redraw();
        }
    }

    /** Epochs ended (or a run started or ended) since the runs' table was last filled in. */
    private boolean runsStale;

    private boolean onScreen() {
        return getScene() != null && isVisible() && (getParent() == null || getParent().isVisible());
    }

    /** The charts in words, for a screen reader ({@link ChartWords}). */
    private void describe() {
        loss.viewer.setAccessibleText(ChartWords.of("Loss", "loss", shown));
        metric.viewer.setAccessibleText(ChartWords.of(metric.chart.getTitle().getText(), shownMetric == null ? "accuracy" : shownMetric, shown));
        lr.viewer.setAccessibleText(ChartWords.rate(rateNow));
    }

    private void redraw() {
        for (TrainingChart c : List.of(loss, metric, lr)) c.chart.setNotify(true);
    }

    /**
     * The epoch whose weights the run ended with when early stopping took the best ones back: a dashed line marked
     * "kept" on the loss and metric charts (none otherwise, or for another run).
     */
    private void markKept(RunRecord r) {
        int kept = r.end() instanceof TrainingEvent.RunFinished f ? f.restoredEpoch() : 0;
        for (TrainingChart c : List.of(loss, metric)) {
            boolean has = c.plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND) != null
                    && !c.plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).isEmpty();
            if (kept == 0) {
                if (has) c.plot.clearDomainMarkers();
                continue;
            }
            if (has) continue;
            Color val = ChartTheme.series(VAL, c.dark);
            org.jfree.chart.plot.ValueMarker m = new org.jfree.chart.plot.ValueMarker(kept, val,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 3f}, 0f));
            m.setLabel("kept: epoch " + kept);
            m.setLabelPaint(val);
            m.setLabelBackgroundColor(new Color(0, 0, 0, 0));
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
            c.plot.addDomainMarker(m, org.jfree.chart.ui.Layer.FOREGROUND);
            ChartTheme.dress(getScene(), c.chart);
        }
    }

    /** A new run: the earlier runs become grey overlays, the new one starts empty. */
    private void rebuild(RunRecord r) {
        shown = r;
        shownMetric = r.secondMetric();
        shownBatches = 0;
        shownEpochs = 0;
        drawnEpoch = 0;
        sumLoss = sumAcc = 0;
        inWindow = accInWindow = 0;
        for (TrainingChart c : List.of(loss, metric, lr)) {
            c.clear();
        }
        rateNow = null;
        titleRate();
        overlay(session.overlaid(r), r.secondMetric());
        // The current run's series come after the overlays, so they are drawn on top.
        loss.series("train loss (batch)", BATCH, 1f, false);
        loss.series("train loss (epoch)", TRAIN, 2f, false);
        loss.series("val loss (epoch)", VAL, 2f, true);
        lr.series("lr", TRAIN, 1.5f, false);
        refreshLegend();
    }

    /** Draws {@code runs} as grey overlays: their validation loss and validation {@code m} ("accuracy", "mae") per epoch. */
    private void overlay(List<RunRecord> runs, String m) {
        metric.rangeLabel = m;
        metric.fitHeight();
        metric.chart.setTitle(m.equals("mae") ? "Mean absolute error" : "Accuracy");
        for (RunRecord old : runs) {
            XYSeries l = loss.series(old.label() + " val loss", OLD, 1f, true), a = metric.series(old.label() + " val " + m, OLD, 1f, true);
            for (EpochEnded e : EpochPoints.of(old.epochs())) {
                Double v = e.metrics().getOrDefault("val_loss", e.metrics().get("train_loss"));
                if (v != null) l.add(e.epoch(), v, false);
                Double w = e.metrics().getOrDefault("val_" + m, e.metrics().get("train_" + m));
                if (w != null) a.add(e.epoch(), w, false);
            }
            // Added quietly above; once, so that the axes take their range in.
            l.fireSeriesChanged();
            a.fireSeriesChanged();
        }
    }

    private void append(RunRecord r) {
        String m = r.secondMetric();
        XYSeries batch = loss.series("train loss (batch)", BATCH, 1f, false), rate = lr.series("lr", TRAIN, 1.5f, false);
        XYSeries accBatch = m.equals("accuracy") ? metric.series("train accuracy (batch)", BATCH, 1f, false) : null;
        List<RunRecord.Point> ps = r.batches();
        long total = r.started() == null ? 1 : (long) r.started().epochs() * r.started().batchesPerEpoch();
        if (shownBatches == 0 && shownEpochs == 0 && r.started() != null && r.started().resumed() != null) {
            // A run that went on from another: its earlier epochs have no batches here, so their rate is drawn per epoch.
            for (var h : r.started().resumed().history()) {
                if (!(h.get("lr") instanceof Number v) || !(h.get("epoch") instanceof Number e)) continue;
                rate.add(e.doubleValue() - 1, v.doubleValue(), false);
                rate.add(e.doubleValue(), v.doubleValue(), false);
            }
        }
        int stride = (int) Math.max(1, (total + MAX_BATCH_POINTS - 1) / MAX_BATCH_POINTS);
        for (int i = shownBatches; i < ps.size(); i++) {
            RunRecord.Point p = ps.get(i);
            sumLoss += p.loss();
            inWindow++;
            if (!Double.isNaN(p.accuracy())) {
                sumAcc += p.accuracy();
                accInWindow++;
            }
            if (inWindow < stride) continue;
            batch.add(p.x(), sumLoss / inWindow, false);
            rate.add(p.x(), p.lr(), false);
            if (accBatch != null && accInWindow > 0) accBatch.add(p.x(), sumAcc / accInWindow, false);
            sumLoss = sumAcc = 0;
            inWindow = accInWindow = 0;
        }
        shownBatches = ps.size();
        // The rate now in the title: the panel is too low for its axis to label a constant rate (ticks 0 and 0.002 for 0.003).
        if (!ps.isEmpty()) {
            rateNow = TrainingConfig.shortNumber(ps.get(ps.size() - 1).lr(), 3);
            titleRate();
        }
        XYSeries tl = loss.series("train loss (epoch)", TRAIN, 2f, false), vl = loss.series("val loss (epoch)", VAL, 2f, true);
        XYSeries tm = metric.series("train " + m + " (epoch)", TRAIN, 2f, false), vm = metric.series("val " + m + " (epoch)", VAL, 2f, true);
        List<EpochEnded> es = r.epochs();
        // A long run draws every few epochs (EpochPoints), and once it has ended its last one too.
        int every = EpochPoints.stride(r.started() == null ? es.size() : Math.max(r.started().epochs(), es.size()));
        for (int i = shownEpochs; i < es.size(); i++) {
            EpochEnded e = es.get(i);
            if (EpochPoints.drawn(e.epoch(), every) || i == es.size() - 1 && r.end() != null) drawEpoch(e, m, tl, vl, tm, vm);
        }
        shownEpochs = es.size();
        EpochEnded last = es.isEmpty() ? null : es.get(es.size() - 1);
        if (r.end() != null && last != null && last.epoch() > drawnEpoch) drawEpoch(last, m, tl, vl, tm, vm);
        for (XYSeries s : List.of(batch, rate, tl, vl, tm, vm)) s.fireSeriesChanged();
        if (accBatch != null) accBatch.fireSeriesChanged();
    }

    private void drawEpoch(EpochEnded e, String m, XYSeries tl, XYSeries vl, XYSeries tm, XYSeries vm) {
        addIf(tl, e, "train_loss");
        addIf(vl, e, "val_loss");
        addIf(tm, e, "train_" + m);
        addIf(vm, e, "val_" + m);
        drawLossParts(e);
        drawHeadMetrics(e, m);
        drawnEpoch = e.epoch();
    }

    /**
     * With several targets, each head's own accuracy or MAE per epoch ({@code val_accuracy_species}, {@code val_mae_bill}):
     * a head of the chart's metric on the metric chart, a head of the other (a regressor's MAE beside a classifier's
     * accuracy) on the loss chart, where its units sit with the losses; "val mae bill" dashed. The first loss node's is
     * the run's own accuracy or MAE, drawn already.
     */
    private void drawHeadMetrics(EpochEnded e, String m) {
        List<String> losses = new java.util.ArrayList<>();
        for (String k : e.metrics().keySet()) if (k.startsWith("train_loss_")) losses.add(k.substring("train_loss_".length()));
        for (String k : e.metrics().keySet()) {
            for (String kind : List.of("accuracy", "mae")) {
                for (String split : List.of("train", "val")) {
                    String prefix = split + "_" + kind + "_";
                    if (!k.startsWith(prefix)) continue;
                    String node = k.substring(prefix.length());
                    Double v = e.metrics().get(k);
                    // The first loss node's is the run's own accuracy or MAE, drawn already.
                    if (v == null || !Double.isFinite(v) || !losses.isEmpty() && losses.get(0).equals(node)) continue;
                    int i = Math.max(0, losses.indexOf(node));
                    // Beside the losses, a colour other than its own loss's.
                    Color c = PARTS[(kind.equals(m) ? i : i + losses.size()) % PARTS.length];
                    XYSeries s = (kind.equals(m) ? metric : loss).series(split + " " + kind + " " + node + " (epoch)", c, 1.5f, split.equals("val"));
                    s.add(e.epoch(), v, false);
                    s.fireSeriesChanged();
                }
            }
        }
    }

    /** Colours of each loss node's own curve, when the loss trained is the weighted sum of several (train_loss_ce, train_loss_aux). */
    static final Color[] PARTS = {new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194)};

    /**
     * With several loss nodes, each one's own loss beside their weighted sum, per epoch: "train loss ce", solid, and "val
     * loss ce", dashed, in a colour per loss node.
     */
    private void drawLossParts(EpochEnded e) {
        List<String> names = new java.util.ArrayList<>();
        for (String k : e.metrics().keySet()) if (k.startsWith("train_loss_")) names.add(k.substring("train_loss_".length()));
        for (int i = 0; i < names.size(); i++) {
            Color c = PARTS[i % PARTS.length];
            for (String split : List.of("train", "val")) {
                Double v = e.metrics().get(split + "_loss_" + names.get(i));
                if (v == null || !Double.isFinite(v)) continue;
                XYSeries s = loss.series(split + " loss " + names.get(i) + " (epoch)", c, 1.5f, split.equals("val"));
                s.add(e.epoch(), v, false);
                s.fireSeriesChanged();
            }
        }
    }

    private static void addIf(XYSeries s, EpochEnded e, String key) {
        Double v = e.metrics().get(key);
        if (v != null && Double.isFinite(v)) s.add(e.epoch(), v, false);
    }

    private void setLogScale(boolean on) {
        for (TrainingChart c : List.of(loss, lr)) {
            ValueAxis axis;
            if (on) {
                LogAxis a = new PlainLogAxis(c.key);
                a.setSmallestValue(1e-8);
                axis = a;
            } else {
                axis = c.valueAxis();
            }
            c.plot.setRangeAxis(axis);
            // A new axis comes in JFreeChart's colours and fonts: black ticks on the dark plot, 10-px text at any size.
            ChartTheme.dress(getScene(), c.chart);
            c.fitHeight();
        }
    }

    private void choose(String what, String pattern, String name, IoAction action) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + what);
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        javafx.stage.Window owner = getScene() == null ? null : getScene().getWindow();
        java.io.File f = fc.showSaveDialog(owner);
        Path p = f == null ? null : Dialogs.withExtensionOrAsk(f.toPath(), pattern.substring(2), owner);
        if (p == null) return;
        try {
            action.run(p);
            session.statusProperty().set("Exported " + p.getFileName());
        } catch (IOException ex) {
            session.statusProperty().set("Could not export: " + ex.getMessage());
        }
    }

    private interface IoAction {
        void run(Path p) throws IOException;
    }

    /** The three charts stacked in one PNG. */
    public void exportPng(Path file) throws IOException {
        int w = CHART_W, h = 3 * CHART_H;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            drawStacked(g);
        } finally {
            g.dispose();
        }
        AtomicFiles.write(file, os -> javax.imageio.ImageIO.write(img, "png", os));
    }

    /** The three charts stacked in one SVG document: lines, axes and text that stay sharp at any size (reports, papers). */
    public void exportSvg(Path file) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(CHART_W, 3 * CHART_H);
        drawStacked(g);
        String doc = g.getSVGDocument();
        AtomicFiles.write(file, os -> os.write(doc.getBytes(StandardCharsets.UTF_8)));
    }

    private static final int CHART_W = 900, CHART_H = 300;

    /**
     * Draws the loss, metric and learning-rate charts one above the other, in the light theme and at 100 % text whatever
     * the window's (for documents and slides: the image has its own fixed size).
     */
    private void drawStacked(java.awt.Graphics2D g) {
        boolean dark = ChartTheme.isDark(getScene());
        // An image has no legend above it: each of loss and accuracy takes its own under it, as JFreeChart draws one.
        for (TrainingChart c : List.of(loss, metric)) c.chart.addLegend(new org.jfree.chart.title.LegendTitle(c.plot));
        ChartTheme.apply(false, loss.chart, metric.chart, lr.chart);
        ChartTheme.scaleText(1, loss.chart, metric.chart, lr.chart);
        for (TrainingChart c : List.of(loss, metric, lr)) {
            if (dark) c.recolor(false);
            // Each is 300 px high in the image: room for all of its axis, whatever a short dashboard left out.
            c.plot.getDomainAxis().setLabel("epoch");
            c.plot.getRangeAxis().setLabel(c.rangeLabel);
            c.plot.getDomainAxis().setTickLabelsVisible(true);
        }
        try {
            int y = 0;
            for (TrainingChart c : List.of(loss, metric, lr)) {
                c.chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, y, CHART_W, CHART_H));
                y += CHART_H;
            }
        } finally {
            for (TrainingChart c : List.of(loss, metric)) c.chart.removeLegend();
            ChartTheme.dress(getScene(), loss.chart, metric.chart, lr.chart);
            for (TrainingChart c : List.of(loss, metric, lr)) {
                if (dark) c.recolor(true);
                c.fitHeight();
            }
        }
    }

    /** Every batch and epoch of the current run as CSV ({@link MetricsCsv}). */
    public void exportCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, MetricsCsv.of(session.run()));
    }

}
