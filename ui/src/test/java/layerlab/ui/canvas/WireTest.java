package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
