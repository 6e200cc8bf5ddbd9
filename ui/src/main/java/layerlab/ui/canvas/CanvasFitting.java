package layerlab.ui.canvas;

import java.util.Collection;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import layerlab.ui.editor.Placement;

/**
 * Where the canvas looks: the zoom bar and zoom by steps, fitting the whole drawing or the selection, the least pan
 * that brings items into view, a node brought to the middle, and what a fitted or a moved view does when the canvas
 * changes size.
 */
final class CanvasFitting {
    private final CanvasView cv;
    final Label zoomLabel = new Label("100%");
    /** Runs before a fitted view fits again for the canvas's new size. */
    Runnable onFittedResize = () -> { };

    CanvasFitting(CanvasView cv) {
        this.cv = cv;
    }

    /** The − 100% + bar in the canvas's corner. */
    HBox zoomBar() {
        zoomLabel.setId("zoomLabel");
        Button minus = new Button("−"), plus = new Button("+");
        minus.setId("zoomOut");
        plus.setId("zoomIn");
        // A sign alone says little to a screen reader, and nothing of the key that does the same.
        minus.setAccessibleText("Zoom out");
        plus.setAccessibleText("Zoom in");
        minus.setTooltip(new Tooltip("Zoom out (−, Ctrl+−)"));
        plus.setTooltip(new Tooltip("Zoom in (+, Ctrl+=)"));
        minus.setOnAction(e -> zoomBy(1 / 1.25));
        plus.setOnAction(e -> zoomBy(1.25));
        minus.setFocusTraversable(false);
        plus.setFocusTraversable(false);
        HBox zoomBar = new HBox(4, minus, zoomLabel, plus);
        zoomBar.getStyleClass().add("zoom-bar");
        zoomBar.setAlignment(Pos.CENTER);
        zoomBar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(zoomBar, Pos.BOTTOM_RIGHT);
        // The user's zoom: at 200 % text a card at "100%" is drawn twice as large, as the window's text is. A fit at 200 % text
        // that draws the cards at 70 % of their 100 %-text size says "35%": the cards' text is about a third of the size this
        // user reads at, which is what they need to know to zoom in; the screen's scale ("70%", the user's zoom times the
        // text's) would hide it. What the number is a share of, and that Fit chose it, the tooltip and a screen reader say.
        Tooltip said = new Tooltip();
        zoomLabel.setTooltip(said);
        cv.vp.changesProperty().addListener(o -> {
            zoomLabel.setText(Math.round(cv.vp.shownZoom() * 100) + "%");
            said.setText(zoomSaid(cv.vp.shownZoom(), cv.vp.textScale(), cv.vp.isFitted()));
            zoomLabel.setAccessibleText(said.getText());
        });
        return zoomBar;
    }

    /**
     * The zoom bar's number in words: the user's zoom, and at a larger text size (View › Text Size) that its 100 % is cards
     * drawn at the window's text size; after a fit, that Fit chose it to show the whole drawing.
     */
    static String zoomSaid(double shown, double textScale, boolean fitted) {
        long pct = Math.round(shown * 100);
        String s = "Zoom " + pct + " %";
        if (Math.abs(textScale - 1) > 1e-9) {
            s += " of the window's text size (" + Math.round(textScale * 100) + " %): cards are drawn at the window's text size at 100 %";
        }
        return s + (fitted ? ", the whole drawing in view (View › Fit)" : "") + ".";
    }

    void zoomBy(double factor) {
        cv.vp.zoomAt(cv.surface.getWidth() / 2, cv.surface.getHeight() / 2, factor);
    }

    /** {@link CanvasView#fit}. */
    void fit() {
        cv.vp.fit(cv.scene.worldBounds(), cv.surface.getWidth(), cv.surface.getHeight(), fitMargin(), 4, CanvasView.READABLE_ZOOM);
    }

    /** 40 px around the drawing, less on a small canvas, where every pixel is wanted for the drawing. */
    double fitMargin() {
        return Math.max(12, Math.min(40, Math.min(cv.surface.getWidth(), cv.surface.getHeight()) * 0.06));
    }

    /** {@link CanvasView#fitSelection}. */
    void fitSelection() {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (String id : cv.model.selection()) {
            NodeCard c = cv.cards.get(id);
            NoteView n = cv.notes.get(id);
            if (c == null && n == null) continue;
            double x = c != null ? c.getLayoutX() : n.getLayoutX(), y = c != null ? c.getLayoutY() : n.getLayoutY();
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x + (c != null ? NodeCard.W : n.getPrefWidth()));
            y1 = Math.max(y1, y + (c != null ? NodeCard.H : n.getPrefHeight()));
        }
        if (x0 > x1) {
            fit();
            return;
        }
        cv.vp.fit(new Rectangle2D(x0, y0, x1 - x0, y1 - y0), cv.surface.getWidth(), cv.surface.getHeight(), fitMargin());
        // A view fitted to a selection is the user's: it does not fit the whole drawing again when the window resizes.
        cv.vp.hold();
    }

    /** Pans the least that brings the items {@code ids} wholly into view; zooms out to them when they do not fit. */
    void showItems(Collection<String> ids) {
        double[] box = Placement.bounds(Placement.rects(cv.model.viewGraph(), ids));
        if (box == null) return;
        Point2D a = cv.vp.toScreen(box[0], box[1]), b = cv.vp.toScreen(box[2], box[3]);
        double m = 40, w = cv.surface.getWidth(), h = cv.surface.getHeight();
        if (b.getX() - a.getX() > w - 2 * m || b.getY() - a.getY() > h - 2 * m) {
            fitSelection();
            return;
        }
        double dx = b.getX() > w - m ? w - m - b.getX() : a.getX() < m ? m - a.getX() : 0;
        double dy = b.getY() > h - m ? h - m - b.getY() : a.getY() < m ? m - a.getY() : 0;
        if (dx != 0 || dy != 0) cv.vp.pan(dx, dy);
    }

    /** Whether the world rectangle {@code r} is wholly in view (null: nothing to show, so yes). */
    boolean inView(Rectangle2D r) {
        if (r == null) return true;
        Point2D a = cv.vp.toScreen(r.getMinX(), r.getMinY()), b = cv.vp.toScreen(r.getMaxX(), r.getMaxY());
        return a.getX() >= 0 && a.getY() >= 0 && b.getX() <= cv.surface.getWidth() && b.getY() <= cv.surface.getHeight();
    }

    /** {@link CanvasView#reveal}. */
    void reveal(String nodeId) {
        NodeCard c = cv.cards.get(nodeId);
        if (c == null) return;
        Point2D s = cv.vp.toScreen(c.getLayoutX() + NodeCard.W / 2, c.getLayoutY() + NodeCard.H / 2);
        cv.vp.pan(cv.surface.getWidth() / 2 - s.getX(), cv.surface.getHeight() / 2 - s.getY());
    }

    /**
     * The canvas was {@code width × height} and has another size now: a fitted view fits again; a view the user moved
     * keeps the selection in view when it was (the Problems list unfolding under a node just pasted or added near the
     * bottom hid it).
     */
    void resized(double width, double height) {
        if (cv.vp.isFitted() && !cv.cards.isEmpty()) onFittedResize.run();
        if (cv.vp.isFitted() && !cv.cards.isEmpty()) fit();
        else if (!cv.vp.isFitted()) {
            double[] box = Placement.bounds(Placement.rects(cv.model.viewGraph(), cv.model.selection()));
            if (box != null && within(box, width, height) && !within(box, cv.surface.getWidth(), cv.surface.getHeight())) {
                showItems(cv.model.selection());
            }
        }
        cv.scene.updateView();
    }

    /** Whether the world box {x0, y0, x1, y1} lies wholly in a view of {@code width × height} at the present pan and zoom. */
    private boolean within(double[] box, double width, double height) {
        Point2D a = cv.vp.toScreen(box[0], box[1]), b = cv.vp.toScreen(box[2], box[3]);
        return a.getX() >= 0 && a.getY() >= 0 && b.getX() <= width && b.getY() <= height;
    }
}
