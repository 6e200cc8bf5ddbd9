package layerlab.ui.exchange;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.exchange.ModelExchange.Format;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File › Export with a name typed without its ending: the file dialog asked about replacing "iris", and LayerLab writes
 * "iris.onnx" — which, when it exists, is written over only when the user says so.
 */
class ExportReplaceWindowTest extends WindowTest {
    @TempDir
    Path dir;

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, Files.createTempDirectory("layerlab-export-replace").resolve("recovery.json"), 1100, 700);
    }

    private void export(FxRobot robot, Path typed, Format format) {
        window.exchange().setChooser(TestWindows.savesTo(typed, new ArrayList<>()));
        robot.interact(() -> Platform.runLater(() -> window.exchange().export(format)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void anExistingFileOfTheNameWithItsEndingIsReplacedOnlyWhenTheUserSaysSo(FxRobot robot) throws Exception {
        Path theirs = dir.resolve("iris.onnx");
        byte[] before = {1, 2, 3};
        Files.write(theirs, before);
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        export(robot, dir.resolve("iris"), Format.ONNX);
        waitFor("asked", () -> robot.lookup("#replaceDialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertArrayEquals(before, Files.readAllBytes(theirs), "kept");
        assertEquals(List.of("iris.onnx"), names(), "nothing else written");
        export(robot, dir.resolve("iris"), Format.ONNX);
        waitFor("asked again", () -> robot.lookup("#replaceDialog").tryQuery().isPresent());
        robot.clickOn("Replace");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.size(theirs) > 500, "an ONNX model written over it: " + Files.size(theirs) + " bytes");
    }

    @Test
    void aNewNameOrTheNameTheDialogAskedAboutIsWrittenWithoutAQuestion(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        export(robot, dir.resolve("fresh"), Format.WEIGHTS);
        assertEquals(List.of("fresh.safetensors"), names());
        // The name with its ending, as the dialog showed it: the dialog itself asked about replacing it.
        Files.write(dir.resolve("old.safetensors"), new byte[] {1});
        export(robot, dir.resolve("old.safetensors"), Format.WEIGHTS);
        assertFalse(robot.lookup("#replaceDialog").tryQuery().isPresent(), "no second question");
        assertTrue(Files.size(dir.resolve("old.safetensors")) > 100);
    }

    private List<String> names() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
