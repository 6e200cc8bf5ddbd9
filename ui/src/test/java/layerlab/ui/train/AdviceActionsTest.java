package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
import javafx.scene.layout.VBox;
import layerlab.train.Diagnosis;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Where the advice names a tool LayerLab has, a link under it does it: a run at lr 1e-7 that did not learn offers "Find a
 * learning rate…", which opens the range test; overfitting offers "Turn on early stopping" with the finding's patience, one
 * undoable edit of the training settings. A dead network's flat loss (the learning rate is not to blame) offers no range test.
 */
@WindowTest.Size(width = 1400, height = 900)
class AdviceActionsTest extends WindowTest {
    private static final String SLOW = AdviceListTest.DEAD.replace("\"DeadRelu\"", "\"Slow\"")
            .replaceAll(",\\s*\"init\": \\{\"bias\": \\{\"name\": \"constant\", \"val\": -20}}", "")
            .replace("\"lr\": 0.01}, \"epochs\": 5", "\"lr\": 1e-7}, \"epochs\": 3");

    private static Node action(Dashboard d, String id) {
        return ((VBox) d.charts().lookup("#adviceList")).getChildren().stream().filter(n -> id.equals(n.getId())).findFirst().orElse(null);
    }

    @Test
    void aRunThatDidNotLearnOffersTheRangeTest(FxRobot robot) throws Exception {
        assertTrue(!SLOW.contains("-20") && SLOW.contains("1e-7"), "the project is the dead one made healthy and slow");
        Dashboard d = TestWindows.onResults(robot, window, dir, SLOW);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        robot.clickOn("#trainStart");
        waitFor("the run ended", 120, () -> d.session().state() == TrainingSession.State.FINISHED);
        waitFor("the advice's link", () -> action(d, "adviceFindLr") != null);
        WaitForAsyncUtils.waitForFxEvents();
        List<Diagnosis.Finding> found = d.session().adviceProperty().get();
        assertEquals(Diagnosis.Kind.NOT_LEARNING, found.get(0).kind(), found.toString());
        Hyperlink link = (Hyperlink) action(d, "adviceFindLr");
        assertEquals("Find a learning rate…", link.getText());
        // The finding above it names the window's tool, not the command line's command (TrainAdviceTest has that one).
        List<Node> lines = ((VBox) d.charts().lookup("#adviceList")).getChildren();
        String line = ((Labeled) lines.get(lines.indexOf(link) - 1)).getText();
        assertTrue(line.contains("or let Find Learning Rate suggest one") && !line.contains("lr-find"), line);
        // The link's text begins where the line's does (it sat 9 px to the right: the Problems list's gap before a fix).
        Labeled above = (Labeled) lines.get(lines.indexOf(link) - 1);
        assertEquals(above.lookup(".text").localToScene(0, 0).getX(), link.lookup(".text").localToScene(0, 0).getX(), 0.5, "aligned");
        assertTrue(link.isVisible() && link.getWidth() > 0, "shown");
        TestWindows.screenshot(robot, stage, "dashboard-advice-find-lr.png");
        robot.clickOn(link);
        waitFor("the range test's window", () -> TestWindows.windowWith("lrFinder") != null);
        robot.clickOn("#lrFinderClose");
        waitFor("closed", () -> TestWindows.windowWith("lrFinder") == null);
    }

    @Test
    void overfittingOffersEarlyStoppingAsOneUndoableEdit(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, SLOW);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        robot.interact(() -> d.session().adviceProperty().set(List.of(new Diagnosis.Finding(Diagnosis.Kind.OVERFITTING, null,
                "the validation loss rose from 0.2 (epoch 40) to 0.6 while the training loss fell to 0.01", "add Dropout", 12))));
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(action(d, "adviceFindLr"), "overfitting is not the learning rate's fault");
        Hyperlink link = (Hyperlink) action(d, "adviceEarlyStopping");
        assertEquals("Turn on early stopping (patience 12, keeps the best epoch's weights)", link.getText());
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        Map<?, ?> es = (Map<?, ?>) window.editor().graph().training().get("early_stopping");
        assertEquals(Map.of("metric", "val_loss", "patience", 12, "restore_best", true), es);
        assertEquals("Turn on early stopping", window.editor().undoNameProperty().get());
        assertEquals(3, ((Number) window.editor().graph().training().get("epochs")).intValue(), "the other settings kept");
        robot.interact(() -> window.editor().undo());
        assertNull(window.editor().graph().training().get("early_stopping"));
    }

    @Test
    void anEarlyStoppingAlreadyOnGetsItsPatienceRaisedItsOtherSettingsKept(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, SLOW);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        Map<String, Object> mine = Map.of("metric", "val_accuracy", "patience", 6, "min_delta", 0.01, "mode", "max");
        robot.interact(() -> {
            Map<String, Object> t = new java.util.LinkedHashMap<>(window.editor().graph().training());
            t.put("early_stopping", mine);
            window.editor().execute(new layerlab.ui.editor.Command("mine", g -> g.set(layerlab.graph.GraphChange.Setting.TRAINING, t)));
            d.session().adviceProperty().set(List.of(new Diagnosis.Finding(Diagnosis.Kind.OVERFITTING, null, "rose", "raise it", 9, 6)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Hyperlink link = (Hyperlink) action(d, "adviceEarlyStopping");
        assertEquals("Raise early stopping's patience to 9 (its other settings kept)", link.getText());
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("metric", "val_accuracy", "patience", 9, "min_delta", 0.01, "mode", "max"),
                window.editor().graph().training().get("early_stopping"));
        assertEquals("Raise early stopping's patience to 9", window.editor().undoNameProperty().get());
        robot.interact(() -> window.editor().undo());
        assertEquals(mine, window.editor().graph().training().get("early_stopping"));
    }

    @Test
    void aDeadNetworksFlatLossOffersNoRangeTest(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, SLOW);
        robot.interact(() -> d.tabs().getSelectionModel().select(0));
        robot.interact(() -> d.session().adviceProperty().set(List.of(
                new Diagnosis.Finding(Diagnosis.Kind.NOT_LEARNING, null, "flat", "the network is dead rather than slow: ReLU \"act2\" passes nothing on (below)"),
                new Diagnosis.Finding(Diagnosis.Kind.UNSTABLE, null, "jumped", "the learning rate (0.01) is probably too high"))));
        WaitForAsyncUtils.waitForFxEvents();
        VBox list = (VBox) d.charts().lookup("#adviceList");
        // Heading, the dead network's finding, the unstable one and its one link.
        assertEquals(4, list.getChildren().size());
        assertEquals("adviceFindLr", list.getChildren().get(3).getId());
    }
}
