package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A recent project that is not there now (deleted, or on a network drive not connected today): File › Recent says so, in
 * words, and offers to take it off the list; Enter keeps it for when the drive is back. The error said only the path
 * (NoSuchFileException's message), as if that were the reason.
 */
class RecentNotThereWindowTest extends WindowTest {
    @TempDir
    Path dir;
    private final MemoryPreferences prefs = new MemoryPreferences();

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-recent-not-there").resolve("recovery.json"), 1100, 700, prefs);
    }

    private DialogPane openRecent(FxRobot robot, Path p) {
        robot.interact(() -> Platform.runLater(() -> window.openRecent(p)));
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#recentNotThereDialog").queryAs(DialogPane.class);
    }

    @Test
    void aRecentFileOnADriveNotConnectedIsSaidAndKeptOrRemoved(FxRobot robot) throws Exception {
        Path gone = dir.resolve("Netzlaufwerk H").resolve("Übung 3").resolve("modèle #2.json").toAbsolutePath();
        Path here = dir.resolve("iris.json");
        Files.copy(Path.of("..", "sample-projects", "iris.json"), here);
        TestWindows.openFile(robot, window, here);
        robot.interact(() -> prefs.put("recent", gone + "\n" + here.toAbsolutePath()));

        DialogPane pane = openRecent(robot, gone);
        assertEquals("modèle #2.json is not there", pane.getHeaderText());
        assertTrue(pane.getContentText().startsWith(gone + " is not there now: it was moved, renamed or deleted, or it is on a drive that is not "
                + "connected now (its folder " + gone.getParent() + " is not there either)."), pane.getContentText());
        TestWindows.screenshot(robot, (Stage) pane.getScene().getWindow(), "recent-not-there.png");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(gone, here.toAbsolutePath()), window.recent(), "Enter keeps it");
        assertEquals(here, window.files().fileProperty().get(), "the open project stays open");

        openRecent(robot, gone);
        robot.clickOn("Remove from Recent");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(here.toAbsolutePath()), window.recent());
    }
}
