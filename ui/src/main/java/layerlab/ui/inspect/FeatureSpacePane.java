package layerlab.ui.inspect;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import layerlab.train.FeatureSpace;
import layerlab.ui.ChartTheme;

/**
 * Where a layer puts the samples ({@link FeatureSpace}): each sample a dot in the plane of the layer's first two principal
 * components, coloured by its class (a regression's by its target, blue low, red high), the axes saying how much of the
 * variance each holds. The engine computes it; this draws it.
 */
public final class FeatureSpacePane extends VBox {
    static final double WIDTH = 390, HEIGHT = 300;
    private static final double MARGIN = 22;
    private final Label title = new Label("Feature space");
    private final Label note = new Label();
    private final Canvas plot = new Canvas(WIDTH, HEIGHT);
    private final FlowPane legend = new FlowPane(10, 2);
    private FeatureSpace shown;

    public FeatureSpacePane() {
        super(4);
        setId("featureSpace");
        title.setStyle("-fx-font-weight: bold");
        note.setId("featureSpaceNote");
        note.setWrapText(true);
        note.setMaxWidth(WIDTH);
        plot.setId("featureSpacePlot");
        legend.setId("featureSpaceLegend");
        legend.setMaxWidth(WIDTH);
        getChildren().addAll(title, note, plot, legend);
        ChartTheme.onThemeChange(this, dark -> draw());
        clear("Train a model (or select a node during a run) to see where a layer puts the samples.");
    }

    /** The projection drawn last, or null. */
    public FeatureSpace featureSpace() {
        return shown;
    }

    public String note() {
        return note.getText();
    }

    /** "Feature space of relu2", during a run "Feature space of relu2 · epoch 3". */
    public String title() {
        return title.getText();
    }

    /** No picture, and why. */
    public void clear(String why) {
        shown = null;
        title.setText("Feature space");
        note.setText(why);
        legend.getChildren().clear();
        plot.setVisible(false);
        plot.setManaged(false);
    }

    public void show(FeatureSpace f, String epoch) {
        shown = f;
        title.setText("Feature space of " + f.layer() + (epoch == null ? "" : " · " + epoch));
        note.setText(f.describe() + ". Each dot a validation sample, placed by the two directions along which " + f.layer()
                + "'s outputs vary most" + (f.classes() != null ? "; colour: its class." : f.targets() != null ? "; colour: its target." : "."));
        plot.setVisible(true);
        plot.setManaged(true);
        legend.getChildren().clear();
        if (f.classes() != null) {
            int k = classCount(f);
            for (int c = 0; c < Math.min(k, 20); c++) {
                String name = c < f.classNames().size() ? f.classNames().get(c) : String.valueOf(c);
                Label l = new Label(name, new Rectangle(9, 9, ResultsView.classColor(c, k)));
                legend.getChildren().add(l);
            }
            if (k > 20) legend.getChildren().add(new Label("… " + (k - 20) + " more classes"));
        } else if (f.targets() != null) {
            float[] range = range(f.targets());
            legend.getChildren().add(new HBox(4, new Rectangle(9, 9, targetColor(0)),
                    new Label(String.format(Locale.ROOT, "target %s … %s", Numbers.compact(range[0]), Numbers.compact(range[1]))),
                    new Rectangle(9, 9, targetColor(1))));
        }
        draw();
    }

    /** A regression target's colour: blue at the lowest ({@code t = 0}), red at the highest. */
    private static Color targetColor(double t) {
        return Color.web("#1f77b4").interpolate(Color.web("#d62728"), Math.max(0, Math.min(1, t)));
    }

    private static int classCount(FeatureSpace f) {
        int k = Math.max(2, f.classNames().size());
        for (int c : f.classes()) k = Math.max(k, c + 1);
        return k;
    }

    private static float[] range(float[] v) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (Float.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return lo > hi ? new float[] {0, 0} : new float[] {lo, hi};
    }

    private void draw() {
        FeatureSpace f = shown;
        GraphicsContext g = plot.getGraphicsContext2D();
        boolean dark = ChartTheme.isDark(getScene());
        g.setFill(dark ? Color.web("#1e1f23") : Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        if (f == null) return;
        Color ink = dark ? Color.web("#c9cdd3") : Color.gray(0.25);
        int n = f.samples(), k = f.pca().k();
        // Both axes on one scale, so that distances in the picture are distances in the plane.
        double span = 1e-12;
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) span = Math.max(span, Math.abs(f.pca().point(i, c)));
        double scale = Math.min(WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN) / 2 / span;
        double cx = WIDTH / 2, cy = HEIGHT / 2;
        g.setStroke(ink.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1);
        g.strokeLine(MARGIN, cy, WIDTH - MARGIN, cy);
        g.strokeLine(cx, MARGIN, cx, HEIGHT - MARGIN);
        g.setFill(ink);
        g.setFont(Font.font(11));
        // The axes' names in the margins, clear of the dots: PC1 under the right end of its axis, PC2 beside the top of its.
        double[] r = f.pca().ratios();
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(String.format(Locale.ROOT, "PC1 (%.1f%% of the variance) →", 100 * r[0]), WIDTH - 4, HEIGHT - 2);
        if (k > 1) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(String.format(Locale.ROOT, "↑ PC2 (%.1f%%)", 100 * r[1]), cx + 4, 2);
        }
        int classes = f.classes() != null ? classCount(f) : 0;
        float[] range = f.targets() != null ? range(f.targets()) : null;
        double radius = n > 2000 ? 1.5 : n > 500 ? 2 : 3;
        for (int i = 0; i < n; i++) {
            Color c;
            if (f.classes() != null) c = ResultsView.classColor(f.classes()[i], classes);
            else if (range != null) c = targetColor(range[1] > range[0] ? (f.targets()[i] - range[0]) / (range[1] - range[0]) : 0.5);
            else c = Color.web("#1f77b4");
            double x = cx + scale * f.pca().point(i, 0), y = cy - (k > 1 ? scale * f.pca().point(i, 1) : 0);
            g.setFill(c.deriveColor(0, 1, 1, 0.75));
            g.fillOval(x - radius, y - radius, 2 * radius, 2 * radius);
        }
    }
}
