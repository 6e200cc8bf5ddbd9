package layerlab.ui.inspect;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import layerlab.data.Batch;
import layerlab.data.Dataset;
import layerlab.train.Metrics;
import layerlab.train.Reconstructions;
import layerlab.train.Trainer;

/**
 * The Results tab's strip of an autoencoder's work: a few validation pictures over the model's reconstructions of them,
 * each with its mean absolute error; what an autoencoder is judged by. Hidden until an autoencoder is evaluated.
 */
public final class ReconstructionPane extends VBox {
    /** How many pictures the strip shows. */
    static final int SHOWN = 10;
    private final Label title = new Label();
    private final GridPane strip = new GridPane();

    /** An autoencoder evaluated: its errors over {@code evaluated} samples and the first few pictures with their reconstructions. */
    public record Result(long evaluated, double mae, double rmse, Reconstructions pictures) {}

    public ReconstructionPane() {
        super(4);
        setId("resultsReconstructions");
        title.setStyle("-fx-font-weight: bold");
        title.setWrapText(true);
        strip.setHgap(4);
        strip.setVgap(2);
        getChildren().addAll(title, strip);
        clear();
    }

    /** Evaluates {@code t} on {@code ds} and remakes its first pictures (off the JavaFX thread). */
    public static Result of(Trainer t, Dataset ds) {
        Metrics m = t.evaluator().evaluate(ds, 256, false);
        int[] first = new int[Math.min(SHOWN, ds.size())];
        for (int i = 0; i < first.length; i++) first[i] = i;
        Batch b = ds.batch(first);
        return new Result(m.samples(), m.mae(), m.rmse(), Reconstructions.of(t.evaluator(), b.inputs(), SHOWN));
    }

    public void show(Result r) {
        strip.getChildren().clear();
        Reconstructions p = r.pictures();
        boolean shown = p != null && p.count() > 0;
        setVisible(shown);
        setManaged(shown);
        if (!shown) return;
        title.setText("The first " + p.count() + " validation pictures (top) and the model's reconstructions (below)");
        Label top = new Label("input"), bottom = new Label("output");
        strip.add(top, 0, 0);
        strip.add(bottom, 0, 1);
        for (int i = 0; i < p.count(); i++) {
            strip.add(picture(p, i, false), i + 1, 0);
            ImageView remade = picture(p, i, true);
            String error = Numbers.compact(p.mae(i));
            Tooltip.install(remade, new Tooltip("Sample " + i + ": mean absolute error " + error));
            strip.add(remade, i + 1, 1);
            Label caption = new Label(error);
            caption.setStyle("-fx-font-size: 0.85em");
            strip.add(caption, i + 1, 2);
        }
    }

    /** Picture {@code i} (or its reconstruction) 48 px wide, drawn in the original's range so that a faint reconstruction looks faint. */
    private static ImageView picture(Reconstructions p, int i, boolean reconstruction) {
        int per = p.c() * p.h() * p.w();
        float[] range = p.range(i);
        ImageView v = new ImageView(Pictures.image(reconstruction ? p.outputs() : p.originals(), i * per, p.c(), p.h(), p.w(), range[0], range[1]));
        v.setFitWidth(48);
        v.setFitHeight(48);
        v.setSmooth(false);
        v.setId((reconstruction ? "reconstruction-" : "original-") + i);
        return v;
    }

    public void clear() {
        strip.getChildren().clear();
        setVisible(false);
        setManaged(false);
    }
}
