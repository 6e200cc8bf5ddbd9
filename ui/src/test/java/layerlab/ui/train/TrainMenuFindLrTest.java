package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import layerlab.graph.GraphChange;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Train › Find Learning Rate… is off, as the form's Find… is, for an optimiser the range test says nothing about (LBFGS,
 * Rprop), and names it; Cross-Validate… and Profile stay on; with Adam again it is on.
 */
class TrainMenuFindLrTest extends WindowTest {
    private MenuItem item(FxRobot robot, String id) {
        Menu train = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().stream().filter(m -> "menuTrain".equals(m.getId())).findFirst().orElseThrow();
        return train.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    private void optimizer(FxRobot robot, String name) {
        robot.interact(() -> {
            Map<String, Object> training = new LinkedHashMap<>(window.editor().graph().training());
            training.put("optimizer", Map.of("name", name));
            window.editor().execute(new Command("optimizer", g -> g.set(GraphChange.Setting.TRAINING, training)));
        });
    }

    /** Opens the Train menu as a user does (its items are brought up to date as it shows), then closes it. */
    private void openTrainMenu(FxRobot robot) {
        robot.clickOn("#menuTrain");
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void findLearningRateIsOffForLbfgsAndRpropAndSaysSo(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        openTrainMenu(robot);
        MenuItem find = item(robot, "trainMenuFindLr");
        assertFalse(find.isDisable());
        assertEquals("Find Learning Rate…", find.getText());
        for (String name : new String[] {"LBFGS", "Rprop"}) {
            optimizer(robot, name);
            openTrainMenu(robot);
            assertTrue(find.isDisable(), name);
            assertEquals("Find Learning Rate… (not for " + name + ")", find.getText());
            assertFalse(item(robot, "trainMenuCrossValidate").isDisable(), "cross-validation works with " + name);
            assertFalse(item(robot, "trainMenuProfile").isDisable(), "so does profiling");
        }
        optimizer(robot, "Adam");
        openTrainMenu(robot);
        assertFalse(find.isDisable());
        assertEquals("Find Learning Rate…", find.getText());
        TestWindows.screenshot(robot, stage, "train-menu-find-lr.png");
    }
}
