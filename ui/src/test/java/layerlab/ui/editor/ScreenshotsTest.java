package layerlab.ui.editor;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Writes the README's editor screenshots when -Dlayerlab.screenshots=DIR is given; skipped otherwise. */
class ScreenshotsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempFile("rec", ".json"), 1260, 780);
    }

    private void shot(FxRobot robot, Path dir, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.WritableImage[] img = {null};
        robot.interact(() -> img[0] = stage.getScene().getRoot().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", dir.resolve(name).toFile());
    }

    @Test
    void editorScreenshots(FxRobot robot) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        Assumptions.assumeTrue(out != null && !out.isBlank());
        Path dir = Files.createDirectories(Path.of(out));
        shot(robot, dir, "editor-empty.png");
        robot.interact(() -> window.openSampleAtStart("simple-cnn.json"));
        robot.interact(() -> window.canvas().autoLayout());
        EditorModel e = window.editor();
        // The whole graph, wrapped into rows, readable at the window's first size.
        robot.interact(() -> {
            window.canvas().fit();
            e.select(java.util.List.of(e.graph().nodeByName("conv2").id()));
        });
        shot(robot, dir, "editor-simple-cnn.png");
        robot.interact(() -> {
            e.execute(Commands.setParam(e.graph(), e.graph().nodeByName("fc").id(), "in_features", 1568));
        });
        shot(robot, dir, "editor-error-badge.png");
        robot.interact(e::undo);
        robot.moveTo(window.canvas()).clickOn();
        robot.type(KeyCode.TAB).write("conv");
        shot(robot, dir, "editor-quick-add.png");
        robot.type(KeyCode.ESCAPE);
        robot.clickOn("Code");
        shot(robot, dir, "editor-code-view.png");
        robot.interact(() -> window.model().themeProperty().set(layerlab.ui.shell.Theme.DARK));
        robot.interact(() -> {
            robot.lookup("#sideTabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().select(0);
            window.canvas().fit();
            e.select(java.util.List.of(e.graph().nodeByName("conv2").id()));
        });
        shot(robot, dir, "editor-dark.png");
    }
}
