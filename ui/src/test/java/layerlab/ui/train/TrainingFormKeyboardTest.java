package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training form with the keyboard alone, at a projector's 200 % text in a 1280×720 window: Tab goes through every field
 * in the order they are read (top to bottom), each field it reaches is scrolled into the form's view, Tab leaves the form
 * at its end and Shift+Tab comes back (no trap), a drop-down opens with the keys, and Ctrl+Enter starts a run from a
 * field, Esc stops it. With {@code -Dlayerlab.screenshots=DIR} the window is written with a field deep in the form focused.
 */
class TrainingFormKeyboardTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 720, TextSize.LARGEST);
    }

    @Test
    void tabGoesThroughEveryFieldInOrderEachScrolledIntoView(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "iris.json");
        // Early stopping on: its fields (watched, mode, min_delta) take the focus too.
        TestWindows.setField(robot, "#train-patience", "5");
        Node form = robot.lookup("#trainForm").query();
        ScrollPane pane = scrollPane(form);
        ComboBox<?> optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
        robot.interact(optimizer::requestFocus);
        List<String> order = new ArrayList<>(), outOfView = new ArrayList<>(), backwards = new ArrayList<>();
        double lastY = -1, lastX = -1;
        String shotAt = null;
        for (int i = 0; i < 60; i++) {
            Node f = stage.getScene().getFocusOwner();
            if (!inside(f, form)) break;
            order.add(f.getId() == null ? f.getClass().getSimpleName() : f.getId());
            TestWindows.awaitPulses(stage.getScene(), 2);
            Bounds b = f.localToScene(f.getLayoutBounds()), view = pane.localToScene(pane.getLayoutBounds());
            if (b.getMinY() < view.getMinY() - 1 || b.getMaxY() > view.getMaxY() + 1) outOfView.add(f.getId() + " at " + b.getMinY() + "–" + b.getMaxY() + " of " + view.getMinY() + "–" + view.getMaxY());
            Bounds inForm = form.sceneToLocal(b);
            // Read order: down the form, and left to right along a row.
            if (inForm.getMinY() < lastY - 2 || Math.abs(inForm.getMinY() - lastY) <= 2 && inForm.getMinX() < lastX) backwards.add(f.getId());
            lastY = inForm.getMinY();
            lastX = inForm.getMinX();
            if ("train-seed".equals(f.getId())) {
                shotAt = f.getId();
                TestWindows.screenshot(robot, stage, "training-form-keyboard-200.png");
            }
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        for (String id : List.of("trainOptimizer", "train-optimizer-lr", "trainScheduler", "trainLoss", "train-metrics", "train-epochs",
                "train-batch_size", "train-shuffle", "train-drop_last", "train-clip_grad_norm", "train-clip_grad_value", "train-patience",
                "train-restore-best", "train-early_stopping-metric", "train-early_stopping-mode", "train-early_stopping-min_delta", "train-seed",
                "trainDevice", "train-stats_every", "train-checkpoint_every")) {
            assertTrue(order.contains(id), id + " is reached by Tab: " + order);
        }
        assertEquals("train-seed", shotAt);
        assertEquals(List.of(), backwards, "Tab's order against the form's: " + order);
        assertEquals(List.of(), outOfView, "fields Tab reached out of the form's view");
        // Past the form's end the focus has gone on (no trap), and Shift+Tab brings it back to the last field.
        Node after = stage.getScene().getFocusOwner();
        assertFalse(inside(after, form), "Tab leaves the form: " + (after == null ? null : after.getId()));
        robot.press(KeyCode.SHIFT, KeyCode.TAB).release(KeyCode.TAB, KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(order.get(order.size() - 1), stage.getScene().getFocusOwner().getId(), "Shift+Tab comes back");
    }

    @Test
    void aDropDownOpensWithTheKeysAndCtrlEnterStartsARunThatEscStops(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.sample(robot, window, "iris.json");
        ComboBox<?> scheduler = robot.lookup("#trainScheduler").queryAs(ComboBox.class);
        robot.interact(scheduler::requestFocus);
        robot.press(KeyCode.ALT, KeyCode.DOWN).release(KeyCode.DOWN, KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(scheduler.isShowing(), "Alt+Down opens the scheduler's list");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(scheduler.isShowing());
        robot.press(KeyCode.F4).release(KeyCode.F4);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(scheduler.isShowing(), "F4 opens it too");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();

        TestWindows.setField(robot, "#train-epochs", "200");
        robot.interact(() -> robot.lookup("#train-epochs").query().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        TrainingSession s = d.session();
        TestWindows.waitFor("Ctrl+Enter in a field started a run", () -> s.state().active());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        TestWindows.waitFor("Esc stopped it", () -> !s.state().active());
    }

    @Test
    void theFocusedFieldHasARingThatGrowsWithTheText(FxRobot robot) throws Exception {
        TestWindows.sample(robot, window, "iris.json");
        javafx.scene.control.TextField epochs = robot.lookup("#train-epochs").queryAs(javafx.scene.control.TextField.class);
        robot.interact(epochs::requestFocus);
        TestWindows.awaitPulses(stage.getScene(), 2);
        // The field's fill inside its accent ring: the ring is as wide as the fill's inset.
        double ring = epochs.getBackground().getFills().get(1).getInsets().getTop();
        assertTrue(ring >= 3.5, "a text field's ring at 200 %: " + ring + " px");
        ComboBox<?> optimizer = robot.lookup("#trainOptimizer").queryAs(ComboBox.class);
        robot.interact(optimizer::requestFocus);
        TestWindows.awaitPulses(stage.getScene(), 2);
        javafx.scene.layout.Border b = optimizer.getBorder();
        double width = b == null || b.getStrokes().isEmpty() ? 0 : b.getStrokes().get(0).getWidths().getTop();
        assertTrue(width >= 3.5, "a drop-down's ring at 200 %: " + width + " px");
        javafx.scene.control.CheckBox shuffle = robot.lookup("#train-shuffle").queryAs(javafx.scene.control.CheckBox.class);
        robot.interact(shuffle::requestFocus);
        TestWindows.awaitPulses(stage.getScene(), 2);
        javafx.scene.layout.Region box = (javafx.scene.layout.Region) shuffle.lookup(".box");
        double tick = box.getBorder() == null || box.getBorder().getStrokes().isEmpty() ? 0 : box.getBorder().getStrokes().get(0).getWidths().getTop();
        assertTrue(tick >= 3.5, "a tick's ring at 200 %: " + tick + " px");
        TestWindows.screenshot(robot, stage, "training-form-tick-focus-200.png");
    }

    private static ScrollPane scrollPane(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (p instanceof ScrollPane s) return s;
        throw new AssertionError("the form is in no scroll pane");
    }

    private static boolean inside(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }
}
