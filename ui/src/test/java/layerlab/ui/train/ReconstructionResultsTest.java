package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.image.ImageView;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The Results tab of an autoencoder (the mnist-autoencoder sample) shows validation pictures over the model's
 * reconstructions and the reconstruction error; it showed a confusion matrix of the digits' labels, which the model never
 * saw, as if its 784 outputs were class scores.
 */
class ReconstructionResultsTest extends WindowTest {
    @Test
    void resultsShowPicturesOverTheirReconstructions(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "mnist-autoencoder.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the reconstructions", () -> d.results().reconstructions().isVisible());
        TestWindows.awaitPulses(stage.getScene(), 3);
        assertTrue(d.results().summaryText().matches("1000 samples reconstructed: mean absolute error 0\\.\\d+, RMSE 0\\.\\d+ .*"), d.results().summaryText());
        assertFalse(d.results().matrix().isVisible(), "no confusion matrix: the labels play no part");
        for (int i = 0; i < 10; i++) {
            Node original = robot.lookup("#original-" + i).query(), remade = robot.lookup("#reconstruction-" + i).query();
            assertTrue(original instanceof ImageView o && remade instanceof ImageView r && o.getImage().getWidth() == 28 && r.getImage().getWidth() == 28);
            // Each reconstruction sits under its picture.
            assertEquals(original.localToScene(0, 0).getX(), remade.localToScene(0, 0).getX(), 0.5);
            assertTrue(remade.localToScene(0, 0).getY() > original.localToScene(0, 0).getY());
        }
        TestWindows.screenshot(robot, stage, "autoencoder-results.png");
    }
}
