package layerlab.ui.exchange;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File › Import ONNX…'s question about an image model's normalization and classes, answered from the keyboard: the focus
 * starts on its first field (it started on "Use these", three Shift+Tabs away from it), Enter takes the answers, Esc skips.
 */
class ImportOptionsKeyboardTest extends WindowTest {
    private static final Path ONNX = Path.of("..", "engine", "src", "test", "resources", "onnx", "torch_mobile_v3.onnx");

    private Node asked(FxRobot robot) throws Exception {
        robot.interact(() -> Platform.runLater(() -> window.exchange().importOnnx(ONNX)));
        waitFor("the question", () -> robot.lookup("#modelLabelsDialog").tryQuery().isPresent());
        Node pane = robot.lookup("#modelLabelsDialog").query();
        TestWindows.awaitPulses(pane.getScene(), 2);
        return pane;
    }

    @Test
    void theFocusStartsOnTheFirstFieldAndEnterUsesTheAnswers(FxRobot robot) throws Exception {
        Node pane = asked(robot);
        Node focused = WaitForAsyncUtils.asyncFx(() -> pane.getScene().getFocusOwner()).get();
        assertEquals("labelsNormalization", focused == null ? null : focused.getId(), "focused: " + focused);
        // ImageNet's normalization chosen, the focus left on the choice: Enter takes it (Skip would not).
        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<String> kind = (javafx.scene.control.ChoiceBox<String>) focused;
        robot.interact(() -> kind.setValue(ModelLabelsDialog.IMAGENET));
        robot.type(KeyCode.ENTER);
        waitFor("the question answered", () -> robot.lookup("#modelLabelsDialog").tryQuery().isEmpty());
        waitFor("the model imported", () -> window.editor().messageProperty().get().startsWith("Imported torch_mobile_v3.onnx"));
        assertEquals(layerlab.train.ModelLabels.normalization(editor.graph(), layerlab.train.ModelLabels.IMAGENET_MEAN,
                layerlab.train.ModelLabels.IMAGENET_STD), window.dashboard().session().initialNormalization());
    }

    @Test
    void escapeSkipsTheQuestion(FxRobot robot) throws Exception {
        asked(robot);
        robot.type(KeyCode.ESCAPE);
        waitFor("the question skipped", () -> robot.lookup("#modelLabelsDialog").tryQuery().isEmpty());
        waitFor("the model imported", () -> window.editor().messageProperty().get().startsWith("Imported torch_mobile_v3.onnx"));
        assertEquals(null, window.dashboard().session().initialNormalization(), "skipped: no normalization");
    }
}
