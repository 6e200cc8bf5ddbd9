package layerlab.ui.inspect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import layerlab.train.EmbeddingSpace;
import layerlab.ui.ChartTheme;

/**
 * An Embedding's rows as tokens in a plane ({@link EmbeddingSpace}, computed by the engine): each row a dot on its first two
 * principal components, labelled with its token where the label does not cover another (the most frequent tokens first, as
 * the vocabulary orders them; every one on hover), the padding row a hollow square; a search box picks a token and lists
 * its nearest tokens by cosine similarity, ringed in the picture. It follows the weights as training goes on
 * ({@link EmbeddingSpaceProbe}: once an epoch).
 */
public final class EmbeddingSpacePane extends VBox {
    static final double WIDTH = 500, HEIGHT = 360;
    private List<String> axisNames = List.of();
    private static final double MARGIN = 16, REACH = 6, LABEL_PX = 11;
    /** The most tokens a drawing tries to label. */
    private static final int MAX_LABELS_TRIED = 1000;
    /** Neighbours listed for the chosen token. */
    static final int NEIGHBOURS = 10;
    private final Label title = new Label("Embedding space");
    private final Label note = new Label();
    private final Canvas plot = new Canvas(WIDTH, HEIGHT);
    private final Label pointed = new Label();
    private final Tooltip pointedTip = new Tooltip();
    private final TextField search = new TextField();
    private final Label searchNote = new Label();
    private final ListView<EmbeddingSpace.Neighbour> neighbours = new ListView<>();
    private EmbeddingSpace shown;
    private int chosen = -1, pointedAt = -1;
    /** Each row's place on the canvas and which rows got a label, from the last drawing. */
    private double[] px = new double[0], py = new double[0];
    private final Set<Integer> labelled = new HashSet<>();

    public EmbeddingSpacePane() {
        super(4);
        setId("embeddingSpace");
        title.setId("embeddingSpaceTitle");
        title.setStyle("-fx-font-weight: bold");
        note.setId("embeddingSpaceNote");
        note.setWrapText(true);
        note.setMaxWidth(WIDTH);
        plot.setId("embeddingSpacePlot");
        pointed.setId("embeddingSpacePointed");
        pointed.setMinHeight(18);
        pointedTip.setShowDelay(javafx.util.Duration.millis(150));
        search.setId("embeddingSpaceSearch");
        search.setPromptText("A token, to list its nearest");
        search.setOnAction(e -> choose(search.getText().strip().isEmpty() ? search.getText() : search.getText().strip()));
        searchNote.setId("embeddingSpaceSearchNote");
        searchNote.setWrapText(true);
        HBox.setHgrow(search, Priority.ALWAYS);
        Label find = new Label("Nearest to");
        HBox searchRow = new HBox(6, find, search);
        searchRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        searchRow.setMaxWidth(WIDTH);
        neighbours.setId("embeddingSpaceNeighbours");
        neighbours.setPrefHeight(24 * 7);
        neighbours.setMaxWidth(WIDTH);
        neighbours.setPlaceholder(new Label("Type a token and press Enter, or click a dot."));
        // The token on the left, its similarity in a column on the right.
        neighbours.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            private final Label token = new Label(), similarity = new Label();
            private final HBox row = new HBox(token, similarity);

            {
                HBox.setHgrow(token, Priority.ALWAYS);
                token.setMaxWidth(Double.MAX_VALUE);
                similarity.setMinWidth(Label.USE_PREF_SIZE);
                similarity.setStyle("-fx-font-family: monospace");
            }

            @Override
            protected void updateItem(EmbeddingSpace.Neighbour n, boolean empty) {
                super.updateItem(n, empty);
                setText(null);
                if (empty || n == null) {
                    setGraphic(null);
                    return;
                }
                token.setText(n.label());
                similarity.setText(String.format(Locale.ROOT, "%+.3f", n.similarity()));
                setGraphic(row);
            }
        });
        // A neighbour clicked becomes the token asked about: one walks from token to token.
        neighbours.setOnMouseClicked(e -> {
            EmbeddingSpace.Neighbour n = neighbours.getSelectionModel().getSelectedItem();
            if (n != null && e.getClickCount() == 2) choose(n.row());
        });
        plot.setOnMouseMoved(e -> point(rowAt(e.getX(), e.getY())));
        plot.setOnMouseExited(e -> point(-1));
        plot.setOnMouseClicked(e -> {
            int i = rowAt(e.getX(), e.getY());
            if (i >= 0) choose(i);
        });
        getChildren().addAll(title, note, plot, pointed, searchRow, searchNote, neighbours);
        managedProperty().bind(visibleProperty());
        ChartTheme.onThemeChange(this, dark -> draw());
        setVisible(false);
    }

    /** The space drawn, or null. */
    public EmbeddingSpace space() {
        return shown;
    }

    /** The axes' names as last drawn, the horizontal's then the vertical's (tests). */
    public List<String> axisNames() {
        return axisNames;
    }

    public String title() {
        return title.getText();
    }

    public String note() {
        return note.getText();
    }

    /** The rows labelled in the picture. */
    public Set<Integer> labelled() {
        return Set.copyOf(labelled);
    }

    /** The chosen token's row, or -1. */
    public int chosen() {
        return chosen;
    }

    public ListView<EmbeddingSpace.Neighbour> neighbours() {
        return neighbours;
    }

    /** What the pointer is on: "a (row 4)". */
    public String pointed() {
        return pointed.getText();
    }

    /** Row {@code i}'s dot on screen (tests click it), or null when not drawn. */
    public Point2D screenPoint(int i) {
        if (i < 0 || i >= px.length) return null;
        return plot.localToScreen(px[i], py[i]);
    }

    /** Nothing to show: hidden (a node that is not an Embedding), or a line saying why. */
    public void clear(String why) {
        shown = null;
        chosen = -1;
        neighbours.getItems().clear();
        setVisible(why != null);
        if (why != null) {
            title.setText("Embedding space");
            note.setText(why);
        }
        draw();
    }

    /** Shows {@code s}; {@code epoch} ("epoch 3") when taken during a run. The token chosen stays chosen as training goes on. */
    public void show(EmbeddingSpace s, String epoch) {
        String before = shown != null && chosen >= 0 && chosen < shown.rows() ? shown.labels().get(chosen) : null;
        boolean same = shown != null && shown.layer().equals(s.layer()) && shown.rows() == s.rows();
        shown = s;
        setVisible(true);
        title.setText("Embedding space of " + s.layer() + (epoch == null ? "" : " (" + epoch + ")"));
        double[] r = s.pca().ratios();
        String what = String.format(Locale.ROOT, "Each dot a row of %s.weight (%d rows of %d values), placed by its first two principal "
                + "components (%.1f%% and %.1f%% of the variance); tokens used alike end up near each other.", s.layer(), s.rows(), s.dim(),
                100 * r[0], r.length > 1 ? 100 * r[1] : 0);
        // What the picture is first; then, where some rows have no token, which and why.
        note.setText(s.note() == null ? what : what + " " + s.note());
        chosen = same && before != null ? s.labels().indexOf(before) : -1;
        listNeighbours();
        draw();
    }

    /** Chooses the token a person typed ("a", "␣", or a row number where the vocabulary is unknown). */
    public void choose(String token) {
        if (shown == null) return;
        int row = shown.find(token);
        if (row < 0) {
            searchNote.setText("No token \"" + token + "\" in " + shown.layer() + "'s vocabulary.");
            return;
        }
        choose(row);
    }

    private void choose(int row) {
        chosen = row;
        search.setText(shown.labels().get(row));
        listNeighbours();
        draw();
    }

    private void listNeighbours() {
        if (shown == null || chosen < 0) {
            neighbours.getItems().clear();
            searchNote.setText("");
            return;
        }
        neighbours.getItems().setAll(shown.neighbours(chosen, NEIGHBOURS));
        searchNote.setText("Nearest to " + shown.labels().get(chosen) + " by cosine similarity" + (chosen == shown.padding() ? " (the padding row)" : "") + ":");
    }

    private void point(int i) {
        if (i == pointedAt) return;
        pointedAt = i;
        String text = shown == null || i < 0 ? "" : shown.labels().get(i) + " (row " + i + (i == shown.padding() ? ", padding" : shown.spare(i) ? ", no token" : "") + ")";
        pointed.setText(text);
        pointedTip.setText(text);
        if (text.isEmpty()) Tooltip.uninstall(plot, pointedTip);
        else Tooltip.install(plot, pointedTip);
    }

    private int rowAt(double x, double y) {
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

    private void draw() {
        GraphicsContext g = plot.getGraphicsContext2D();
        boolean dark = ChartTheme.isDark(getScene());
        g.setFill(dark ? Color.web("#1e1f23") : Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        labelled.clear();
        EmbeddingSpace s = shown;
        if (s == null) {
            px = new double[0];
            py = new double[0];
            return;
        }
        Color ink = dark ? Color.web("#c9cdd3") : Color.gray(0.25), accent = dark ? Color.web("#ffd54f") : Color.web("#e65100");
        int n = s.rows();
        double span = 1e-12;
        for (int i = 0; i < n; i++) span = Math.max(span, Math.max(Math.abs(s.point(i, 0)), Math.abs(s.point(i, 1))));
        // Both axes on one scale, so that distances in the picture are distances in the plane.
        double scale = (Math.min(WIDTH, HEIGHT) / 2 - MARGIN) / span, cx = WIDTH / 2, cy = HEIGHT / 2;
        px = new double[n];
        py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = cx + scale * s.point(i, 0);
            py[i] = cy - scale * s.point(i, 1);
        }
        g.setStroke(ink.deriveColor(0, 1, 1, 0.3));
        g.setLineWidth(1);
        g.strokeLine(MARGIN, cy, WIDTH - MARGIN, cy);
        g.strokeLine(cx, MARGIN, cx, HEIGHT - MARGIN);
        Set<Integer> near = new HashSet<>();
        for (EmbeddingSpace.Neighbour nb : neighbours.getItems()) near.add(nb.row());
        double radius = n > 2000 ? 1.5 : n > 300 ? 2.5 : 3.5;
        Font font = Font.font(LABEL_PX * ChartTheme.textScale(getScene()));
        g.setFont(font);
        g.setFill(ink);
        // The axes' names in the margins, as the feature space names its.
        double[] r = s.pca().ratios();
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        axisNames = List.of(PcaAxes.across(r, 0), PcaAxes.up(r, 1));
        g.fillText(axisNames.get(0), WIDTH - 4, HEIGHT - 2);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(axisNames.get(1), cx + 4, 2);
        for (int i = 0; i < n; i++) {
            if (i == s.padding()) continue;
            // A spare row (no token reaches it) faint: it is where initialisation left it.
            double alpha = near.contains(i) ? 0.95 : s.spare(i) ? 0.2 : 0.7;
            g.setFill((near.contains(i) ? accent : Color.web("#1f77b4")).deriveColor(0, 1, 1, alpha));
            g.fillOval(px[i] - radius, py[i] - radius, 2 * radius, 2 * radius);
        }
        if (s.padding() >= 0) {
            // The padding row stands for no token: a hollow square, apart from the tokens' dots.
            g.setStroke(ink);
            g.setLineWidth(1.5);
            g.strokeRect(px[s.padding()] - 4, py[s.padding()] - 4, 8, 8);
        }
        if (chosen >= 0 && chosen < n) {
            g.setStroke(accent);
            g.setLineWidth(2);
            g.strokeOval(px[chosen] - radius - 4, py[chosen] - radius - 4, 2 * radius + 8, 2 * radius + 8);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        // The chosen token and its neighbours first, then the tokens in the vocabulary's order (the most frequent first):
        // each label only where it covers no label placed before it.
        List<Integer> order = new ArrayList<>();
        if (chosen >= 0) order.add(chosen);
        for (EmbeddingSpace.Neighbour nb : neighbours.getItems()) order.add(nb.row());
        if (s.padding() >= 0) order.add(s.padding());
        for (int i = 0; i < n; i++) if (!s.spare(i)) order.add(i);
        List<double[]> boxes = new ArrayList<>();
        // The axes' names are not covered.
        boxes.add(new double[] {WIDTH - 110 * ChartTheme.textScale(getScene()), HEIGHT - 18 * ChartTheme.textScale(getScene()), WIDTH, HEIGHT});
        boxes.add(new double[] {cx, 0, cx + 100 * ChartTheme.textScale(getScene()), 18 * ChartTheme.textScale(getScene())});
        Text measure = new Text();
        measure.setFont(font);
        // A word vocabulary's tens of thousands of rows: only its most frequent tokens are tried (the rest show on hover).
        int tried = 0;
        for (int i : order) {
            if (labelled.contains(i)) continue;
            if (++tried > MAX_LABELS_TRIED) break;
            String label = i == s.padding() && !s.labels().get(i).equals("<pad>") ? s.labels().get(i) + " (padding)" : s.labels().get(i);
            measure.setText(label);
            Bounds b = measure.getLayoutBounds();
            double x = px[i] + radius + 2, y = py[i], w = b.getWidth(), h = b.getHeight();
            if (x + w > WIDTH) x = px[i] - radius - 2 - w;
            double[] box = {x - 1, y - h / 2, x + w + 1, y + h / 2};
            if (box[0] < 0 || box[1] < 0 || box[3] > HEIGHT || overlaps(box, boxes)) continue;
            boxes.add(box);
            labelled.add(i);
            boolean lit = i == chosen || near.contains(i);
            g.setFill(lit ? accent : ink);
            g.fillText(label, x, y);
        }
    }

    private static boolean overlaps(double[] box, List<double[]> boxes) {
        for (double[] o : boxes) if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) return true;
        return false;
    }
}
