package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Cards being dragged, and their edges, are left out of that picture and painted on a second canvas over it, so
 * that a drag repaints a few boxes per frame instead of the whole graph.
 */
final class FarView extends Region {
    private final CanvasView view;
    private final Canvas canvas = new Canvas();
    /** Covers the view (screen coordinates); holds only what is being dragged. */
    private final Canvas moving = new Canvas();
    private final Map<Category, Region> catProbes = new EnumMap<>(Category.class);
    private final Region panel = probe("far-panel"), border = probe("far-border"), edge = probe("far-edge"), accent = probe("far-accent"),
            text = probe("far-text");
    /** Boxes this wide (a fit of a small graph on a small canvas) are big enough to carry their node's name. */
    private static final double NAMED_BOX = 48;
    private static final javafx.scene.text.Font NAME_FONT = javafx.scene.text.Font.font(10);
    private static final double MAX_SIDE = 4096, PAD = 8;
    private boolean dirty = true, movingDirty;
    /** The nodes left out of the picture when it was painted (those being dragged then). */
    private Set<String> leftOut = Set.of();
    /** The screen area the moving canvas has painted on, to clear before the next frame; null when clear. */
    private double[] movingArea;
    /** The world point at the picture's top left and the zoom it was painted at; NaN zoom when it covers the view. */
    private double originX, originY, paintedZoom = Double.NaN;

    FarView(CanvasView view) {
        this.view = view;
        setId("farView");
        setMouseTransparent(true);
        setMinSize(0, 0);
        setPrefSize(0, 0);
        canvas.setManaged(false);
        moving.setManaged(false);
        moving.setId("farMoving");
        getChildren().addAll(canvas, moving);
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

    /**
     * The dragged cards moved: only they are repainted, unless the picture still shows them (the drag just
     * began), which is then repainted once without them.
     */
    void moved() {
        if (!dirty && leftOut.equals(view.moving())) {
            movingDirty = true;
            requestLayout();
        } else {
            invalidate();
        }
    }

    /** The nodes and notes the picture leaves out, because the moving canvas shows them (those being dragged). */
    Set<String> paintedApart() {
        return leftOut;
    }

    /** The view moved: a picture of the whole graph at this zoom only moves with it; anything else is repainted. */
    void viewChanged() {
        if (!dirty && view.viewport().zoom() == paintedZoom) {
            place();
            // The dragged cards are painted in screen coordinates: they move with the view by being repainted.
            if (!leftOut.isEmpty()) {
                movingDirty = true;
                requestLayout();
            }
        } else {
            invalidate();
        }
    }

    private void place() {
        Viewport vp = view.viewport();
        if (Double.isNaN(paintedZoom)) canvas.relocate(0, 0);
        // On whole pixels: a picture at a fractional offset is resampled on every frame, which costs far more than a copy.
        else canvas.relocate(Math.round(vp.xProperty().get() + originX * paintedZoom), Math.round(vp.yProperty().get() + originY * paintedZoom));
    }

    @Override
    protected void layoutChildren() {
        if (dirty && isVisible()) {
            paint();
            dirty = false;
        } else if (Double.isNaN(paintedZoom) && (canvas.getWidth() != Math.ceil(getWidth()) || canvas.getHeight() != Math.ceil(getHeight()))) {
            paint();
        } else if (movingDirty && isVisible()) {
            paintMoving();
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
        double maxX = canvas.getWidth(), maxY = canvas.getHeight();
        leftOut = Set.copyOf(view.moving());
        paintItems(g, ox, oy, z, maxX, maxY, false);
        g.setFill(Color.web("#fff4b8"));
        for (NoteView n : view.noteViews()) {
            if (!leftOut.contains(n.noteId)) g.fillRect(ox + n.getLayoutX() * z, oy + n.getLayoutY() * z, n.getPrefWidth() * z, n.getPrefHeight() * z);
        }
        paintMoving();
    }

    /** Repaints the moving canvas: the dragged cards, notes and edges where they are now, in screen coordinates. */
    private void paintMoving() {
        movingDirty = false;
        double w = Math.ceil(getWidth()), h = Math.ceil(getHeight());
        if (moving.getWidth() != w || moving.getHeight() != h) {
            moving.setWidth(w);
            moving.setHeight(h);
            movingArea = new double[] {0, 0, w, h};
        }
        GraphicsContext g = moving.getGraphicsContext2D();
        // Only where the last frame painted: clearing the whole view on every frame would cost more than the drawing.
        if (movingArea != null) g.clearRect(movingArea[0], movingArea[1], movingArea[2] - movingArea[0], movingArea[3] - movingArea[1]);
        movingArea = null;
        if (leftOut.isEmpty()) return;
        Viewport vp = view.viewport();
        double[] area = paintItems(g, vp.xProperty().get(), vp.yProperty().get(), vp.zoom(), w, h, true);
        g.setFill(Color.web("#fff4b8"));
        double z = vp.zoom();
        for (NoteView n : view.noteViews()) {
            if (!leftOut.contains(n.noteId)) continue;
            double x = vp.xProperty().get() + n.getLayoutX() * z, y = vp.yProperty().get() + n.getLayoutY() * z;
            g.fillRect(x, y, n.getPrefWidth() * z, n.getPrefHeight() * z);
            area = grow(area, x, y, x + n.getPrefWidth() * z, y + n.getPrefHeight() * z);
        }
        // A little more than painted: strokes and anti-aliasing reach past the shapes' edges.
        movingArea = area == null ? null : new double[] {area[0] - 4, area[1] - 4, area[2] + 4, area[3] + 4};
    }

    /**
     * Paints the edges and cards at canvas pixel {@code (ox + world · z)} that lie within (0, 0)–(maxX, maxY): those
     * being dragged ({@code movingOnly}) or all the others. Returns the area painted on, or null when none.
     */
    private double[] paintItems(GraphicsContext g, double ox, double oy, double z, double maxX, double maxY, boolean movingOnly) {
        double[] area = null;
        Set<Edge> movingEdges = view.movingEdges();
        boolean anyMoving = !leftOut.isEmpty();
        double cw = NodeCard.W * z, ch = NodeCard.H * z;
        // All edges as one path: one stroke is far cheaper than a thousand.
        g.setStroke(colour(edge, Color.GRAY));
        g.setLineWidth(Math.max(0.6, 2 * z));
        g.beginPath();
        double wx0 = -ox / z, wy0 = -oy / z, wx1 = (maxX - ox) / z, wy1 = (maxY - oy) / z;
        for (EdgeView e : view.edgeViews()) {
            if (!e.isVisible() || !e.within(wx0, wy0, wx1, wy1)) continue;
            if (anyMoving && movingEdges.contains(e.edge) != movingOnly || !anyMoving && movingOnly) continue;
            double[] r = e.route;
            g.moveTo(ox + r[0] * z, oy + r[1] * z);
            for (int i = 2; i + 5 < r.length; i += 6) {
                g.bezierCurveTo(ox + r[i] * z, oy + r[i + 1] * z, ox + r[i + 2] * z, oy + r[i + 3] * z, ox + r[i + 4] * z, oy + r[i + 5] * z);
            }
            if (movingOnly) area = grow(area, ox + e.minX * z, oy + e.minY * z, ox + e.maxX * z, oy + e.maxY * z);
        }
        g.stroke();
        Analysis a = view.model().viewAnalysis();
        boolean current = a.graph() == view.model().viewGraph();
        Paint fill = colour(panel, Color.WHITE), line = colour(border, Color.LIGHTGRAY), selected = colour(accent, Color.BLUE);
        g.setLineWidth(1);
        for (NodeCard c : movingOnly ? movingCards() : view.cards().values()) {
            if (!movingOnly && leftOut.contains(c.nodeId())) continue;
            double x = ox + c.getLayoutX() * z, y = oy + c.getLayoutY() * z;
            if (x + cw < 0 || y + ch < 0 || x > maxX || y > maxY) continue;
            LayerSpec spec = Registry.find(c.node().kind());
            g.setFill(fill);
            g.fillRect(x, y, cw, ch);
            g.setFill(colour(catProbes.get(spec == null ? Category.GRAPH_OPS : spec.category()), Color.GRAY));
            g.fillRect(x, y, Math.max(1.5, 5 * z), ch);
            NodeInfo info = current && c.node() != null ? a.info(c.nodeId()) : null;
            boolean error = info != null && view.model().viewProblemsOf(c.nodeId(), info).stream().anyMatch(p -> p.isError());
            boolean sel = view.model().selection().contains(c.nodeId());
            if (error || sel || cw > 12) {
                g.setStroke(sel ? selected : error ? Color.web("#d9363e") : line);
                g.setLineWidth(sel || error ? 2 : 1);
                g.strokeRect(x, y, cw, ch);
            }
            // A small graph fitted to a small canvas: each box still says which node it is.
            if (cw >= NAMED_BOX && c.node() != null) {
                g.setFill(colour(text, Color.BLACK));
                g.setFont(NAME_FONT);
                g.setTextBaseline(javafx.geometry.VPos.CENTER);
                double left = Math.max(1.5, 5 * z) + 4;
                g.fillText(c.node().name(), x + left, y + ch / 2, cw - left - 3);
            }
            if (movingOnly) area = grow(area, x, y, x + cw, y + ch);
        }
        return area;
    }

    private List<NodeCard> movingCards() {
        List<NodeCard> out = new ArrayList<>();
        for (String id : leftOut) {
            NodeCard c = view.cards().get(id);
            if (c != null) out.add(c);
        }
        return out;
    }

    private static double[] grow(double[] a, double x0, double y0, double x1, double y1) {
        if (a == null) return new double[] {x0, y0, x1, y1};
        a[0] = Math.min(a[0], x0);
        a[1] = Math.min(a[1], y0);
        a[2] = Math.max(a[2], x1);
        a[3] = Math.max(a[3], y1);
        return a;
    }

    private static Paint colour(Region probe, Paint fallback) {
        Background b = probe.getBackground();
        return b == null || b.getFills().isEmpty() ? fallback : b.getFills().get(0).getFill();
    }
}
