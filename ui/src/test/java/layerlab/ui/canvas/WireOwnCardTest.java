package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import javafx.geometry.Point2D;
import org.junit.jupiter.api.Test;

/**
 * A wire back to the next band from the upper of a card's two outputs (a GRU's {@code out} above its {@code h_n}) keeps
 * out of its own card: the plain wire back swept through the card's lower right corner, which the routing did not count
 * as in the way because the card holds the wire's end.
 */
class WireOwnCardTest {
    @Test
    void aWireBackFromAnUpperPortGoesRoundItsOwnCard() {
        // The layout's cards: 180 × 104, a column every 280; the GRU in the fourth column, the next band 254 below.
        double[] gru = {840, 0, 1020, 104}, last = {0, 254, 180, 358}, other = {280, 0, 460, 104};
        Point2D out = new Point2D(gru[2], gru[1] + 20), in = new Point2D(last[0], last[1] + 52);
        double[] route = Wire.route(out, in, Wire.Cards.of(List.of(gru, last, other)), 60).points();
        assertFalse(WireLabels.crosses(route, gru[0] + Wire.OWN_INSET, gru[1] + Wire.OWN_INSET, gru[2] - Wire.OWN_INSET, gru[3] - Wire.OWN_INSET),
                "the wire runs through its own card: " + java.util.Arrays.toString(route));
        assertFalse(WireLabels.crosses(route, last[0] + Wire.OWN_INSET, last[1] + Wire.OWN_INSET, last[2] - Wire.OWN_INSET, last[3] - Wire.OWN_INSET),
                "the wire runs through its input's card: " + java.util.Arrays.toString(route));
    }
}
