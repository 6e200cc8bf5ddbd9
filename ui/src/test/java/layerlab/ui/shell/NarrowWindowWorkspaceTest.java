package layerlab.ui.shell;

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
 * A window reopened 700 px wide at 150 % text: the side panels give way, down to their least widths, and the canvas keeps
 * about half the workspace (the panels kept their usual 230 and 300 px, the canvas a 170-px strip).
 */
class NarrowWindowWorkspaceTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 700, 600, TextSize.LARGER);
    }

    @Test
    void theSidePanelsGiveWayToTheCanvasInANarrowWindow(FxRobot robot) {
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        WaitForAsyncUtils.waitForFxEvents();
        SplitPane workspace = robot.lookup("#workspace").queryAs(SplitPane.class);
        Node canvas = robot.lookup("#canvas").query();
        Region palette = (Region) workspace.getItems().get(0);
        Region side = robot.lookup("#sideTabs").query();
        double w = workspace.getLayoutBounds().getWidth(), c = canvas.getLayoutBounds().getWidth();
        assertTrue(w < 720, "the workspace " + w);
        // Half of it, less the two dividers.
        assertTrue(c >= w / 2 - 12, "the canvas " + c + " of the workspace's " + w);
        // The panels no narrower than they may be.
        assertTrue(palette.getWidth() >= palette.getMinWidth() - 0.5, "the palette " + palette.getWidth());
        assertTrue(side.getWidth() >= side.getMinWidth() - 0.5, "the side panel " + side.getWidth());
    }
}
