package layerlab.ui.inspect;

import static layerlab.ui.inspect.ConfusionMatrix.name;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
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
import layerlab.data.DataSplit;
import layerlab.data.Dataset;
import layerlab.data.NaiveForecast;
import layerlab.train.Roc;
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
    /** The decision boundary's grid, cells across and down (tests). */
    static final int GRID = DecisionBoundary.GRID;
    private static final String NOTHING_YET = "Train a model to see its results here.";
    /** An opened model without data: nothing to evaluate, new samples to predict. */
    static final String READY_WITHOUT_DATA = "The opened model has no data here to be evaluated on: it predicts new samples below. "
            + "Choose a data set in the Data tab for its accuracy, confusion matrix and the rest.";

    private final TrainingSession session;
    /** The confusion matrix on the validation set: a click on a cell shows its samples. */
    private final ConfusionMatrix matrix;
    /** Per class: precision, recall, F1 and support, and their averages (scikit-learn's classification_report). */
    private final ClassReportTable report = new ClassReportTable();
    /** A binary classifier's ROC curve and its area. */
    private final RocPane roc = new RocPane();
    private final FlowPane gallery = new FlowPane(4, 4);
    private final Label galleryTitle = new Label(), summary = new Label(NOTHING_YET);
    /** A 2-D classifier's decision boundary under its points. */
    private final DecisionBoundary boundary;
    /** "Draw a sample": a pad (or an image file) to predict on, for image models. */
    private final DrawPadPane drawPad;
    /** "Try a sample": a field per value of a table-like sample, and what the model makes of them. */
    private final TrySamplePane trySample;
    /** A next-token model's new texts. */
    private final GeneratePane generatePane;
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
        matrix = new ConfusionMatrix(this::showSamples, () -> {
            if (!gallery.getChildren().isEmpty() && gallery.getChildren().get(0).isFocusTraversable()) gallery.getChildren().get(0).requestFocus();
        });
        gallery.setId("resultsGallery");
        summary.setId("resultsSummary");
        summary.setWrapText(true);
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
        generatePane = new GeneratePane(session);
        boundary = new DecisionBoundary(session);
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
        setContent(new SideBySide(results, () -> matrix.isVisible() ? matrix.prefWidth(-1) : 0, new VBox(12, generatePane, trySample, boundary.canvas, drawPad)));
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
                boundary.start();
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
        return boundary.canvas;
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

    /** The "Generate" part of a next-token model (tests drive it). */
    public GeneratePane generatePane() {
        return generatePane;
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
        generatePane.hide();
        fit.clear();
        remade.clear();
        filePane.clear();
        boundary.clear();
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
        generatePane.hide();
        if (GeneratePane.takes(ds.vocabulary())) {
            // Next-token sequences: scores at every step, no one class a sample; what the model is for is new texts.
            classifierParts(false);
            summary.setText("A model of each next token: the Charts tab has its loss and accuracy over every step; Generate draws new "
                    + "texts from it.");
            // What layerlab eval says of it: the per-token loss, its exp (the perplexity) and the next-token accuracy.
            session.afterRun("nextTokens", t -> t.evaluator().evaluate(ds, 256, false), m -> summary.setText(nextTokenSummary(m, ds.size())));
            Object source = session.graph() == null ? null : session.graph().dataset().get("source");
            generatePane.showFor(ds.vocabulary(), "surnames".equals(source) ? "surnames" : "texts");
            // A file's texts would each get [tokens, steps] scores, which say nothing at a glance: Generate is the way in.
            filePane.clear();
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
        if (Pictures.isImage(ds.sampleShape())) drawPad.show(ds.classNames());
        if (ds.sampleShape().length == 1 && ds.sampleShape()[0] == 2) {
            session.afterRun(t -> boundary.image(t, data.train()), r -> r.run());
        }
        if (TrySamplePane.takes(ds)) trySample.showFor(ds, data);
    }

    /** A next-token model's results as eval says them, on {@code samples} texts (tests read the summary). */
    static String nextTokenSummary(layerlab.train.Metrics m, int samples) {
        if (m.tokens() == 0) return "A model of each next token: Generate draws new texts from it.";
        return String.format(Locale.ROOT, "A model of each next token, on %,d texts (%,d next tokens, <eos> included, padding left out): "
                + "per-token loss %s, perplexity %s (exp of the per-token loss), next-token accuracy %.1f%%. Generate draws new texts from it.",
                samples, m.tokens(), Numbers.compact(m.tokenLoss()), Numbers.compact(m.perplexity()), 100 * m.accuracy());
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
        int k = e.confusion().length;
        long correct = 0, total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                total += e.confusion()[i][j];
                if (i == j) correct += e.confusion()[i][j];
            }
        }
        summary.setText(String.format(Locale.ROOT, "%d samples evaluated: %.1f%% correct.", total, 100.0 * correct / Math.max(1, total)));
        matrix.show(e);
        report.show(e);
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

    /** The per-class table (tests). */
    public GridPane report() {
        return report;
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

    /** Draws the {@code GRID}×{@code GRID} classes {@code cls} with the {@code n} points over them into {@code boundary} (tests). */
    static void drawBoundary(Canvas boundary, int[] cls, int k, float[] pts, long[] labels, int n, float x0, float x1, float y0, float y1) {
        DecisionBoundary.drawBoundary(boundary, cls, k, pts, labels, n, x0, x1, y0, y1);
    }
}
