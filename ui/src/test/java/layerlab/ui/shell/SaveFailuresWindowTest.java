package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Save when the file on disk is not as the window left it: changed by another program, or no longer writable. */
class SaveFailuresWindowTest extends WindowTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-save-failures").resolve("recovery.json"), 1100, 700);
    }

    private void pressSave(FxRobot robot) {
        robot.interact(() -> window.canvas().requestFocus());
        robot.press(KeyCode.SHORTCUT, KeyCode.S).release(KeyCode.S, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void saveAsksBeforeOverwritingAFileAnotherProgramChanged(FxRobot robot) throws Exception {
        Path project = dir.resolve("iris.json");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        TestWindows.openFile(robot, window, project);
        String theirs = Files.readString(project).replace("\"Iris\"", "\"Iris, edited in a text editor\"");
        Files.writeString(project, theirs);
        pressSave(robot);
        assertTrue(robot.lookup("#changedOnDiskDialog").tryQuery().isPresent(), "asks first");
        assertEquals("Cancel", robot.lookup("#changedOnDiskDialog .button").queryAllAs(javafx.scene.control.Button.class).stream()
                .filter(javafx.scene.control.Button::isDefaultButton).findFirst().orElseThrow().getText(), "Enter does not overwrite");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(theirs, Files.readString(project), "the other program's changes are kept");
        pressSave(robot);
        robot.clickOn("Overwrite");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.readString(project).contains("\"name\": \"Iris\","), "overwritten when the user says so");
    }

    @Test
    void aSaveThatFailsSaysSoInADialog(FxRobot robot) throws Exception {
        Path project = openWhereSaveFails(robot, window, dir.resolve("work"));
        pressSave(robot);
        DialogPane pane = robot.lookup("#saveFailedDialog").queryAs(DialogPane.class);
        assertEquals("Could not save iris.json", pane.getHeaderText());
        assertTrue(pane.getContentText().startsWith(project + " cannot be written: "), pane.getContentText());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.editor().isDirty(), "still unsaved");
    }

    /**
     * Opens iris as {@code folder}/iris.json with unsaved work, then puts a file where the folder was: a save that fails as
     * a full disk or a read-only folder would, and the same for root (who writes in a read-only folder).
     */
    static Path openWhereSaveFails(FxRobot robot, MainWindow window, Path folder) throws Exception {
        Files.createDirectory(folder);
        Path project = folder.resolve("iris.json");
        Files.copy(SAMPLES.resolve("iris.json"), project);
        TestWindows.openFile(robot, window, project);
        robot.interact(() -> window.editor().markUnsaved());
        Files.delete(project);
        Files.delete(folder);
        Files.writeString(folder, "not a folder");
        return project;
    }
}
