package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableColumn;
import javafx.scene.image.ImageView;
import javax.imageio.ImageIO;
import layerlab.train.Reconstructions;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * An autoencoder in the Results tab beyond its validation strip: "Predict new samples" of a folder of pictures says each
 * picture's reconstruction error and draws the pictures over their reconstructions, as {@code layerlab predict} does (it
 * listed "the largest of 784 outputs"); and a denoising autoencoder's strip shows, on demand, the pictures as its training
 * corrupted them, over what the network made of them.
 */
class AutoencoderPredictTest extends WindowTest {
    @Test
    void aFolderOfPicturesGetsItsReconstructionErrorsAndPictures(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "mnist-autoencoder.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        Path folder = Files.createTempDirectory("digits");
        // Two white-on-black pictures as MNIST draws digits: a bar and a ring.
        for (int k = 0; k < 2; k++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double r = Math.hypot(x - 13.5, y - 13.5);
                    boolean ink = k == 0 ? x >= 12 && x <= 15 && y >= 5 && y <= 22 : r > 6 && r < 9;
                    img.getRaster().setSample(x, y, 0, ink ? 255 : 0);
                }
            }
            ImageIO.write(img, "png", folder.resolve("d" + k + ".png").toFile());
        }
        robot.interact(() -> d.results().predictPane().predict(folder));
        waitFor("the folder's reconstructions", () -> d.results().predictPane().reconstructions() != null);
        TestWindows.awaitPulses(stage.getScene(), 3);
        Reconstructions r = d.results().predictPane().reconstructions();
        assertEquals(2, r.count());
        List<String> headings = d.results().predictPane().table().getColumns().stream().map(TableColumn::getText).toList();
        assertEquals(List.of("sample", "reconstruction error (mean absolute)"), headings);
        String shownError = String.valueOf(d.results().predictPane().table().getColumns().get(1).getCellData(0));
        assertEquals(layerlab.ui.inspect.Numbers.compact(r.mae(0)), shownError);
        assertTrue(r.mae(0) > 0 && r.mae(0) < 0.5, "a digit-like bar remade roughly: " + r.mae(0));
        for (int i = 0; i < 2; i++) {
            ImageView original = robot.lookup("#predict-original-" + i).query(), remade = robot.lookup("#predict-reconstruction-" + i).query();
            assertTrue(original.isVisible() && remade.isVisible());
            assertEquals(original.localToScene(0, 0).getX(), remade.localToScene(0, 0).getX(), 0.5);
            assertTrue(remade.localToScene(0, 0).getY() > original.localToScene(0, 0).getY());
        }
        String csv = r.csv(List.of("d0.png", "d1.png"));
        assertTrue(csv.startsWith("sample,reconstruction_mae\nd0.png," + (float) r.mae(0) + "\n"), csv);
        robot.interact(() -> d.results().setVvalue(1));
        TestWindows.awaitPulses(stage.getScene(), 2);
        TestWindows.screenshot(robot, stage, "autoencoder-predict-folder.png");
    }

    @Test
    void aDenoisingAutoencodersStripShowsTheCorruptionItUndid(FxRobot robot) throws Exception {
        String json = Files.readString(Path.of("..", "sample-projects", "mnist-autoencoder.json"))
                .replace("\"dataset\": {\"source\": \"mnist\",",
                        "\"dataset\": {\"source\": \"mnist\", \"augment\": [{\"name\": \"RandomErasing\", \"p\": 1.0, \"scale\": [0.1, 0.2]}],");
        assertTrue(json.contains("RandomErasing"));
        Path project = Files.createTempDirectory("denoising").resolve("denoising.json");
        Files.writeString(project, json);
        robot.interact(() -> window.openPath(project));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        TestWindows.setField(robot, "#train-epochs", "1");
        robot.clickOn("#trainStart");
        waitFor("the run ended", 120, () -> d.session().state() == TrainingSession.State.FINISHED, () -> d.session().statusProperty().get());
        TestWindows.awaitAfterRunWork(d.session());
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the reconstructions", () -> d.results().reconstructions().isVisible());
        TestWindows.awaitPulses(stage.getScene(), 3);
        CheckBox toggle = robot.lookup("#showCorruption").queryAs(CheckBox.class);
        assertTrue(toggle.isVisible(), "a model trained on corrupted pictures offers to show the corruption");
        assertTrue(robot.lookup("#corrupted-0").tryQuery().isEmpty(), "off at first: the pictures over their reconstructions");
        robot.clickOn(toggle);
        TestWindows.awaitPulses(stage.getScene(), 2);
        assertTrue(d.results().reconstructions().titleText().contains("as the training corrupts them"), d.results().reconstructions().titleText());
        int erased = 0;
        for (int i = 0; i < 10; i++) {
            ImageView original = robot.lookup("#original-" + i).query(), corrupted = robot.lookup("#corrupted-" + i).query(),
                    remade = robot.lookup("#reconstruction-" + i).query();
            assertEquals(original.localToScene(0, 0).getX(), corrupted.localToScene(0, 0).getX(), 0.5);
            assertTrue(original.localToScene(0, 0).getY() < corrupted.localToScene(0, 0).getY() && corrupted.localToScene(0, 0).getY() < remade.localToScene(0, 0).getY());
            if (!same(original, corrupted)) erased++;
        }
        assertEquals(10, erased, "RandomErasing with p=1 erased a patch of every picture");
        TestWindows.screenshot(robot, stage, "denoising-autoencoder-results.png");
        robot.clickOn(toggle);
        TestWindows.awaitPulses(stage.getScene(), 2);
        assertFalse(robot.lookup("#corrupted-0").tryQuery().isPresent());
    }

    private static boolean same(ImageView a, ImageView b) {
        var pa = a.getImage().getPixelReader();
        var pb = b.getImage().getPixelReader();
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) if (pa.getArgb(x, y) != pb.getArgb(x, y)) return false;
        return true;
    }
}
