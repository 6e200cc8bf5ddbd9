package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A window reopened at 150 % text on a 1280×720 projector: the canvas keeps at least half the workspace's width (the
 * side panels took two thirds of it, the canvas a 330-px strip).
 */
class LargeTextWorkspaceTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGER);
    }

    @Test
    void theCanvasKeepsHalfTheWidthWhenTheWindowOpensWithLargeText(FxRobot robot) {
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        WaitForAsyncUtils.waitForFxEvents();
        Node workspace = robot.lookup("#workspace").query(), canvas = robot.lookup("#canvas").query();
        double w = workspace.getLayoutBounds().getWidth(), c = canvas.getLayoutBounds().getWidth();
        // Half of it, less the two dividers.
        assertTrue(c >= w / 2 - 12, "the canvas " + c + " of the workspace's " + w);
    }
}
