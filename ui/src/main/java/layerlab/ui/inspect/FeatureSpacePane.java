package layerlab.ui.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.shape.Circle;
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
 * Where a layer puts the samples ({@link FeatureSpace}): each sample a dot in the plane of two of the layer's principal
 * components (PC1 × PC2 unless the axes are chosen otherwise), coloured by its class (a regression's by its target, blue
 * low, red high), ringed where the model gets it wrong, the axes saying how much of the variance each holds. Pointing at a
 * dot names its sample; a click chooses it ({@link #setOnSampleChosen}: the inspector shows its activations). The engine
 * computes it; this draws it.
 */
public final class FeatureSpacePane extends VBox {
    static final double WIDTH = 390, HEIGHT = 300;
    private static final double MARGIN = 22;
    private final Label title = new Label("Feature space");
    private final Label note = new Label();
    private final Canvas plot = new Canvas(WIDTH, HEIGHT);
    private final FlowPane legend = new FlowPane(10, 2);
    private final ChoiceBox<String> axes = new ChoiceBox<>();
    private final Label pointed = new Label();
    /** The axes' choice and the pointed sample's name, above the picture. */
    private final HBox above = new HBox(8, axes, pointed);
    private final javafx.scene.control.MenuButton save = new javafx.scene.control.MenuButton("Save");
    private java.util.function.Consumer<String> status = s -> { };
    private FeatureSpace shown;
    /** The components on the horizontal and vertical axes (0-based). */
    private int across = 0, up = 1;
    /** Each drawn sample's place on the canvas, from the last drawing. */
    private double[] px = new double[0], py = new double[0];
    private int selected = -1;
    private IntConsumer onSampleChosen = i -> { };
    /** How near the pointer must be to a dot to name it, in pixels. */
    private static final double REACH = 6;

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
        axes.setId("featureSpaceAxes");
        axes.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        axes.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
            int i = now.intValue();
            if (i < 0 || i >= pairs.length) return;
            across = pairs[i][0];
            up = pairs[i][1];
            draw();
        });
        pointed.setId("featureSpacePointed");
        pointed.setWrapText(true);
        // Room for two lines whether a dot is pointed at or not, so that the picture under it does not jump.
        pointed.setMinHeight(34);
        plot.setOnMouseMoved(e -> {
            int i = sampleAt(e.getX(), e.getY());
            pointed.setText(i < 0 ? "" : describeSample(i) + " — click to see its activations");
        });
        plot.setOnMouseExited(e -> pointed.setText(""));
        plot.setOnMouseClicked(e -> {
            int i = sampleAt(e.getX(), e.getY());
            if (i < 0) return;
            select(i);
            onSampleChosen.accept(i);
        });
        // The pointed sample's name beside the axes' choice, right above the picture: in view whenever its top is.
        above.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        above.setMaxWidth(WIDTH);
        HBox.setHgrow(pointed, javafx.scene.layout.Priority.ALWAYS);
        pointed.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.control.MenuItem png = new javafx.scene.control.MenuItem("Picture (PNG)…");
        png.setOnAction(e -> choose("PNG image", "png", this::exportPng));
        javafx.scene.control.MenuItem csv = new javafx.scene.control.MenuItem("Points (CSV)…");
        csv.setOnAction(e -> choose("CSV", "csv", this::exportCsv));
        save.getItems().addAll(png, csv);
        save.setId("featureSpaceSave");
        save.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, save);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        head.setMaxWidth(WIDTH);
        getChildren().addAll(head, note, above, plot, legend);
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

    /** What the pointer is on: "sample 17: class setosa, predicted versicolor — click to see its activations", or "". */
    public String pointed() {
        return pointed.getText();
    }

    /** The axes as chosen: "PC1 × PC2". */
    public String axes() {
        return axes.getValue();
    }

    /** Where the pane says what its saving did: "Saved feature-space-relu2.png". */
    public void setStatus(java.util.function.Consumer<String> status) {
        this.status = status == null ? s -> { } : status;
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private void choose(String what, String extension, Writer writer) {
        if (shown == null) return;
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Save the feature space as " + what);
        fc.setInitialFileName("feature-space-" + shown.layer() + "." + extension);
        fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(what, "*." + extension));
        java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        try {
            writer.write(f.toPath());
            status.accept("Saved " + f.getName());
        } catch (IOException e) {
            status.accept("Could not save " + f.getName() + ": " + e.getMessage());
        }
    }

    /**
     * The picture and its legend as a PNG at twice their size on screen (for slides and worksheets), written atomically.
     *
     * @throws IOException when there is no picture, or the file cannot be written
     */
    public void exportPng(Path file) throws IOException {
        if (shown == null) throw new IOException("there is no picture to save");
        javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
        p.setTransform(javafx.scene.transform.Transform.scale(2, 2));
        p.setFill(ChartTheme.isDark(getScene()) ? Color.web("#1e1f23") : Color.WHITE);
        javafx.scene.image.WritableImage top = plot.snapshot(p, null), bottom = legend.snapshot(p, null);
        int w = (int) Math.max(top.getWidth(), bottom.getWidth()), h = (int) (top.getHeight() + bottom.getHeight());
        javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(w, h);
        javafx.scene.image.PixelWriter out = img.getPixelWriter();
        Color fill = (Color) p.getFill();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setColor(x, y, fill);
        out.setPixels(0, 0, (int) top.getWidth(), (int) top.getHeight(), top.getPixelReader(), 0, 0);
        out.setPixels(0, (int) top.getHeight(), (int) bottom.getWidth(), (int) bottom.getHeight(), bottom.getPixelReader(), 0, 0);
        layerlab.io.AtomicFiles.write(file, os -> javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", os));
    }

    /**
     * The points as CSV ({@link FeatureSpace#csv}: sample, pc1 … pc3, class or target, predicted), written atomically.
     *
     * @throws IOException when there are no points, or the file cannot be written
     */
    public void exportCsv(Path file) throws IOException {
        if (shown == null) throw new IOException("there are no points to save");
        layerlab.io.AtomicFiles.writeString(file, shown.csv());
    }

    /** Called with a sample's index when its dot is clicked. */
    public void setOnSampleChosen(IntConsumer action) {
        onSampleChosen = action == null ? i -> { } : action;
    }

    /** Marks sample {@code i} (the one the inspector shows); a sample not drawn marks nothing. */
    public void select(int i) {
        if (i == selected) return;
        selected = i;
        draw();
    }

    /** Where sample {@code i}'s dot is on the screen, or null when it is not drawn. */
    public Point2D screenPoint(int i) {
        return shown == null || i < 0 || i >= px.length ? null : plot.localToScreen(px[i], py[i]);
    }

    /** The sample whose dot is nearest to ({@code x}, {@code y}) on the canvas, within {@link #REACH}; else -1. */
    private int sampleAt(double x, double y) {
        if (shown == null) return -1;
        int best = -1;
        double bestD = REACH * REACH;
        for (int i = 0; i < px.length; i++) {
            double d = (px[i] - x) * (px[i] - x) + (py[i] - y) * (py[i] - y);
            if (d <= bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** "sample 17: class setosa, predicted versicolor", "sample 4: target 0.31". */
    private String describeSample(int i) {
        FeatureSpace f = shown;
        StringBuilder s = new StringBuilder("sample " + i);
        if (f.classes() != null) {
            s.append(": class ").append(f.className(f.classes()[i]));
            if (f.predicted() != null) {
                s.append(f.misclassified(i) ? ", predicted " + f.className(f.predicted()[i]) : ", predicted right");
            }
        } else if (f.targets() != null) {
            s.append(": target ").append(Numbers.compact(f.targets()[i]));
        }
        return s.toString();
    }

    /** "Feature space of relu2", during a run "Feature space of relu2 · epoch 3". */
    public String title() {
        return title.getText();
    }

    /** No picture, and why. */
    public void clear(String why) {
        shown = null;
        title.setText("Feature space");
        title.setTooltip(null);
        note.setText(why);
        legend.getChildren().clear();
        pointed.setText("");
        px = py = new double[0];
        for (javafx.scene.Node n : new javafx.scene.Node[] {plot, above, save}) {
            n.setVisible(false);
            n.setManaged(false);
        }
    }

    public void show(FeatureSpace f, String epoch) {
        shown = f;
        title.setText("Feature space of " + f.layer() + (epoch == null ? "" : " · " + epoch));
        note.setText(f.describe() + ".");
        // What the picture is, on the title: the note stays short, so that the picture fits beside the activations.
        title.setTooltip(new javafx.scene.control.Tooltip("Each dot a validation sample, placed by the directions along which " + f.layer()
                + "'s outputs vary most (principal components, as scikit-learn's PCA)"
                + (f.classes() != null ? "; colour: its class" : f.targets() != null ? "; colour: its target" : "")
                + (f.predicted() != null ? "; ringed: the model gets it wrong" : "") + ". Point at a dot to name its sample; click it to see its activations."));
        for (javafx.scene.Node n : new javafx.scene.Node[] {plot, above, save}) {
            n.setVisible(true);
            n.setManaged(true);
        }
        int components = f.pca().k();
        java.util.List<String> pairs = new java.util.ArrayList<>();
        if (components > 1) pairs.add("PC1 × PC2");
        if (components > 2) pairs.addAll(java.util.List.of("PC1 × PC3", "PC2 × PC3"));
        String was = axes.getValue();
        if (!axes.getItems().equals(pairs)) axes.getItems().setAll(pairs);
        // One pair (a layer of two values) needs no choice; none (one value) draws along a line.
        axes.setVisible(pairs.size() > 1);
        axes.setManaged(pairs.size() > 1);
        if (pairs.isEmpty()) {
            across = 0;
            up = 0;
        } else {
            // The axes chosen stay chosen as the picture follows the training.
            axes.getSelectionModel().select(pairs.contains(was) ? pairs.indexOf(was) : 0);
        }
        legend.getChildren().clear();
        if (f.classes() != null) {
            int k = classCount(f);
            for (int c = 0; c < Math.min(k, 20); c++) {
                String name = c < f.classNames().size() ? f.classNames().get(c) : String.valueOf(c);
                Label l = new Label(name, new Rectangle(9, 9, ResultsView.classColor(c, k)));
                legend.getChildren().add(l);
            }
            if (k > 20) legend.getChildren().add(new Label("… " + (k - 20) + " more classes"));
            if (f.predicted() != null) {
                Circle ring = new Circle(4.5, Color.TRANSPARENT);
                ring.setStroke(Color.gray(0.1));
                ring.setStrokeWidth(1.5);
                legend.getChildren().add(new Label(String.format(Locale.ROOT, "wrong: %,d", f.misclassifiedCount()), ring));
            }
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
        int a = Math.min(across, k - 1), b = Math.min(up, k - 1);
        boolean plane = b != a;
        // Both axes on one scale, so that distances in the picture are distances in the plane.
        double span = 1e-12;
        for (int i = 0; i < n; i++) {
            span = Math.max(span, Math.abs(f.pca().point(i, a)));
            if (plane) span = Math.max(span, Math.abs(f.pca().point(i, b)));
        }
        double scale = Math.min(WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN) / 2 / span;
        double cx = WIDTH / 2, cy = HEIGHT / 2;
        g.setStroke(ink.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1);
        g.strokeLine(MARGIN, cy, WIDTH - MARGIN, cy);
        g.strokeLine(cx, MARGIN, cx, HEIGHT - MARGIN);
        g.setFill(ink);
        g.setFont(Font.font(11));
        // The axes' names in the margins, clear of the dots: the horizontal under the right end of its axis, the vertical
        // beside the top of its.
        double[] r = f.pca().ratios();
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(String.format(Locale.ROOT, "PC%d (%.1f%% of the variance) →", a + 1, 100 * r[a]), WIDTH - 4, HEIGHT - 2);
        if (plane) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(String.format(Locale.ROOT, "↑ PC%d (%.1f%%)", b + 1, 100 * r[b]), cx + 4, 2);
        }
        int classes = f.classes() != null ? classCount(f) : 0;
        float[] range = f.targets() != null ? range(f.targets()) : null;
        double radius = n > 2000 ? 1.5 : n > 500 ? 2 : 3;
        px = new double[n];
        py = new double[n];
        for (int i = 0; i < n; i++) {
            Color c;
            if (f.classes() != null) c = ResultsView.classColor(f.classes()[i], classes);
            else if (range != null) c = targetColor(range[1] > range[0] ? (f.targets()[i] - range[0]) / (range[1] - range[0]) : 0.5);
            else c = Color.web("#1f77b4");
            double x = cx + scale * f.pca().point(i, a), y = cy - (plane ? scale * f.pca().point(i, b) : 0);
            px[i] = x;
            py[i] = y;
            g.setFill(c.deriveColor(0, 1, 1, 0.75));
            g.fillOval(x - radius, y - radius, 2 * radius, 2 * radius);
        }
        // The samples the model gets wrong, ringed over the rest so that none hides under another class's dots.
        g.setStroke(dark ? Color.gray(1, 0.8) : Color.gray(0.1, 0.75));
        g.setLineWidth(1);
        double ring = radius + 1.5;
        for (int i = 0; i < n; i++) {
            if (f.misclassified(i)) g.strokeOval(px[i] - ring, py[i] - ring, 2 * ring, 2 * ring);
        }
        if (selected >= 0 && selected < n) {
            // The inspected sample: cross-hairs through its dot.
            double x = px[selected], y = py[selected];
            g.setStroke(dark ? Color.web("#ffd54f") : Color.web("#e65100"));
            g.setLineWidth(1.5);
            g.strokeOval(x - radius - 4, y - radius - 4, 2 * radius + 8, 2 * radius + 8);
            g.strokeLine(x - radius - 10, y, x - radius - 4, y);
            g.strokeLine(x + radius + 4, y, x + radius + 10, y);
            g.strokeLine(x, y - radius - 10, x, y - radius - 4);
            g.strokeLine(x, y + radius + 4, x, y + radius + 10);
        }
    }
}
