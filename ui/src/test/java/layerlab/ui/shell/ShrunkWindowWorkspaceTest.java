package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A 1152-px window at 150 % text shrunk to 760 px: a click on the canvas before had kept the side panels at their widths,
 * and the canvas became a 180-px strip; a divider dragged by the user keeps its width until the canvas would have less
 * than half, and then the panels give way too.
 */
class ShrunkWindowWorkspaceTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1152, 720, TextSize.LARGER);
    }

    private void shrinkTo(FxRobot robot, double width) {
        robot.interact(() -> stage.setWidth(width));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void assertCanvasKeepsHalf(FxRobot robot) {
        SplitPane workspace = robot.lookup("#workspace").queryAs(SplitPane.class);
        Node canvas = robot.lookup("#canvas").query();
        double w = workspace.getWidth(), c = canvas.getLayoutBounds().getWidth();
        assertTrue(w < 780, "the workspace " + w);
        // Half of it, less the two dividers.
        assertTrue(c >= w / 2 - 12, "the canvas " + c + " of the workspace's " + w);
        Region palette = (Region) workspace.getItems().get(0), side = robot.lookup("#sideTabs").query();
        assertTrue(palette.getWidth() >= palette.getMinWidth() - 0.5 && side.getWidth() >= side.getMinWidth() - 0.5,
                "the palette " + palette.getWidth() + ", the side panel " + side.getWidth());
    }

    @Test
    void aClickOnTheCanvasDoesNotKeepThePanelsWideWhenTheWindowShrinks(FxRobot robot) {
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#canvas");
        shrinkTo(robot, 760);
        assertCanvasKeepsHalf(robot);
    }

    @Test
    void theUsersPanelWidthsGiveWayOnlyWhereTheCanvasWouldKeepLessThanHalf(FxRobot robot) {
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        WaitForAsyncUtils.waitForFxEvents();
        SplitPane workspace = robot.lookup("#workspace").queryAs(SplitPane.class);
        Node divider = workspace.lookupAll(".split-pane-divider").stream().filter(d -> d.getParent() == workspace).findFirst().orElseThrow();
        Region palette = (Region) workspace.getItems().get(0);
        // The palette dragged 30 px narrower: the user's width, which a small shrink leaves alone.
        robot.drag(divider).moveBy(-30, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double chosen = palette.getWidth();
        shrinkTo(robot, 1100);
        assertEquals(chosen, palette.getWidth(), 1, "the palette the user chose");
        shrinkTo(robot, 760);
        assertCanvasKeepsHalf(robot);
    }
}
