package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Point2D;

/**
 * The route of a wire from an output port to an input port, for the canvas's edges, the wire being dragged, the start
 * page's miniatures and so the pictures of the drawing alike. Forwards one cubic; backwards (to the start of the next
 * row of a wrapped layout, say) two, leaving the output rightwards, crossing back through the gap next to the output's
 * row and entering the input from the left, rather than cutting behind the cards.
 *
 * <p>Given the cards, a wire that would pass behind one it does not join (a skip connection over the layers it skips,
 * which would look like a second output of the first of them) goes round them instead: it leaves its output, rises or
 * drops into the free space above or below them, runs along it and comes down into its input, in cubic segments. Of the
 * free runs next to the ports' heights it takes the one that needs the least climbing; a wire with a clear path keeps
 * the plain route. Skips over the same cards lie apart, the longer outside the shorter, so that nested skips do not cross.
 *
 * <p>Where along the route its shape label goes, clear of what it can be, is {@link WireLabels}'s.
 */
public final class Wire {
    private Wire() {
    }

    /** How far a backward wire's handles reach out of its ports. */
    public static final double BACK_HOOK = 90;
    /**
     * How far below (or above) its output a backward wire runs back at most: past the card's edge, into the gap before
     * the next row of cards (cards are 104 high, rows 150 apart, wrapped bands 50 more).
     */
    public static final double BACK_DROP = 100;
    /** A wire that comes nearer than this to a card it does not join passes behind it: it is routed round instead. */
    static final double MARGIN = 6;
    /** How far inside its own card a wire may come before it counts as passing through it (its port lies on the edge). */
    static final double OWN_INSET = 2;
    /** How far the run of a wire routed round cards keeps from them, before its stagger. */
    static final double CLEARANCE = 14;
    /**
     * A detour's clearance grows by one unit for each {@code STAGGER_SPAN} units it spans (6 a column), by {@code
     * MAX_STAGGER} at most (a skip over four columns): skips over the same cards lie a few units apart, the longer outside.
     */
    static final double STAGGER_SPAN = 47, MAX_STAGGER = 24;
    /** How far at least a backward detour's run lies from the plain route's (that of the plain wires back from its card). */
    static final double BACK_APART = 10;
    /** A detour's run with less room than this beyond it (in the gap between two rows of cards) counts as further. */
    static final double ROOMY = 100;
    /** How far sideways a detour's ramp from a port to its run reaches at most, and at least. */
    static final double RAMP = 90, MIN_RAMP = 16;
    /** No labels to keep clear of. */
    private static final Cards NO_LABELS = (x0, y0, x1, y1, sink) -> { };
    /** No other wires to keep labels off. */
    private static final Lines NO_LINES = (x0, y0, x1, y1) -> 0;

    /**
     * The cards wires keep clear of. {@code near} hands {@code sink} at least every card whose rectangle meets (x0, y0)–(x1,
     * y1), as {x0, y0, x1, y1}, perhaps more than once; the arrays are only read, never kept.
     */
    @FunctionalInterface
    public interface Cards {
        void near(double x0, double y0, double x1, double y1, Consumer<double[]> sink);

        /** Fixed rectangles, each looked at on every query: for a miniature's few dozen cards, and for tests. */
        static Cards of(Collection<double[]> rects) {
            List<double[]> all = List.copyOf(rects);
            return (x0, y0, x1, y1, sink) -> {
                for (double[] r : all) if (r[2] >= x0 && r[0] <= x1 && r[3] >= y0 && r[1] <= y1) sink.accept(r);
            };
        }
    }

    /** The other wires a label keeps off: how many of them run through the box (x0, y0)–(x1, y1). */
    @FunctionalInterface
    public interface Lines {
        int through(double x0, double y0, double x1, double y1);
    }

    /**
     * A routed wire. {@code points}: the start, then three per cubic segment (control, control, end), world units.
     * (midX, midY): the point of the route its label belongs to, where a layer dropped onto the wire goes in; the label's
     * box is centred on {@code labelX} with its top at {@code labelY}, on a free part of the route where there is one.
     */
    public record Route(double[] points, double midX, double midY, double labelX, double labelY) {
    }

    /**
     * The plain route from output anchor {@code a} to input anchor {@code b}, whatever lies between (a wire with a clear
     * path takes it): forwards one cubic whose handles reach half the way; backwards two, meeting halfway across, where
     * the wire runs right to left in the gap under (or over) the output's row.
     */
    static double[] route(Point2D a, Point2D b) {
        return plain(a.getX(), a.getY(), b.getX(), b.getY());
    }

    /**
     * The route from output anchor {@code a} to input anchor {@code b} round {@code cards} (the cards whose edges hold
     * the anchors excepted), with a place for a label {@code labelWidth} wide.
     */
    public static Route route(Point2D a, Point2D b, Cards cards, double labelWidth) {
        return route(a, b, cards, labelWidth, WireLabels.LABEL_H, NO_LABELS);
    }

    /**
     * The route from {@code a} to {@code b} round {@code cards}, its label clear of the other wires' {@code labels} too
     * (their boxes, given as cards are): where several wires run close together (one output feeding several layers, an
     * Add or a Concat fed by several) each label takes a free place along its own wire, else stacks beside it. The label
     * is {@code labelHeight} high.
     */
    public static Route route(Point2D a, Point2D b, Cards cards, double labelWidth, double labelHeight, Cards labels) {
        return route(a, b, cards, labelWidth, labelHeight, labels, NO_LINES);
    }

    /**
     * As {@link #route(Point2D, Point2D, Cards, double, double, Cards)}, the label off the other wires' {@code lines} too
     * where a place is free of them (a skip's label on the wire back under it read as that wire's, and a wire through
     * another's label struck it out); where none is, it may lie across one, as before.
     */
    public static Route route(Point2D a, Point2D b, Cards cards, double labelWidth, double labelHeight, Cards labels, Lines lines) {
        return route(a, b, cards, labelWidth, labelHeight, labels, lines, new double[2]);
    }

    /**
     * As above, handing back in {@code middle} the point of the route a label looks for its place from, for {@link
     * WireLabels#place} to place the label again (nothing else having changed but the other labels and wires, the route
     * itself stays, and is not worked out again).
     */
    static Route route(Point2D a, Point2D b, Cards cards, double labelWidth, double labelHeight, Cards labels, Lines lines, double[] middle) {
        Path p = new Router(a.getX(), a.getY(), b.getX(), b.getY(), cards).route();
        middle[0] = p.midX;
        middle[1] = p.midY;
        return new WireLabels(cards, labels, lines).place(p.points(), p.midX, p.midY, labelWidth, labelHeight);
    }

    private static double[] plain(double ax, double ay, double bx, double by) {
        if (bx >= ax) {
            double dx = Math.max(40, (bx - ax) / 2);
            return new double[] {ax, ay, ax + dx, ay, bx - dx, by, bx, by};
        }
        // The run back lies in the gap next to the output's row: halfway to the input, at most BACK_DROP away.
        double mx = (ax + bx) / 2, my = ay + Math.signum(by - ay) * Math.min(Math.abs(by - ay) / 2, BACK_DROP), h = BACK_HOOK;
        return new double[] {ax, ay, ax + h, ay, ax + h, my, mx, my, bx - h, my, bx - h, by, bx, by};
    }

    /** The clearance of a detour spanning {@code span} units: skips of different lengths over the same cards lie apart. */
    static double clearance(double span) {
        return CLEARANCE + Math.min(MAX_STAGGER, Math.abs(span) / STAGGER_SPAN);
    }

    /** A route being built, with the point its label belongs to. */
    private static final class Path {
        double[] p;
        int n;
        double midX, midY;

        Path(double x, double y) {
            p = new double[20];
            p[0] = x;
            p[1] = y;
            n = 2;
        }

        Path(double[] points, double midX, double midY) {
            p = points;
            n = points.length;
            this.midX = midX;
            this.midY = midY;
        }

        void cubic(double c1x, double c1y, double c2x, double c2y, double x, double y) {
            if (n + 6 > p.length) p = java.util.Arrays.copyOf(p, p.length * 2);
            p[n++] = c1x;
            p[n++] = c1y;
            p[n++] = c2x;
            p[n++] = c2y;
            p[n++] = x;
            p[n++] = y;
        }

        /** A straight run to (x, y), as a cubic whose handles lie on it. */
        void line(double x, double y) {
            double x0 = p[n - 2], y0 = p[n - 1];
            cubic(x0 + (x - x0) / 3, y0 + (y - y0) / 3, x0 + 2 * (x - x0) / 3, y0 + 2 * (y - y0) / 3, x, y);
        }

        double[] points() {
            return n == p.length ? p : java.util.Arrays.copyOf(p, n);
        }
    }

    /** One wire's routing: its ends and the cards round it. */
    private static final class Router {
        final double ax, ay, bx, by;
        final Cards cards;

        Router(double ax, double ay, double bx, double by, Cards cards) {
            this.ax = ax;
            this.ay = ay;
            this.bx = bx;
            this.by = by;
            this.cards = cards;
        }

        Path route() {
            double[] plain = plain(ax, ay, bx, by);
            // The label of a wire forwards sits over the curve's middle; backwards, where its two segments meet.
            double[] mid = bx >= ax ? point(plain, 0, 0.5) : new double[] {plain[6], plain[7]};
            Path straight = new Path(plain, mid[0], mid[1]), best = straight;
            int hits = hits(plain);
            if (hits == 0) return best;
            boolean forwards = bx >= ax;
            double span = Math.abs(bx - ax), c = clearance(span), s = by >= ay ? 1 : -1;
            // The run lies between the end cards going forwards, and along both of them going back.
            double x0 = forwards ? ax + c : bx, x1 = forwards ? bx - c : ax;
            if (x1 < x0) x0 = x1 = (ax + bx) / 2;
            // Where to look for a free run, and which way: forwards, from either port's height, over or under the cards in
            // between; backwards, first from the plain route's run (past it by the stagger, clear of the plain wires back
            // from the same card), then from the input's height, then round the far side of the output.
            double back = plain[7] + s * Math.max(BACK_APART, c - CLEARANCE);
            double[] starts = forwards ? new double[] {ay, -1, ay, 1, by, -1, by, 1} : new double[] {back, s, back, -s, by, s, by, -s, ay, -s};
            double prefer = forwards ? ay : back;
            double bestCost = Double.MAX_VALUE;
            double[] tried = new double[starts.length / 2];
            int k = 0;
            for (int i = 0; i < starts.length; i += 2) {
                int dir = (int) starts[i + 1];
                double lane = lane(x0, x1, starts[i], dir, c);
                if (Double.isNaN(lane) || contains(tried, k, lane)) continue;
                tried[k++] = lane;
                Path p = forwards ? forward(lane, c) : backward(lane, c);
                int h = hits(p.points());
                // The least climbing; forwards, in the freer space (a skip over the row rather than in the gap under it,
                // which the wires back to the next row take); between equals, the run nearest where it was looked for first.
                double cost = Math.abs(lane - ay) + Math.abs(lane - by) + 0.01 * Math.abs(lane - prefer)
                        + (forwards ? 2 * Math.max(0, ROOMY - room(x0, x1, lane, dir, c)) : 0);
                if (h < hits || h == hits && best != straight && cost < bestCost) {
                    best = p;
                    hits = h;
                    bestCost = cost;
                }
            }
            return best;
        }

        private static boolean contains(double[] a, int n, double v) {
            for (int i = 0; i < n; i++) if (a[i] == v) return true;
            return false;
        }

        /**
         * The height nearest {@code y} in direction {@code dir} (-1 up, 1 down) where a run from x0 to x1 keeps {@link
         * #CLEARANCE} from every card, and {@code c} from the card it had to pass; NaN when none is found within reason.
         */
        double lane(double x0, double x1, double y, int dir, double c) {
            double[] edge = new double[1];
            boolean[] hit = new boolean[1];
            for (int i = 0; i < 64; i++) {
                double lo = y - CLEARANCE, hi = y + CLEARANCE;
                hit[0] = false;
                edge[0] = dir < 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
                cards.near(x0, lo, x1, hi, r -> {
                    // Strictly: a card that only touches the band (the one just stepped past) leaves it free.
                    if (r[2] <= x0 || r[0] >= x1 || r[3] <= lo || r[1] >= hi) return;
                    hit[0] = true;
                    edge[0] = dir < 0 ? Math.min(edge[0], r[1]) : Math.max(edge[0], r[3]);
                });
                if (!hit[0]) return y;
                y = edge[0] + dir * c;
            }
            return Double.NaN;
        }

        /**
         * How much room a run at height {@code lane} from x0 to x1 has beyond it in direction {@code dir}, up to {@link
         * #ROOMY}: a run in the narrow gap between two rows of cards, which the wires back to the next row and the labels
         * share, has less than one over them.
         */
        double room(double x0, double x1, double lane, int dir, double c) {
            double near = lane + dir * CLEARANCE, far = lane + dir * (c + ROOMY);
            double[] room = {ROOMY};
            cards.near(x0, Math.min(near, far), x1, Math.max(near, far), r -> {
                if (r[2] <= x0 || r[0] >= x1) return;
                room[0] = Math.min(room[0], Math.max(0, dir < 0 ? lane - r[3] : r[1] - lane));
            });
            return room[0];
        }

        /**
         * How far sideways from port x (rightwards for {@code dir} 1) a ramp between heights ya and yb may reach and keep
         * {@code c} from the cards there: at most {@code most}, at least {@link #MIN_RAMP}.
         */
        double reach(double x, int dir, double ya, double yb, double c, double most) {
            double lo = Math.min(ya, yb), hi = Math.max(ya, yb);
            double[] room = {most};
            cards.near(dir > 0 ? x : x - most - c, lo, dir > 0 ? x + most + c : x, hi, r -> {
                if (r[3] <= lo || r[1] >= hi) return;
                if (dir > 0 && r[0] >= x) room[0] = Math.min(room[0], r[0] - c - x);
                if (dir < 0 && r[2] <= x) room[0] = Math.min(room[0], x - c - r[2]);
            });
            return Math.max(MIN_RAMP, room[0]);
        }

        /** Forwards by a run at height {@code lane}: a ramp out of the output, the run, a ramp into the input. */
        Path forward(double lane, double c) {
            double d1 = Math.abs(lane - ay) < 0.5 ? 0 : reach(ax, 1, ay, lane, c, RAMP);
            double d2 = Math.abs(lane - by) < 0.5 ? 0 : reach(bx, -1, by, lane, c, RAMP);
            double span = bx - ax;
            if (d1 + d2 > span) {
                double f = span / (d1 + d2);
                d1 *= f;
                d2 *= f;
            }
            Path p = new Path(ax, ay);
            if (d1 > 0) p.cubic(ax + d1 / 2, ay, ax + d1 / 2, lane, ax + d1, lane);
            double r0 = ax + d1, r1 = bx - d2;
            p.midX = (r0 + r1) / 2;
            p.midY = lane;
            if (r1 - r0 > 0.5) p.line(r1, lane);
            if (d2 > 0) p.cubic(bx - d2 / 2, lane, bx - d2 / 2, by, bx, by);
            if (p.n == 2) p.line(bx, by);
            return p;
        }

        /**
         * Backwards by a run at height {@code lane}: a hook out of the output round to the run, the run back, a hook round
         * into the input; each hook keeps to the gap beside its card.
         */
        Path backward(double lane, double c) {
            // A hook's handles reach h out; the curve itself, three quarters of that.
            double h1 = reach(ax, 1, ay, lane, c, 0.75 * BACK_HOOK) / 0.75, h2 = reach(bx, -1, by, lane, c, 0.75 * BACK_HOOK) / 0.75;
            Path p = new Path(ax, ay);
            p.cubic(ax + h1, ay, ax + h1, lane, ax, lane);
            p.line(bx, lane);
            p.cubic(bx - h2, lane, bx - h2, by, bx, by);
            p.midX = (ax + bx) / 2;
            p.midY = lane;
            return p;
        }

        /** Whether an end of the wire is a port on card r's edge: its output on the right, its input on the left. */
        boolean holdsPort(double[] r) {
            return Math.abs(ax - r[2]) < 0.5 && r[1] <= ay && ay <= r[3] || Math.abs(bx - r[0]) < 0.5 && r[1] <= by && by <= r[3];
        }

        /** Whether the card r holds an end of the wire (on its edge, for a port; anywhere, for a wire being dragged). */
        boolean isEnd(double[] r) {
            return r[0] <= ax && ax <= r[2] && r[1] <= ay && ay <= r[3] || r[0] <= bx && bx <= r[2] && r[1] <= by && by <= r[3];
        }

        /**
         * How many cards, other than the ends', route {@code p} passes within {@link #MARGIN} of. Asked a few pieces at a
         * time, not for the route's whole hull: a long diagonal wire's hull holds many cards that it passes nowhere near.
         */
        int hits(double[] p) {
            double[] line = polyline(p);
            List<double[]> met = new ArrayList<>(2);
            int points = line.length / 2;
            for (int from = 0; from < points - 1; from += 4) {
                int to = Math.min(points - 1, from + 4), f = from;
                double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
                for (int i = 2 * from; i <= 2 * to; i += 2) {
                    x0 = Math.min(x0, line[i]);
                    x1 = Math.max(x1, line[i]);
                    y0 = Math.min(y0, line[i + 1]);
                    y1 = Math.max(y1, line[i + 1]);
                }
                cards.near(x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN, r -> {
                    // An end's card counts where the wire cuts into it (the plain wire back from a card's upper port swept
                    // through its lower corner); a card a dragged wire ends over, never.
                    boolean end = isEnd(r);
                    if (end && !holdsPort(r)) return;
                    // A card may come more than once, and near several pieces: each is counted once.
                    for (double[] q : met) if (q == r) return;
                    double m = end ? -OWN_INSET : MARGIN;
                    if (meets(line, f, to, r[0] - m, r[1] - m, r[2] + m, r[3] + m)) met.add(r);
                });
            }
            return met.size();
        }
    }

    /** The point at parameter t of cubic segment {@code s} of route {@code p}. */
    static double[] point(double[] p, int s, double t) {
        int i = 6 * s;
        double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        return new double[] {a * p[i] + b * p[i + 2] + c * p[i + 4] + d * p[i + 6], a * p[i + 1] + b * p[i + 3] + c * p[i + 5] + d * p[i + 7]};
    }

    /** Route {@code p} followed in short straight pieces: their ends, x and y in turn. */
    static double[] polyline(double[] p) {
        int segments = (p.length - 2) / 6;
        int[] pieces = new int[segments];
        int n = 1;
        for (int s = 0; s < segments; s++) {
            int i = 6 * s;
            double w = Math.max(Math.max(p[i], p[i + 2]), Math.max(p[i + 4], p[i + 6])) - Math.min(Math.min(p[i], p[i + 2]), Math.min(p[i + 4], p[i + 6]));
            double h = Math.max(Math.max(p[i + 1], p[i + 3]), Math.max(p[i + 5], p[i + 7])) - Math.min(Math.min(p[i + 1], p[i + 3]), Math.min(p[i + 5], p[i + 7]));
            // A piece every 20 units or so: off the curve by well under the margin where it bends most.
            pieces[s] = (int) Math.max(4, Math.min(32, (w + h) / 20));
            n += pieces[s];
        }
        double[] line = new double[2 * n];
        line[0] = p[0];
        line[1] = p[1];
        int k = 2;
        for (int s = 0; s < segments; s++) {
            for (int j = 1; j <= pieces[s]; j++) {
                double[] q = point(p, s, (double) j / pieces[s]);
                line[k++] = q[0];
                line[k++] = q[1];
            }
        }
        return line;
    }

    /** Whether the pieces of polyline {@code line} from its point {@code from} to point {@code to} meet the rectangle (x0, y0)–(x1, y1). */
    static boolean meets(double[] line, int from, int to, double x0, double y0, double x1, double y1) {
        for (int i = 2 * from; i < 2 * to; i += 2) {
            double px = line[i], py = line[i + 1], qx = line[i + 2], qy = line[i + 3];
            if (Math.max(px, qx) < x0 || Math.min(px, qx) > x1 || Math.max(py, qy) < y0 || Math.min(py, qy) > y1) continue;
            if (segmentMeets(px, py, qx, qy, x0, y0, x1, y1)) return true;
        }
        return false;
    }

    /** Whether the straight piece (px, py)–(qx, qy) meets the rectangle (x0, y0)–(x1, y1) (Liang–Barsky clipping). */
    static boolean segmentMeets(double px, double py, double qx, double qy, double x0, double y0, double x1, double y1) {
        double dx = qx - px, dy = qy - py;
        double[] lo = {0}, hi = {1};
        return clip(-dx, px - x0, lo, hi) && clip(dx, x1 - px, lo, hi) && clip(-dy, py - y0, lo, hi) && clip(dy, y1 - py, lo, hi);
    }

    private static boolean clip(double p, double q, double[] lo, double[] hi) {
        if (p == 0) return q >= 0;
        double t = q / p;
        if (p < 0) {
            if (t > hi[0]) return false;
            lo[0] = Math.max(lo[0], t);
        } else {
            if (t < lo[0]) return false;
            hi[0] = Math.min(hi[0], t);
        }
        return true;
    }
}
