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
    private final Label title = new Label(), error = new Label();
    private final HBox pictures = new HBox(10);
    private final javafx.scene.control.CheckBox smooth = new javafx.scene.control.CheckBox("Smooth (SmoothGrad)");
    private final layerlab.ui.train.TrainingSession session;
    private Explained shown;
    /** The last picture asked about, to explain again when Smooth is toggled. */
    private Request asked;

    /** A picture to explain: sample number, caption, its features as the model takes them and their shape, its classes. */
    private record Request(int sample, String caption, float[] image, int[] shape, int truth, int predicted, List<String> classes) {}

    /** One sample's maps: for the predicted class, and for the true class when it differs (else null). */
    public record Explained(int sample, String caption, float[] image, int[] shape, Saliency predicted, Saliency truth, List<String> classes,
                            boolean singleScore) {}

    public SaliencyPane(layerlab.ui.train.TrainingSession session) {
        super(4);
        this.session = session;
        smooth.setId("saliencySmooth");
        smooth.setTooltip(new javafx.scene.control.Tooltip("Average the map over " + Saliency.SMOOTH_SAMPLES + " copies of the picture with noise added "
                + "(Smilkov et al. 2017): less speckle, the shapes the model relies on stand out"));
        smooth.selectedProperty().addListener((o, was, on) -> {
            if (asked != null) explain(asked);
        });
        setId("saliencyPane");
        title.setStyle("-fx-font-weight: bold");
        title.setId("saliencyTitle");
        error.setId("saliencyError");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #d9363e");
        pictures.setId("saliencyPictures");
        Label how = new Label("Bright: the pixels where a small change moves that class's score the most (the size of ∂ score / ∂ pixel, "
                + "the largest over colours; Simonyan et al. 2014). Where the two maps differ is what tipped the model.");
        how.getStyleClass().add("muted");
        how.setWrapText(true);
        getChildren().addAll(new HBox(12, title, smooth), pictures, how, error);
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
                                    boolean smooth) {
        Tensor x = Tensor.of(image.clone(), shape);
        int scores = Probes.predict(t, x.reshape(prepend(shape))).length;
        java.util.function.IntFunction<Saliency> map = cls -> smooth
                ? Saliency.smooth(t.evaluator(), x, cls, Saliency.SMOOTH_SAMPLES, Saliency.SMOOTH_NOISE, sample)
                : Saliency.of(t.evaluator(), x, cls);
        if (scores == 1) return new Explained(sample, caption, image, shape, map.apply(0), null, classes, true);
        Saliency p = map.apply(predicted);
        Saliency tr = truth != predicted && truth >= 0 && truth < scores ? map.apply(truth) : null;
        return new Explained(sample, caption, image, shape, p, tr, classes, false);
    }

    /** Explains sample {@code sample} of the gallery (its features {@code image} of {@code shape}) with the finished model, off the JavaFX thread. */
    public void explain(int sample, String caption, float[] image, int[] shape, int truth, int predicted, List<String> classes) {
        explain(new Request(sample, caption, image, shape, truth, predicted, classes));
    }

    private void explain(Request r) {
        asked = r;
        boolean smoothed = smooth.isSelected();
        session.afterRun(t -> compute(t, r.sample(), r.caption(), r.image(), r.shape(), r.truth(), r.predicted(), r.classes(), smoothed), e -> {
            if (asked == r && smooth.isSelected() == smoothed) show(e);
        });
    }

    private static int[] prepend(int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** Shows {@code e}'s picture and maps. */
    public void show(Explained e) {
        shown = e;
        error.setText("");
        title.setText("Why? Sample #" + e.sample() + ", " + e.caption());
        pictures.getChildren().clear();
        int[] s = e.shape();
        int c = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        Image picture = Pictures.image(e.image(), 0, c, h, w, 0, 0);
        pictures.getChildren().add(cell(picture, "the picture", "saliencyImage"));
        String predictedName = e.singleScore() ? "the score" : "“" + name(e, e.predicted().cls()) + "” (predicted)";
        pictures.getChildren().add(cell(overlay(e.image(), c, e.predicted()), "for " + predictedName, "saliencyPredicted"));
        if (e.truth() != null)
            pictures.getChildren().add(cell(overlay(e.image(), c, e.truth()), "for “" + name(e, e.truth().cls()) + "” (true)", "saliencyTruth"));
        setVisible(true);
        setManaged(true);
    }

    /** Says why no map could be made. */
    public void failed(String why) {
        error.setText(why);
        setVisible(true);
        setManaged(true);
    }

    /** What is shown (tests). */
    public Explained shown() {
        return shown;
    }

    public void clear() {
        shown = null;
        asked = null;
        pictures.getChildren().clear();
        setVisible(false);
        setManaged(false);
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
