package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two students on one project in a shared folder: the other saved first. Save in this window asks, and besides Overwrite
 * and Save As… offers to reload the file as the other saved it (it offered no way to take their work but closing and
 * opening it again).
 */
class ChangedOnDiskReloadWindowTest extends WindowTest {
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-reload").resolve("recovery.json"), 1100, 700);
    }

    @Test
    void reloadTakesTheOtherWindowsSave(FxRobot robot) throws Exception {
        Path project = Files.createDirectories(dir.resolve("Klasse 9b – geteilt")).resolve("iris #2.json");
        Files.copy(Path.of("..", "sample-projects", "iris.json"), project);
        TestWindows.openFile(robot, window, project);
        robot.interact(() -> window.editor().markUnsaved());
        // The other window saves its version (a later time, another size).
        Files.writeString(project, Files.readString(project).replace("\"Iris\"", "\"Iris, Annas Version\""));
        Files.setLastModifiedTime(project, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        robot.interact(() -> window.canvas().requestFocus());
        robot.press(KeyCode.SHORTCUT, KeyCode.S).release(KeyCode.S, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup("#changedOnDiskDialog").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().contains("Reload Theirs opens the file as it is now"), pane.getContentText());
        TestWindows.screenshot(robot, (Stage) pane.getScene().getWindow(), "changed-on-disk-reload.png");
        robot.clickOn("Reload Theirs");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Iris, Annas Version", window.editor().graph().name(), "the other window's work is open");
        assertFalse(window.editor().isDirty());
        assertEquals("Iris, Annas Version", ProjectJson.load(project).name(), "the file is as they saved it");
        // A save now writes without asking: the window knows the file as it is.
        robot.interact(() -> window.editor().markUnsaved());
        robot.press(KeyCode.SHORTCUT, KeyCode.S).release(KeyCode.S, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#changedOnDiskDialog").tryQuery().isEmpty(), "no question");
        assertFalse(window.editor().isDirty());
    }
}
