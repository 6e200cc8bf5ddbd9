package layerlab.ui.start;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;

/**
 * The guided tour: a callout per {@link TourStep} laid over the window, pointing at the real control with the rest
 * of the window dimmed. The window stays usable under it (only the callout takes clicks), so a step can be tried
 * as it is read. The overlay wraps the scene's root for the tour's length and gives it back unchanged at the end.
 */
public final class GuidedTour {
    private static final String CSS = GuidedTour.class.getResource("/layerlab/ui/start.css").toExternalForm();
    private static final double WIDTH = 330, GAP = 14, MARGIN = 10;

    private final Scene scene;
    private final List<TourStep> steps;
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(this, "index", -1);
    private final Pane layer = new Pane();
    private final VBox callout = new VBox(8);
    private final Label title = new Label(), text = new Label(), counter = new Label();
    private final Button back = new Button("Back"), next = new Button("Next"), skip = new Button("Skip tour");
    private final Polygon arrow = new Polygon();
    private Shape shade = new Rectangle();
    private final Rectangle ring = new Rectangle();
    private Parent original;
    private final InvalidationListener relayout = o -> place();
    private final EventHandler<KeyEvent> keys = e -> {
        if (e.getCode() == KeyCode.ESCAPE) {
            close();
            e.consume();
        }
    };

    public GuidedTour(Scene scene, List<TourStep> steps) {
        this.scene = scene;
        this.steps = List.copyOf(steps);
        layer.setId("tourLayer");
        layer.getStylesheets().add(CSS);
        // Clicks fall through to the window everywhere but on the callout.
        layer.setPickOnBounds(false);
        ring.getStyleClass().add("tour-ring");
        ring.setMouseTransparent(true);
        arrow.getStyleClass().add("tour-arrow");
        arrow.setMouseTransparent(true);
        title.setId("tourTitle");
        title.getStyleClass().add("tour-title");
        text.setId("tourText");
        text.getStyleClass().add("tour-text");
        text.setWrapText(true);
        counter.setId("tourCounter");
        counter.getStyleClass().add("tour-counter");
        back.setId("tourBack");
        next.setId("tourNext");
        next.setDefaultButton(true);
        next.getStyleClass().add("accent-button");
        skip.setId("tourSkip");
        skip.getStyleClass().add("link-button");
        back.setOnAction(e -> back());
        next.setOnAction(e -> next());
        skip.setOnAction(e -> close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, skip, gap, back, next);
        buttons.setAlignment(Pos.CENTER_LEFT);
        callout.setId("tourCallout");
        callout.getStyleClass().add("tour-callout");
        callout.getChildren().addAll(counter, title, text, buttons);
        callout.setPrefWidth(WIDTH);
        callout.setMaxWidth(WIDTH);
    }

    /** The step shown (0-based), or -1 when the tour is not showing. */
    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    public boolean isShowing() {
        return index.get() >= 0;
    }

    public int size() {
        return steps.size();
    }

    /** Lays the overlay over the window at the first step. */
    public void start() {
        if (isShowing()) {
            show(0);
            return;
        }
        original = scene.getRoot();
        // The root moves into a stack with the overlay on top; a placeholder keeps the scene valid meanwhile.
        scene.setRoot(new Region());
        StackPane host = new StackPane(original, layer);
        host.setId("tourHost");
        scene.setRoot(host);
        scene.widthProperty().addListener(relayout);
        scene.heightProperty().addListener(relayout);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        show(0);
    }

    public void next() {
        if (index.get() + 1 >= steps.size()) close();
        else show(index.get() + 1);
    }

    public void back() {
        if (index.get() > 0) show(index.get() - 1);
    }

    /** Ends the tour and gives the window its own root back. */
    public void close() {
        if (!isShowing()) return;
        scene.widthProperty().removeListener(relayout);
        scene.heightProperty().removeListener(relayout);
        scene.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        StackPane host = (StackPane) scene.getRoot();
        host.getChildren().clear();
        scene.setRoot(original);
        original = null;
        index.set(-1);
    }

    private void show(int i) {
        index.set(i);
        TourStep s = steps.get(i);
        title.setText(s.title());
        text.setText(s.text());
        counter.setText((i + 1) + " of " + steps.size());
        back.setDisable(i == 0);
        next.setText(i == steps.size() - 1 ? "Done" : "Next");
        place();
        next.requestFocus();
    }

    /** Dims all but the target, rings it, and sets the callout beside it with its arrow pointing at it. */
    private void place() {
        if (!isShowing()) return;
        double w = scene.getWidth(), h = scene.getHeight();
        Node target = steps.get(index.get()).target().apply(scene);
        Bounds t = target == null || target.getScene() != scene ? null : target.localToScene(target.getLayoutBounds());
        Rectangle all = new Rectangle(0, 0, w, h);
        if (t != null) {
            // Within the window: a target at its edge (the side tabs) keeps its ring's whole outline in view.
            double hx = Math.max(2, t.getMinX() - 4), hy = Math.max(2, t.getMinY() - 4);
            Rectangle hole = new Rectangle(hx, hy, Math.min(w - 2, t.getMaxX() + 4) - hx, Math.min(h - 2, t.getMaxY() + 4) - hy);
            hole.setArcWidth(12);
            hole.setArcHeight(12);
            shade = Shape.subtract(all, hole);
            ring.setX(hole.getX());
            ring.setY(hole.getY());
            ring.setWidth(hole.getWidth());
            ring.setHeight(hole.getHeight());
            ring.setArcWidth(12);
            ring.setArcHeight(12);
        } else {
            shade = all;
        }
        shade.getStyleClass().add("tour-shade");
        shade.setMouseTransparent(true);
        ring.setVisible(t != null);
        arrow.setVisible(t != null);

        callout.applyCss();
        double ch = callout.prefHeight(WIDTH);
        double x, y;
        // A small target (a menu, a button) gets the callout under it, where it covers neither its neighbours (the menu
        // bar's other menus) nor what the step talks about; others beside it where there is room, else under it.
        boolean fitsBelow = t != null && t.getMaxY() + GAP + ch + MARGIN <= h;
        boolean right = t != null && t.getMaxX() + GAP + WIDTH + MARGIN <= w && t.getWidth() < w / 2;
        boolean left = t != null && t.getMinX() - GAP - WIDTH - MARGIN >= 0 && t.getWidth() < w / 2;
        boolean below = fitsBelow && (t.getHeight() < 48 || !right && !left && t.getHeight() < h / 2);
        if (t == null) {
            x = (w - WIDTH) / 2;
            y = (h - ch) / 2;
        } else if (below) {
            x = clampX(t.getMinX() + Math.min(t.getWidth() / 2, 40) - 30, w);
            y = t.getMaxY() + GAP;
            double ax = Math.min(Math.max(t.getMinX() + Math.min(t.getWidth() / 2, 40), x + 14), x + WIDTH - 14);
            arrow.getPoints().setAll(ax - 8, y, ax, y - 10, ax + 8, y);
        } else if (right) {
            x = t.getMaxX() + GAP;
            y = clamp(t.getMinY() + Math.min(t.getHeight() / 2, 60) - 30, h - ch);
            arrow.getPoints().setAll(x, y + 22, x - 10, y + 30, x, y + 38);
        } else if (left) {
            x = t.getMinX() - GAP - WIDTH;
            y = clamp(t.getMinY() + Math.min(t.getHeight() / 2, 60) - 30, h - ch);
            arrow.getPoints().setAll(x + WIDTH, y + 22, x + WIDTH + 10, y + 30, x + WIDTH, y + 38);
        } else {
            // A big target (the canvas): the callout sits inside it, in the corner that hides least of its cards (the
            // bottom corners clear of the zoom buttons); the top-left on a tie.
            double[] xs = {clampX(t.getMinX() + 28, w), clampX(t.getMaxX() - 28 - WIDTH, w)};
            double[] ys = {clamp(t.getMinY() + 28, h - ch), clamp(t.getMaxY() - 64 - ch, h - ch)};
            x = xs[0];
            y = ys[0];
            double least = Double.MAX_VALUE;
            for (double cy : ys) {
                for (double cx : xs) {
                    double hidden = cardAreaUnder(target, cx, cy, WIDTH, ch);
                    if (hidden < least) {
                        least = hidden;
                        x = cx;
                        y = cy;
                    }
                }
            }
            arrow.setVisible(false);
        }
        callout.resizeRelocate(x, y, WIDTH, ch);
        layer.getChildren().setAll(shade, ring, arrow, callout);
    }

    /** How much of the cards under {@code target} (scene pixels²) a callout at {@code x, y} would hide. */
    private static double cardAreaUnder(Node target, double x, double y, double width, double height) {
        double area = 0;
        for (Node card : target.lookupAll(".node-card")) {
            if (!card.isVisible()) continue;
            Bounds b = card.localToScene(card.getLayoutBounds());
            double ox = Math.min(b.getMaxX(), x + width) - Math.max(b.getMinX(), x);
            double oy = Math.min(b.getMaxY(), y + height) - Math.max(b.getMinY(), y);
            if (ox > 0 && oy > 0) area += ox * oy;
        }
        return area;
    }

    private static double clamp(double y, double max) {
        return Math.max(MARGIN, Math.min(y, max - MARGIN));
    }

    private static double clampX(double x, double w) {
        return Math.max(MARGIN, Math.min(x, w - WIDTH - MARGIN));
    }
}
