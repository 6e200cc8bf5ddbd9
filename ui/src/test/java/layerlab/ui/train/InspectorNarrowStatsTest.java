package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.Numbers;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The inspector in a 1152×720 window at 150 % text (a small laptop's projector): its statistics table had so little
 * width that its numbers shrank to one digit ("-1e-3") and min and std showed "…". Every figure reads whole, with its
 * three significant digits.
 */
class InspectorNarrowStatsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1152, 720, TextSize.LARGER);
    }

    @Test
    void theStatisticsReadWholeAt150PercentTextInASmallWindow(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "iris.json", 2);
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("fc1").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#inspectStats").queryAs(TableView.class);
        waitFor("the statistics", () -> !table.getItems().isEmpty());
        // The columns are rearranged after the layout pass that measured the width: wait for it (a slow machine takes longer).
        waitFor("the figures to read whole", 20, () -> wholeFigures(table) >= 10, () -> "table " + table.getWidth() + " px");
        TestWindows.screenshot(robot, stage, "inspector-1152-150.png");
        int figures = 0;
        for (Node n : table.lookupAll(".table-cell")) {
            if (!(n instanceof TableCell<?, ?> c) || !(c.getItem() instanceof Double v) || v.isNaN() || !c.isVisible()) continue;
            figures++;
            assertEquals(Numbers.compact(v), c.getText(), "a figure reads whole in " + c.getWidth() + " px of " + table.getWidth());
        }
        assertTrue(figures >= 10, "the table shows its figures: " + figures);
    }

    /** How many figures the table shows whole, or -1 where one reads cut. */
    private static int wholeFigures(TableView<?> table) {
        int figures = 0;
        for (Node n : table.lookupAll(".table-cell")) {
            if (!(n instanceof TableCell<?, ?> c) || !(c.getItem() instanceof Double v) || v.isNaN() || !c.isVisible()) continue;
            if (!Numbers.compact(v).equals(c.getText())) return -1;
            figures++;
        }
        return figures;
    }
}
