package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Lesson 2 on a projector (1280×720, 150 % text): a click on a cell of the confusion matrix, then on one of its pictures,
 * shows the pictures and their saliency maps where the class can see them. Both come below the per-class table, out of
 * sight in a 720-px window, and the clicks seemed to do nothing until the results scrolled to them.
 */
class ResultsInViewTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"));
    }

    /** Whether {@code n}'s top is inside the results' view, with at least 20 px of it shown below. */
    private static boolean inView(Node n, ScrollPane results) {
        Bounds a = n.localToScene(n.getLayoutBounds()), v = results.localToScene(results.getLayoutBounds());
        return a.getMinY() >= v.getMinY() - 1 && a.getMinY() <= v.getMaxY() - 20;
    }

    @Test
    void aCellsPicturesAndTheirMapsComeIntoView(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, TestWindows.DIGITS_FAST);
        robot.clickOn("#trainStart");
        waitFor("the confusion matrix", () -> !d.session().state().active() && d.results().evaluation() != null);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> d.results().setVvalue(0));
        WaitForAsyncUtils.waitForFxEvents();

        // The largest mistake, as a teacher would pick it.
        long[][] m = d.results().evaluation().confusion();
        int t = 0, p = 1;
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m.length; j++) if (i != j && m[i][j] > m[t][p]) { t = i; p = j; }
        assertTrue(m[t][p] > 0, "a linear reader makes mistakes after one epoch");
        robot.clickOn("#cm-" + t + "-" + p);
        waitFor("the cell's pictures", () -> !d.results().gallery().getChildren().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(inView(d.results().gallery(), d.results()), "the pictures of the clicked cell are in view");
        TestWindows.screenshot(robot, stage, "lesson-results-cell-150.png");

        Node first = d.results().gallery().getChildren().get(0);
        robot.clickOn(first);
        waitFor("the saliency maps", () -> d.results().why().shown() != null && d.results().why().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(inView(d.results().why(), d.results()), "the clicked picture's maps are in view");
        TestWindows.screenshot(robot, stage, "lesson-results-why-150.png");
    }
    /**
     * Draw a sample on the projector: the answer comes in view, and the pad stays where it was drawn on. The answer, always
     * beside the pad, made that column want more room than the tab had: the tab went from two columns to one as it came,
     * the pad out from under the pointer and the answer far below, out of sight.
     */
    @Test
    void aDrawingsAnswerComesInViewWithoutMovingThePad(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.onResults(robot, window, dir, TestWindows.DIGITS_FAST);
        robot.clickOn("#trainStart");
        waitFor("the results", () -> !d.session().state().active() && d.results().evaluation() != null && d.results().drawPad().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        Node pad = robot.lookup("#drawPad").query();
        // The pad's top at the top of the view, as a user scrolls to it.
        robot.interact(() -> {
            ScrollPane results = d.results();
            double content = results.getContent().getLayoutBounds().getHeight(), view = results.getViewportBounds().getHeight();
            double y = results.getContent().sceneToLocal(pad.localToScene(pad.getLayoutBounds())).getMinY();
            results.setVvalue(content <= view ? 0 : Math.min(1, y / (content - view)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Bounds before = pad.localToScreen(pad.getLayoutBounds());
        robot.drag(new javafx.geometry.Point2D(before.getMinX() + 98, before.getMinY() + 30), javafx.scene.input.MouseButton.PRIMARY)
                .moveTo(new javafx.geometry.Point2D(before.getMinX() + 98, before.getMinY() + 170)).release(javafx.scene.input.MouseButton.PRIMARY);
        waitFor("the drawing's answer", () -> d.results().lastProbabilities() != null && d.results().drawPad().explained() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Bounds after = pad.localToScreen(pad.getLayoutBounds());
        assertTrue(Math.abs(after.getMinX() - before.getMinX()) < 1 && Math.abs(after.getMinY() - before.getMinY()) < 1,
                "the pad stayed under the pointer: " + before + " then " + after);
        TestWindows.screenshot(robot, stage, "lesson-results-draw-150.png");
        Node answer = robot.lookup("#padProbabilities").query();
        assertTrue(inView(answer, d.results()), "the class probabilities are in view: " + answer.localToScene(answer.getLayoutBounds()) + " in "
                + d.results().localToScene(d.results().getLayoutBounds()));
    }
}
