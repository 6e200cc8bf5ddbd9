package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Results tab from the keyboard: Tab reaches a cell of the confusion matrix and Enter shows its samples, the first
 * of them focused, and Space on it shows its saliency maps; both were a mouse click only. A screen reader hears each as a
 * button that says what it holds.
 */
class ResultsKeysTest extends WindowTest {
    /** Tab until {@code wanted} has the focus (at most {@code most} presses); the focus owners passed, for a message. */
    private String tabTo(FxRobot robot, java.util.function.Predicate<Node> wanted, int most) {
        StringBuilder passed = new StringBuilder();
        for (int i = 0; i < most && !wanted.test(stage.getScene().getFocusOwner()); i++) {
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            passed.append(stage.getScene().getFocusOwner().getId()).append(' ');
        }
        return passed.toString();
    }

    @Test
    void aCellAndAPictureOpenFromTheKeyboard(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, TestWindows.DIGITS_FAST);
        robot.interact(d::start);
        waitFor("the confusion matrix", () -> !d.session().state().active() && d.results().evaluation() != null);
        WaitForAsyncUtils.waitForFxEvents();

        Node cell = robot.lookup("#cm-3-3").query();
        assertTrue(cell.isFocusTraversable(), "Tab reaches a cell");
        assertEquals(AccessibleRole.BUTTON, cell.getAccessibleRole());
        assertTrue(cell.getAccessibleText().endsWith("of 3 predicted as 3"), cell.getAccessibleText());
        robot.interact(() -> robot.lookup("#cm-0-0").query().requestFocus());
        String passed = tabTo(robot, n -> n == cell, 40);
        assertTrue(cell.isFocused(), "Tab went from cell to cell to 3→3: " + passed);
        // A ring one can see on the focused cell: the accent, not the right answer's frame (which a cell off the diagonal lacks).
        robot.interact(cell::applyCss);
        javafx.scene.layout.Border framed = ((javafx.scene.layout.Region) cell).getBorder();
        javafx.scene.layout.Border plain = ((javafx.scene.layout.Region) robot.lookup("#cm-3-4").query()).getBorder();
        assertTrue(framed != null && framed.getStrokes().get(0).getWidths().getTop() >= 3, "the focused cell is ringed: " + framed);
        assertTrue(plain == null || plain.getStrokes().isEmpty() || !plain.getStrokes().get(0).getTopStroke().equals(framed.getStrokes().get(0).getTopStroke()),
                "in a colour the others lack");
        robot.type(KeyCode.ENTER);
        waitFor("the cell's pictures", () -> !d.results().gallery().getChildren().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        Node first = d.results().gallery().getChildren().get(0);
        assertTrue(first.getAccessibleText().startsWith("Sample ") && first.getAccessibleText().contains("true 3, predicted 3"), first.getAccessibleText());
        assertTrue(first.isFocused(), "Enter on a cell puts the focus on its first picture: " + stage.getScene().getFocusOwner());
        robot.type(KeyCode.SPACE);
        waitFor("the saliency maps", () -> d.results().why().shown() != null && d.results().why().isVisible());
    }
}
