package layerlab.ui.inspect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.NaiveForecast;
import layerlab.tensor.Tensor;
import layerlab.train.ClassReport;
import layerlab.train.Roc;
import layerlab.train.Trainer;
import layerlab.train.TrainingEvent;
import layerlab.ui.train.TrainingSession;

/**
 * A model's results after a run. For a classifier: the confusion matrix on the validation set (click a cell to see its
 * samples), the misclassified samples, and for 2-D data sets the decision boundary drawn over the points, live while
 * training; for a one-value regression its errors and its fit ({@link RegressionFitPane}). Beside them, the finished
 * model on new input: a drawing pad for image models ({@link DrawPadPane}), typed values for table-like data or a typed
 * text for a text model ({@link TrySamplePane}), and a file of samples ({@link PredictFilePane}). A text model's samples
 * show as their texts.
 */
public final class ResultsView extends ScrollPane {
    /** Samples evaluated at most for the confusion matrix. */
    static final int GRID = 64;
    private static final String NOTHING_YET = "Train a model to see its results here.";
    /** An opened model without data: nothing to evaluate, new samples to predict. */
    static final String READY_WITHOUT_DATA = "The opened model has no data here to be evaluated on: it predicts new samples below. "
            + "Choose a data set in the Data tab for its accuracy, confusion matrix and the rest.";

    private final TrainingSession session;
    private final GridPane matrix = new GridPane();
    /** Per class: precision, recall, F1 and support, and their averages (scikit-learn's classification_report). */
    private final GridPane report = new GridPane();
    /** A binary classifier's ROC curve and its area. */
    private final RocPane roc = new RocPane();
    private final FlowPane gallery = new FlowPane(4, 4);
    private final Label galleryTitle = new Label(), summary = new Label(NOTHING_YET);
    private final Canvas boundary = new Canvas(320, 320);
    /** "Draw a sample": a pad (or an image file) to predict on, for image models. */
    private final DrawPadPane drawPad;
    /** "Try a sample": a field per value of a table-like sample, and what the model makes of them. */
    private final TrySamplePane trySample;
    /** A regression's fit: the model's curve over the samples (one input value), or its predictions against the targets. */
    private final RegressionFitPane fit = new RegressionFitPane();
    /** An autoencoder's pictures over its reconstructions. */
    private final ReconstructionPane remade = new ReconstructionPane();
    /** Why the model classed a picture of the gallery as it did: its saliency maps. */
    private final SaliencyPane why;
    /** The confusion matrix, its title and the misclassified button: hidden for a regression. */
    private final List<Node> classifierOnly;
    /** "Predict new samples": the model on a file's samples, as layerlab predict reads them. */
    private final PredictFilePane filePane;
    private Evaluation evaluation;
    /** With several targets, which head the results draw. */
    private final ComboBox<HeadColumns> headPicker = new ComboBox<>();
    /** The class probabilities the pad or a typed sample got last. */
    private float[] lastProbabilities;

    public ResultsView(TrainingSession session) {
        this.session = session;
        setId("resultsView");
        setFitToWidth(true);
        matrix.setId("confusionMatrix");
        matrix.setHgap(2);
        matrix.setVgap(2);
        report.setId("classReport");
        report.setHgap(14);
        report.setVgap(2);
        gallery.setId("resultsGallery");
        summary.setId("resultsSummary");
        summary.setWrapText(true);
        boundary.setId("decisionBoundary");
        Button misclassified = new Button("Misclassified");
        misclassified.setId("resultsMisclassified");
        misclassified.setOnAction(e -> {
            if (evaluation != null) showSamples("Misclassified", evaluation.misclassified());
        });
        drawPad = new DrawPadPane(session, p -> lastProbabilities = p);
        why = new SaliencyPane(session);
        // The maps come a moment after the click on a picture, above the gallery: brought into view as they come.
        why.setOnShown(() -> reveal(why, why));
        trySample = new TrySamplePane(session, p -> lastProbabilities = p);
        boundary.setVisible(false);
        boundary.setManaged(false);
        classifierOnly = List.of(bold("Confusion matrix (rows: true class, columns: predicted)"), matrix, misclassified, bold("Per class"), report);
        headPicker.setId("resultsHead");
        headPicker.setPromptText("head…");
        headPicker.setTooltip(new Tooltip("Which head of the network the results draw: a classifier's confusion matrix, an amount's fit"));
        headPicker.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(HeadColumns h) {
                return h == null ? "" : h.describe();
            }

            @Override
            public HeadColumns fromString(String s) {
                return null;
            }
        });
        headPicker.setVisible(false);
        headPicker.setManaged(false);
        Label headLabel = new Label("Head");
        HBox headRow = new HBox(8, headLabel, headPicker);
        headRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        headLabel.visibleProperty().bind(headPicker.visibleProperty());
        headLabel.managedProperty().bind(headPicker.managedProperty());
        VBox left = new VBox(6, headRow, summary);
        left.getChildren().addAll(classifierOnly);
        left.getChildren().add(roc);
        left.getChildren().addAll(galleryTitle, why, gallery);
        filePane = new PredictFilePane(session);
        left.setPrefWidth(470);
        // A regression's fit (the run's result) comes before "Predict new samples" (something to do with the model), whose
        // empty table would otherwise push the fit below the tab's fold.
        VBox results = new VBox(6, left, fit, remade, filePane);
        // Try a sample goes below the rest where beside it the confusion matrix would not read (200 % text on a projector).
        setContent(new SideBySide(results, () -> matrix.isVisible() ? matrix.prefWidth(-1) : 0, new VBox(12, trySample, boundary, drawPad)));
        session.stateProperty().addListener((o, a, s) -> {
            if (s == TrainingSession.State.FINISHED) evaluate();
        });
        session.addResetListener(this::clear);
        // A model opened without data predicts files all the same (the rest of Results needs data to evaluate on).
        session.addReadyListener(() -> {
            if (session.data() != null || session.ready() == null) return;
            summary.setText(READY_WITHOUT_DATA);
            classifierParts(false);
            filePane.showFor(session.ready());
        });
        session.addListener(events -> {
            for (TrainingEvent e : events) {
                if (!(e instanceof TrainingEvent.RunStarted)) continue;
                startBoundary();
                // The maps were the last model's: a new run makes another.
                why.clear();
            }
        });
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold");
        // A heading that says how to read what follows wraps rather than losing it ("rows: true class, colu…" at 150 %).
        l.setWrapText(true);
        return l;
    }

    public Evaluation evaluation() {
        return evaluation;
    }

    public GridPane matrix() {
        return matrix;
    }

    /** The saliency maps of the gallery's clicked picture. */
    public SaliencyPane why() {
        return why;
    }

    public FlowPane gallery() {
        return gallery;
    }

    public Canvas boundary() {
        return boundary;
    }

    /** The class probabilities of the last prediction on the pad or of a typed sample, or null. */
    public float[] lastProbabilities() {
        return lastProbabilities;
    }

    /** The "Draw a sample" part (tests drive it). */
    public DrawPadPane drawPad() {
        return drawPad;
    }

    /** The "Try a sample" part (tests drive it). */
    public TrySamplePane trySample() {
        return trySample;
    }

    /** A regression's fit (tests read it). */
    public RegressionFitPane regressionFit() {
        return fit;
    }

    /** Shows or hides what only a classifier's results fill (the confusion matrix, the per-class report). */
    private void classifierParts(boolean shown) {
        for (Node n : classifierOnly) {
            n.setVisible(shown);
            n.setManaged(shown);
        }
    }

    /** The line above the results: what was evaluated, or why nothing was (tests read it). */
    public String summaryText() {
        return summary.getText();
    }

    /** The "Predict new samples" part (tests drive it). */
    public PredictFilePane predictPane() {
        return filePane;
    }

    /** Back to "nothing trained yet" (another project was opened). */
    private void clear() {
        evaluation = null;
        summary.setText(NOTHING_YET);
        headPicker.setOnAction(null);
        headPicker.getItems().clear();
        headPicker.setVisible(false);
        headPicker.setManaged(false);
        // As a new window shows them (a regression's results or a model opened without data hid them).
        classifierParts(true);
        matrix.getChildren().clear();
        report.getChildren().clear();
        roc.clear();
        gallery.getChildren().clear();
        galleryTitle.setText("");
        why.clear();
        lastProbabilities = null;
        drawPad.clear();
        trySample.clear();
        fit.clear();
        remade.clear();
        filePane.clear();
        boundary.setVisible(false);
        boundary.setManaged(false);
        boundary.getProperties().remove("layerlab.drawn");
    }

    /** Evaluates the finished model on the validation set (the training set when there is none), off the JavaFX thread. */
    public void evaluate() {
        DataSplit data = session.data();
        if (data == null) return;
        filePane.showFor(data);
        remade.clear();
        Dataset ds = data.validation() != null ? data.validation() : data.trainSamples();
        if (session.graph() != null && layerlab.train.Losses.reconstructs(session.graph())) {
            // An autoencoder: its labels, if the data has any, play no part; it is judged by its reconstructions.
            session.afterRun(t -> ReconstructionPane.of(t, ds, data.train()), this::showReconstructions);
            return;
        }
        if (!ds.isClassification()) {
            int targets = 1;
            for (int d : ds.targetShape()) targets *= d;
            if (!ds.targetHeads().isEmpty()) {
                // Several targets: a head at a time, chosen above the results: a classifier's confusion matrix, an amount's fit.
                session.afterRun(t -> HeadColumns.of(t, ds), heads -> showHeads(heads, ds, data));
                return;
            }
            if (targets != 1) {
                summary.setText("Results show classifiers and one-value regressions; these targets are " + Arrays.toString(ds.targetShape())
                        + " per sample (the Charts tab has the loss and the mean absolute error).");
                classifierParts(false);
                return;
            }
            // A time series' yardstick, on the same windows: each one's last value as its forecast.
            Map<String, Object> settings = session.graph() == null ? null : session.graph().dataset();
            Path dataDir = session.dataDir();
            session.afterRun(t -> RegressionFitPane.regression(t, ds, data).with(NaiveForecast.forSeries(settings, dataDir, ds, data.normalization())),
                    this::showRegression);
            if (TrySamplePane.takes(ds)) trySample.showFor(ds, data);
            return;
        }
        session.afterRun(t -> Evaluation.of(t, ds), this::show);
        if (Pictures.isImage(ds.sampleShape())) drawPad.show();
        if (ds.sampleShape().length == 1 && ds.sampleShape()[0] == 2) {
            session.afterRun(t -> boundaryImage(t, data.train()), r -> r.run());
        }
        if (TrySamplePane.takes(ds)) trySample.showFor(ds, data);
    }

    // ---- several targets ----

    /** The heads of a network of several targets in the picker above the results, the first one drawn. */
    private void showHeads(List<HeadColumns> heads, Dataset ds, DataSplit data) {
        headPicker.setOnAction(null);
        headPicker.getItems().setAll(heads);
        headPicker.setVisible(!heads.isEmpty());
        headPicker.setManaged(!heads.isEmpty());
        if (heads.isEmpty()) {
            summary.setText("No head of this network answers through an Output: add an Output after each head's last layer.");
            classifierParts(false);
            return;
        }
        headPicker.setOnAction(e -> showHead(headPicker.getValue(), ds, data));
        headPicker.getSelectionModel().select(0);
        showHead(heads.get(0), ds, data);
    }

    /** Draws one head: a classifier's confusion matrix and per-class report, an amount's predictions against its targets. */
    private void showHead(HeadColumns h, Dataset ds, DataSplit data) {
        if (h == null) return;
        if (h.classifier()) {
            fit.clear();
            session.afterRun("head", t -> Evaluation.of(t, ds, h), this::show);
        } else if (h.width() == 1) {
            matrix.getChildren().clear();
            report.getChildren().clear();
            session.afterRun("head", t -> RegressionFitPane.regression(t, ds, data, h), this::showRegression);
        } else {
            classifierParts(false);
            fit.clear();
            summary.setText("Head " + h.describe() + " answers " + h.width() + " values a sample: the Charts tab has its mean absolute error.");
        }
    }

    /** The head picker of a network of several targets (tests drive it). */
    public ComboBox<HeadColumns> headPicker() {
        return headPicker;
    }

    // ---- regression ----

    private void showRegression(RegressionFitPane.Regression r) {
        classifierParts(false);
        roc.clear();
        summary.setText(String.format(Locale.ROOT, "%d samples evaluated: mean absolute error %s, RMSE %s, R² %s.", r.evaluated(),
                Numbers.compact(r.mae()), Numbers.compact(r.rmse()), Numbers.compact(r.r2()))
                + (r.naive() == null ? "" : "\nThe " + r.naive().describe(r.mae(), Numbers::compact) + "."));
        fit.show(r);
    }

    private void showReconstructions(ReconstructionPane.Result r) {
        classifierParts(false);
        roc.clear();
        fit.clear();
        summary.setText(String.format(Locale.ROOT, "%d samples reconstructed: mean absolute error %s, RMSE %s (in the pictures' values as the model takes them).",
                r.evaluated(), Numbers.compact(r.mae()), Numbers.compact(r.rmse())));
        remade.show(r);
    }

    /** An autoencoder's pictures over its reconstructions (tests read it). */
    public ReconstructionPane reconstructions() {
        return remade;
    }

    // ---- confusion matrix ----

    private void show(Evaluation e) {
        evaluation = e;
        classifierParts(true);
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
                // Green for right and red for wrong is not the only cue (a projector's washed-out hues, red-green colour
                // blindness): the diagonal's right answers are in bold inside a solid frame, the mistakes plain.
                cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%d,%d,%d,%.2f); -fx-text-fill: %s;%s", (int) (c.getRed() * 255),
                        (int) (c.getGreen() * 255), (int) (c.getBlue() * 255), c.getOpacity(), a > 0.6 ? "white" : "-ll-text",
                        i == j ? " -fx-font-weight: bold;" : ""));
                // The frame is the style sheet's (.cm-right), not inline, so that the focus ring (.key-click:focused) can
                // take its place on a cell Tab has reached.
                if (i == j) cell.getStyleClass().add("cm-right");
                cell.getProperties().put("layerlab.correct", i == j);
                cell.setMinSize(k > 10 ? 30 : 40, 26);
                // As wide as its column (a long class name in the header widens it), so the grid stays square.
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setAlignment(Pos.CENTER);
                int t = i, p = j;
                // The headers may be cut to "Cz…" when there are many classes: the cell says whose it is.
                String says = v + (v == 1 ? " sample" : " samples") + " of " + name(e, t) + " predicted as " + name(e, p);
                cell.setTooltip(new Tooltip(says + " (click, or Enter, to see them)"));
                layerlab.ui.KeyClick.of(cell, says, () -> showSamples("True " + name(e, t) + ", predicted " + name(e, p), e.cell(t, p)), () -> {
                    // From the keyboard, the focus goes on to the first sample (a picture or text that opens in turn).
                    if (!gallery.getChildren().isEmpty() && gallery.getChildren().get(0).isFocusTraversable()) gallery.getChildren().get(0).requestFocus();
                });
                matrix.add(cell, j + 1, i + 1);
            }
        }
        showReport(e);
        roc.show(e.roc());
    }

    /** The ROC curve shown (null: none, for a model that is not a binary classifier) (tests). */
    public Roc roc() {
        return roc.roc();
    }

    /** The ROC chart's title, "ROC curve · AUC 0.981" (tests). */
    public String rocTitle() {
        return roc.title();
    }

    /** The per-class table: a row per class, then the macro and weighted averages, each header explained in its tooltip. */
    private void showReport(Evaluation e) {
        report.getChildren().clear();
        ClassReport r = ClassReport.of(e.confusion(), e.classes());
        String[][] heads = {{"precision", "Of the samples predicted as this class, the share that are of it"},
                {"recall", "Of the samples of this class, the share predicted as it"},
                {"F1", "The harmonic mean of precision and recall: high only when both are"},
                {"support", "Samples of this class evaluated"}};
        for (int c = 0; c < heads.length; c++) {
            Label h = header(heads[c][0]);
            h.setTooltip(new Tooltip(heads[c][1]));
            report.add(h, c + 1, 0);
        }
        List<ClassReport.Row> rows = new ArrayList<>(r.rows());
        rows.add(r.macro());
        rows.add(r.weighted());
        for (int i = 0; i < rows.size(); i++) {
            ClassReport.Row row = rows.get(i);
            boolean average = i >= r.rows().size();
            Label name = new Label(row.name());
            name.setStyle(average ? "-fx-font-style: italic" : "-fx-font-weight: bold");
            if (average) name.setTooltip(new Tooltip(i == r.rows().size() ? "Every class counts alike" : "Each class counts by its support"));
            report.add(name, 0, i + 1);
            double[] v = {row.precision(), row.recall(), row.f1()};
            for (int c = 0; c < 3; c++) {
                Label cell = new Label(ClassReport.fixed(v[c], 2));
                cell.setId("report-" + i + "-" + c);
                // A class the model seldom gets right stands out.
                if (!average && row.support() > 0 && v[c] < 0.5) cell.getStyleClass().add("problem-error");
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setAlignment(Pos.CENTER_RIGHT);
                report.add(cell, c + 1, i + 1);
            }
            Label support = new Label(Long.toString(row.support()));
            support.setMaxWidth(Double.MAX_VALUE);
            support.setAlignment(Pos.CENTER_RIGHT);
            report.add(support, 4, i + 1);
        }
    }

    /** The per-class table (tests). */
    public GridPane report() {
        return report;
    }

    private static String name(Evaluation e, int i) {
        return i < e.classes().size() ? e.classes().get(i) : Integer.toString(i);
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.setTooltip(new Tooltip(text));
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 0.846em; -fx-padding: 0 4 0 4");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinWidth(24);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    /** Shows up to 60 of the evaluated samples {@code which} in the gallery (of those whose features are kept, the first {@link Evaluation#KEPT}). */
    public void showSamples(String title, List<Integer> which) {
        Evaluation e = evaluation;
        int[] s = e.shape();
        int per = 1;
        for (int d : s) per *= d;
        int kept = e.features().length / Math.max(1, per);
        List<Integer> showable = which.stream().filter(i -> i < kept).toList();
        galleryTitle.setText(title + " (" + which.size() + " sample" + (which.size() == 1 ? "" : "s")
                + (showable.size() < which.size() ? "; shown from the first " + kept : "") + ")");
        galleryTitle.setStyle("-fx-font-weight: bold");
        gallery.getChildren().clear();
        for (int i : showable.subList(0, Math.min(60, showable.size()))) {
            String caption = name(e, e.truth()[i]) + "→" + name(e, e.predicted()[i]);
            if (Pictures.isImage(s)) {
                int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
                ImageView v = new ImageView(Pictures.image(e.features(), i * per, c, h, w, 0, 0));
                v.setFitWidth(48);
                v.setFitHeight(48);
                v.setSmooth(false);
                VBox cell = new VBox(v, new Label(caption));
                cell.setId("gallery-" + i);
                cell.setCursor(Cursor.HAND);
                Tooltip.install(cell, new Tooltip("Click: which pixels made the model say " + name(e, e.predicted()[i])));
                float[] image = java.util.Arrays.copyOfRange(e.features(), i * per, (i + 1) * per);
                String says = "true " + name(e, e.truth()[i]) + ", predicted " + name(e, e.predicted()[i]);
                layerlab.ui.KeyClick.of(cell, "Sample " + i + ", " + says + ": which pixels made the model say so",
                        () -> why.explain(i, says, image, s, e.truth()[i], e.predicted()[i], e.classes()));
                gallery.getChildren().add(cell);
            } else if (e.vocabulary() != null) {
                gallery.getChildren().add(textSample(e, i, per, caption));
            } else {
                gallery.getChildren().add(new Label("#" + i + " " + Numbers.sample(e.features(), i * per, per, e.featureNames()) + "  " + caption));
            }
        }
        reveal(galleryTitle, gallery);
    }

    /**
     * Scrolls the results so that {@code first} to {@code last} (as much of it as fits) are in view, unless they are
     * already: what a click on a cell of the confusion matrix, on Misclassified or on a picture asks for comes below the
     * per-class table, which a 720-px window (a classroom projector) has out of sight, so that the click seemed to do nothing.
     */
    void reveal(Node first, Node last) {
        if (getScene() == null) return;
        applyCss();
        layout();
        Node content = getContent();
        double contentHeight = content.getLayoutBounds().getHeight(), viewHeight = getViewportBounds().getHeight();
        if (contentHeight <= viewHeight) return;
        double top = content.sceneToLocal(first.localToScene(0, 0)).getY();
        double end = content.sceneToLocal(last.localToScene(0, last.getLayoutBounds().getHeight())).getY();
        double bottom = Math.min(end, top + viewHeight), scrolled = getVvalue() * (contentHeight - viewHeight);
        if (top >= scrolled && bottom <= scrolled + viewHeight) return;
        setVvalue(Math.min(1, Math.max(0, top - 4) / (contentHeight - viewHeight)));
    }

    /** Text sample {@code i} as its text; a click tries it in "Try a sample". */
    private Label textSample(Evaluation e, int i, int per, String caption) {
        Label l = new Label("#" + i + " " + Numbers.text(e.vocabulary(), e.features(), i * per, 60) + "  " + caption);
        l.getStyleClass().add("results-text-sample");
        // Short texts line up in columns; a long one takes its own row.
        l.setMinWidth(225);
        l.setPadding(new Insets(0, 12, 0, 0));
        l.setCursor(Cursor.HAND);
        l.setTooltip(new Tooltip("Click to try it in Try a sample"));
        layerlab.ui.KeyClick.of(l, l.getText() + ": try it in Try a sample", () -> trySample.tryText(e.vocabulary().decode(e.features(), i * per)));
        return l;
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
        int[] cls = Evaluation.classes(out, GRID * GRID, t.evaluator().task());
        float fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        int k = Math.max(2, train.classNames().size());
        return () -> drawBoundary(boundary, cls, k, pts, labels, n, fx0, fx1, fy0, fy1);
    }

    /** Draws the {@code GRID}×{@code GRID} classes {@code cls} with the {@code n} points over them into {@code boundary}. */
    static void drawBoundary(Canvas boundary, int[] cls, int k, float[] pts, long[] labels, int n, float x0, float x1, float y0, float y1) {
        GraphicsContext g = boundary.getGraphicsContext2D();
        double w = boundary.getWidth(), h = boundary.getHeight();
        // The grid's cells as one picture, scaled up unsmoothed: 4,096 filled rectangles a probe (4 a second) were as
        // many commands in the canvas's buffer, which grew without bound while frames lagged on a busy machine.
        javafx.scene.image.WritableImage cells = new javafx.scene.image.WritableImage(GRID, GRID);
        javafx.scene.image.PixelWriter pw = cells.getPixelWriter();
        Color[] shades = new Color[k];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                int v = cls[r * GRID + c];
                Color shade = v >= 0 && v < k ? shades[v] : null;
                if (shade == null) {
                    shade = classColor(v, k).deriveColor(0, 0.45, 1.15, 1);
                    if (v >= 0 && v < k) shades[v] = shade;
                }
                pw.setColor(c, r, shade);
            }
        }
        // Clearing the whole canvas also drops the commands of earlier pictures not yet drawn.
        g.clearRect(0, 0, w, h);
        g.setImageSmoothing(false);
        g.drawImage(cells, 0, 0, w, h);
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
}
