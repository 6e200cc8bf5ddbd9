package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.editor.Command;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Training › "Find…" beside the learning rate: the range test in its window, and its suggestion written into the project. */
@WindowTest.Size(width = 1260, height = 790)
class LrFinderWindowTest extends WindowTest {
    private Stage finderStage() {
        return TestWindows.windowWith("lrFinder");
    }

    @Test
    void findsARateAndUsesItAsOneUndoableEdit(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("neural-network.json"));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#trainFindLr");
        waitFor("the finder's window", () -> finderStage() != null);
        Stage finder = finderStage();
        Button use = (Button) finder.getScene().lookup("#lrFinderUse");
        Label status = (Label) finder.getScene().lookup("#lrFinderStatus");
        assertTrue(use.isDisabled(), "nothing to use before the test has ended");
        waitFor("the suggestion", () -> !use.isDisabled());
        String text = status.getText();
        assertTrue(text.startsWith("Suggested learning rate "), text);
        String shown = text.replaceFirst("Suggested learning rate (\\S+) .*", "$1");
        assertEquals("Use " + shown, use.getText());
        double lr = Double.parseDouble(shown);
        assertTrue(lr > 1e-4 && lr < 0.1, text);
        // The chart has the steps drawn: the raw and the smoothed loss, one point a step.
        var viewer = (org.jfree.chart.fx.ChartViewer) finder.getScene().lookup("#lrFinderChart");
        var data = viewer.getChart().getXYPlot().getDataset();
        assertEquals(2, data.getSeriesCount());
        assertTrue(data.getItemCount(1) > 40, "points: " + data.getItemCount(1));
        TestWindows.screenshot(robot, finder, "lr-finder.png");

        robot.clickOn("#lrFinderUse");
        waitFor("the window closed", () -> finderStage() == null);
        assertEquals(lr, ((Number) ((Map<?, ?>) window.editor().graph().training().get("optimizer")).get("lr")).doubleValue());
        assertEquals("Set the learning rate to " + shown, window.editor().undoNameProperty().get());
        // The optimiser's other options are kept, and the panel shows the new rate.
        assertEquals("Adam", ((Map<?, ?>) window.editor().graph().training().get("optimizer")).get("name"));
        assertEquals(shown, robot.lookup("#train-optimizer-lr").queryAs(javafx.scene.control.TextField.class).getText());
        robot.interact(() -> window.editor().undo());
        assertEquals(0.001, ((Number) ((Map<?, ?>) window.editor().graph().training().get("optimizer")).get("lr")).doubleValue());
    }

    @Test
    void aDrawingWithErrorsIsRefusedAsStartRefusesIt(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        TestWindows.showDashboard(robot, window.dashboard());
        // fc1 wants 5 features; the Input gives 4.
        var fc1 = window.editor().graph().nodeByName("fc1");
        robot.interact(() -> window.editor().execute(new Command("break", g -> g.setParam(fc1.id(), "in_features", 5))));
        WaitForAsyncUtils.waitForFxEvents();
        // Train › Find Learning Rate… refuses as Start does.
        var train = robot.lookup("#menuBar").queryAs(javafx.scene.control.MenuBar.class).getMenus().stream()
                .filter(m -> "menuTrain".equals(m.getId())).findFirst().orElseThrow();
        var item = train.getItems().stream().filter(i -> "trainMenuFindLr".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Find Learning Rate…", item.getText());
        robot.interact(item::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(finderStage());
        assertTrue(window.editor().messageProperty().get().startsWith("Cannot find a learning rate: "), window.editor().messageProperty().get());
        assertFalse(window.editor().messageProperty().get().isBlank());
    }
}
