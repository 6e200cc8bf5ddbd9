package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
import javafx.scene.layout.VBox;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Under the charts, the training doctor's advice: a run whose second ReLU was initialised dead (fc2's bias −20) ends with
 * "Loss not falling" and "Dead ReLU units at act2"; a click on the latter selects act2 on the canvas. The iris sample as it
 * is trains with no advice, and the list takes no room.
 */
@WindowTest.Size(width = 1400, height = 900)
class AdviceListTest extends WindowTest {
    static final String DEAD = """
            {"format": "layerlab-project", "version": 1, "name": "DeadRelu",
             "nodes": [
              {"id": "n1", "name": "x", "kind": "Input", "params": {"shape": [4]}, "position": {"x": 0, "y": 0}},
              {"id": "n2", "name": "fc1", "kind": "Linear", "params": {"out_features": 32}, "position": {"x": 220, "y": 0}},
              {"id": "n3", "name": "act1", "kind": "ReLU", "params": {}, "position": {"x": 440, "y": 0}},
              {"id": "n4", "name": "fc2", "kind": "Linear", "params": {"out_features": 32}, "position": {"x": 660, "y": 0},
               "init": {"bias": {"name": "constant", "val": -20}}},
              {"id": "n5", "name": "act2", "kind": "ReLU", "params": {}, "position": {"x": 0, "y": 160}},
              {"id": "n6", "name": "head", "kind": "Linear", "params": {"out_features": 3}, "position": {"x": 220, "y": 160}},
              {"id": "n7", "name": "scores", "kind": "Output", "params": {}, "position": {"x": 440, "y": 160}},
              {"id": "n8", "name": "labels", "kind": "Input", "params": {"shape": [], "dtype": "int64"}, "position": {"x": 220, "y": 320}},
              {"id": "n9", "name": "loss", "kind": "CrossEntropyLoss", "params": {}, "position": {"x": 440, "y": 320}}],
             "edges": [{"from": "x.out", "to": "fc1.in"}, {"from": "fc1.out", "to": "act1.in"}, {"from": "act1.out", "to": "fc2.in"},
              {"from": "fc2.out", "to": "act2.in"}, {"from": "act2.out", "to": "head.in"}, {"from": "head.out", "to": "scores.in"},
              {"from": "head.out", "to": "loss.input"}, {"from": "labels.out", "to": "loss.target"}],
             "dataset": {"source": "iris", "normalize": "standardize", "validation_split": 0.2, "seed": 0},
             "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "epochs": 5, "batch_size": 16, "seed": 0}}
            """;

    private static List<Labeled> lines(Dashboard d) {
        VBox list = (VBox) d.charts().lookup("#adviceList");
        return list.getChildren().stream().skip(1).map(n -> (Labeled) n).toList();
    }

    @Test
    void aDeadReluIsSaidAndItsLinkSelectsIt(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, DEAD);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        VBox list = (VBox) d.charts().lookup("#adviceList");
        assertFalse(list.isVisible(), "no advice before a run");
        robot.clickOn("#trainStart");
        waitFor("the run ended", 120, () -> d.session().state() == TrainingSession.State.FINISHED);
        waitFor("the advice shown", () -> list.isVisible() && lines(d).size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        List<Labeled> lines = lines(d);
        assertTrue(lines.get(0).getText().startsWith("Loss not falling: after 5 epochs"), lines.get(0).getText());
        assertFalse(lines.get(0) instanceof Hyperlink, "a finding about the whole run is no link");
        assertTrue(lines.get(1) instanceof Hyperlink, "a finding about a node is a link");
        assertTrue(lines.get(1).getText().startsWith("Dead ReLU units at \"act2\": 100% of its 32 units are 0"), lines.get(1).getText());
        TestWindows.screenshot(robot, stage, "dashboard-advice.png");
        robot.interact(() -> editor.select(List.of()));
        robot.clickOn(lines.get(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Set.of("n5"), Set.copyOf(editor.selection()), "the click selects act2 on the canvas");
    }

    @Test
    void aHealthyRunHasNoAdvice(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "iris.json", 20);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        VBox list = (VBox) d.charts().lookup("#adviceList");
        assertFalse(list.isVisible() || list.isManaged(), "nothing to say takes no room");
        assertEquals(List.of(), d.session().adviceProperty().get());
    }
}
