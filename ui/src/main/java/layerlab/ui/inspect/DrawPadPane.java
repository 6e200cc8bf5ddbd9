package layerlab.ui.inspect;

import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import layerlab.data.DataSplit;
import layerlab.data.Images;
import layerlab.tensor.Tensor;
import layerlab.ui.train.TrainingSession;

/**
 * The Results tab's "Draw a sample", for a model that takes pictures: a pad to draw on (or an image file to load), and
 * the class probabilities the finished model gives what it shows ({@link ProbabilityBars}), beside it. Hidden until a
 * model is ready.
 */
public final class DrawPadPane extends VBox {
    private static final int PAD = 196;

    private final TrainingSession session;
    private final Consumer<float[]> shown;
    private final Canvas pad = new Canvas(PAD, PAD);
    private final VBox probabilities = new VBox(2);
    /** Which pixels of what the model saw swayed its answer most ({@link SaliencyPane#overlay}), under the probabilities. */
    private final javafx.scene.image.ImageView mattered = new javafx.scene.image.ImageView();
    private final Label matteredCaption = new Label();
    private final VBox matteredBox = new VBox(2, matteredCaption, mattered);
    private SaliencyPane.Explained explained;
    /** Why a prediction was not made; empty and out of the layout otherwise. */
    private final Label message = new Label();

    /** {@code shown} hears the class probabilities of every prediction, once they show. */
    public DrawPadPane(TrainingSession session, Consumer<float[]> shown) {
        super(6);
        this.session = session;
        this.shown = shown;
        pad.setId("drawPad");
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
        message.setId("padMessage");
        message.setWrapText(true);
        message.setMaxWidth(PAD);
        say("");
        for (Button b : List.of(clear, predict, open)) b.setMinWidth(Region.USE_PREF_SIZE);
        Label head = new Label("Draw a sample");
        head.setStyle("-fx-font-weight: bold");
        mattered.setId("padSaliency");
        mattered.setFitWidth(SaliencyPane.SIDE);
        mattered.setFitHeight(SaliencyPane.SIDE);
        mattered.setSmooth(false);
        matteredCaption.setId("padSaliencyCaption");
        Tooltip.install(mattered, new Tooltip("What the model saw (the drawing framed as its training pictures), the pixels that swayed its "
                + "answer most lit up: |∂ score / ∂ pixel|"));
        matteredBox.setVisible(false);
        matteredBox.setManaged(false);
        // The answer beside the pad, where the drawing is, without scrolling; below it where the column is too narrow for
        // both. Its rows wait there before the first drawing (ProbabilityBars.waiting), taking the room the answer will: an
        // answer coming into an empty column made it want more room than the Results tab had at 150 % text in 1280 × 800,
        // and the tab went from two columns to one, the pad out from under the pointer and the answer far down, out of sight.
        // The buttons wrap under the pad rather than widen its column: in one row at 150 % text they took 300 px, and left
        // the answer no room beside the pad in a 1280-px window.
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 6, clear, predict, open);
        buttons.setPrefWrapLength(PAD + 24);
        VBox drawing = new VBox(6, pad, buttons, message), answer = new VBox(10, probabilities, matteredBox);
        getChildren().addAll(head, new SideBySide(drawing, () -> drawing.prefWidth(-1), answer, 12, javafx.geometry.Insets.EMPTY));
        setVisible(false);
        setManaged(false);
    }

    /** The classes the model chooses among, once it is ready. */
    private List<String> classes = List.of();

    /** Shown once a model that takes pictures is ready, to tell apart {@code classes}. */
    void show(List<String> classes) {
        this.classes = List.copyOf(classes);
        ProbabilityBars.waiting(probabilities, this.classes);
        setVisible(true);
        setManaged(true);
    }

    /** Blank, hidden and without an answer again (another project was opened). */
    void clear() {
        classes = List.of();
        clearPad();
        say("");
        setVisible(false);
        setManaged(false);
    }

    /** The pad drawn on. */
    public Canvas pad() {
        return pad;
    }

    private void say(String text) {
        message.setText(text);
        message.setVisible(!text.isEmpty());
        message.setManaged(!text.isEmpty());
    }

    private void clearPad() {
        GraphicsContext g = pad.getGraphicsContext2D();
        g.setFill(Color.BLACK);
        g.fillRect(0, 0, PAD, PAD);
        ProbabilityBars.waiting(probabilities, classes);
        explained = null;
        matteredBox.setVisible(false);
        matteredBox.setManaged(false);
    }

    /** The saliency map of the last prediction, once it shows (tests). */
    public SaliencyPane.Explained explained() {
        return explained;
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
     * Turns {@code img} into the model's input as every picture becomes one ({@link Images}: resized with antialiasing, or
     * framed by Resize then CenterCrop where the data set says {@code resize}; grey or RGB, in [0, 1]), normalises it like
     * the training data and predicts.
     */
    public void predictImage(Image img) {
        predict(img, false);
    }

    private void predict(Image img, boolean drawing) {
        DataSplit data = session.data();
        if (data == null || session.finished() == null) {
            say("Train the model first, then draw.");
            return;
        }
        say("");
        int[] s = data.train().sampleShape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        int iw = (int) img.getWidth(), ih = (int) img.getHeight();
        int[] argb = new int[iw * ih];
        img.getPixelReader().getPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), argb, 0, iw);
        float[] x = new float[c * h * w];
        if (drawing) Images.drawing(argb, iw, ih, c, h, w, x, 0);
        else Images.framed(argb, iw, ih, c, h, w, session.graph() == null ? 0 : layerlab.data.DataSources.pictureResize(session.graph().dataset()), x, 0);
        int[] shape = new int[s.length + 1];
        shape[0] = 1;
        System.arraycopy(s, 0, shape, 1, s.length);
        Tensor input = data.normalization().apply(Tensor.of(x, shape));
        List<String> names = data.train().classNames();
        ProbabilityBars.predict(session, input, names, probabilities, shown);
        // And what swayed it: the map of the class it gives most, over what it saw.
        float[] seen = input.toFloatArray();
        session.afterRun(t -> {
            float[] out = Probes.predict(t, input);
            int top = 0;
            for (int k = 1; k < out.length; k++) if (out[k] > out[top]) top = k;
            return SaliencyPane.compute(t, -1, "", seen, s, top, top, names, layerlab.train.Saliency.Method.GRADIENT, null, null);
        }, this::showMattered);
    }

    private void showMattered(SaliencyPane.Explained e) {
        explained = e;
        int[] s = e.shape();
        int c = s.length == 3 ? s[0] : 1;
        mattered.setImage(SaliencyPane.overlay(e.image(), c, e.predicted()));
        int cls = e.predicted().cls();
        matteredCaption.setText(e.singleScore() ? "What swayed the score" : "What swayed “" + (cls < e.classes().size() ? e.classes().get(cls) : cls) + "”");
        matteredBox.setVisible(true);
        matteredBox.setManaged(true);
    }
}
