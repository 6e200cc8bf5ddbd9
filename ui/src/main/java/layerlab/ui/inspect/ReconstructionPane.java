package layerlab.ui.inspect;

import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import layerlab.data.AugmentedDataset;
import layerlab.data.Batch;
import layerlab.data.Dataset;
import layerlab.tensor.Tensor;
import layerlab.train.Metrics;
import layerlab.train.Reconstructions;
import layerlab.train.Trainer;

/**
 * An autoencoder's work to look at: pictures over the model's reconstructions of them, each with its mean absolute
 * error; what an autoencoder is judged by. The Results tab shows the first validation pictures (with, for a model trained
 * on corrupted pictures, the corruption it had to undo on demand), "Predict new samples" the pictures of a file or
 * folder. Hidden until there are pictures to show.
 */
public final class ReconstructionPane extends VBox {
    /** How many pictures the Results tab's strip shows, and how many a row holds. */
    static final int SHOWN = 10;
    /** How many pictures of a file or folder are drawn (the table lists them all). */
    static final int DRAWN = 50;
    private final String ids;
    private final Label title = new Label();
    private final CheckBox corruption = new CheckBox("Show the training's corruption (what the network had to undo)");
    private final GridPane strip = new GridPane();
    private Result result;

    /**
     * An autoencoder evaluated: its errors over {@code evaluated} samples and the first few pictures with their
     * reconstructions; {@code denoised}, for a model trained on randomly transformed pictures (a denoising autoencoder's
     * RandomErasing), the same pictures so transformed and what the model makes of them, else null.
     */
    public record Result(long evaluated, double mae, double rmse, Reconstructions pictures, Reconstructions denoised) {
        public Result(long evaluated, double mae, double rmse, Reconstructions pictures) {
            this(evaluated, mae, rmse, pictures, null);
        }
    }

    /** The Results tab's strip. */
    public ReconstructionPane() {
        this("");
    }

    /** A pane whose pictures' ids start with {@code ids} ({@code original-0}, {@code reconstruction-0}, …), unique in the window. */
    ReconstructionPane(String ids) {
        super(4);
        this.ids = ids;
        setId(ids.isEmpty() ? "resultsReconstructions" : ids + "reconstructions");
        title.setStyle("-fx-font-weight: bold");
        title.setWrapText(true);
        corruption.setId(ids + "showCorruption");
        corruption.setWrapText(true);
        corruption.setOnAction(e -> {
            if (result != null) show(result);
        });
        strip.setHgap(4);
        strip.setVgap(2);
        getChildren().addAll(title, corruption, strip);
        clear();
    }

    /**
     * Evaluates {@code t} on {@code ds} and remakes its first pictures (off the JavaFX thread); {@code train}, the run's
     * training set, gives the corruption when it transforms its pictures at random.
     */
    public static Result of(Trainer t, Dataset ds, Dataset train) {
        Metrics m = t.evaluator().evaluate(ds, 256, false);
        int[] first = new int[Math.min(SHOWN, ds.size())];
        for (int i = 0; i < first.length; i++) first[i] = i;
        Batch b = ds.batch(first);
        Reconstructions pictures = Reconstructions.of(t.evaluator(), b.inputs(), SHOWN), denoised = null;
        if (pictures != null && train instanceof AugmentedDataset a && !a.augmentation().transforms().isEmpty()) {
            // Each picture as a training batch would transform it (drawn for sample i, so the strip is the same every time).
            float[] clean = b.inputs().contiguous().toFloatArray(), corrupted = new float[clean.length];
            int per = clean.length / first.length;
            for (int i = 0; i < first.length; i++) System.arraycopy(a.draw(clean, i * per, i), 0, corrupted, i * per, per);
            denoised = Reconstructions.denoised(t.evaluator(), b.inputs(), Tensor.of(corrupted, b.inputs().shape().clone()));
        }
        return new Result(m.samples(), m.mae(), m.rmse(), pictures, denoised);
    }

    /** The Results tab's strip: the first validation pictures over their reconstructions (or over their corruption, then the reconstructions of it). */
    public void show(Result r) {
        result = r;
        boolean corrupted = r.denoised() != null;
        corruption.setVisible(corrupted);
        corruption.setManaged(corrupted);
        boolean undo = corrupted && corruption.isSelected();
        Reconstructions p = undo ? r.denoised() : r.pictures();
        if (!draw(p, null, SHOWN)) return;
        title.setText(undo ? "The first " + p.count() + " validation pictures (top), as the training corrupts them (middle), and the model's reconstructions of the corrupted ones (below)"
                : "The first " + p.count() + " validation pictures (top) and the model's reconstructions (below)");
    }

    /** The pictures of a file or folder over their reconstructions, the first {@link #DRAWN}, {@code names} in their tooltips. */
    void show(Reconstructions p, List<String> names) {
        result = null;
        corruption.setVisible(false);
        corruption.setManaged(false);
        if (!draw(p, names, DRAWN)) return;
        title.setText(p.count() > DRAWN ? "The first " + DRAWN + " of " + p.count() + " pictures over the model's reconstructions (the table lists them all)"
                : "The pictures over the model's reconstructions");
    }

    /** Rows of {@link #SHOWN} pictures: input (its corruption), output and error under each other; false (hidden) when there are none. */
    private boolean draw(Reconstructions p, List<String> names, int max) {
        strip.getChildren().clear();
        boolean shown = p != null && p.count() > 0;
        setVisible(shown);
        setManaged(shown);
        if (!shown) return false;
        boolean corrupted = p.corrupted() != null;
        int rows = corrupted ? 4 : 3, n = Math.min(max, p.count());
        for (int block = 0; block * SHOWN < n; block++) {
            int top = block * rows;
            strip.add(new Label("input"), 0, top);
            if (corrupted) strip.add(new Label("corrupted"), 0, top + 1);
            strip.add(new Label("output"), 0, top + rows - 2);
            for (int i = block * SHOWN; i < Math.min(n, (block + 1) * SHOWN); i++) {
                int col = i % SHOWN + 1;
                String name = names == null ? "Sample " + i : names.get(i);
                strip.add(picture(p, i, "original-", name), col, top);
                if (corrupted) strip.add(picture(p, i, "corrupted-", name + " as the training corrupts it"), col, top + 1);
                String error = Numbers.compact(p.mae(i));
                strip.add(picture(p, i, "reconstruction-", name + ": mean absolute error " + error), col, top + rows - 2);
                Label caption = new Label(error);
                caption.setStyle("-fx-font-size: 0.85em");
                strip.add(caption, col, top + rows - 1);
            }
        }
        return true;
    }

    /** Picture {@code i}, its corruption or its reconstruction 48 px wide, drawn in the original's range so that a faint reconstruction looks faint. */
    private ImageView picture(Reconstructions p, int i, String which, String tip) {
        int per = p.c() * p.h() * p.w();
        float[] range = p.range(i);
        float[] values = switch (which) {
            case "original-" -> p.originals();
            case "corrupted-" -> p.corrupted();
            default -> p.outputs();
        };
        ImageView v = new ImageView(Pictures.image(values, i * per, p.c(), p.h(), p.w(), range[0], range[1]));
        v.setFitWidth(48);
        v.setFitHeight(48);
        v.setSmooth(false);
        v.setId(ids + which + i);
        Tooltip.install(v, new Tooltip(tip));
        return v;
    }

    public void clear() {
        result = null;
        strip.getChildren().clear();
        setVisible(false);
        setManaged(false);
    }

    /** The strip's caption (tests). */
    public String titleText() {
        return title.getText();
    }
}
