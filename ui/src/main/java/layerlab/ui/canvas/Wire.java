package layerlab.ui.canvas;

import javafx.geometry.Point2D;

/**
 * The route of a wire from an output port to an input port, for the canvas's edges, the wire being dragged and the
 * start page's miniatures alike: forwards one cubic; backwards (to the start of the next row of a wrapped layout, say)
 * two, leaving the output rightwards, crossing back through the gap next to the output's row and entering the input
 * from the left, rather than cutting behind the cards.
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

    /**
     * The route from output anchor {@code a} to input anchor {@code b}: forwards one cubic whose handles reach half the
     * way; backwards two, meeting halfway across, where the wire runs right to left in the gap under (or over) the
     * output's row.
     */
    public static double[] route(Point2D a, Point2D b) {
        double ax = a.getX(), ay = a.getY(), bx = b.getX(), by = b.getY();
        if (bx >= ax) {
            double dx = Math.max(40, (bx - ax) / 2);
            return new double[] {ax, ay, ax + dx, ay, bx - dx, by, bx, by};
        }
        // The run back lies in the gap next to the output's row: halfway to the input, at most BACK_DROP away.
        double mx = (ax + bx) / 2, my = ay + Math.signum(by - ay) * Math.min(Math.abs(by - ay) / 2, BACK_DROP), h = BACK_HOOK;
        return new double[] {ax, ay, ax + h, ay, ax + h, my, mx, my, bx - h, my, bx - h, by, bx, by};
    }
}
