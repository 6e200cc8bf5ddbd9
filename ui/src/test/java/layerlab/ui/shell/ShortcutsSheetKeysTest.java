package layerlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** Help › Shortcuts (F1) read and closed from the keyboard: the list scrolls by its keys, Enter and Esc close it. */
class ShortcutsSheetKeysTest extends WindowTest {
    private boolean sheetShown() {
        return Window.getWindows().stream().anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().lookup("#shortcutsDialog") != null);
    }

    @Test
    void theSheetScrollsByKeysAndEnterOrEscCloseItBackToTheCanvas(FxRobot robot) {
        robot.interact(() -> window.canvas().requestFocus());
        TestWindows.keys(robot, KeyCode.F1);
        assertTrue(sheetShown(), "F1 on the canvas, nothing selected: the shortcuts");
        ScrollPane scroll = robot.lookup("#shortcutsScroll").queryAs(ScrollPane.class);
        assertTrue(scroll.getContent().getLayoutBounds().getHeight() > scroll.getViewportBounds().getHeight(),
                "the list is longer than its view (the test needs it so): " + scroll.getViewportBounds());
        assertEquals(0, scroll.getVvalue(), 1e-9);
        TestWindows.keys(robot, KeyCode.DOWN);
        double row = scroll.getVvalue();
        assertTrue(row > 0, "↓ scrolls a row");
        TestWindows.keys(robot, KeyCode.PAGE_DOWN);
        assertTrue(scroll.getVvalue() > 2 * row, "Page Down scrolls a page: " + scroll.getVvalue());
        TestWindows.keys(robot, KeyCode.END);
        assertEquals(1, scroll.getVvalue(), 1e-9, "End: the last rows, the canvas's keys, in view");
        TestWindows.keys(robot, KeyCode.HOME);
        assertEquals(0, scroll.getVvalue(), 1e-9);
        TestWindows.keys(robot, KeyCode.TAB);
        TestWindows.keys(robot, KeyCode.ENTER);
        assertTrue(!sheetShown(), "Enter closes it");
        assertTrue(window.canvas().isFocused(), "the focus is back on the canvas");
        TestWindows.keys(robot, KeyCode.F1);
        assertTrue(sheetShown());
        TestWindows.keys(robot, KeyCode.ESCAPE);
        assertTrue(!sheetShown(), "Esc closes it");
        assertTrue(window.canvas().isFocused(), "the focus is back on the canvas");
    }
}
