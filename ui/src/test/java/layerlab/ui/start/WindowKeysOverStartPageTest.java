package layerlab.ui.start;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Ctrl+Shift+T pressed once right after the main window opens shows the dashboard. The start page comes up over the
 * sample just after the window (LayerLabApp's runLater) as a window of its own and takes the keyboard: the window's menu
 * keys, which live in the main window's scene, did nothing there, so the first press was lost (seen under Xvfb: the
 * press landed on the start page as it opened) and a second one, after a click on the window, worked. A window's key
 * pressed on the start page closes it and does what it does in the window.
 */
class WindowKeysOverStartPageTest extends WindowTest {
    @Test
    void ctrlShiftTRightAfterOpeningShowsTheDashboardOnTheFirstPress(FxRobot robot) throws Exception {
        // As LayerLab opens: the sample, then the start page over it.
        robot.interact(() -> {
            window.openSampleAtStart("simple-cnn.json");
            window.showStartPage(false);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Stage start = TestWindows.windowWith("startPage");
        assertTrue(start != null && start.isShowing(), "the start page is open");
        robot.interact(start::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.dashboard().shownProperty().get(), "no dashboard yet");

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.dashboard().shownProperty().get(), "one press showed the dashboard");
        assertFalse(start.isShowing(), "the start page made way for the window it acts in");
        // Esc still just closes the page; a key the window does not have does nothing.
        robot.interact(() -> window.showStartPage(false));
        Stage again = TestWindows.windowWith("startPage");
        robot.interact(again::requestFocus);
        robot.press(KeyCode.SHIFT, KeyCode.Q).release(KeyCode.Q, KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(again.isShowing(), "a key of no shortcut leaves the page open");
        assertTrue(window.dashboard().shownProperty().get());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(again.isShowing());
    }
}
