package layerlab.ui.shell;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.stage.Stage;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Save As with a name typed without {@code .json}: the project is saved as NAME.json, which File › Open lists (its filter
 * hid a file named NAME), and a NAME.json that exists is not written over without asking.
 */
class SaveAsNameWindowTest extends WindowTest {
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-save-as-name").resolve("recovery.json"), 1100, 700);
    }

    private void saveAs(FxRobot robot, Path typed) {
        window.exchange().setChooser(TestWindows.savesTo(typed, new ArrayList<>()));
        robot.interact(() -> Platform.runLater(window::saveAs));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aNameWithoutItsEndingIsSavedAsAProjectOpenLists(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> window.editor().markUnsaved());
        saveAs(robot, dir.resolve("lab1"));
        assertEquals(List.of("lab1.json"), names());
        assertEquals(dir.resolve("lab1.json"), window.files().fileProperty().get());
        assertFalse(window.editor().isDirty());
        assertEquals("Iris", ProjectJson.load(dir.resolve("lab1.json")).name());
    }

    @Test
    void anotherProjectOfThatNameIsReplacedOnlyWhenTheUserSaysSo(FxRobot robot) throws Exception {
        Path theirs = dir.resolve("lab2.json");
        Files.copy(Path.of("..", "sample-projects", "spirals.json"), theirs);
        String before = Files.readString(theirs);
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        robot.interact(() -> window.editor().markUnsaved());
        saveAs(robot, dir.resolve("lab2"));
        waitFor("asked", () -> robot.lookup("#replaceDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, Files.readString(theirs), "kept");
        assertTrue(window.editor().isDirty(), "still unsaved");
        saveAs(robot, dir.resolve("lab2"));
        waitFor("asked again", () -> robot.lookup("#replaceDialog").tryQuery().isPresent());
        robot.clickOn("Replace");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Iris", ProjectJson.load(theirs).name(), "replaced when the user says so");
        assertFalse(window.editor().isDirty());
    }

    private List<String> names() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
