package layerlab.ui.inspect;

import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import layerlab.train.FeatureShares;

/**
 * What swayed the answer about a typed row: a line per field (a column of words as one), its share in the likeliest
 * class's score as a bar, green for raising it and red for lowering it ({@link FeatureShares}, computed by the engine),
 * the largest first. Hidden until shown.
 */
public final class FeatureSharesPane extends VBox {
    /** Width of the largest share's bar, in pixels. */
    static final double BAR = 120;
    private final Label caption = new Label();
    private final GridPane rows = new GridPane();
    private final Label total = new Label();
    private FeatureShares shown;

    /** A field of the row: its label and the values of the row it stands for ({@code from}, {@code width} of them). */
    public record Field(String label, int from, int width) {}

    public FeatureSharesPane() {
        super(3);
        setId("featureShares");
        caption.setId("featureSharesCaption");
        caption.setStyle("-fx-font-weight: bold");
        rows.setId("featureSharesRows");
        rows.setHgap(6);
        rows.setVgap(2);
        total.setId("featureSharesTotal");
        total.getStyleClass().add("muted");
        total.setWrapText(true);
        total.setMaxWidth(360);
        getChildren().addAll(caption, rows, total);
        clear();
    }

    /**
     * Shows {@code s} for {@code what} ("“setosa”": a class's score; "the prediction": a regression's value), a line per
     * field of {@code fields}; {@code from} says what the row of zeros is ("the training average"). Null hides the pane.
     */
    public void show(FeatureShares s, List<Field> fields, String what, String from) {
        if (s == null) {
            clear();
            return;
        }
        shown = s;
        caption.setText("What swayed " + what);
        double[] share = new double[fields.size()];
        double max = 0, sum = 0;
        for (int f = 0; f < fields.size(); f++) {
            for (int j = fields.get(f).from(); j < fields.get(f).from() + fields.get(f).width(); j++) share[f] += s.shares()[j];
            max = Math.max(max, Math.abs(share[f]));
            sum += share[f];
        }
        Integer[] order = new Integer[fields.size()];
        for (int f = 0; f < order.length; f++) order[f] = f;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(share[b]), Math.abs(share[a])));
        rows.getChildren().clear();
        int row = 0;
        for (int f : order) {
            Label name = new Label(fields.get(f).label());
            name.setMinWidth(Region.USE_PREF_SIZE);
            Region bar = new Region();
            double w = max > 0 ? Math.max(1, BAR * Math.abs(share[f]) / max) : 1;
            bar.setMinSize(w, 12);
            bar.setPrefSize(w, 12);
            bar.setMaxSize(w, 12);
            bar.setStyle("-fx-background-color: " + TokenSharesPane.colour(share[f], 1) + "; -fx-background-radius: 2");
            bar.setId("featureShare-" + f);
            Label value = new Label(String.format(Locale.ROOT, "%+.3g", share[f]));
            value.setStyle("-fx-font-family: monospace");
            Tooltip.install(bar, new Tooltip(fields.get(f).label() + (share[f] >= 0 ? " raised " : " lowered ") + TokenSharesPane.of(what)));
            rows.addRow(row++, name, bar, value);
        }
        total.setText(String.format(Locale.ROOT, "Green raised %s, red lowered it. The shares add up to about %+.3g: its rise from %s (%.3g) to "
                + "this sample (%.3g).", TokenSharesPane.of(what), sum, from, s.baselineScore(), s.score()));
        setVisible(true);
        setManaged(true);
    }

    /** What is shown (tests); null when hidden. */
    public FeatureShares shown() {
        return shown;
    }

    /** The rows: per field its label, bar and value, the largest share first (tests). */
    public GridPane rows() {
        return rows;
    }

    public void clear() {
        shown = null;
        rows.getChildren().clear();
        setVisible(false);
        setManaged(false);
    }
}
