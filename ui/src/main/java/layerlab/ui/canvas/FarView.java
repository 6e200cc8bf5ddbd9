package layerlab.ui.canvas;

import java.util.EnumMap;
import java.util.Map;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import layerlab.graph.Edge;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;

/**
 * The canvas zoomed out (below {@link CanvasView#FAR_ZOOM}, where a card's text is too small to read): every card a
 * coloured box and every edge one curve, painted on one {@link Canvas} instead of thousands of nodes, so that a
 * 1,000-node graph pans and drags at full frame rate. Its colours come from the theme's stylesheet through hidden
 * probe regions, so it follows the light and dark themes without a colour of its own. The picture covers the whole
 * graph when that fits in {@link #MAX_SIDE} pixels, so that a pan only moves it; larger, it covers the view.
 */
final class FarView extends Region {
    private final CanvasView view;
    private final Canvas canvas = new Canvas();
    private final Map<Category, Region> catProbes = new EnumMap<>(Category.class);
    private final Region panel = probe("far-panel"), border = probe("far-border"), edge = probe("far-edge"), accent = probe("far-accent");
    private static final double MAX_SIDE = 4096, PAD = 8;
    private boolean dirty = true;
    /** The world point at the picture's top left and the zoom it was painted at; NaN zoom when it covers the view. */
    private double originX, originY, paintedZoom = Double.NaN;

    FarView(CanvasView view) {
        this.view = view;
        setId("farView");
        setMouseTransparent(true);
        setMinSize(0, 0);
        setPrefSize(0, 0);
        canvas.setManaged(false);
        getChildren().add(canvas);
        for (Category c : Category.values()) catProbes.put(c, probe(NodeCard.categoryClass(c)));
        visibleProperty().addListener(o -> invalidate());
    }

    private Region probe(String styleClass) {
        Region r = new Region();
        r.getStyleClass().addAll("far-probe", styleClass);
        r.setManaged(false);
        r.setVisible(false);
        getChildren().add(r);
        return r;
    }

    /** Repaints in the next layout pass (once however many changes came before it). */
    void invalidate() {
        dirty = true;
        requestLayout();
    }

    /** The view moved: a picture of the whole graph at this zoom only moves with it; anything else is repainted. */
    void viewChanged() {
        if (!dirty && view.viewport().zoom() == paintedZoom) place();
        else invalidate();
    }

    private void place() {
        Viewport vp = view.viewport();
        if (Double.isNaN(paintedZoom)) canvas.relocate(0, 0);
        else canvas.relocate(vp.xProperty().get() + originX * paintedZoom, vp.yProperty().get() + originY * paintedZoom);
    }

    @Override
    protected void layoutChildren() {
        if (dirty && isVisible()) {
            paint();
            dirty = false;
        } else if (Double.isNaN(paintedZoom) && (canvas.getWidth() != Math.ceil(getWidth()) || canvas.getHeight() != Math.ceil(getHeight()))) {
            paint();
        }
    }

    private void paint() {
        Viewport vp = view.viewport();
        double z = vp.zoom();
        javafx.geometry.Rectangle2D b = view.worldBounds();
        double w = b == null ? 0 : Math.ceil(b.getWidth() * z + 2 * PAD), h = b == null ? 0 : Math.ceil(b.getHeight() * z + 2 * PAD);
        if (b != null && w <= MAX_SIDE && h <= MAX_SIDE) {
            originX = b.getMinX() - PAD / z;
            originY = b.getMinY() - PAD / z;
            paintedZoom = z;
        } else {
            w = Math.ceil(getWidth());
            h = Math.ceil(getHeight());
            paintedZoom = Double.NaN;
        }
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        place();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        // Canvas pixel = (world - origin) · zoom; covering the view, the origin is the view's.
        double ox = Double.isNaN(paintedZoom) ? vp.xProperty().get() : -originX * z, oy = Double.isNaN(paintedZoom) ? vp.yProperty().get() : -originY * z;
        double cw = NodeCard.W * z, ch = NodeCard.H * z, maxX = canvas.getWidth(), maxY = canvas.getHeight();
        // All edges as one path: one stroke is far cheaper than a thousand.
        g.setStroke(colour(edge, Color.GRAY));
        g.setLineWidth(Math.max(0.6, 2 * z));
        g.beginPath();
        double wx0 = -ox / z, wy0 = -oy / z, wx1 = (maxX - ox) / z, wy1 = (maxY - oy) / z;
        for (EdgeView e : view.edgeViews()) {
            if (!e.isVisible() || !e.within(wx0, wy0, wx1, wy1)) continue;
            var c = e.curve;
            g.moveTo(ox + c.getStartX() * z, oy + c.getStartY() * z);
            g.bezierCurveTo(ox + c.getControlX1() * z, oy + c.getControlY1() * z, ox + c.getControlX2() * z, oy + c.getControlY2() * z,
                    ox + c.getEndX() * z, oy + c.getEndY() * z);
        }
        g.stroke();
        Analysis a = view.model().viewAnalysis();
        boolean current = a.graph() == view.model().viewGraph();
        Paint fill = colour(panel, Color.WHITE), line = colour(border, Color.LIGHTGRAY), selected = colour(accent, Color.BLUE);
        g.setLineWidth(1);
        for (NodeCard c : view.cards().values()) {
            double x = ox + c.getLayoutX() * z, y = oy + c.getLayoutY() * z;
            if (x + cw < 0 || y + ch < 0 || x > maxX || y > maxY) continue;
            LayerSpec spec = Registry.find(c.node().kind());
            g.setFill(fill);
            g.fillRect(x, y, cw, ch);
            g.setFill(colour(catProbes.get(spec == null ? Category.GRAPH_OPS : spec.category()), Color.GRAY));
            g.fillRect(x, y, Math.max(1.5, 5 * z), ch);
            NodeInfo info = current && c.node() != null ? a.info(c.nodeId()) : null;
            boolean error = info != null && info.problems().stream().anyMatch(p -> p.isError());
            boolean sel = view.model().selection().contains(c.nodeId());
            if (error || sel || cw > 12) {
                g.setStroke(sel ? selected : error ? Color.web("#d9363e") : line);
                g.setLineWidth(sel || error ? 2 : 1);
                g.strokeRect(x, y, cw, ch);
            }
        }
        g.setFill(Color.web("#fff4b8"));
        for (NoteView n : view.noteViews()) g.fillRect(ox + n.getLayoutX() * z, oy + n.getLayoutY() * z, n.getPrefWidth() * z, n.getPrefHeight() * z);
    }

    private static Paint colour(Region probe, Paint fallback) {
        Background b = probe.getBackground();
        return b == null || b.getFills().isEmpty() ? fallback : b.getFills().get(0).getFill();
    }
}
