package layerlab.ui.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.scene.transform.Transform;
import javax.imageio.ImageIO;
import layerlab.io.AtomicFiles;
import layerlab.train.FeatureSpace;
import layerlab.ui.Captions;
import layerlab.ui.exchange.PathChooser;
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
    private List<String> axisNames = List.of();
    /** The pointed sample's picture, in pixels a side. */
    private static final double PREVIEW = 34;
    private static final double MARGIN = 22;
    private final Label title = new Label("Feature space");
    private final Label note = new Label();
    private final Canvas plot = new Canvas(WIDTH, HEIGHT);
    private final FlowPane legend = new FlowPane(10, 2);
    private final ChoiceBox<String> axes = new ChoiceBox<>();
    private final Label pointed = new Label();
    /** The pointed sample's name again, by the pointer. */
    private final Tooltip pointedTip = new Tooltip();
    /** The axes' choice and the pointed sample's name, above the picture. */
    /** The pointed sample itself, for pictures: the digit, not only its number. */
    private final ImageView preview = new ImageView();
    private final HBox above = new HBox(8, axes, preview, pointed);
    private IntFunction<SampleView> sampleView = i -> null;
    /** The sample the preview and the line show, so that moving within one dot reads it once. */
    private int pointedAt = -1;
    private final MenuButton save = new MenuButton("Save");
    private Consumer<String> status = s -> { };
    /** The legend's sample of the ring round a sample the model gets wrong, drawn in the theme's ink (see {@link #draw}). */
    private final Circle legendRing = new Circle(4.5, Color.TRANSPARENT);
    private FeatureSpace shown;
    /** No focus: every sample drawn alike. */
    private static final int ALL = -1;
    /** Focus on the samples the model gets wrong. */
    private static final int WRONG = -2;
    /** The samples drawn in full, the rest faded: {@link #ALL}, {@link #WRONG} or a class (a click on its legend entry). */
    private int focus = ALL;
    /** The components on the horizontal and vertical axes (0-based). */
    private int across = 0, up = 1;
    /** Each drawn sample's place on the canvas, from the last drawing. */
    private double[] px = new double[0], py = new double[0];
    private int selected = -1;
    private IntConsumer onSampleChosen = i -> { };
    /** The axes' names' size at 100 % text (px), as the charts' tick labels. */
    private static final double AXIS_PX = 11;
    /** The font the axes were last named in. */
    private Font axisFont = Font.font(AXIS_PX);

    /** The size of the axes' names as last drawn (tests). */
    double axisFontSize() {
        return axisFont.getSize();
    }

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
        // The axes' choice says what it chooses: "Feature space of fc1, PC1 × PC2".
        Captions.names(title, axes);
        axes.setMinWidth(Region.USE_PREF_SIZE);
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
        pointedTip.setShowDelay(javafx.util.Duration.millis(150));
        pointedTip.setWrapText(true);
        pointedTip.setMaxWidth(WIDTH);
        preview.setId("featureSpacePreview");
        preview.setFitWidth(PREVIEW);
        preview.setFitHeight(PREVIEW);
        preview.setPreserveRatio(true);
        preview.setSmooth(false);
        preview.setVisible(false);
        preview.setManaged(false);
        plot.setOnMouseMoved(e -> point(sampleAt(e.getX(), e.getY())));
        plot.setOnMouseExited(e -> point(-1));
        plot.setOnMouseClicked(e -> {
            int i = sampleAt(e.getX(), e.getY());
            if (i < 0) return;
            select(i);
            onSampleChosen.accept(i);
        });
        // The pointed sample's name beside the axes' choice, right above the picture: in view whenever its top is.
        above.setAlignment(Pos.CENTER_LEFT);
        above.setMaxWidth(WIDTH);
        HBox.setHgrow(pointed, Priority.ALWAYS);
        pointed.setMaxWidth(Double.MAX_VALUE);
        MenuItem png = new MenuItem("Picture (PNG)…");
        png.setOnAction(e -> choose("PNG image", "png", this::exportPng));
        MenuItem csv = new MenuItem("Points (CSV)…");
        csv.setOnAction(e -> choose("CSV", "csv", this::exportCsv));
        save.getItems().addAll(png, csv);
        save.setId("featureSpaceSave");
        save.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, gap, save);
        head.setAlignment(Pos.CENTER_LEFT);
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

    /** The axes' names as last drawn, the horizontal's then the vertical's (tests). */
    public List<String> axisNames() {
        return axisNames;
    }

    /** The axes as chosen: "PC1 × PC2". */
    public String axes() {
        return axes.getValue();
    }

    /** Where the pane says what its saving did: "Saved feature-space-relu2.png". */
    public void setStatus(Consumer<String> status) {
        this.status = status == null ? s -> { } : status;
    }

    private PathChooser chooser = PathChooser.system();

    /** Replaces the file dialog (tests). */
    public void setChooser(PathChooser chooser) {
        this.chooser = chooser;
    }

    private interface Writer {
        void write(Path file) throws IOException;
    }

    private void choose(String what, String extension, Writer writer) {
        if (shown == null) return;
        Path f = chooser.save(getScene() == null ? null : getScene().getWindow(), "Save the feature space as " + what, what,
                extension, null, "feature-space-" + shown.layer() + "." + extension);
        if (f == null) return;
        if (!f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith("." + extension)) f = f.resolveSibling(f.getFileName() + "." + extension);
        try {
            writer.write(f);
            status.accept("Saved " + f.getFileName());
        } catch (IOException e) {
            status.accept("Could not save " + f.getFileName() + ": " + e.getMessage());
        }
    }

    /**
     * The picture and its legend as a PNG at twice their size on screen (for slides and worksheets), written atomically.
     *
     * @throws IOException when there is no picture, or the file cannot be written
     */
    public void exportPng(Path file) throws IOException {
        if (shown == null) throw new IOException("there is no picture to save");
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(Transform.scale(2, 2));
        p.setFill(ChartTheme.isDark(getScene()) ? Color.web("#1e1f23") : Color.WHITE);
        WritableImage top = plot.snapshot(p, null), bottom = legend.snapshot(p, null);
        int w = (int) Math.max(top.getWidth(), bottom.getWidth()), h = (int) (top.getHeight() + bottom.getHeight());
        WritableImage img = new WritableImage(w, h);
        PixelWriter out = img.getPixelWriter();
        Color fill = (Color) p.getFill();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setColor(x, y, fill);
        out.setPixels(0, 0, (int) top.getWidth(), (int) top.getHeight(), top.getPixelReader(), 0, 0);
        out.setPixels(0, (int) top.getHeight(), (int) bottom.getWidth(), (int) bottom.getHeight(), bottom.getPixelReader(), 0, 0);
        AtomicFiles.write(file, os -> ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", os));
    }

    /**
     * The points as CSV ({@link FeatureSpace#csv}: sample, pc1 … pc3, class or target, predicted), written atomically.
     *
     * @throws IOException when there are no points, or the file cannot be written
     */
    public void exportCsv(Path file) throws IOException {
        if (shown == null) throw new IOException("there are no points to save");
        AtomicFiles.writeString(file, shown.csv());
    }

    /**
     * A sample as a person recognises it: its picture (an image data set's) or its text (a text data set's); either may be
     * null.
     */
    public record SampleView(Image picture, String text) {
    }

    /** What shows the pointed sample beside its name: its picture or its text (null: its number only). */
    public void setSampleView(IntFunction<SampleView> view) {
        sampleView = view == null ? i -> null : view;
    }

    /** The pointed sample's picture, or null. */
    public Image preview() {
        return preview.isVisible() ? preview.getImage() : null;
    }

    /** Names sample {@code i} (-1: none) above the picture, with its picture when it has one. */
    private void point(int i) {
        if (i == pointedAt) return;
        pointedAt = i;
        SampleView v = null;
        if (i >= 0) {
            try {
                v = sampleView.apply(i);
            } catch (RuntimeException unreadable) {
                // The sample cannot be read again (its file changed): its number and class say enough.
            }
        }
        Image picture = v == null ? null : v.picture();
        preview.setImage(picture);
        preview.setVisible(picture != null);
        preview.setManaged(picture != null);
        pointed.setText(i < 0 ? "" : describeSample(i, v == null ? null : v.text()) + " — click to see its activations");
        // The name above the picture is out of sight while one points at its lower half in a low dashboard (the
        // inspector on a 720-px screen is shorter than the picture): the same name by the pointer too.
        if (i < 0) {
            Tooltip.uninstall(plot, pointedTip);
        } else {
            pointedTip.setText(pointed.getText());
            Tooltip.install(plot, pointedTip);
        }
    }

    /** The pointed sample's name by the pointer, or null while no dot is pointed at (tests). */
    Tooltip pointedTip() {
        return plot.getProperties().get("javafx.scene.control.Tooltip") instanceof Tooltip t ? t : null;
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
            if (!lit(i)) continue;
            double d = (px[i] - x) * (px[i] - x) + (py[i] - y) * (py[i] - y);
            if (d <= bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** "sample 17: class setosa, predicted versicolor", "sample 4: target 0.31", "sample 3 “nakamura”: class Japanese, …". */
    private String describeSample(int i, String text) {
        FeatureSpace f = shown;
        StringBuilder s = new StringBuilder("sample " + i + (text == null ? "" : " " + text));
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
        point(-1);
        px = py = new double[0];
        for (Node n : new Node[] {plot, above, save}) {
            n.setVisible(false);
            n.setManaged(false);
        }
    }

    public void show(FeatureSpace f, String epoch) {
        shown = f;
        point(-1);
        title.setText("Feature space of " + f.layer() + (epoch == null ? "" : " · " + epoch));
        note.setText(f.describe() + ".");
        // What the picture is, on the title: the note stays short, so that the picture fits beside the activations.
        title.setTooltip(new Tooltip("Each dot a validation sample, placed by the directions along which " + f.layer()
                + "'s outputs vary most (principal components, as scikit-learn's PCA)"
                + (f.classes() != null ? "; colour and shape: its class" : f.targets() != null ? "; colour: its target" : "")
                + (f.predicted() != null ? "; ringed: the model gets it wrong" : "") + ". Point at a dot to name its sample; click it to see its activations."));
        for (Node n : new Node[] {plot, above, save}) {
            n.setVisible(true);
            n.setManaged(true);
        }
        int components = f.pca().k();
        List<String> pairs = new ArrayList<>();
        if (components > 1) pairs.add("PC1 × PC2");
        if (components > 2) pairs.addAll(List.of("PC1 × PC3", "PC2 × PC3"));
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
            // A focus that this model's classes still have stays as the picture follows the training.
            if (focus >= k || focus == WRONG && f.predicted() == null) focus = ALL;
            for (int c = 0; c < Math.min(k, 20); c++) {
                legend.getChildren().add(legendEntry("featureSpaceClass" + c, f.className(c),
                        ClassMarker.of(c).swatch(ClassMarker.color(c, k), 12), c));
            }
            if (k > 20) legend.getChildren().add(new Label("… " + (k - 20) + " more classes"));
            if (f.predicted() != null) {
                legend.getChildren().add(legendEntry("featureSpaceWrong", String.format(Locale.ROOT, "wrong: %,d", f.misclassifiedCount()), legendRing, WRONG));
            }
            legendFocus();
        } else if (f.targets() != null) {
            float[] range = range(f.targets());
            legend.getChildren().add(new HBox(4, new Rectangle(9, 9, targetColor(0)),
                    new Label(String.format(Locale.ROOT, "target %s … %s", Numbers.compact(range[0]), Numbers.compact(range[1]))),
                    new Rectangle(9, 9, targetColor(1))));
        }
        draw();
    }

    /** A legend entry that a click focuses the picture on (its samples in full, the others faded), and a second click unfocuses. */
    private Label legendEntry(String id, String text, Node mark, int what) {
        Label l = new Label(text, mark);
        l.setId(id);
        l.setUserData(what);
        l.setCursor(javafx.scene.Cursor.HAND);
        l.setTooltip(new Tooltip(what == WRONG ? "Click: the samples the model gets wrong, the others faded; again: all"
                : "Click: this class's samples, the others faded; again: all"));
        l.setOnMouseClicked(e -> {
            focus = focus == what ? ALL : what;
            legendFocus();
            draw();
        });
        return l;
    }

    /** The focused entry in bold, the others dimmed while there is a focus. */
    private void legendFocus() {
        for (Node n : legend.getChildren()) {
            if (!(n instanceof Label l) || !(l.getUserData() instanceof Integer what)) continue;
            l.setStyle(focus != ALL && what == focus ? "-fx-font-weight: bold" : "");
            l.setOpacity(focus == ALL || what == focus ? 1 : 0.5);
        }
    }

    /** What the picture is focused on: "class 1", "wrong", or null for all samples alike. */
    public String focus() {
        return focus == ALL ? null : focus == WRONG ? "wrong" : shown == null ? null : "class " + shown.className(focus);
    }

    /** Whether sample {@code i} is drawn in full (not faded by a focus on another class). */
    boolean drawnInFull(int i) {
        return shown != null && i >= 0 && i < shown.samples() && lit(i);
    }

    /** Whether sample {@code i} is drawn in full under the focus. */
    private boolean lit(int i) {
        FeatureSpace f = shown;
        return focus == ALL || (focus == WRONG ? f.misclassified(i) : f.classes() != null && f.classes()[i] == focus);
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
        // The axes' names at the window's text size (View › Text Size), as the charts' ticks are.
        axisFont = Font.font(AXIS_PX * ChartTheme.textScale(getScene()));
        g.setFont(axisFont);
        // The axes' names in the margins, clear of the dots: the horizontal under the right end of its axis, the vertical
        // beside the top of its.
        double[] r = f.pca().ratios();
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        axisNames = plane ? List.of(PcaAxes.across(r, a), PcaAxes.up(r, b)) : List.of(PcaAxes.across(r, a));
        g.fillText(axisNames.get(0), WIDTH - 4, HEIGHT - 2);
        if (plane) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(axisNames.get(1), cx + 4, 2);
        }
        int classes = f.classes() != null ? classCount(f) : 0;
        float[] range = f.targets() != null ? range(f.targets()) : null;
        // Classes' marks large enough to tell a square from a circle where the samples leave room (a 3-px dot's shape did not read).
        double radius = n > 2000 ? 1.5 : n > 500 ? 2.5 : f.classes() != null ? 4.5 : 3;
        px = new double[n];
        py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = cx + scale * f.pca().point(i, a);
            py[i] = cy - (plane ? scale * f.pca().point(i, b) : 0);
        }
        // The faded samples first, so that the focused ones lie on top.
        for (boolean lit : new boolean[] {false, true}) {
            for (int i = 0; i < n; i++) {
                if (lit(i) != lit) continue;
                Color c;
                if (f.classes() != null) c = ClassMarker.color(f.classes()[i], classes);
                else if (range != null) c = targetColor(range[1] > range[0] ? (f.targets()[i] - range[0]) / (range[1] - range[0]) : 0.5);
                else c = Color.web("#1f77b4");
                g.setFill(c.deriveColor(0, 1, 1, lit ? 0.75 : 0.12));
                if (f.classes() != null) ClassMarker.of(f.classes()[i]).fill(g, px[i], py[i], radius);
                else g.fillOval(px[i] - radius, py[i] - radius, 2 * radius, 2 * radius);
            }
        }
        // The samples the model gets wrong, ringed over the rest so that none hides under another class's dots.
        Color ringInk = dark ? Color.gray(1, 0.8) : Color.gray(0.1, 0.75);
        legendRing.setStroke(ringInk);
        legendRing.setStrokeWidth(1.5);
        g.setStroke(ringInk);
        g.setLineWidth(1);
        double ring = radius + 1.5;
        for (int i = 0; i < n; i++) {
            if (f.misclassified(i) && lit(i)) g.strokeOval(px[i] - ring, py[i] - ring, 2 * ring, 2 * ring);
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
