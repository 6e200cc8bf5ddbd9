package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.project.Samples;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * In every sample as it opens, no wire runs through a card, its own ends' cards included (a GRU's wire back to the next
 * band from its upper output swept through the GRU's lower corner), nor through a shape label (the denoising conv
 * autoencoder's wire from the Input down to the loss's target crossed the label of the wire beside it, until the layout
 * widened the gap it runs down in its input's band); each sample's picture goes to {@code layerlab.screenshots} when set.
 */
@WindowTest.Size(width = 1280, height = 820)
class WiresClearOfCardsTest extends WindowTest {
    @Test
    void noWireRunsThroughACardOrALabelInAnySample(FxRobot robot) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String name : Samples.names()) {
            TestWindows.laidOut(stage, () -> window.openSampleAtStart(name));
            problems.addAll(EdgeLabelOverlapTest.overlaps(name, window.canvas()));
            problems.addAll(EdgeLabelOverlapTest.crossedByOthers(name, window.canvas()));
            problems.addAll(throughCards(name, window.canvas()));
            TestWindows.screenshot(robot, stage, "sample-" + name.replace(".json", ".png"));
        }
        assertEquals(List.of(), problems);
    }

    /** The wires of {@code canvas} that cut into a card (more than {@link Wire#OWN_INSET} inside its edge, where ports lie). */
    static List<String> throughCards(String where, CanvasView canvas) {
        List<String> problems = new ArrayList<>();
        double e = Wire.OWN_INSET;
        for (EdgeView v : canvas.edgeViews()) {
            for (NodeCard c : canvas.cards().values()) {
                if (WireLabels.crosses(v.route, c.getLayoutX() + e, c.getLayoutY() + e, c.getLayoutX() + NodeCard.W - e, c.getLayoutY() + NodeCard.H - e)) {
                    problems.add(where + ": " + v.getAccessibleText() + " runs through the card " + c.node().name());
                }
            }
        }
        return problems;
    }
}
