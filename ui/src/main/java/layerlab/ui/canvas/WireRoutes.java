package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Point2D;

/**
 * The canvas's wires routed round its cards ({@link Wire}), the cards found through the canvas's spatial index. It
 * remembers which part of the world each wire's routing looked at (its route, the runs it tried, its label's places), so
 * that a card that comes, goes or moves re-routes exactly the wires whose route it could change: those it takes with it
 * and those that looked where it was or now is, never the whole drawing. It keeps each wire's label box too, so that a
 * wire routed after another puts its label where no other lies, and the wires' routes in short pieces, so that a label
 * keeps off the other wires as well where it can.
 */
final class WireRoutes {
    private final SpatialGrid<EdgeView> looked;
    // Where each wire's label lies, so that the next wire routed puts its own elsewhere.
    private final SpatialGrid<EdgeView> labels;
    private final Map<EdgeView, double[]> labelBoxes = new HashMap<>();
    // Each wire's route, the point its label looks for a place from and the part of the world its routing looked at: a
    // label moved for another wire's sake is placed again on the same route.
    private record Kept(double[] points, double[] middle, double[] looked) {
    }
    private final Map<EdgeView, Kept> kept = new HashMap<>();
    // Each wire's route as a few straight pieces at a time, found by where they lie: which wire runs through a box.
    private final SpatialGrid<Piece> pieces;
    private final Map<EdgeView, List<Piece>> piecesOf = new HashMap<>();
    // The wire being routed, whose own pieces its label's look-up passes over.
    private EdgeView routing;
    private final Wire.Lines others;
    // The part of the world the routing under way has looked at.
    private double x0, y0, x1, y1;
    private final Wire.Cards recording, plain;

    WireRoutes(SpatialGrid<NodeCard> cards, double cell) {
        looked = new SpatialGrid<>(cell);
        labels = new SpatialGrid<>(cell);
        pieces = new SpatialGrid<>(cell);
        others = (bx0, by0, bx1, by1) -> {
            List<EdgeView> through = new ArrayList<>(2);
            // A touch at the box's edge is not a crossing, as for a label's own wire (WireLabels.crosses).
            pieces.each(bx0, by0, bx1, by1, q -> {
                if (q.wire != routing && !through.contains(q.wire) && Wire.meets(q.line, q.from, q.to, bx0 + 1, by0 + 1, bx1 - 1, by1 - 1)) {
                    through.add(q.wire);
                }
            });
            return through.size();
        };
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
        routing = v;
        double[] middle = new double[2];
        Wire.Route r = Wire.route(a, b, recording, w, h, labels::visit, others, middle);
        routing = null;
        looked.put(v, x0, y0, x1, y1);
        kept.put(v, new Kept(r.points(), middle, new double[] {x0, y0, x1, y1}));
        double[] box = {r.labelX() - w / 2, r.labelY(), r.labelX() + w / 2, r.labelY() + h};
        labels.put(v, box[0], box[1], box[2], box[3]);
        labelBoxes.put(v, box);
        index(v, r.points());
        return r;
    }

    /**
     * A new place for the label of {@code v} on its route as it is (the other labels or wires moved, not the cards), or
     * null where it was never routed.
     */
    Wire.Route relabel(EdgeView v) {
        Kept k = kept.get(v);
        if (k == null) return null;
        double[] l = k.looked;
        x0 = l[0];
        y0 = l[1];
        x1 = l[2];
        y1 = l[3];
        labels.remove(v);
        double w = v.labelWidth(), h = v.labelHeight();
        routing = v;
        Wire.Route r = new WireLabels(recording, labels::visit, others).place(k.points, k.middle[0], k.middle[1], w, h);
        routing = null;
        looked.put(v, x0, y0, x1, y1);
        kept.put(v, new Kept(k.points, k.middle, new double[] {x0, y0, x1, y1}));
        double[] box = {r.labelX() - w / 2, r.labelY(), r.labelX() + w / 2, r.labelY() + h};
        labels.put(v, box[0], box[1], box[2], box[3]);
        labelBoxes.put(v, box);
        return r;
    }

    /** A few straight pieces of a wire's route: its polyline's points {@code from} to {@code to}. */
    private record Piece(EdgeView wire, double[] line, int from, int to) {
    }

    /** How many straight pieces (about 20 units each) one entry of the index holds. */
    private static final int PIECES = 8;

    private void index(EdgeView v, double[] route) {
        removePieces(v);
        double[] line = Wire.polyline(route);
        int points = line.length / 2;
        List<Piece> mine = new ArrayList<>(points / PIECES + 1);
        for (int from = 0; from < points - 1; from += PIECES) {
            int to = Math.min(points - 1, from + PIECES);
            Piece q = new Piece(v, line, from, to);
            double[] box = bounds(q);
            pieces.put(q, box[0], box[1], box[2], box[3]);
            mine.add(q);
        }
        piecesOf.put(v, mine);
    }

    private void removePieces(EdgeView v) {
        List<Piece> old = piecesOf.remove(v);
        if (old != null) for (Piece q : old) pieces.remove(q);
    }

    /**
     * The other wires whose labels lie on the label of {@code v}, just given route {@code r}: it found no free place left
     * (wires routed before it, with room elsewhere, took them), so it took the first place clear of the cards, and they
     * are to be routed again, to find theirs elsewhere; and the wires whose labels the route of {@code v} runs through,
     * to be routed again to find a place off it (labels placed before it came, or moved, where it now runs).
     */
    Set<EdgeView> labelsOn(EdgeView v, Wire.Route r) {
        double w = v.labelWidth(), h = v.labelHeight(), e = 0.01;
        Set<EdgeView> on = new java.util.LinkedHashSet<>(labels.query(r.labelX() - w / 2 + e, r.labelY() + e, r.labelX() + w / 2 - e, r.labelY() + h - e));
        for (Piece q : piecesOf.getOrDefault(v, List.of())) {
            double[] b = bounds(q);
            labels.each(b[0], b[1], b[2], b[3], o -> {
                double[] l = labelBoxes.get(o);
                if (o != v && l != null && !on.contains(o) && Wire.meets(q.line, q.from, q.to, l[0] + 1, l[1] + 1, l[2] - 1, l[3] - 1)) on.add(o);
            });
        }
        on.remove(v);
        return on;
    }

    private static double[] bounds(Piece q) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 2 * q.from; i <= 2 * q.to; i += 2) {
            b[0] = Math.min(b[0], q.line[i]);
            b[2] = Math.max(b[2], q.line[i]);
            b[1] = Math.min(b[1], q.line[i + 1]);
            b[3] = Math.max(b[3], q.line[i + 1]);
        }
        return b;
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
        labelBoxes.remove(v);
        kept.remove(v);
        removePieces(v);
    }

    void clear() {
        looked.clear();
        labels.clear();
        labelBoxes.clear();
        kept.clear();
        pieces.clear();
        piecesOf.clear();
    }
}
