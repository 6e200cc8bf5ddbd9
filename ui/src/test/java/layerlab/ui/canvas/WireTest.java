package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import org.junit.jupiter.api.Test;

/** The wires' routes, without a screen. */
class WireTest {
    @Test
    void aForwardWireIsOneCubicWithHandlesHalfItsSpan() {
        double[] r = Wire.route(new Point2D(100, 50), new Point2D(500, 250));
        assertArrayEquals(new double[] {100, 50, 300, 50, 300, 250, 500, 250}, r, 1e-12);
        // Close ends still leave and enter their ports horizontally.
        assertArrayEquals(new double[] {100, 50, 140, 50, 100, 60, 140, 60}, Wire.route(new Point2D(100, 50), new Point2D(140, 60)), 1e-12);
    }

    /**
     * A wire to the start of the next row (from the right end of one row to the left end of the next): it leaves right,
     * crosses back halfway down between the rows and enters from the left, never reaching past its hooks; a single
     * cubic would bulge half its width beyond both ends and run behind the cards.
     */
    @Test
    void aBackwardWireCrossesBackBetweenTheRowsWithShortHooks() {
        Point2D a = new Point2D(1015, 50), b = new Point2D(0, 270);
        double[] r = Wire.route(a, b);
        assertEquals(14, r.length, "two cubics");
        for (int i = 0; i < r.length; i += 2) {
            assertTrue(r[i] <= a.getX() + Wire.BACK_HOOK && r[i] >= b.getX() - Wire.BACK_HOOK, "x " + r[i]);
            assertTrue(r[i + 1] >= a.getY() && r[i + 1] <= b.getY(), "y " + r[i + 1]);
        }
        assertArrayEquals(new double[] {507.5, 50 + Wire.BACK_DROP}, new double[] {r[6], r[7]}, 1e-12,
                "the segments meet halfway across, in the gap under the output's row");
        // An input just below: halfway down.
        assertEquals(90, Wire.route(a, new Point2D(0, 130))[7], 1e-12);
        assertEquals(r[5], r[7], 1e-12, "running horizontally where they meet");
        assertEquals(r[9], r[7], 1e-12);
        assertEquals(a.getY(), r[3], 1e-12, "leaving the output horizontally");
        assertEquals(b.getY(), r[11], 1e-12, "entering the input horizontally");
    }

    // A row of cards as the auto-layout places them: 180 × 104, a column every 280.
    private static final double W = 180, H = 104, COLUMN = 280;

    private static double[] card(int column, double y) {
        return new double[] {column * COLUMN, y, column * COLUMN + W, y + H};
    }

    private static Point2D out(double[] card, double y) {
        return new Point2D(card[2], card[1] + y);
    }

    private static Point2D in(double[] card, double y) {
        return new Point2D(card[0], card[1] + y);
    }

    /** The least distance from the route (followed closely) to the rectangle; 0 when it meets it. */
    private static double clearance(double[] route, double[] r) {
        double least = Double.MAX_VALUE;
        for (int s = 0; s < (route.length - 2) / 6; s++) {
            for (int k = 0; k <= 200; k++) {
                double[] p = Wire.point(route, s, k / 200.0);
                double dx = Math.max(0, Math.max(r[0] - p[0], p[0] - r[2])), dy = Math.max(0, Math.max(r[1] - p[1], p[1] - r[3]));
                least = Math.min(least, Math.hypot(dx, dy));
            }
        }
        return least;
    }

    /** The heights at which the route crosses x (closely followed). */
    private static List<Double> heightsAt(double[] route, double x) {
        List<Double> ys = new ArrayList<>();
        for (int s = 0; s < (route.length - 2) / 6; s++) {
            double[] prev = Wire.point(route, s, 0);
            for (int k = 1; k <= 400; k++) {
                double[] p = Wire.point(route, s, k / 400.0);
                if ((prev[0] - x) * (p[0] - x) <= 0 && prev[0] != p[0]) ys.add(prev[1] + (p[1] - prev[1]) * (x - prev[0]) / (p[0] - prev[0]));
                prev = p;
            }
        }
        return ys;
    }

    /**
     * A skip connection (a block's input to the Add after two layers) runs over the cards it skips, not behind them,
     * where it would look like a second output of the first: it leaves and enters its ports level, and keeps more than the
     * margin from both cards.
     */
    @Test
    void aWireOverTwoCardsGoesRoundThemByTheMargin() {
        double[] x = card(0, 0), ln = card(1, 0), attention = card(2, 0), add = card(3, 0);
        Point2D a = out(x, 52), b = in(add, 69);
        double[] r = Wire.route(a, b, Wire.Cards.of(List.of(x, ln, attention, add)), 60).points();
        assertTrue(clearance(Wire.route(a, b), ln) == 0, "the plain cubic runs behind the cards");
        assertTrue(clearance(r, ln) >= Wire.CLEARANCE && clearance(r, attention) >= Wire.CLEARANCE,
                clearance(r, ln) + ", " + clearance(r, attention));
        assertArrayEquals(new double[] {a.getX(), a.getY(), b.getX(), b.getY()}, new double[] {r[0], r[1], r[r.length - 2], r[r.length - 1]});
        assertEquals(a.getY(), r[3], 1e-9, "leaving the output level");
        assertEquals(b.getY(), r[r.length - 3], 1e-9, "entering the input level");
        double y = heightsAt(r, 700).get(0);
        assertTrue(y < 0 || y > H, "over or under the cards: " + y);
        // With the next row below (a block's layout wraps), over the row rather than in the gap under it, which the wires
        // back to the next row take.
        List<double[]> wrapped = new ArrayList<>(List.of(x, ln, attention, add));
        for (int c = 0; c < 4; c++) wrapped.add(card(c, 200));
        double[] over = Wire.route(a, b, Wire.Cards.of(wrapped), 60).points();
        assertTrue(heightsAt(over, 700).get(0) < 0, "over the cards: " + heightsAt(over, 700));
        assertTrue(clearance(over, ln) >= Wire.CLEARANCE && clearance(over, attention) >= Wire.CLEARANCE);
    }

    /** With a row of cards above as well, the skip takes the gap under its row, the nearer free run. */
    @Test
    void aSkipWithCardsAboveAndBelowTakesTheNearerGap() {
        List<double[]> cards = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cards.add(card(c, -150));
            cards.add(card(c, 0));
            cards.add(card(c, 150));
        }
        Point2D a = out(card(0, 0), 52), b = in(card(3, 0), 69);
        double[] r = Wire.route(a, b, Wire.Cards.of(cards), 60).points();
        for (double[] c : cards) {
            if (c[0] > 0 && c[0] < 3 * COLUMN) assertTrue(clearance(r, c) >= Wire.CLEARANCE, "clear of " + c[0] + "," + c[1]);
        }
        double y = heightsAt(r, 700).get(0);
        assertTrue(y > H && y < 150, "in the gap under the row: " + y);
    }

    /** A wire whose cubic passes no card keeps exactly the plain route, whatever cards lie about. */
    @Test
    void aWireWithAClearPathIsUnchanged() {
        double[] x = card(0, 0), next = card(1, 0), below = card(1, 150), far = card(3, 0);
        Wire.Cards cards = Wire.Cards.of(List.of(x, next, below, far));
        Point2D a = out(x, 52), b = in(next, 52);
        Wire.Route r = Wire.route(a, b, cards, 60);
        assertArrayEquals(Wire.route(a, b), r.points());
        assertArrayEquals(new double[] {230, 52, 230, 32}, new double[] {r.midX(), r.midY(), r.labelX(), r.labelY()}, 1e-9,
                "the label over the middle, as ever");
        // Diagonally to the next row's next card, through the gap between the columns.
        assertArrayEquals(Wire.route(a, in(below, 35)), Wire.route(a, in(below, 35), cards, 60).points());
        assertArrayEquals(Wire.route(a, b), Wire.route(a, b, Wire.Cards.of(List.of()), 60).points());
    }

    /**
     * Skips from one card over the same cards to two Adds further along lie apart, the longer outside the shorter, so
     * that neither hides the other; so do skips of the same span from the two rows' cards over a shared row.
     */
    @Test
    void twoSkipsOverTheSameCardsDoNotCoincide() {
        List<double[]> cards = new ArrayList<>();
        for (int c = 0; c < 5; c++) cards.add(card(c, 0));
        Wire.Cards all = Wire.Cards.of(cards);
        Point2D a = out(cards.get(0), 52);
        double[] near = Wire.route(a, in(cards.get(3), 69), all, 60).points(), far = Wire.route(a, in(cards.get(4), 69), all, 60).points();
        for (double x : new double[] {300, 500, 700}) {
            double y1 = heightsAt(near, x).get(0), y2 = heightsAt(far, x).get(0);
            assertTrue(Math.abs(y2 - H / 2) >= Math.abs(y1 - H / 2) + 4, "at " + x + ": " + y1 + " and " + y2 + ", the longer outside");
        }
        // From another port of the same card, over the same span: its ramps differ, and its run is not under the other's.
        double[] other = Wire.route(out(cards.get(0), 30), in(cards.get(3), 35), all, 60).points();
        assertFalse(java.util.Arrays.equals(near, other));
    }

    /**
     * Backward wires keep their route when it is clear (to the start of the next row), and otherwise go round too: back
     * through the gap next to the output's row, then down beside the input's card, not behind the cards of the row
     * between.
     */
    @Test
    void backwardWiresKeepAClearRouteAndGoRoundCardsInTheWay() {
        List<double[]> cards = new ArrayList<>();
        for (int c = 0; c < 4; c++) for (int row = 0; row < 3; row++) cards.add(card(c, row * 200));
        Wire.Cards all = Wire.Cards.of(cards);
        Point2D a = out(card(3, 0), 52);
        // To the start of the next row: clear, unchanged.
        assertArrayEquals(Wire.route(a, in(card(0, 200), 52)), Wire.route(a, in(card(0, 200), 52), all, 60).points());
        // To the second card of the row after: the plain route would cut through the middle row.
        Point2D b = in(card(1, 400), 69);
        double[] plain = Wire.route(a, b), r = Wire.route(a, b, all, 60).points();
        assertTrue(clearance(plain, card(1, 200)) == 0 || clearance(plain, card(0, 200)) == 0, "the plain route cuts the middle row");
        for (double[] c : cards) {
            boolean end = c[0] == 3 * COLUMN && c[1] == 0 || c[0] == COLUMN && c[1] == 400;
            if (!end) assertTrue(clearance(r, c) >= Wire.MARGIN, "clear of " + c[0] + "," + c[1] + ": " + clearance(r, c));
        }
        assertEquals(a.getY(), r[3], 1e-9, "leaving the output rightwards");
        assertTrue(r[2] > a.getX());
        // Its run back lies apart from that of the plain wire back from the same port (to the next row's start).
        double plainRun = Wire.route(a, in(card(0, 200), 52))[7], run = r[7];
        assertTrue(Math.abs(run - plainRun) >= Wire.BACK_APART, run + " and " + plainRun);
        assertTrue(r[r.length - 4] < b.getX(), "entering the input from the left");
    }

    /** The shape label sits on a free part of the route, never on a card (the audit's wire from fc3 past labels to fc4). */
    @Test
    void theLabelSitsOffTheCards() {
        double[] fc3 = card(1, 0), labels = card(1, 150), logits = card(2, 0), loss = card(2, 150), fc4 = {263, 463, 443, 567};
        List<double[]> cards = List.of(card(0, 0), fc3, labels, logits, loss, fc4);
        Wire.Route r = Wire.route(out(fc3, 52), in(fc4, 52), Wire.Cards.of(cards), 60);
        for (double[] c : cards) {
            boolean meets = r.labelX() + 30 > c[0] && r.labelX() - 30 < c[2] && r.labelY() + WireLabels.LABEL_H > c[1] && r.labelY() < c[3];
            assertFalse(meets, "the label at " + r.labelX() + "," + r.labelY() + " lies on the card at " + c[0] + "," + c[1]);
            if (c != fc3 && c != fc4) assertTrue(clearance(r.points(), c) >= Wire.MARGIN, "clear of " + c[0] + "," + c[1]);
        }
        // The middle of a route is on it, and the label next to it.
        assertTrue(Math.abs(r.labelY() - r.midY()) <= WireLabels.LABEL_H + WireLabels.LABEL_GAP);
    }

    /** The wire being dragged to the pointer goes round cards too, but not round the card the pointer is over. */
    @Test
    void aWireToAPointInsideACardDoesNotGoRoundThatCard() {
        double[] x = card(0, 0), target = card(2, 0);
        Point2D a = out(x, 52), pointer = new Point2D(target[0] + 40, 60);
        assertArrayEquals(Wire.route(a, pointer), Wire.route(a, pointer, Wire.Cards.of(List.of(x, target)), 0).points());
    }

    /**
     * A label keeps off another wire where a place along its own is free of it: another wire straight down through the
     * middle of this one moves the label aside; where every place is crossed, it takes one crossed by the fewest.
     */
    @Test
    void aLabelKeepsOffAnotherWireWhereItCan() {
        Wire.Cards none = Wire.Cards.of(List.of());
        Point2D a = new Point2D(0, 0), b = new Point2D(300, 0);
        double w = 60;
        // The other wire: straight down at x = 150.
        Wire.Lines down = (x0, y0, x1, y1) -> x0 < 150 && 150 < x1 ? 1 : 0;
        Wire.Route plain = Wire.route(a, b, none, w, WireLabels.LABEL_H, none, (x0, y0, x1, y1) -> 0);
        assertEquals(150, plain.labelX(), 1e-9, "with no other wire, over the middle");
        Wire.Route aside = Wire.route(a, b, none, w, WireLabels.LABEL_H, none, down);
        assertTrue(Math.abs(aside.labelX() - 150) >= w / 2, "off the other wire: " + aside.labelX());
        // Two wires through every place but one crossed once: there.
        Wire.Lines everywhere = (x0, y0, x1, y1) -> x0 < 150 && 150 < x1 ? 1 : 2;
        Wire.Route fewest = Wire.route(a, b, none, w, WireLabels.LABEL_H, none, everywhere);
        assertTrue(Math.abs(fewest.labelX() - 150) < w / 2, "on the fewest wires: " + fewest.labelX());
    }
}
