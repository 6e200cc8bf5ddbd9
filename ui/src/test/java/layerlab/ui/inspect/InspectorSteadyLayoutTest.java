package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import layerlab.ui.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The inspector keeps its layout when a run adds the node's "output (training)" row: the names column was as wide as
 * the names it held, and that row, the widest of a convolution's, widened it mid-run, which could move the activations
 * from beside the table to under it while the user looked. The column has room for that row from the start.
 */
@WindowTest.Size(width = 1240, height = 900)
class InspectorSteadyLayoutTest extends WindowTest {
    @Test
    void theTrainingRowDoesNotWidenTheNamesColumn(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.steppedOnce(robot, window, "conv-batchnorm-rgb.json");
        TrainingSession s = d.session();
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("conv1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        InspectorView v = d.inspector();
        waitFor("conv1's output", () -> has(v, "conv1 output (eval)"));
        WaitForAsyncUtils.waitForFxEvents();
        double before = WaitForAsyncUtils.asyncFx(() -> v.table().getColumns().get(0).getMinWidth()).get();
        Object layoutBefore = WaitForAsyncUtils.asyncFx(() -> v.getContent()).get();
        robot.clickOn("#trainStep");
        waitFor("conv1's output in the second batch", 30, () -> has(v, "conv1 output (training)"), () -> s.state() + "");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, WaitForAsyncUtils.asyncFx(() -> v.table().getColumns().get(0).getMinWidth()).get(), 0.5, "the names column kept its width");
        assertTrue(layoutBefore == WaitForAsyncUtils.asyncFx(() -> v.getContent()).get(), "the columns stayed as they were");
    }

    private static boolean has(InspectorView v, String name) {
        return v.table().getItems().stream().anyMatch(r -> r.name().equals(name));
    }
}
