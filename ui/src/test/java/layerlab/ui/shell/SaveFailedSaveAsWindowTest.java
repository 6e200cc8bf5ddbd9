package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A project opened from a folder it cannot be saved in (a read-only course folder on a school PC): Save says why and
 * offers Save As… at once, its default button, so the student's work goes to a folder of their own in one step. The
 * dialog had only OK, and the work stayed unsaved until the student found File › Save As… themselves.
 */
class SaveFailedSaveAsWindowTest extends WindowTest {
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-save-failed-save-as").resolve("recovery.json"), 1100, 700);
    }

    @Test
    void aFailedSaveOffersSaveAsAndEnterTakesIt(FxRobot robot) throws Exception {
        Path project = SaveFailuresWindowTest.openWhereSaveFails(robot, window, dir.resolve("Kurs – Übung 3"));
        Path mine = Files.createDirectory(dir.resolve("meine Dateien")).resolve("iris.json");
        List<String> asked = new ArrayList<>();
        robot.interact(() -> window.exchange().setChooser(TestWindows.savesTo(mine, asked)));
        robot.interact(() -> window.canvas().requestFocus());
        robot.press(KeyCode.SHORTCUT, KeyCode.S).release(KeyCode.S, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup("#saveFailedDialog").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().startsWith(project + " cannot be written: "), pane.getContentText());
        assertTrue(pane.getContentText().contains("Save As… saves it in another folder"), pane.getContentText());
        Button byDefault = robot.lookup("#saveFailedDialog .button").queryAllAs(Button.class).stream().filter(Button::isDefaultButton).findFirst().orElseThrow();
        assertEquals("Save As…", byDefault.getText());
        TestWindows.screenshot(robot, (Stage) pane.getScene().getWindow(), "save-failed-save-as.png");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("iris.json"), asked, "the file dialog proposed the project's name");
        assertTrue(Files.readString(mine).contains("\"format\": \"layerlab-project\""), "saved where the user chose");
        assertFalse(window.editor().isDirty(), "saved");
        assertEquals(mine, window.files().fileProperty().get(), "the new file is the project's file from now on");
    }
}
