package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import layerlab.ui.MemoryPreferences;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A school PC whose home cannot be written: the window starts, works, and says once in the status line what it cannot
 * keep after it closes (settings and recent files; the recovery copy and the runs' history), instead of nothing on the
 * screen and Java's warning on stderr every 30 seconds.
 */
class NotKeptNoteWindowTest extends WindowTest {
    private Path home;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        home = Files.createTempDirectory("layerlab-not-kept");
        // ~/.layerlab cannot be a folder here, for root too: a file has its name.
        Files.writeString(home.resolve(".layerlab"), "");
        return TestWindows.open(stage, home.resolve(".layerlab").resolve("recovery.json"), 1100, 700, new MemoryPreferences().unwritable());
    }

    @Test
    void saysOnceWhatItCannotKeep(FxRobot robot) throws Exception {
        robot.interact(() -> window.sayWhatIsNotKept());
        assertEquals("Not kept after LayerLab closes: settings and recent files, the recovery copy of unsaved work and the runs' history ("
                + home.resolve(".layerlab") + " cannot be written). Save your work in your own folder.", window.editor().messageProperty().get());
        TestWindows.screenshot(robot, stage, "not-kept-note.png");
    }

    @Test
    void saysNothingWhereAllIsKept(FxRobot robot) throws Exception {
        UiPrefs kept = new UiPrefs(new MemoryPreferences());
        assertEquals(true, kept.kept());
        assertEquals(false, new UiPrefs(new MemoryPreferences().unwritable()).kept());
    }
}
