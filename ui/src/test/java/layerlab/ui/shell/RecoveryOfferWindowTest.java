package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The offer, at start, of the work a crashed LayerLab kept: only a deliberate Discard deletes it. */
class RecoveryOfferWindowTest extends WindowTest {
    private static final Path SAMPLES = Path.of("..", "sample-projects");
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-recovery-offer").resolve("recovery.json"), 1100, 700);
    }

    /** A crashed session's work in this window's recovery file, then the offer shown as at start. */
    private Path crashedWork(FxRobot robot) throws Exception {
        Graph iris = ProjectJson.load(SAMPLES.resolve("iris.json"));
        Path recovery = window.files().recoveryFile();
        Files.writeString(recovery, ProjectJson.write(iris.set(layerlab.graph.GraphChange.Setting.NAME, "Work before the crash").after()));
        robot.interact(() -> Platform.runLater(window::offerRecovery));
        waitFor("the offer", () -> robot.lookup("#recoverDialog").tryQuery().isPresent());
        return recovery;
    }

    @Test
    void escapeOnTheOfferRecoversTheWorkRatherThanDeletingIt(FxRobot robot) throws Exception {
        Path recovery = crashedWork(robot);
        robot.type(KeyCode.ESCAPE);
        waitFor("the work recovered", () -> window.editor().graph().name().equals("Work before the crash"));
        assertTrue(window.editor().isDirty(), "recovered work is unsaved");
        // Until it is saved (or the window closes cleanly) the file stays: a second crash within the autosave's minute keeps it.
        assertTrue(Files.exists(recovery), "the recovery file is kept until the work is saved");
        assertEquals("Work before the crash", ProjectJson.load(recovery).name());
        assertFalse(window.editor().messageProperty().get().startsWith("Something went wrong"), window.editor().messageProperty().get());
    }

    @Test
    void enterRecoversAndOnlyDiscardDeletes(FxRobot robot) throws Exception {
        Path recovery = crashedWork(robot);
        robot.type(KeyCode.ENTER);
        waitFor("the work recovered", () -> window.editor().graph().name().equals("Work before the crash"));
        assertTrue(Files.exists(recovery), "kept for a second crash before autosave's next minute");
        assertEquals("Work before the crash", ProjectJson.load(recovery).name());
        robot.interact(() -> window.files().newProject(Graph.empty()));
        crashedWork(robot);
        robot.clickOn("Discard");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Files.exists(recovery), "Discard deletes the kept work");
        assertFalse(window.editor().graph().name().equals("Work before the crash"));
    }
}
