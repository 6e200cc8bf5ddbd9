package layerlab.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.SetChangeListener;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A click on a card that is already selected changes nothing: the Properties and the Inspector, which follow the
 * selection, are not rebuilt. They were (twice, the selection emptied and filled again on the click's release), which
 * on a slow machine took longer than a double-click's interval: the second click of a double-click on the card then
 * counted as a new click and its block did not open.
 */
class CardClickTest extends WindowTest {
    @Test
    void clickingTheSelectedCardAgainLeavesTheSelectionAlone(FxRobot robot) {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                .addNode(new Node("fc1", "fc1", "Linear", Map.of("out_features", 4), new Position(240, 40))).after()
                .connect("x.out", "fc1.in").after();
        robot.interact(() -> editor.load(g));
        robot.clickOn("#node-fc1");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("fc1"), List.copyOf(editor.selection()), "a click selects the card");

        List<String> changes = new ArrayList<>();
        SetChangeListener<String> note = c -> changes.add(c.wasAdded() ? "+" + c.getElementAdded() : "-" + c.getElementRemoved());
        robot.interact(() -> editor.selection().addListener(note));
        robot.clickOn("#node-fc1");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> editor.selection().removeListener(note));
        assertEquals(List.of("fc1"), List.copyOf(editor.selection()));
        assertEquals(List.of(), changes, "a second click on the selected card changes nothing");

        robot.clickOn("#node-x");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("x"), List.copyOf(editor.selection()), "a click on another card selects it alone");
    }
}
