package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.InspectorView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A run paused (here after Train › Step One Batch) is inspected as it stands: a node selected then shows its
 * activations for the sample, their row in the table and the feature space at once; they stayed blank, without a word,
 * until the run went on, since the model is looked at only between batches.
 */
@WindowTest.Size(width = 1152, height = 720)
class PausedInspectorTest extends WindowTest {
    @Test
    void aNodeSelectedWhilePausedShowsItsActivationsAndFeatureSpace(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.steppedOnce(robot, window, "iris.json");
        TrainingSession s = d.session();
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        InspectorView in = d.inspector();
        waitFor("fc1's activations while paused", 20, () -> !in.activations().getChildren().isEmpty(), () -> in.activations().getChildren().toString());
        waitFor("fc1's output in the table", () -> in.table().getItems().stream().anyMatch(r -> r.name().equals("fc1 output (eval)")));
        waitFor("the feature space of fc1", 20, () -> in.features().title().contains("fc1"), () -> in.features().title() + " / " + in.features().note());
        assertEquals(TrainingSession.State.PAUSED, s.state(), "still paused");
        assertEquals(1, s.run().batches().size(), "looking trained nothing");
        assertTrue(s.run().stats().size() >= 1);
    }
}
