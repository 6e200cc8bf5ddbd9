package layerlab.ui.train;

import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The key to the canvas's tint ({@link GradientTint}): what it measures, then its scale from the smallest value (blue,
 * a thin border) to the largest (red, a thick border) with the two values, e.g. "Node glow: gradient norm (log scale)
 * 0.00012 [blue thin … red thick] 0.31", the words wrapping in the column's width and the scale under them (a line
 * that flowed at its whole width widened the side column while a run tinted the canvas). Hidden while no node is tinted.
 */
public final class TintLegend extends VBox {
    private final Label what = new Label(), low = new Label(), high = new Label();
    /** The nodes the scale leaves out ("No glow: fc1, gradient norm 0"), under it; empty when none. */
    private final Label note = new Label();
    private final HBox ends;
    private final Canvas scale = new Canvas(90, 16);

    TintLegend() {
        super(2);
        setId("tintLegend");
        what.setId("tintLegendWhat");
        what.setWrapText(true);
        low.setId("tintLegendLow");
        high.setId("tintLegendHigh");
        note.setId("tintLegendNote");
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        ends = new HBox(4, low, scale, high);
        ends.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(what, ends, note);
        drawScale();
        hide();
    }

    /** The scale: the heat colours left to right, as borders growing from thin to thick. */
    private void drawScale() {
        GraphicsContext g = scale.getGraphicsContext2D();
        double w = scale.getWidth(), h = scale.getHeight();
        int steps = 5;
        for (int i = 0; i < steps; i++) {
            double t = i / (double) (steps - 1), x = i * w / steps, bw = GradientTint.borderWidth(t);
            Color c = GradientTint.heat(t);
            g.setFill(c.deriveColor(0, 0.5, 1, 0.35));
            g.fillRect(x + 1, 1, w / steps - 2, h - 2);
            g.setStroke(c);
            g.setLineWidth(bw * 0.6);
            g.strokeRect(x + 1 + bw * 0.3, 1 + bw * 0.3, w / steps - 2 - bw * 0.6, h - 2 - bw * 0.6);
        }
    }

    /** The scale between {@code smallest} and {@code largest}; null for both where no node is on it (only the note shows). */
    void show(String measure, String smallest, String largest) {
        what.setText(measure + ":");
        low.setText(smallest);
        high.setText(largest);
        boolean scaled = smallest != null;
        ends.setVisible(scaled);
        ends.setManaged(scaled);
        setVisible(true);
        setManaged(true);
    }

    /** What the scale leaves out, or empty. */
    void note(String text) {
        note.setText(text);
        note.setVisible(!text.isEmpty());
        note.setManaged(!text.isEmpty());
    }

    void hide() {
        setVisible(false);
        setManaged(false);
    }

    /** "Node glow: gradient norm (log scale): 0.00012 … 0.31" (tests, screen readers). */
    public String text() {
        if (!isVisible()) return "";
        return what.getText() + (ends.isVisible() ? " " + low.getText() + " … " + high.getText() : "") + (note.getText().isEmpty() ? "" : " " + note.getText());
    }
}
