package layerlab.ui.inspect;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;

/**
 * A classifier's confusion matrix on the evaluated samples: rows the true class, columns the predicted one, each cell
 * shaded by its count (green the right answers, in bold and framed; red the mistakes) and a click (or Enter) away from
 * its samples.
 */
final class ConfusionMatrix extends GridPane {
    private final BiConsumer<String, List<Integer>> samples;
    private final Runnable toSamples;

    /**
     * @param samples   shows the samples a cell counts under a title ("True cat, predicted dog")
     * @param toSamples after a cell's samples were shown from the keyboard, puts the focus on the first
     */
    ConfusionMatrix(BiConsumer<String, List<Integer>> samples, Runnable toSamples) {
        this.samples = samples;
        this.toSamples = toSamples;
        setId("confusionMatrix");
        setHgap(2);
        setVgap(2);
    }

    /** Shows {@code e}'s confusion matrix. */
    void show(Evaluation e) {
        getChildren().clear();
        int k = e.confusion().length;
        long max = 1;
        for (long[] row : e.confusion()) for (long v : row) max = Math.max(max, v);
        for (int j = 0; j < k; j++) add(header(name(e, j)), j + 1, 0);
        for (int i = 0; i < k; i++) {
            add(header(name(e, i)), 0, i + 1);
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
                layerlab.ui.KeyClick.of(cell, says, () -> samples.accept("True " + name(e, t) + ", predicted " + name(e, p), e.cell(t, p)),
                        // From the keyboard, the focus goes on to the first sample (a picture or text that opens in turn).
                        toSamples);
                add(cell, j + 1, i + 1);
            }
        }
    }

    /** Class {@code i}'s name, or its number where the data name none. */
    static String name(Evaluation e, int i) {
        return i < e.classes().size() ? e.classes().get(i) : Integer.toString(i);
    }

    /** A header of the matrix or of the per-class table: bold and small, its text in a tooltip too (for when it is cut). */
    static Label header(String text) {
        Label l = new Label(text);
        l.setTooltip(new Tooltip(text));
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 0.846em; -fx-padding: 0 4 0 4");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinWidth(24);
        l.setAlignment(Pos.CENTER);
        return l;
    }
}
