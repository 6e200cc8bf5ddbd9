package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.graph.Node;
import layerlab.graph.analysis.Layout;
import layerlab.tensor.Tensor;
import layerlab.train.FeatureSpace;
import layerlab.train.TensorSnapshot;
import layerlab.train.TensorStats;
import layerlab.train.TrainingEvent;
import layerlab.train.TrainingEvent.ParameterStat;
import layerlab.train.TrainingEvent.ParameterStats;
import layerlab.ui.Captions;
import layerlab.ui.ChartTheme;
import layerlab.ui.PlainLogAxis;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.train.GradientTint;
import layerlab.ui.train.RunRecord;
import layerlab.ui.train.TrainingSession;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The selected node, during training and after: its weight and gradient histograms over time (from the trainer's
 * statistics events), the gradient norm of every layer, its conv filters as images, its activations for a chosen
 * sample (feature maps as images, vectors as a bar strip), a statistics table, an Embedding's rows as tokens
 * ({@link EmbeddingSpacePane}), and its feature space (where its outputs put the validation samples: {@link FeatureSpacePane}). Filters and activations are probes: copies taken on the training
 * thread between batches, a few times a second; the feature space once an epoch at most.
 */
public final class InspectorView extends ScrollPane {
    private final TrainingSession session;
    private final EditorModel editor;
    private final Label title = new Label("Select a node on the canvas to inspect it.");
    /** Which step the table's statistics are of. */
    private final Label statsWhen = new Label();
    /** Which samples the table's output rows are of, and in which mode (eval, training). */
    private final Label outputNote = new Label();
    /** How the node's tensors stack several weights (an LSTM's gates, an attention's query, key and value): {@link StackedRows}. */
    private final Label stackedNote = new Label();
    private final Label filtersHead = new Label("Filters");
    private final VBox histograms = new VBox(4);
    private final FlowPane filters = new FlowPane(3, 3), activations = new FlowPane(3, 3);
    private final Label activationNote = new Label();
    /** A MultiheadAttention's weights for the sample ({@link AttentionMap}), below its activations. */
    private final VBox attentionBox = new VBox(4);
    /** The right column's width at 100 % text (px): its gradient norms, activations and attention map. */
    private static final double RIGHT = 370;
    /** The left column's width at 100 % text (px) where the table's names need no more than {@link StatsTable#NAMES}. */
    private static final double LEFT = 530;
    private final Spinner<Integer> sample = new Spinner<>(0, 1_000_000, 0);
    private final TableView<Row> table = new TableView<>();
    private final XYSeriesCollection norms = new XYSeriesCollection();
    /** Where the inspected layer (or, with nothing selected, what the model's last layer sees) puts the validation samples. */
    private final FeatureSpacePane features = new FeatureSpacePane();
    private final JFreeChart normChart;
    /**
     * The layers whose latest gradient norm the log scale cannot draw (exactly 0: a dead ReLU's layer, say; NaN), with it
     * in words: their legend entry says so ("fc1: 0 (not drawn on a log scale)") rather than their line silently ending.
     */
    private final Map<String, String> undrawn = new java.util.HashMap<>();
    private String node;
    private int statsShown;
    private TensorSnapshot lastActivation;
    /** The inspected node's buffers (a BatchNorm's running statistics) as the last probe found them. */
    private Map<String, TensorSnapshot> lastBuffers = Map.of();
    /** The samples the last probe shown ran the node on. */
    private StatsTable.Probed probed;
    /** For text data, the inspected sample as its text and its padding steps; else null. */
    private SampleText sampleText;
    /** The feature space of the inspected node, kept up to date. */
    private final FeatureSpaceProbe featureSpace;
    /** An Embedding's rows as tokens, under its weights; hidden for other nodes. */
    private final EmbeddingSpacePane embedding = new EmbeddingSpacePane();
    private final EmbeddingSpaceProbe embeddingSpace;

    /** One line of the statistics table. */
    public record Row(String name, double mean, double std, double min, double max, double norm, String extra) {
    }

    public InspectorView(TrainingSession session, EditorModel editor) {
        this.session = session;
        this.editor = editor;
        this.featureSpace = new FeatureSpaceProbe(session, features, () -> node, this::onScreen);
        this.embeddingSpace = new EmbeddingSpaceProbe(session, embedding, () -> node, () -> featureSpace.shown);
        setId("inspectorView");
        setFitToWidth(true);
        title.setId("inspectTitle");
        title.setStyle("-fx-font-weight: bold");
        sample.setId("inspectSample");
        sample.setEditable(true);
        sample.setPrefWidth(90);
        sample.valueProperty().addListener(o -> probe());
        // A dot clicked in the feature space is the sample whose activations show (with nothing selected, of the layer
        // projected, which the click selects); the shown sample is marked there.
        features.setOnSampleChosen(i -> {
            sample.getValueFactory().setValue(i);
            FeatureSpace f = features.featureSpace();
            if (node == null && f != null && editor.scopeProperty().get() == null) {
                Node n = editor.graph().nodeByName(f.layer());
                if (n != null) editor.select(List.of(n.id()));
            }
        });
        sample.valueProperty().addListener((o, was, now) -> features.select(now));
        // In the status bar, as File › Export says what it wrote: the training line keeps saying how the run ended.
        features.setStatus(text -> editor.messageProperty().set(text));
        features.setSampleView(this::sampleView);
        features.select(sample.getValue());
        filters.setId("inspectFilters");
        activations.setId("inspectActivations");
        StatsTable.build(table, this::shortName);
        normChart = ChartFactory.createXYLineChart("Gradient norm per layer", "step", "‖grad‖", norms, PlotOrientation.VERTICAL, true, true, false);
        LogAxis log = new PlainLogAxis("‖grad‖");
        log.setSmallestValue(1e-10);
        normChart.getXYPlot().setRangeAxis(log);
        // Steps are whole numbers, and one point so far still gets an axis that reads (it showed 1E0 at every tick).
        NumberAxis steps = (NumberAxis) normChart.getXYPlot().getDomainAxis();
        steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        steps.setAutoRangeMinimumSize(1);
        // A layer with one recorded step so far is drawn as a dot: a line needs two points.
        XYLineAndShapeRenderer normLines = new XYLineAndShapeRenderer(true, false) {
            @Override
            public boolean getItemShapeVisible(int series, int item) {
                return norms.getItemCount(series) == 1 || super.getItemShapeVisible(series, item);
            }
        };
        normLines.setLegendItemLabelGenerator((data, series) -> normLegend(String.valueOf(data.getSeriesKey(series))));
        normChart.getXYPlot().setRenderer(normLines);
        ChartTheme.follow(this, normChart);
        // The histograms are drawn in the theme's colours and text size: a change draws them again.
        ChartTheme.onThemeChange(this, dark -> {
            for (int i = 0; i < norms.getSeriesCount(); i++) styleNorm(i, dark);
            if (norms.getSeriesCount() > 0) normChart.fireChartChanged();
            if (!histograms.getChildren().isEmpty()) redrawStats();
        });
        ChartViewer normViewer = layerlab.ui.ChartWheel.scrollsPage(new ChartViewer(normChart));
        normViewer.setId("inspectGradNorms");
        normViewer.setPrefSize(400, 220);
        normViewer.setMinHeight(200);
        // No run's gradients yet (a model just opened, a project not trained): no empty chart above the activations and
        // the feature space; it comes with a run's first statistics.
        Runnable normsShown = () -> {
            boolean any = norms.getSeriesCount() > 0;
            normViewer.setVisible(any);
            normViewer.setManaged(any);
        };
        norms.addChangeListener(e -> normsShown.run());
        normsShown.run();
        Label hHead = new Label("Weights and gradients over time"), fHead = filtersHead, aHead = new Label("Activations for sample");
        for (Label l : List.of(hHead, fHead, aHead)) l.setStyle("-fx-font-weight: bold");
        // Only a convolution's weights are pictures: for a Linear or a BatchNorm the heading and its box stay out.
        for (javafx.scene.Node f : List.of(fHead, filters)) f.managedProperty().bind(f.visibleProperty());
        // The layer's weights on the left (their statistics, histograms over time, a convolution's filters), what flows
        // through it on the right (gradient norms, activations, the feature space): the columns end nearer each other.
        statsWhen.setId("inspectStatsStep");
        statsWhen.setWrapText(true);
        statsWhen.getStyleClass().add("muted");
        outputNote.setId("inspectOutputNote");
        stackedNote.setId("inspectStackedNote");
        for (Label l : List.of(stackedNote, outputNote)) {
            l.setWrapText(true);
            l.getStyleClass().add("muted");
            l.managedProperty().bind(l.visibleProperty());
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
        }
        VBox left = new VBox(6, title, statsWhen, table, stackedNote, outputNote, hHead, histograms, fHead, filters, embedding);
        VBox right = new VBox(6, normViewer, new HBox(6, Captions.names(aHead, sample), sample), activationNote, activations, attentionBox, features);
        activationNote.setWrapText(true);
        activationNote.setId("inspectActivationNote");
        // The table's seven columns need their titles whole at 150 % text (TextColumn.titlesWhole) and numbers beside them.
        left.setPrefWidth(LEFT);
        right.setPrefWidth(RIGHT);
        right.setMaxWidth(RIGHT);
        side.setPadding(new Insets(8));
        under.setPadding(new Insets(8));
        side.getChildren().setAll(left, right);
        setContent(side);
        // Side by side where the table gets its width; one under the other where it would not (a 1152-px window at 150 %
        // text left the table 386 px, and its figures shrank to "-1e-3" and "…").
        viewportBoundsProperty().addListener((o, was, now) -> arrange(left, right));
        // Longer names than 110 px (a bidirectional GRU's, a BatchNorm's num_batches_tracked) widen the left column.
        table.getColumns().get(0).minWidthProperty().addListener((o, was, now) -> arrange(left, right));
        ChartTheme.onThemeChange(this, dark -> arrange(left, right));
        editor.selection().addListener((javafx.collections.SetChangeListener<String>) c -> select());
        session.addListener(this::onEvents);
        // Change listeners, not invalidation ones: an invalidation listener hears a property again only once it has been
        // read since, and a parent's visibility nobody reads would be heard once.
        ChangeListener<Boolean> visible = (o, was, now) -> shownAgain();
        visibleProperty().addListener(visible);
        sceneProperty().addListener((o, was, now) -> shownAgain());
        parentProperty().addListener((o, was, now) -> {
            if (was != null) was.visibleProperty().removeListener(visible);
            if (now != null) now.visibleProperty().addListener(visible);
            shownAgain();
        });
        session.addResetListener(() -> {
            norms.removeAllSeries();
            undrawn.clear();
            normChart.setNotify(true);
            statsShown = 0;
            statsNew = false;
            select();
        });
        session.stateProperty().addListener((o, a, s) -> {
            if (!s.active()) redrawStats();
            if (s == TrainingSession.State.PREPARING) {
                norms.removeAllSeries();
                undrawn.clear();
                statsShown = 0;
            }
            if (s == TrainingSession.State.FINISHED || s == TrainingSession.State.PAUSED) probe();
            // A run's data are there once it leaves PREPARING; a resume after a pause changes nothing to project.
            if (a == TrainingSession.State.PREPARING && s.active() || s == TrainingSession.State.FINISHED) {
                featureSpace.probe();
                embeddingSpace.probe(editor.graph(), editor.selectedNode());
            }
        });
    }

    /** The columns side by side, or the right one under the left. */
    private final HBox side = new HBox(12);
    private final VBox under = new VBox(12);

    /**
     * Puts the right column under the left where beside it the left would be narrower than its preferred width at the
     * window's text size (the statistics table's seven columns of figures need it whole).
     */
    private void arrange(VBox left, VBox right) {
        // Not in the middle of the layout pass that measured the width: the content is swapped after it.
        Platform.runLater(() -> {
            double width = getViewportBounds().getWidth();
            // The right column's pictures (the attention map and its letters) grow with the text, and it with them.
            double text = ChartTheme.textScale(getScene());
            right.setPrefWidth(RIGHT * text);
            right.setMaxWidth(RIGHT * text);
            // As much wider as the table's names are wider than the room they had, so that its figures keep theirs.
            left.setPrefWidth(LEFT + Math.max(0, table.getColumns().get(0).getMinWidth() / text - StatsTable.NAMES));
            boolean narrow = width > 0 && width - 16 - 12 - right.getMaxWidth() < left.getPrefWidth() * text;
            javafx.scene.layout.Pane now = narrow ? under : side;
            if (getContent() == now) return;
            (narrow ? side : under).getChildren().clear();
            now.getChildren().setAll(left, right);
            setContent(now);
        });
    }

    /** A row's tensor without the inspected node's name in front ("weight.grad" for "conv1.weight.grad"). */
    private String shortName(String full) {
        String n = node;
        if (n != null && full.length() > n.length() && full.startsWith(n) && (full.charAt(n.length()) == '.' || full.charAt(n.length()) == ' ')) {
            return full.substring(n.length() + 1);
        }
        return full;
    }

    /** The inspected node's name, or null. */
    public String node() {
        return node;
    }

    public TableView<Row> table() {
        return table;
    }

    public VBox histograms() {
        return histograms;
    }

    public FlowPane filters() {
        return filters;
    }

    public Label filtersHead() {
        return filtersHead;
    }

    /** A MultiheadAttention's attention map for the sample, when one is inspected. */
    public VBox attention() {
        return attentionBox;
    }

    public FlowPane activations() {
        return activations;
    }

    public FeatureSpacePane features() {
        return features;
    }

    /** The gradient-norm chart: it draws only while the inspector is on screen. */
    public JFreeChart gradNormChart() {
        return normChart;
    }

    public XYSeriesCollection gradNorms() {
        return norms;
    }

    private void select() {
        Node n = editor.selectedNode();
        String scope = editor.scopeProperty().get();
        // Inside a block: the node as the placement the block was opened from runs it (layer2.attn, after a double-click
        // on layer2), else as the first placement does (as the canvas shows its shapes).
        List<String> placements = scope == null ? List.of()
                : editor.graph().nodes().stream().filter(p -> scope.equals(p.param("block"))).map(Node::name).toList();
        String from = editor.openedFrom();
        String placement = from != null && placements.contains(from) ? from : placements.isEmpty() ? null : placements.get(0);
        node = n == null ? null : scope == null ? n.name() : placement == null ? null : placement + "." + n.name();
        title.setText(n == null ? "Select a node on the canvas to inspect it."
                : n.name() + (placement == null ? "" : " in " + placement) + " (" + n.kind() + ")"
                + (placements.size() > 1 ? (placement.equals(placements.get(0)) && !placement.equals(from)
                ? ", the first of " + placements.size() + " placements" : ", one of " + placements.size() + " placements") : ""));
        lastActivation = null;
        lastBuffers = Map.of();
        // During a run, the node's output in the next training batch too (training mode: BatchNorm on the batch's
        // statistics, dropout on), which the probe's eval-mode pass cannot show.
        if (node != null && session.state().active()) session.requestActivations(node);
        filters.getChildren().clear();
        activations.getChildren().clear();
        attentionBox.getChildren().clear();
        activationNote.setText(node == null ? "Select a node on the canvas, or click a dot in the feature space, to see a sample's activations." : "");
        redrawStats();
        probe();
        featureSpace.probe();
        embeddingSpace.probe(editor.graph(), editor.selectedNode());
    }

    private void onEvents(List<TrainingEvent> events) {
        RunRecord r = session.run();
        if (r == null) return;
        boolean stats = false, captured = false;
        for (TrainingEvent e : events) {
            stats |= e instanceof ParameterStats;
            captured |= e instanceof TrainingEvent.ActivationCapture;
        }
        // A training batch's output is asked for again with each statistics (it comes with the batch after them).
        if (stats && node != null) session.requestActivations(node);
        if (captured) statsNew = true;
        if (stats) {
            // Statistics may come dozens of times a second: the chart takes them all as they come, without drawing.
            List<ParameterStats> all = r.stats();
            if (statsShown > all.size()) statsShown = 0;
            normChart.setNotify(false);
            for (int i = statsShown; i < all.size(); i++) {
                ParameterStats p = all.get(i);
                for (Map.Entry<String, Double> e : GradientTint.nodeGradNorms(p).entrySet()) {
                    int at = norms.getSeriesIndex(e.getKey());
                    XYSeries s = at >= 0 ? norms.getSeries(at) : new XYSeries(e.getKey(), true, true);
                    if (at < 0) {
                        norms.addSeries(s);
                        styleNorm(norms.getSeriesCount() - 1, ChartTheme.isDark(getScene()));
                    }
                    if (e.getValue() > 0) {
                        s.add(p.step(), e.getValue(), false);
                        undrawn.remove(e.getKey());
                    } else {
                        undrawn.put(e.getKey(), e.getValue() == 0 ? "0" : Numbers.compact(e.getValue()));
                    }
                }
            }
            for (int i = 0; i < norms.getSeriesCount(); i++) norms.getSeries(i).fireSeriesChanged();
            statsShown = all.size();
            statsNew = true;
        }
        // The chart, histograms and table are drawn on the session's UI ticks (with the progress and the charts, at most
        // twice a second), and only while the inspector is on screen; hidden, it draws when shown again.
        if (statsNew && onScreen() && session.uiTick()) {
            statsNew = false;
            normChart.setNotify(true);
            redrawStats();
        }
    }

    /** Statistics arrived since the inspector last drew them. */
    private boolean statsNew;

    private boolean onScreen() {
        return getScene() != null && isVisible() && getParent() != null && getParent().isVisible();
    }

    /**
     * Laid out on screen: a projection still waiting for that is asked for now. Whatever brings the inspector on screen
     * (its tab, the dashboard shown, the tabs' skin made on a later pulse with its tab already selected) lays it out, where
     * not every way fires one of the listeners above.
     */
    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (featureSpace.stale && onScreen()) Platform.runLater(() -> {
            if (featureSpace.stale && onScreen()) shownAgain();
        });
    }

    /** What the feature space waits for, said when a test times out waiting for it. */
    String featuresWaiting() {
        return "session " + session.state() + " (" + session.statusProperty().get() + "), stale " + featureSpace.stale + ", on screen " + onScreen()
                + ", shown " + featureSpace.shown + ", node " + node + ", parent " + getParent() + (getParent() == null ? "" : " visible " + getParent().isVisible());
    }

    private void shownAgain() {
        featureSpace.shown = onScreen();
        // A paused run has no next batch to try again at: the projection asked for while the inspector was hidden is
        // asked for again now that it shows (one already made for this layer and epoch is not made twice).
        if (featureSpace.shown && (featureSpace.stale || session.state() == TrainingSession.State.PAUSED)) featureSpace.probe();
        if (onScreen()) {
            normChart.setNotify(true);
            statsNew = false;
        }
        redrawStats();
    }

    /** A layer's legend entry: its name, and where its latest norm is not drawn, that norm and why. */
    String normLegend(String layer) {
        String v = undrawn.get(layer);
        if (v == null) return layer;
        return layer + ": " + v + (v.equals("0") ? " (not drawn on a log scale)" : " (not drawn)");
    }

    /** The {@code i}-th layer's line: a colour and a dash of its own, lighter on the dark plot. */
    private void styleNorm(int i, boolean dark) {
        var r = normChart.getXYPlot().getRenderer();
        r.setSeriesPaint(i, ChartTheme.series(ChartTheme.distinct(i), dark), false);
        r.setSeriesStroke(i, ChartTheme.distinctStroke(i, 1.5f), false);
    }

    /** The histograms and the table for the selected node, from the run's statistics. */
    private void redrawStats() {
        histograms.getChildren().clear();
        table.getItems().clear();
        RunRecord r = session.run();
        statsWhen.setText("");
        stackedNote.setText("");
        if (node == null || r == null || r.stats().isEmpty()) {
            addProbedRows(r);
            return;
        }
        Map<String, List<ParameterStat>> byParam = new LinkedHashMap<>();
        for (ParameterStats ps : r.stats()) {
            for (ParameterStat p : ps.parameters()) {
                if (p.name().startsWith(node + ".")) byParam.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
            }
        }
        boolean dark = ChartTheme.isDark(getScene());
        for (Map.Entry<String, List<ParameterStat>> e : byParam.entrySet()) {
            List<ParameterStat> h = e.getValue();
            // 122 px: the strip, its range and its time axis (training steps), and μ and σ.
            double text = ChartTheme.textScale(getScene());
            HistogramStrip values = new HistogramStrip(220, 122, text), grads = new HistogramStrip(220, 122, text);
            values.setId("hist-" + e.getKey().replace('.', '_'));
            grads.setId("histgrad-" + e.getKey().replace('.', '_'));
            long firstStep = r.stats().get(0).step(), lastStep = r.stats().get(r.stats().size() - 1).step();
            values.draw(e.getKey() + " values", h.stream().map(ParameterStat::value).toList(), dark, "no data yet", firstStep, lastStep);
            // After a step, a parameter without a gradient is a frozen one: say so rather than "no data yet".
            boolean frozen = h.stream().allMatch(p -> p.grad() == null) && r.stats().get(r.stats().size() - 1).step() > 0;
            grads.draw(e.getKey() + " gradients", h.stream().map(ParameterStat::grad).toList(), dark,
                    frozen ? "none: frozen, it keeps its values" : "no data yet", firstStep, lastStep);
            // Side by side where there is room, one under the other where there is not (two strips at 150 % text are
            // wider than the column, and pushed the gradient-norm chart out of the window).
            histograms.getChildren().add(new FlowPane(6, 6, values, grads));
            ParameterStat last = h.get(h.size() - 1);
            TensorStats v = last.value(), g = last.grad();
            table.getItems().add(new Row(e.getKey(), v.mean(), v.std(), v.min(), v.max(), v.norm(), Arrays.toString(last.shape())));
            if (g != null) table.getItems().add(new Row(e.getKey() + ".grad", g.mean(), g.std(), g.min(), g.max(), g.norm(), ""));
        }
        Node inspected = editor.selectedNode();
        for (String stacked : List.of(".weight_ih_l0", ".in_proj_weight")) {
            List<ParameterStat> p = byParam.get(node + stacked);
            if (inspected != null && p != null) stackedNote.setText(StackedRows.note(inspected.kind(), p.get(0).shape()[0]));
        }
        if (byParam.isEmpty()) histograms.getChildren().add(new Label(node + " has no parameters."));
        // (A node without parameters has only its output's row, of the sample shown.)
        else statsWhen.setText(StatsStepLine.of(r.stats().get(r.stats().size() - 1).step(), r.lastBatch() == null ? 0 : r.lastBatch().step(),
                r.settings().get("stats_every")));
        addProbedRows(r);
    }

    /**
     * The rows of what the probe copied (the node's buffers, its output in eval mode) and of the training batch's output
     * that run {@code r} (or null) captured, with the line under the table that says which samples and mode they are of.
     */
    private void addProbedRows(RunRecord r) {
        Node n = editor.selectedNode();
        outputNote.setText(node == null ? "" : StatsTable.addProbed(table.getItems(), node, n == null ? "" : n.kind(), lastBuffers, lastActivation,
                probed, r == null ? null : r.activations()));
    }

    /** The most samples the output row's figures are of: the one shown and those after it. */
    private static final int PROBED = 64;

    /** Asks for the node's filters and activations: live through a probe, or from the finished model. */
    private void probe() {
        String name = node;
        DataSplit data = session.data();
        if (name == null || data == null) {
            session.setProbe("inspector", null);
            return;
        }
        Dataset ds = data.validation() != null ? data.validation() : data.trainSamples();
        int first = Math.max(0, Math.min(sample.getValue(), ds.size() - 1));
        sampleText = ds.vocabulary() == null ? null : SampleText.of(ds, first);
        Node inspected = editor.selectedNode();
        boolean attention = inspected != null && inspected.kind().equals("MultiheadAttention");
        // Token ids, when the model reads text (an int64 Input of one dim): what the attention map's positions are.
        boolean tokens = ds.sampleShape().length == 1 && editor.graph().nodes().stream()
                .anyMatch(x -> x.kind().equals("Input") && "int64".equals(x.param("dtype")) && x.param("shape") instanceof List<?> sh && sh.size() == 1);
        float[] ids = attention && tokens ? ds.batch(new int[] {first}).inputs().toFloatArray() : null;
        // A picture, when the model reads images: a Vision Transformer's attention over its patches is drawn on it.
        FeatureSpacePane.SampleView seen = attention && !tokens ? sampleView(first) : null;
        int[] pictureShape = ds.sampleShape();
        StatsTable.Probed samples = new StatsTable.Probed(first, Math.max(1, Math.min(PROBED, ds.size() - first)), data.validation() != null);
        TrainingSession.Probe p = t -> {
            Map<String, TensorSnapshot> params = Probes.parameters(t, name), buffers = Probes.buffers(t, name);
            TensorSnapshot act = Probes.activations(t, ds, name, first, PROBED);
            TensorSnapshot weights = attention ? Probes.activations(t, ds, name + ".weights", first, 1) : null;
            return () -> show(name, samples, params, buffers, act, weights, ids, ds.vocabulary(), seen, pictureShape);
        };
        if (session.state().active()) session.setProbe("inspector", p);
        else session.afterRun("inspector", p::capture, Runnable::run);
    }

    /**
     * Sample {@code i} of the data the feature space projects (the validation set's, else the training set's) as a person
     * recognises it: an image's picture, a text's words; null for other data.
     */
    private FeatureSpacePane.SampleView sampleView(int i) {
        DataSplit data = session.data();
        if (data == null) return null;
        Dataset ds = data.validation() != null ? data.validation() : data.trainSamples();
        if (i < 0 || i >= ds.size()) return null;
        if (ds.vocabulary() != null) return new FeatureSpacePane.SampleView(null, SampleText.of(ds, i).text());
        Tensor x = ds.batch(new int[] {i}).inputs();
        int[] shape = Arrays.copyOfRange(x.shape(), 1, x.dim());
        if (!Pictures.isImage(shape)) return null;
        int c = shape.length == 3 ? shape[0] : 1, h = shape[shape.length - 2], w = shape[shape.length - 1];
        return new FeatureSpacePane.SampleView(Pictures.image(x.toFloatArray(), 0, c, h, w, 0, 0), null);
    }

    /** "sample 3", or for a text "sample 3: “nakamura”". */
    private String sampleName() {
        return "sample " + sample.getValue() + (sampleText == null ? "" : ": " + sampleText.text());
    }

    private void show(String name, StatsTable.Probed samples, Map<String, TensorSnapshot> params, Map<String, TensorSnapshot> buffers, TensorSnapshot act, TensorSnapshot attention, float[] ids,
                      layerlab.data.Vocabulary vocabulary, FeatureSpacePane.SampleView seen, int[] pictureShape) {
        if (!name.equals(node)) return;
        filters.getChildren().clear();
        TensorSnapshot w = params.get("weight");
        Node n = editor.selectedNode();
        FilterTiles tiles = w == null || n == null ? null : FilterTiles.of(n.kind(), w.shape(), w.data(), groups(n));
        if (tiles != null) LayerPictures.filters(filters, tiles);
        filtersHead.setVisible(tiles != null);
        filters.setVisible(tiles != null);
        lastActivation = act;
        lastBuffers = buffers;
        probed = samples;
        activations.getChildren().clear();
        attentionBox.getChildren().clear();
        if (act == null) {
            activationNote.setText("no output to show for this node");
        } else {
            showActivation(act);
        }
        if (attention != null && attention.shape().length == 3) {
            int l = attention.shape()[1], k = attention.shape()[2];
            float[] first = java.util.Arrays.copyOf(attention.data(), l * k);
            // The key's positions are the text's tokens when there are as many (a self-attention over the embedded text).
            javafx.scene.image.Image picture = seen == null ? null : seen.picture();
            int h = pictureShape.length >= 2 ? pictureShape[pictureShape.length - 2] : 0, wd = pictureShape.length >= 2 ? pictureShape[pictureShape.length - 1] : 0;
            attentionBox.getChildren().setAll(AttentionMap.view(n == null ? name : n.name(), first, l, k, ids != null && ids.length == k ? ids : null, vocabulary,
                    picture, h, wd, ChartTheme.textScale(getScene())));
        }
        redrawStats();
    }

    /** A convolution node's groups (1 when its params cannot be read). */
    private int groups(Node n) {
        try {
            return editor.viewAnalysis().params(n.id()).i("groups");
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private void showActivation(TensorSnapshot a) {
        Node inspected = node == null ? null : editor.selectedNode();
        boolean channels = a.shape().length == 3 && inspected != null && Layout.channelsFirst(editor.viewGraph(), inspected.id());
        boolean last = a.shape().length == 4 && inspected != null && Layout.channelsLast(editor.viewGraph(), inspected.id());
        String note = LayerPictures.activation(activations, last ? LayerPictures.channelsFirst(a) : a, sampleName(), channels,
                inspected != null && inspected.kind().equals("Input"),
                length -> sampleText != null && sampleText.length() == length ? sampleText.padding() : 0,
                sampleText != null && sampleText.trailing());
        activationNote.setText(last ? LayerPictures.channelsLastNote(note, a.shape()) : note);
    }
}
