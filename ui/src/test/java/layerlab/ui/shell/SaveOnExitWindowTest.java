package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import layerlab.graph.GraphChange;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.editor.Commands;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The process ended from outside (Ctrl+C in the terminal, kill, a shutdown) while there is unsaved work: it is written to
 * the recovery file then, not only at autosave's last minute; a window closed cleanly writes nothing.
 */
class SaveOnExitWindowTest extends WindowTest {
    private Path recovery;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        recovery = Files.createTempDirectory("layerlab-save-on-exit").resolve("recovery.json");
        return TestWindows.open(stage, recovery, 1100, 700);
    }

    @Test
    void theProcessEndingWritesTheUnsavedWorkAtOnce(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> window.editor().executeOnProject(Commands.setProjectText(GraphChange.Setting.NAME, "Edited a moment ago")));
        waitFor("the edit", () -> window.editor().isDirty());
        assertFalse(Files.exists(recovery), "autosave's minute has not come");
        window.saveOnExit(); // as the shutdown hook runs it: off the JavaFX thread
        assertEquals("Edited a moment ago", ProjectJson.load(recovery).name());

        Files.delete(recovery);
        robot.interact(window::dispose); // closed cleanly (its work saved or let go)
        window.saveOnExit();
        assertTrue(Files.notExists(recovery), "a window closed cleanly leaves nothing to recover");
    }
}
