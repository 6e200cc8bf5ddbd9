package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The status line's message at a projector's 200 % text in a 1280×720 window reads whole, wrapped onto a second line,
 * not cut short with its end only in a tooltip; the status beside it keeps its place. With {@code -Dlayerlab.screenshots=DIR}
 * the window is written.
 */
class StatusLineWrapTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGEST);
    }

    @Test
    void aLongMessageWrapsRatherThanLosingItsEnd(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("iris.json"));
        String said = "Go back to the project (Ctrl+Shift+E) to change its training: a block's definition has none of its own";
        TestWindows.laidOut(stage, () -> window.editor().messageProperty().set(said));
        TestWindows.awaitPulses(stage.getScene(), 2);
        Label message = robot.lookup("#editorMessage").queryAs(Label.class);
        assertEquals(said, TestWindows.shownText(message).replace('\n', ' '), "the whole message");
        Bounds b = message.localToScene(message.getLayoutBounds());
        assertTrue(b.getMaxY() <= stage.getScene().getHeight() + 0.5 && b.getMaxX() <= stage.getScene().getWidth() + 0.5, "in the window: " + b);
        Label status = robot.lookup("#statusText").queryAs(Label.class);
        assertEquals(status.getText(), TestWindows.shownText(status), "the status whole too");
        TestWindows.screenshot(robot, stage, "status-line-200.png");
    }
}
