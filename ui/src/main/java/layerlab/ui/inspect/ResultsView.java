package layerlab.ui.inspect;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import layerlab.data.Batch;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.Images;
import layerlab.tensor.Tensor;
import layerlab.train.Metrics;
import layerlab.train.Predictions;
import layerlab.train.Trainer;
import layerlab.train.TrainingEvent;
import layerlab.ui.ChartTheme;
import layerlab.ui.train.TrainingSession;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A classifier's results after a run: the confusion matrix on the validation set (click a cell to see its samples),
 * the misclassified samples, and for image models a drawing pad (or an image file) to predict on with the class
 * probabilities. For 2-D data sets the decision boundary is drawn over the points, live while training.
 */
public final class ResultsView extends ScrollPane {
    /** Samples evaluated at most for the confusion matrix. */
    static final int MAX_EVAL = 2000;
    private static final int GRID = 64, PAD = 196;
    private static final String NOTHING_YET = "Train a model to see its results here.";

    private final TrainingSession session;
    private final GridPane matrix = new GridPane();
    private final FlowPane gallery = new FlowPane(4, 4);
    private final Label galleryTitle = new Label(), summary = new Label(NOTHING_YET);
    private final Canvas boundary = new Canvas(320, 320);
    private final Canvas pad = new Canvas(PAD, PAD);
    private final VBox probabilities = new VBox(2);
    private final VBox padBox;
    /** "Try a sample": a field per value of a table-like sample, and the probabilities the model gives them. */
    private final GridPane tryFields = new GridPane();
    private final List<TextField> tryInputs = new ArrayList<>();
    private final VBox tryProbabilities = new VBox(2);
    private final Label tryError = new Label();
    private final VBox tryBox;
    /** A regression's fit: the model's curve over the samples (one input value), or its predictions against the targets. */
    private final XYSeriesCollection fitData = new XYSeriesCollection();
    private final JFreeChart fitChart = ChartFactory.createScatterPlot("", "", "", fitData, PlotOrientation.VERTICAL, true, true, false);
    private final ChartViewer fitViewer = new ChartViewer(fitChart);
    private Regression regression;
    /** The confusion matrix, its title and the misclassified button: hidden for a regression. */
    private final List<javafx.scene.Node> classifierOnly;
    /** "Predict new samples": the model on a file's samples, as layerlab predict reads them. */
    private final PredictFilePane filePane;
    private Evaluation evaluation;
    private float[] lastProbabilities;

    /** Predictions on the evaluated samples: {@code truth[i]}, {@code predicted[i]}, and the samples' features. */
    public record Evaluation(int[] truth, int[] predicted, long[][] confusion, List<String> classes, int[] shape, float[] features,
                             List<String> featureNames) {
        public List<Integer> cell(int t, int p) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < truth.length; i++) if (truth[i] == t && predicted[i] == p) out.add(i);
            return out;
        }

        public List<Integer> misclassified() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < truth.length; i++) if (truth[i] != predicted[i]) out.add(i);
            return out;
        }
    }

    public ResultsView(TrainingSession session) {
        this.session = session;
        setId("resultsView");
        setFitToWidth(true);
        matrix.setId("confusionMatrix");
        matrix.setHgap(2);
        matrix.setVgap(2);
        gallery.setId("resultsGallery");
        summary.setId("resultsSummary");
        summary.setWrapText(true);
        boundary.setId("decisionBoundary");
        pad.setId("drawPad");
        Button misclassified = new Button("Misclassified");
        misclassified.setId("resultsMisclassified");
        misclassified.setOnAction(e -> {
            if (evaluation != null) showSamples("Misclassified", evaluation.misclassified());
        });
        clearPad();
        pad.setOnMousePressed(e -> paint(e.getX(), e.getY()));
        pad.setOnMouseDragged(e -> paint(e.getX(), e.getY()));
        pad.setOnMouseReleased(e -> predictPad());
        Button clear = new Button("Clear");
        clear.setOnAction(e -> clearPad());
        Button predict = new Button("Predict");
        predict.setId("padPredict");
        predict.setOnAction(e -> predictPad());
        Button open = new Button("Image file…");
        open.setOnAction(e -> openImage());
        probabilities.setId("padProbabilities");
        // The probabilities beside the pad, so the answer shows where the drawing is, without scrolling.
        for (Button b : List.of(clear, predict, open)) b.setMinWidth(Region.USE_PREF_SIZE);
        padBox = new VBox(6, bold("Draw a sample"), new HBox(12, new VBox(6, pad, new HBox(6, clear, predict, open)), probabilities));
        padBox.setVisible(false);
        padBox.setManaged(false);
        tryFields.setId("tryFields");
        tryFields.setHgap(6);
        tryFields.setVgap(3);
        tryProbabilities.setId("tryProbabilities");
        tryError.setId("tryError");
        tryError.getStyleClass().add("field-error");
        Button tryPredict = new Button("Predict");
        tryPredict.setId("tryPredict");
        tryPredict.setOnAction(e -> predictTyped());
        Label tryHint = new Label("Values as the data file holds them (before normalization); Enter predicts.");
        tryHint.setWrapText(true);
        tryHint.setMaxWidth(360);
        tryBox = new VBox(6, bold("Try a sample"), tryHint, tryFields, tryPredict, tryError, tryProbabilities);
        tryBox.setId("tryBox");
        tryBox.setVisible(false);
        tryBox.setManaged(false);
        boundary.setVisible(false);
        boundary.setManaged(false);
        classifierOnly = List.of(bold("Confusion matrix (rows: true class, columns: predicted)"), matrix, misclassified);
        VBox left = new VBox(6, summary);
        left.getChildren().addAll(classifierOnly);
        left.getChildren().addAll(galleryTitle, gallery);
        filePane = new PredictFilePane(session);
        left.getChildren().add(filePane);
        left.setPrefWidth(470);
        fitViewer.setId("regressionFit");
        fitViewer.setPrefSize(420, 300);
        fitViewer.setVisible(false);
        fitViewer.setManaged(false);
        fitChart.getTitle().setFont(fitChart.getTitle().getFont().deriveFont(12f));
        ChartTheme.follow(this, fitChart);
        HBox body = new HBox(16, new VBox(6, left, fitViewer), new VBox(12, tryBox, boundary, padBox));
        body.setPadding(new Insets(8));
        setContent(body);
        session.stateProperty().addListener((o, a, s) -> {
            if (s == TrainingSession.State.FINISHED) evaluate();
        });
        session.addResetListener(this::clear);
        session.addListener(events -> {
            for (TrainingEvent e : events) if (e instanceof TrainingEvent.RunStarted) startBoundary();
        });
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold");
        return l;
    }

    public Evaluation evaluation() {
        return evaluation;
    }

    public GridPane matrix() {
        return matrix;
    }

    public FlowPane gallery() {
        return gallery;
    }

    public Canvas pad() {
        return pad;
    }

    public Canvas boundary() {
        return boundary;
    }

    /** The class probabilities of the last prediction on the pad, or null. */
    public float[] lastProbabilities() {
        return lastProbabilities;
    }

    /** Back to "nothing trained yet" (another project was opened). */
    private void clear() {
        evaluation = null;
        summary.setText(NOTHING_YET);
        matrix.getChildren().clear();
        gallery.getChildren().clear();
        galleryTitle.setText("");
        clearPad();
        lastProbabilities = null;
        regression = null;
        filePane.clear();
        for (javafx.scene.Node n : List.of(padBox, boundary, tryBox, fitViewer)) {
            n.setVisible(false);
            n.setManaged(false);
        }
        boundary.getProperties().remove("layerlab.drawn");
    }

    // ---- confusion matrix ----

    /** Evaluates the finished model on the validation set (the training set when there is none), off the JavaFX thread. */
    public void evaluate() {
        DataSplit data = session.data();
        if (data == null) return;
        filePane.showFor(data);
        Dataset ds = data.validation() != null ? data.validation() : data.train();
        if (!ds.isClassification()) {
            int targets = 1;
            for (int d : ds.targetShape()) targets *= d;
            if (targets != 1) {
                summary.setText("Results show classifiers and one-value regressions; these targets are " + Arrays.toString(ds.targetShape())
                        + " per sample (the Charts tab has the loss and the mean absolute error).");
                return;
            }
            session.afterRun(t -> regression(t, ds, data), this::showRegression);
            if (ds.sampleShape().length == 1 && ds.sampleShape()[0] <= MAX_TRY_VALUES) fillTry(ds, data);
            return;
        }
        session.afterRun(t -> evaluate(t, ds), this::show);
        if (Pictures.isImage(ds.sampleShape())) {
            padBox.setVisible(true);
            padBox.setManaged(true);
        }
        if (ds.sampleShape().length == 1 && ds.sampleShape()[0] == 2) {
            session.afterRun(t -> boundaryImage(t, data.train()), r -> r.run());
        }
        if (ds.sampleShape().length == 1 && ds.sampleShape()[0] <= MAX_TRY_VALUES) fillTry(ds, data);
    }

    // ---- regression ----

    /**
     * A regression evaluated: its errors, and what the plot shows: for one input value, the samples (x as the file has
     * it, y) and the model's curve through them; otherwise each sample's prediction against its target.
     */
    public record Regression(int samples, double mae, double rmse, double r2, boolean curve, double[] x, double[] truth, double[] predicted) {}

    static Regression regression(Trainer t, Dataset ds, DataSplit data) {
        Batch batch = evaluated(ds);
        int n = batch.inputs().size(0);
        float[] out = Probes.predict(t, batch.inputs());
        float[] y = batch.targets().toFloatArray();
        Metrics m = Metrics.forTask(Metrics.Task.REGRESSION, false);
        m.add(0, n, Tensor.of(out, n, 1), Tensor.of(y, n, 1));
        boolean curve = ds.sampleShape().length == 1 && ds.sampleShape()[0] == 1;
        double[] x = new double[n], truth = new double[n], pred = new double[n];
        float[] raw = curve ? data.normalization().restore(batch.inputs()).toFloatArray() : null;
        for (int i = 0; i < n; i++) {
            x[i] = curve ? raw[i] : y[i];
            truth[i] = y[i];
            pred[i] = out[i];
        }
        return new Regression(n, m.mae(), m.rmse(), m.r2(), curve, x, truth, pred);
    }

    private void showRegression(Regression r) {
        regression = r;
        for (javafx.scene.Node n : classifierOnly) {
            n.setVisible(false);
            n.setManaged(false);
        }
        summary.setText(String.format(Locale.ROOT, "%d samples evaluated: mean absolute error %s, RMSE %s, R² %s.", r.samples(),
                Numbers.compact(r.mae()), Numbers.compact(r.rmse()), Numbers.compact(r.r2())));
        fitData.removeAllSeries();
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
        fitData.addSeries(samples);
        fitData.addSeries(model);
        fitChart.setTitle(r.curve() ? "The model's curve through the validation samples" : "Predictions against targets");
        XYPlot plot = fitChart.getXYPlot();
        plot.getDomainAxis().setLabel(r.curve() ? "input (as the file has it)" : "target");
        plot.getRangeAxis().setLabel(r.curve() ? "target" : "prediction");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesStroke(1, new java.awt.BasicStroke(2f));
        plot.setRenderer(renderer);
        ChartTheme.apply(ChartTheme.isDark(getScene()), fitChart);
        fitViewer.setVisible(true);
        fitViewer.setManaged(true);
    }

    /** The last regression evaluated (tests). */
    public Regression regressionResult() {
        return regression;
    }

    /** The "Predict new samples" part (tests drive it). */
    public PredictFilePane predictPane() {
        return filePane;
    }

    // ---- try a sample ----

    /** Table-like samples up to this many values get a field each. */
    static final int MAX_TRY_VALUES = 32;

    /** A field per value, named as the data file names its columns, holding the first evaluated sample as the file has it. */
    private void fillTry(Dataset ds, DataSplit data) {
        int per = ds.sampleShape()[0];
        List<String> names = ds.featureNames().size() == per ? ds.featureNames() : null;
        float[] first = data.normalization().restore(ds.batch(new int[] {0}).inputs()).toFloatArray();
        tryFields.getChildren().clear();
        tryInputs.clear();
        for (int j = 0; j < per; j++) {
            TextField f = new TextField(Numbers.compact(first[j]));
            f.setId("try-" + j);
            f.setPrefColumnCount(7);
            f.setOnAction(e -> predictTyped());
            tryInputs.add(f);
            Label l = new Label(names != null ? names.get(j) : "x" + j);
            l.setMinWidth(Region.USE_PREF_SIZE);
            tryFields.add(l, (j % 2) * 2, j / 2);
            tryFields.add(f, (j % 2) * 2 + 1, j / 2);
        }
        tryProbabilities.getChildren().clear();
        tryError.setText("");
        tryBox.setVisible(true);
        tryBox.setManaged(true);
        predictTyped();
    }

    /** Predicts on the typed values, normalized as the training data were. */
    public void predictTyped() {
        DataSplit data = session.data();
        if (data == null || session.finished() == null || tryInputs.isEmpty()) return;
        float[] x = new float[tryInputs.size()];
        for (int j = 0; j < x.length; j++) {
            TextField f = tryInputs.get(j);
            try {
                x[j] = Float.parseFloat(f.getText().trim());
                f.getStyleClass().remove("invalid");
            } catch (NumberFormatException e) {
                if (!f.getStyleClass().contains("invalid")) f.getStyleClass().add("invalid");
                tryError.setText(((Label) tryFields.getChildren().get(2 * j)).getText() + ": \"" + f.getText() + "\" is not a number");
                return;
            }
        }
        tryError.setText("");
        Tensor input = data.normalization().apply(Tensor.of(x, 1, x.length));
        List<String> names = data.train().classNames();
        if (!data.train().isClassification()) {
            session.afterRun(t -> Probes.predict(t, input), y -> {
                List<String> values = new ArrayList<>();
                for (float v : y) values.add(Numbers.compact(v));
                Label l = new Label("prediction: " + String.join(", ", values));
                l.setId("tryPrediction");
                l.setStyle("-fx-font-family: monospace; -fx-font-weight: bold");
                tryProbabilities.getChildren().setAll(l);
            });
            return;
        }
        session.afterRun(t -> Predictions.probabilities(Probes.predict(t, input), t.evaluator().task()), p -> showProbabilities(tryProbabilities, p, names));
    }

    /** The probabilities the typed sample got (tests). */
    public VBox tryProbabilities() {
        return tryProbabilities;
    }

    /** The samples the results are worked out on: the first {@link #MAX_EVAL} of {@code ds}. */
    private static Batch evaluated(Dataset ds) {
        int[] idx = new int[Math.min(ds.size(), MAX_EVAL)];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return ds.batch(idx);
    }

    static Evaluation evaluate(Trainer t, Dataset ds) {
        Batch batch = evaluated(ds);
        int n = batch.inputs().size(0);
        float[] out = Probes.predict(t, batch.inputs());
        long[] labels = batch.targets().toLongArray();
        int k = Math.max(2, ds.classNames().size());
        int[] pred = classes(out, n, t.evaluator().task());
        int[] truth = new int[n];
        long[][] cm = new long[k][k];
        for (int i = 0; i < n; i++) {
            truth[i] = (int) labels[i];
            if (truth[i] >= 0 && truth[i] < k && pred[i] < k) cm[truth[i]][pred[i]]++;
        }
        return new Evaluation(truth, pred, cm, ds.classNames(), ds.sampleShape(), batch.inputs().toFloatArray(), ds.featureNames());
    }

    /** The predicted class of each of {@code n} outputs: arg-max over classes, or a threshold for one binary score. */
    static int[] classes(float[] out, int n, Metrics.Task task) {
        int per = out.length / n;
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            if (per == 1) {
                pred[i] = out[i] > (task == Metrics.Task.BINARY_PROBABILITY ? 0.5f : 0f) ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int c = 1; c < per; c++) if (out[i * per + c] > out[i * per + best]) best = c;
            pred[i] = best;
        }
        return pred;
    }

    private void show(Evaluation e) {
        evaluation = e;
        for (javafx.scene.Node n : classifierOnly) {
            n.setVisible(true);
            n.setManaged(true);
        }
        matrix.getChildren().clear();
        int k = e.confusion().length;
        long max = 1, correct = 0, total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                max = Math.max(max, e.confusion()[i][j]);
                total += e.confusion()[i][j];
                if (i == j) correct += e.confusion()[i][j];
            }
        }
        summary.setText(String.format(Locale.ROOT, "%d samples evaluated: %.1f%% correct.", total, 100.0 * correct / Math.max(1, total)));
        for (int j = 0; j < k; j++) matrix.add(header(name(e, j)), j + 1, 0);
        for (int i = 0; i < k; i++) {
            matrix.add(header(name(e, i)), 0, i + 1);
            for (int j = 0; j < k; j++) {
                long v = e.confusion()[i][j];
                Label cell = new Label(Long.toString(v));
                cell.setId("cm-" + i + "-" + j);
                double a = Math.sqrt((double) v / max);
                Color c = i == j ? Color.color(0.17, 0.63, 0.17, 0.1 + 0.9 * a) : Color.color(0.84, 0.15, 0.16, v == 0 ? 0.04 : 0.15 + 0.85 * a);
                cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%d,%d,%d,%.2f); -fx-text-fill: %s", (int) (c.getRed() * 255),
                        (int) (c.getGreen() * 255), (int) (c.getBlue() * 255), c.getOpacity(), a > 0.6 ? "white" : "-ll-text"));
                cell.setMinSize(k > 10 ? 30 : 40, 26);
                // As wide as its column (a long class name in the header widens it), so the grid stays square.
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setAlignment(Pos.CENTER);
                int t = i, p = j;
                cell.setOnMouseClicked(ev -> showSamples("True " + name(e, t) + ", predicted " + name(e, p), e.cell(t, p)));
                matrix.add(cell, j + 1, i + 1);
            }
        }
    }

    private static String name(Evaluation e, int i) {
        return i < e.classes().size() ? e.classes().get(i) : Integer.toString(i);
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 11px; -fx-padding: 0 4 0 4");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinWidth(24);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    /** Shows up to 60 of the evaluated samples {@code which} in the gallery. */
    public void showSamples(String title, List<Integer> which) {
        Evaluation e = evaluation;
        galleryTitle.setText(title + " (" + which.size() + " sample" + (which.size() == 1 ? "" : "s") + ")");
        galleryTitle.setStyle("-fx-font-weight: bold");
        gallery.getChildren().clear();
        int[] s = e.shape();
        int per = 1;
        for (int d : s) per *= d;
        for (int i : which.subList(0, Math.min(60, which.size()))) {
            String caption = name(e, e.truth()[i]) + "→" + name(e, e.predicted()[i]);
            if (Pictures.isImage(s)) {
                int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
                ImageView v = new ImageView(Pictures.image(e.features(), i * per, c, h, w, 0, 0));
                v.setFitWidth(48);
                v.setFitHeight(48);
                v.setSmooth(false);
                gallery.getChildren().add(new VBox(v, new Label(caption)));
            } else {
                gallery.getChildren().add(new Label("#" + i + " " + Numbers.sample(e.features(), i * per, per, e.featureNames()) + "  " + caption));
            }
        }
    }

    // ---- decision boundary ----

    private void startBoundary() {
        DataSplit data = session.data();
        session.setProbe("boundary", null);
        boolean twoD = data != null && data.train().isClassification() && data.train().sampleShape().length == 1 && data.train().sampleShape()[0] == 2;
        boundary.setVisible(twoD);
        boundary.setManaged(twoD);
        if (twoD) session.setProbe("boundary", t -> boundaryImage(t, data.train()));
    }

    /** Predicts a grid over the points' range (on the training thread or a worker) and returns the drawing. */
    private Runnable boundaryImage(Trainer t, Dataset train) {
        int n = Math.min(train.size(), 600);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        var b = train.batch(idx);
        float[] pts = b.inputs().toFloatArray();
        long[] labels = b.targets().toLongArray();
        float x0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y0 = Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            x0 = Math.min(x0, pts[2 * i]);
            x1 = Math.max(x1, pts[2 * i]);
            y0 = Math.min(y0, pts[2 * i + 1]);
            y1 = Math.max(y1, pts[2 * i + 1]);
        }
        float mx = (x1 - x0) * 0.1f + 1e-3f, my = (y1 - y0) * 0.1f + 1e-3f;
        x0 -= mx;
        x1 += mx;
        y0 -= my;
        y1 += my;
        float[] grid = new float[GRID * GRID * 2];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                grid[2 * (r * GRID + c)] = x0 + (x1 - x0) * (c + 0.5f) / GRID;
                grid[2 * (r * GRID + c) + 1] = y1 - (y1 - y0) * (r + 0.5f) / GRID;
            }
        }
        float[] out = Probes.predict(t, Tensor.of(grid, GRID * GRID, 2));
        int[] cls = classes(out, GRID * GRID, t.evaluator().task());
        float fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        int k = Math.max(2, train.classNames().size());
        return () -> drawBoundary(cls, k, pts, labels, n, fx0, fx1, fy0, fy1);
    }

    private void drawBoundary(int[] cls, int k, float[] pts, long[] labels, int n, float x0, float x1, float y0, float y1) {
        GraphicsContext g = boundary.getGraphicsContext2D();
        double w = boundary.getWidth(), h = boundary.getHeight(), cw = w / GRID, ch = h / GRID;
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                g.setFill(classColor(cls[r * GRID + c], k).deriveColor(0, 0.45, 1.15, 1));
                g.fillRect(c * cw, r * ch, cw + 0.5, ch + 0.5);
            }
        }
        for (int i = 0; i < n; i++) {
            double px = (pts[2 * i] - x0) / (x1 - x0) * w, py = (1 - (pts[2 * i + 1] - y0) / (y1 - y0)) * h;
            g.setFill(classColor((int) labels[i], k));
            g.setStroke(Color.WHITE);
            g.fillOval(px - 3, py - 3, 6, 6);
            g.strokeOval(px - 3, py - 3, 6, 6);
        }
        boundary.getProperties().put("layerlab.drawn", true);
    }

    static Color classColor(int c, int k) {
        return k == 2 ? (c == 0 ? Color.web("#1f77b4") : Color.web("#ff7f0e")) : Color.hsb(360.0 * c / k, 0.75, 0.85);
    }

    // ---- drawing pad ----

    private void clearPad() {
        GraphicsContext g = pad.getGraphicsContext2D();
        g.setFill(Color.BLACK);
        g.fillRect(0, 0, PAD, PAD);
        probabilities.getChildren().clear();
    }

    private void paint(double x, double y) {
        GraphicsContext g = pad.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillOval(x - 9, y - 9, 18, 18);
    }

    /** Draws a stroke on the pad from (x0, y0) to (x1, y1), in pad pixels (tests draw this way too). */
    public void stroke(double x0, double y0, double x1, double y1) {
        for (int i = 0; i <= 20; i++) paint(x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * i / 20);
    }

    /** Predicts on what the pad shows, framed as the training digits were ({@link Images#drawing}). */
    public void predictPad() {
        predict(pad.snapshot(null, null), true);
    }

    private void openImage() {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"));
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f == null) return;
        Image img = new Image(f.toURI().toString());
        GraphicsContext g = pad.getGraphicsContext2D();
        g.drawImage(img, 0, 0, PAD, PAD);
        predictImage(img);
    }

    /**
     * Turns {@code img} into the model's input as every picture becomes one ({@link Images}: resized with antialiasing,
     * grey or RGB, in [0, 1]), normalises it like the training data and predicts.
     */
    public void predictImage(Image img) {
        predict(img, false);
    }

    private void predict(Image img, boolean drawing) {
        DataSplit data = session.data();
        if (data == null || session.finished() == null) {
            summary.setText("Train the model first, then draw.");
            return;
        }
        int[] s = data.train().sampleShape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        int iw = (int) img.getWidth(), ih = (int) img.getHeight();
        int[] argb = new int[iw * ih];
        img.getPixelReader().getPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), argb, 0, iw);
        float[] x = new float[c * h * w];
        if (drawing) Images.drawing(argb, iw, ih, c, h, w, x, 0);
        else Images.pixels(argb, iw, ih, c, h, w, x, 0);
        int[] shape = new int[s.length + 1];
        shape[0] = 1;
        System.arraycopy(s, 0, shape, 1, s.length);
        Tensor input = data.normalization().apply(Tensor.of(x, shape));
        List<String> names = data.train().classNames();
        session.afterRun(t -> Predictions.probabilities(Probes.predict(t, input), t.evaluator().task()), p -> showProbabilities(probabilities, p, names));
    }

    private void showProbabilities(VBox into, float[] p, List<String> names) {
        lastProbabilities = p;
        into.getChildren().clear();
        int best = Predictions.best(p);
        List<String> classes = Predictions.classNames(names, p.length);
        // Names padded to the longest (in a monospace font), so that the bars line up and no name is cut.
        int width = Math.max(3, classes.stream().mapToInt(String::length).max().orElse(3));
        for (int i = 0; i < p.length; i++) {
            ProgressBar bar = new ProgressBar(p[i]);
            bar.setPrefWidth(100);
            if (i == best) bar.setStyle("-fx-accent: #2ca02c");
            Label l = new Label(String.format(Locale.ROOT, "%-" + width + "s %5.1f%%", classes.get(i), 100 * p[i]));
            l.setStyle("-fx-font-family: monospace" + (i == best ? "; -fx-font-weight: bold" : ""));
            l.setMinWidth(Region.USE_PREF_SIZE);
            into.getChildren().add(new HBox(6, l, bar));
        }
    }
}
