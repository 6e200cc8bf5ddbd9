package layerlab.ui.inspect;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.train.Dashboard;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The inspector's feature space of the mnist-autoencoder sample after a run: the code (what the decoder sees), its dots
 * coloured by the digits the loss never used, a legend entry per digit and no "misclassified" ring (nothing is predicted).
 */
@WindowTest.Size(width = 1260, height = 790)
class AutoencoderCodeSpaceTest extends WindowTest {
    @Test
    void theCodeIsColouredByDigit(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "mnist-autoencoder.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        FeatureSpacePane pane = d.inspector().features();
        waitFor("the finished model's projection", () -> pane.featureSpace() != null && pane.title().equals("Feature space of code"));
        assertNotNull(pane.featureSpace().classes(), "coloured by digit");
        assertNull(pane.featureSpace().predicted());
        assertEquals(10, ((javafx.scene.layout.FlowPane) pane.lookup("#featureSpaceLegend")).getChildren().size(), "a legend entry per digit, no ring");
        robot.interact(() -> {
            double y = pane.localToScene(0, 0).getY() - d.inspector().getContent().localToScene(0, 0).getY();
            double room = d.inspector().getContent().getLayoutBounds().getHeight() - d.inspector().getViewportBounds().getHeight();
            d.inspector().setVvalue(room <= 0 ? 0 : Math.min(1, (y - 8) / room));
        });
        TestWindows.awaitPulses(stage.getScene(), 3);
        TestWindows.screenshot(robot, stage, "autoencoder-code-space.png");
    }
}
