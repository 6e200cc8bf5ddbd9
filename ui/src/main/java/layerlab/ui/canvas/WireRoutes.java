package layerlab.ui.canvas;

import java.util.Set;
import javafx.geometry.Point2D;

/**
 * The canvas's wires routed round its cards ({@link Wire}), the cards found through the canvas's spatial index. It
 * remembers which part of the world each wire's routing looked at (its route, the runs it tried, its label's places), so
 * that a card that comes, goes or moves re-routes exactly the wires whose route it could change: those it takes with it
 * and those that looked where it was or now is, never the whole drawing. It keeps each wire's label box too, so that a
 * wire routed after another puts its label where no other lies.
 */
final class WireRoutes {
    private final SpatialGrid<EdgeView> looked;
    // Where each wire's label lies, so that the next wire routed puts its own elsewhere.
    private final SpatialGrid<EdgeView> labels;
    // The part of the world the routing under way has looked at.
    private double x0, y0, x1, y1;
    private final Wire.Cards recording, plain;

    WireRoutes(SpatialGrid<NodeCard> cards, double cell) {
        looked = new SpatialGrid<>(cell);
        labels = new SpatialGrid<>(cell);
        plain = cards::visit;
        recording = (ax, ay, bx, by, sink) -> {
            x0 = Math.min(x0, ax);
            y0 = Math.min(y0, ay);
            x1 = Math.max(x1, bx);
            y1 = Math.max(y1, by);
            cards.visit(ax, ay, bx, by, sink);
        };
    }

    /** Routes edge {@code v} from output anchor {@code a} to input anchor {@code b}, and remembers where it looked. */
    Wire.Route route(EdgeView v, Point2D a, Point2D b) {
        x0 = y0 = Double.MAX_VALUE;
        x1 = y1 = -Double.MAX_VALUE;
        // Clear of the labels of the others, not of its own old place.
        labels.remove(v);
        double w = v.labelWidth(), h = v.labelHeight();
        Wire.Route r = Wire.route(a, b, recording, w, h, labels::visit);
        looked.put(v, x0, y0, x1, y1);
        labels.put(v, r.labelX() - w / 2, r.labelY(), r.labelX() + w / 2, r.labelY() + h);
        return r;
    }

    /**
     * The other wires whose labels lie on the label of {@code v}, just given route {@code r}: it found no free place left
     * (wires routed before it, with room elsewhere, took them), so it took the first place clear of the cards, and they
     * are to be routed again, to find theirs elsewhere.
     */
    Set<EdgeView> labelsOn(EdgeView v, Wire.Route r) {
        double w = v.labelWidth(), h = v.labelHeight(), e = 0.01;
        Set<EdgeView> on = new java.util.LinkedHashSet<>(labels.query(r.labelX() - w / 2 + e, r.labelY() + e, r.labelX() + w / 2 - e, r.labelY() + h - e));
        on.remove(v);
        return on;
    }

    /** The route of the wire being dragged from output anchor {@code a} to the pointer at {@code b}. */
    double[] dragged(Point2D a, Point2D b) {
        return Wire.route(a, b, plain, 0).points();
    }

    /** The wires whose routing looked at the world rectangle (x0, y0)–(x1, y1): a card there may change their route. */
    Set<EdgeView> lookingAt(double x0, double y0, double x1, double y1) {
        return looked.query(x0, y0, x1, y1);
    }

    void remove(EdgeView v) {
        looked.remove(v);
        labels.remove(v);
    }

    void clear() {
        looked.clear();
        labels.clear();
    }
}
