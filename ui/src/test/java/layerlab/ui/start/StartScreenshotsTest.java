package layerlab.ui.start;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.Theme;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Writes the README's start page, tour and layer help screenshots when -Dlayerlab.screenshots=DIR is given. */
class StartScreenshotsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempFile("rec", ".json"), 1260, 780);
    }

    private static void shot(FxRobot robot, Parent root, Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = {null};
        robot.interact(() -> img[0] = root.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", file.toFile());
    }

    @Test
    void startTourAndHelpScreenshots(FxRobot robot) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        Assumptions.assumeTrue(out != null && !out.isBlank());
        Path dir = Files.createDirectories(Path.of(out));
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));

        StartPage[] page = {null};
        robot.interact(() -> page[0] = window.showStartPage(true));
        shot(robot, page[0].root(), dir.resolve("start-page.png"));
        robot.interact(() -> window.model().themeProperty().set(Theme.DARK));
        robot.interact(() -> page[0].stage().close());
        robot.interact(() -> page[0] = window.showStartPage(true));
        shot(robot, page[0].root(), dir.resolve("start-page-dark.png"));
        robot.interact(() -> page[0].stage().close());
        robot.interact(() -> window.model().themeProperty().set(Theme.LIGHT));

        // Readable cards, as in the editor screenshots: SimpleCNN at 85% around its first layers.
        robot.interact(() -> {
            window.canvas().fit();
            var vp = window.canvas().viewport();
            vp.zoomAt(0, 0, 0.85 / vp.zoom());
            window.canvas().reveal(window.editor().graph().nodeByName("pool1").id());
        });
        robot.interact(window::startTour);
        robot.interact(() -> window.tour().next());
        shot(robot, stage.getScene().getRoot(), dir.resolve("tour.png"));
        robot.interact(() -> window.tour().next());
        robot.interact(() -> window.tour().next());
        shot(robot, stage.getScene().getRoot(), dir.resolve("tour-connect.png"));
        robot.interact(() -> window.tour().next());
        shot(robot, stage.getScene().getRoot(), dir.resolve("tour-train.png"));
        robot.interact(() -> window.tour().close());

        robot.interact(() -> window.showLayerHelp("Conv2d"));
        shot(robot, window.help().stage().getScene().getRoot(), dir.resolve("layer-help.png"));
    }
}
