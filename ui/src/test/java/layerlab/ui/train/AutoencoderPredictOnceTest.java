package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import layerlab.train.Evaluator;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Results › Predict new samples of an autoencoder runs the model once over the file: its table of errors and its
 * pictures over their reconstructions come from the same predictions (it ran the model a second time for the pictures,
 * doubling the wait on a large file). Counted by the evaluator, not timed.
 */
class AutoencoderPredictOnceTest extends WindowTest {
    @Test
    void aFileOfPicturesRunsTheModelOnce(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "mnist-autoencoder.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        TestWindows.awaitAfterRunWork(d.session());
        Path folder = Files.createTempDirectory("digits");
        for (int k = 0; k < 3; k++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 5; y < 23; y++) img.getRaster().setSample(10 + k, y, 0, 255);
            ImageIO.write(img, "png", folder.resolve("d" + k + ".png").toFile());
        }
        Evaluator ev = d.session().finished().evaluator();
        long before = ev.predictions();
        robot.interact(() -> d.results().predictPane().predict(folder));
        waitFor("the folder's reconstructions", () -> d.results().predictPane().reconstructions() != null);
        TestWindows.awaitAfterRunWork(d.session());
        assertEquals(3, d.results().predictPane().reconstructions().count());
        assertEquals(3, d.results().predictPane().table().getItems().size());
        assertEquals(1, ev.predictions() - before, "one run of the model for the table and the pictures");
    }
}
