package layerlab.ui.inspect;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import layerlab.tensor.Tensor;
import layerlab.train.Saliency;
import layerlab.train.Trainer;

/**
 * Why the model said what it said about one picture: the picture, and over it, for the predicted class and (when
 * they differ) the true one, the pixels whose change would move that class's score most ({@link Saliency}, computed
 * by the engine). Hidden until a picture in the Results' gallery is clicked.
 */
public final class SaliencyPane extends VBox {
    /** Side of each shown picture, in pixels. */
    static final int SIDE = 112;
    private final Label title = new Label();
    private final HBox pictures = new HBox(10);
    private final javafx.scene.control.ComboBox<Saliency.Method> method = new javafx.scene.control.ComboBox<>();
    /** The layer Grad-CAM and HiResCAM look at: shown with them only, its items the layers the model allows. */
    private final javafx.scene.control.ComboBox<String> layer = new javafx.scene.control.ComboBox<>();
    private final Label layerLabel = new Label("at layer");
    /** True while {@link #show} sets the layer menu (no new request for that). */
    private boolean showing;
    private final Label how = new Label();
    private final layerlab.ui.train.TrainingSession session;
    private Explained shown;
    /** Run when maps are shown. */
    private Runnable onShown = () -> { };
    /** The last picture asked about, to explain again when another method is chosen. */
    private Request asked;

    /** A picture to explain: sample number, caption, its features as the model takes them and their shape, its classes. */
    private record Request(int sample, String caption, float[] image, int[] shape, int truth, int predicted, List<String> classes) {}

    /**
     * One sample's maps: for the predicted class, and for the true class when it differs (else null); for Grad-CAM and HiResCAM the
     * layer it looked at and those it could have (else null and an empty list).
     */
    public record Explained(int sample, String caption, float[] image, int[] shape, Saliency predicted, Saliency truth, List<String> classes,
                            boolean singleScore, String layer, List<String> layers) {}

    public SaliencyPane(layerlab.ui.train.TrainingSession session) {
        super(4);
        this.session = session;
        method.setId("saliencyMethod");
        method.getItems().setAll(Saliency.Method.values());
        method.setValue(Saliency.Method.GRADIENT);
        method.setTooltip(new javafx.scene.control.Tooltip("How the map is made: the plain gradient; SmoothGrad, its average over noisy copies; "
                + "integrated gradients, each pixel's share of the score from a black picture to this one; Grad-CAM and HiResCAM, the regions of a "
                + "layer's feature maps that raise it"));
        method.valueProperty().addListener((o, was, now) -> {
            describe();
            if (asked != null) explain(asked);
        });
        layer.setId("saliencyLayer");
        layer.setTooltip(new javafx.scene.control.Tooltip("The layer whose feature maps Grad-CAM and HiResCAM weigh: later layers see whole parts of objects, "
                + "coarsely; earlier ones edges and strokes, finely"));
        layer.valueProperty().addListener((o, was, now) -> {
            if (!showing && now != null && asked != null) explain(asked);
        });
        showLayerMenu(false);
        setId("saliencyPane");
        title.setStyle("-fx-font-weight: bold");
        title.setId("saliencyTitle");
        pictures.setId("saliencyPictures");
        how.setId("saliencyHow");
        how.getStyleClass().add("muted");
        describe();
        how.setWrapText(true);
        layerLabel.setLabelFor(layer);
        HBox controls = new HBox(8, method, layerLabel, layer);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        title.setWrapText(true);
        getChildren().addAll(title, controls, pictures, how);
        setPadding(new Insets(6, 0, 6, 0));
        setVisible(false);
        setManaged(false);
    }

    /**
     * The maps of sample {@code sample} ({@code image}: its features as the model takes them, of {@code shape}), for the
     * predicted class and the true one, under {@code t}'s finished model (off the JavaFX thread). A model with a single
     * score (a binary classifier's logit or probability) has one map, of that score.
     */
    public static Explained compute(Trainer t, int sample, String caption, float[] image, int[] shape, int truth, int predicted, List<String> classes,
                                    Saliency.Method method, Tensor baseline, String layer) {
        Tensor x = Tensor.of(image.clone(), shape);
        int scores = Probes.predict(t, x.unsqueeze(0)).length;
        List<String> layers = method.atLayer() ? Saliency.camLayers(t.evaluator(), x) : List.of();
        // A layer chosen for another model (or none yet): the default, the last.
        String at = layers.isEmpty() ? null : layers.contains(layer) ? layer : layers.get(layers.size() - 1);
        java.util.function.IntFunction<Saliency> map = cls -> Saliency.map(method, t.evaluator(), x, baseline, cls, sample, at);
        if (scores == 1) return new Explained(sample, caption, image, shape, map.apply(0), null, classes, true, at, layers);
        Saliency p = map.apply(predicted);
        Saliency tr = truth != predicted && truth >= 0 && truth < scores ? map.apply(truth) : null;
        return new Explained(sample, caption, image, shape, p, tr, classes, false, at, layers);
    }

    /** Explains sample {@code sample} of the gallery (its features {@code image} of {@code shape}) with the finished model, off the JavaFX thread. */
    public void explain(int sample, String caption, float[] image, int[] shape, int truth, int predicted, List<String> classes) {
        explain(new Request(sample, caption, image, shape, truth, predicted, classes));
    }

    private void explain(Request r) {
        asked = r;
        Saliency.Method m = method.getValue();
        String at = layer.getValue();
        Tensor black = Saliency.black(session.data() == null ? null : session.data().normalization(), r.shape());
        session.afterRun("saliency", t -> compute(t, r.sample(), r.caption(), r.image(), r.shape(), r.truth(), r.predicted(), r.classes(), m, black, at), e -> {
            if (asked == r && method.getValue() == m) show(e);
        });
    }

    private void describe() {
        how.setText("Bright: " + method.getValue().explanation() + ". Where the two maps differ is what tipped the model.");
        showLayerMenu(method.getValue().atLayer());
    }

    private void showLayerMenu(boolean on) {
        for (javafx.scene.Node n : List.of(layerLabel, layer)) {
            n.setVisible(on);
            n.setManaged(on);
        }
    }

    /** Shows {@code e}'s picture and maps. */
    public void show(Explained e) {
        shown = e;
        title.setText("Why? Sample #" + e.sample() + ", " + e.caption());
        showing = true;
        try {
            if (!layer.getItems().equals(e.layers())) layer.getItems().setAll(e.layers());
            layer.getSelectionModel().select(e.layer());
        } finally {
            showing = false;
        }
        pictures.getChildren().clear();
        int[] s = e.shape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        Image picture = Pictures.image(e.image(), 0, c, h, w, 0, 0);
        pictures.getChildren().add(cell(picture, "the picture", "saliencyImage"));
        String predictedName = e.singleScore() ? "the score" : "“" + name(e, e.predicted().cls()) + "” (predicted)";
        pictures.getChildren().add(cell(overlay(e.image(), c, e.predicted()), "for " + predictedName + empty(e, e.predicted()), "saliencyPredicted"));
        if (e.truth() != null)
            pictures.getChildren().add(cell(overlay(e.image(), c, e.truth()), "for “" + name(e, e.truth().cls()) + "” (true)" + empty(e, e.truth()),
                    "saliencyTruth"));
        setVisible(true);
        setManaged(true);
        onShown.run();
    }

    /** Runs {@code r} whenever maps are shown (the results bring them into view). */
    public void setOnShown(Runnable r) {
        onShown = r;
    }

    /** What is shown (tests). */
    public Explained shown() {
        return shown;
    }

    public void clear() {
        shown = null;
        asked = null;
        showing = true;
        try {
            layer.getItems().clear();
            layer.setValue(null);
        } finally {
            showing = false;
        }
        pictures.getChildren().clear();
        setVisible(false);
        setManaged(false);
    }

    /**
     * What an all-zero map means, after its caption: Grad-CAM and HiResCAM cut negative sums to 0, so at a layer whose
     * weighted features all lower the score (common for Grad-CAM behind a Flatten and Linear head) they find nothing; a gradient map is 0 only
     * where the score does not depend on the picture.
     */
    static String empty(Explained e, Saliency s) {
        if (s.max() > 0) return "";
        return e.layer() != null ? ": nothing at " + e.layer() + " raises it (try another layer)" : ": no pixel sways it";
    }

    private static String name(Explained e, int cls) {
        return cls < e.classes().size() ? e.classes().get(cls) : String.valueOf(cls);
    }

    private static VBox cell(Image img, String caption, String id) {
        ImageView v = new ImageView(img);
        v.setFitWidth(SIDE);
        v.setFitHeight(SIDE);
        v.setSmooth(false);
        v.setId(id);
        Label l = new Label(caption);
        l.setMaxWidth(SIDE + 20);
        l.setWrapText(true);
        return new VBox(2, v, l);
    }

    /** {@link Saliency#overlay}: the picture with the map over it, as an image. */
    static WritableImage overlay(float[] image, int c, Saliency s) {
        WritableImage out = new WritableImage(s.width(), s.height());
        out.getPixelWriter().setPixels(0, 0, s.width(), s.height(), javafx.scene.image.PixelFormat.getIntArgbInstance(), s.overlay(image, c), 0, s.width());
        return out;
    }
}
