package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a wire's shape label goes along its route ({@link Wire} works out the route): in the first of a few places, in
 * order of preference, that is clear of the cards, of the other wires' labels, of its own wire and of the other wires;
 * failing that, of as many of them as it can be ({@link #place}). The canvas hands it the cards, labels and wires round
 * the wire ({@link WireRoutes}); the start page's miniatures and the tests, fixed ones.
 */
final class WireLabels {
    /** The shape label's height and its gap from the wire, above or below it. */
    static final double LABEL_H = 14, LABEL_GAP = 6;
    /** Where along a route (fractions of its length) a label goes when the wire's middle is taken, in turn. */
    private static final double[] LABEL_PLACES = {0.35, 0.65, 0.25, 0.75, 0.45, 0.55, 0.15, 0.85, 0.1, 0.9};
    /** How far apart two wires' labels keep at least; and how many rows a label stacks out from its wire at most. */
    static final double LABEL_APART = 2;
    private static final int LABEL_STACK = 4;
    /** The steps a stacked label takes per row out from its wire. */
    private static final int STACK_STEPS = 4;
    /**
     * The label's passes, in turn: clear of the cards, the other labels, its own wire and the other wires; of the first
     * three; of the first two; of the cards.
     */
    private static final int OFF_WIRES = 0, OFF_WIRE = 1, CLEAR = 2, CARDS_ONLY = 3;
    /** How many straight pieces {@link #crosses} cuts each cubic segment into. */
    private static final int CROSS_STEPS = 32;

    private final Wire.Cards cards, labels;
    private final Wire.Lines lines;

    /**
     * Labels placed clear of {@code cards}, of the other wires' {@code labels} (their boxes, given as cards are) and off
     * the other wires' {@code lines}.
     */
    WireLabels(Wire.Cards cards, Wire.Cards labels, Wire.Lines lines) {
        this.cards = cards;
        this.labels = labels;
        this.lines = lines;
    }

    /**
     * Route {@code p} with its label, {@code w} wide and {@code h} high, placed; the label belongs to the route's point
     * (midX, midY), where it looks from.
     *
     * <p>The label's place: the route's middle, else the first free of a few places along it, above the wire, else below;
     * else beside one of those places, left or right; else stacked a row or a few further out from the middle. Free:
     * clear of the cards and of the other labels, and first also off its own wire: above or below a steep part (a
     * residual skip down through the gap between two cards of a row) the wire ran through the label, which then sat
     * in the other wire's gap beside that wire's label and read as a second label of it; such a label goes beside its
     * wire instead, or along it between the rows. First of all, off the other wires too, where a place is; where none
     * is, on the fewest of them. Only where no place is free of its own wire may that cross it; and where
     * the others' labels leave none, the first place clear of the cards, on another label (whose wire the canvas then
     * routes again, {@link WireRoutes#labelsOn}: a wire with room elsewhere gives the place up).
     */
    Wire.Route place(double[] p, double midX, double midY, double w, double h) {
        List<double[]> places = places(p, midX, midY, w, h);
        for (int pass = OFF_WIRES; pass <= CARDS_ONLY; pass++) {
            double[] best = null;
            int fewest = Integer.MAX_VALUE;
            for (double[] c : places) {
                if (!free(p, pass, c[2], c[3], w, h)) continue;
                if (pass != OFF_WIRE) {
                    best = c;
                    break;
                }
                // Off its own wire but on others' (none is free of them): the place the fewest of them run through; the first
                // on one only, as few as there can be.
                int n = lines.through(c[2] - w / 2, c[3], c[2] + w / 2, c[3] + h);
                if (n < fewest) {
                    best = c;
                    fewest = n;
                }
                if (n <= 1) break;
            }
            if (best != null) return new Wire.Route(p, best[0], best[1], best[2], best[3]);
        }
        return new Wire.Route(p, midX, midY, midX, midY - LABEL_GAP - h);
    }

    /**
     * The places a label may take, in the order of preference: each {point of the route it belongs to, x, y; the
     * label's centre x and top}.
     */
    private List<double[]> places(double[] p, double x, double y, double w, double h) {
        List<double[]> out = new ArrayList<>(2 + 4 * LABEL_PLACES.length + 2 + 2 * LABEL_STACK * STACK_STEPS);
        double above = y - LABEL_GAP - h, below = y + LABEL_GAP;
        out.add(new double[] {x, y, x, above});
        out.add(new double[] {x, y, x, below});
        for (double f : LABEL_PLACES) {
            double[] q = along(p, f);
            out.add(new double[] {q[0], q[1], q[0], q[1] - LABEL_GAP - h});
            out.add(new double[] {q[0], q[1], q[0], q[1] + LABEL_GAP});
        }
        // A steep wire in a gap narrower than its label (an input feeding a layer in the next row down): beside it,
        // left or right, in the band between the rows.
        for (int i = -1; i < LABEL_PLACES.length; i++) {
            double[] q = i < 0 ? new double[] {x, y} : along(p, LABEL_PLACES[i]);
            double top = q[1] - h / 2;
            out.add(new double[] {q[0], q[1], q[0] - LABEL_GAP - w / 2, top});
            out.add(new double[] {q[0], q[1], q[0] + LABEL_GAP + w / 2, top});
        }
        // In steps of a quarter row: a label wider than the gap between two cards stacks out to just clear of their
        // edge, not a whole row past it, and leaves the gap between two rows of cards room for the wire that runs there.
        for (int k = 1; k <= LABEL_STACK * STACK_STEPS; k++) {
            double row = k * (h + LABEL_APART) / STACK_STEPS;
            out.add(new double[] {x, y, x, above - row});
            out.add(new double[] {x, y, x, below + row});
        }
        return out;
    }

    /**
     * {@link #free(double, double, double, double, boolean)} as {@code pass} asks: off route {@code p} (and the other
     * wires) too, or of the cards only. The wires are looked at last: the cards and labels rule out most places cheaper.
     */
    private boolean free(double[] p, int pass, double x, double top, double w, double h) {
        double x0 = x - w / 2, x1 = x + w / 2, y1 = top + h;
        if (!free(x, top, w, h, pass != CARDS_ONLY)) return false;
        if (pass <= OFF_WIRE && crosses(p, x0, top, x1, y1)) return false;
        return pass != OFF_WIRES || lines.through(x0, top, x1, y1) == 0;
    }

    /**
     * Whether a label {@code w} wide and {@code h} high centred on x with its top at {@code top} lies clear of every card
     * and, with {@code labelsToo}, of every other label.
     */
    private boolean free(double x, double top, double w, double h, boolean labelsToo) {
        boolean[] free = {true};
        double x0 = x - w / 2, x1 = x + w / 2, y1 = top + h;
        // Touching counts: a label flush against a card's edge reads as part of the card.
        cards.near(x0, top, x1, y1, r -> {
            if (r[2] >= x0 && r[0] <= x1 && r[3] >= top && r[1] <= y1) free[0] = false;
        });
        if (!free[0] || !labelsToo) return free[0];
        double lx0 = x0 - LABEL_APART, ly0 = top - LABEL_APART, lx1 = x1 + LABEL_APART, ly1 = y1 + LABEL_APART;
        labels.near(lx0, ly0, lx1, ly1, r -> {
            if (r[2] > lx0 && r[0] < lx1 && r[3] > ly0 && r[1] < ly1) free[0] = false;
        });
        return free[0];
    }

    /** Whether route {@code p} runs through the box (x0, y0)–(x1, y1) (a touch at its edge is not). */
    static boolean crosses(double[] p, double x0, double y0, double x1, double y1) {
        double hx0 = Double.MAX_VALUE, hy0 = Double.MAX_VALUE, hx1 = -Double.MAX_VALUE, hy1 = -Double.MAX_VALUE;
        for (int i = 0; i + 1 < p.length; i += 2) {
            hx0 = Math.min(hx0, p[i]);
            hx1 = Math.max(hx1, p[i]);
            hy0 = Math.min(hy0, p[i + 1]);
            hy1 = Math.max(hy1, p[i + 1]);
        }
        // The curve lies within its points' hull: most boxes are away from it.
        if (hx1 <= x0 || hx0 >= x1 || hy1 <= y0 || hy0 >= y1) return false;
        for (int s = 0; s < (p.length - 2) / 6; s++) {
            double[] from = Wire.point(p, s, 0);
            for (int k = 1; k <= CROSS_STEPS; k++) {
                double[] to = Wire.point(p, s, k / (double) CROSS_STEPS);
                // Pieces, not points: a steep wire's points lie further apart than a label is high.
                if (Wire.segmentMeets(from[0], from[1], to[0], to[1], x0 + 1, y0 + 1, x1 - 1, y1 - 1)) return true;
                from = to;
            }
        }
        return false;
    }

    /** The point a fraction {@code f} along route {@code p}, its segments measured by their chords. */
    private static double[] along(double[] p, double f) {
        int segments = (p.length - 2) / 6;
        double total = 0;
        for (int s = 0; s < segments; s++) total += chord(p, s);
        double at = f * total;
        for (int s = 0; s < segments; s++) {
            double l = chord(p, s);
            if (at <= l || s == segments - 1) return Wire.point(p, s, l == 0 ? 0 : Math.min(1, at / l));
            at -= l;
        }
        return new double[] {p[0], p[1]};
    }

    private static double chord(double[] p, int s) {
        int i = 6 * s;
        return Math.hypot(p[i + 6] - p[i], p[i + 7] - p[i + 1]);
    }
}
