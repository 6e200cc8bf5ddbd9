package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A run's end brings the run's buttons and its whole status into view (at 150 % text in 1280 × 800 they take nearly all the
 * training column), and the column's "Training" title above them shows whole or not at all: the view scrolled to the
 * status's end cut it in half, a line of half letters at the top of the column.
 */
class TrainingTitleTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"), 1280, 800, TextSize.LARGER);
    }

    @Test
    void theTitleAboveAFinishedRunShowsWholeOrNotAtAll(FxRobot robot) throws Exception {
        TestWindows.trained(robot, window, "iris.json", 2);
        TestWindows.awaitPulses(stage.getScene(), 3);
        Node status = robot.lookup("#trainStatus").query(), title = robot.lookup("#trainTitle").query();
        Node scroll = status;
        while (!(scroll instanceof ScrollPane)) scroll = scroll.getParent();
        Bounds view = scroll.localToScene(scroll.getLayoutBounds()), s = status.localToScene(status.getLayoutBounds());
        Bounds t = title.localToScene(title.getLayoutBounds()), start = robot.lookup("#trainStart").query().localToScene(robot.lookup("#trainStart").query().getLayoutBounds());
        TestWindows.screenshot(robot, stage, "training-title-150.png");
        assertTrue(s.getMinY() >= view.getMinY() - 0.5 && s.getMaxY() <= view.getMaxY() + 0.5, "the whole status in view: " + s + " in " + view);
        assertTrue(start.getMinY() >= view.getMinY() - 0.5, "Start in view: " + start + " in " + view);
        assertTrue(t.getMinY() >= view.getMinY() - 0.5 || t.getMaxY() <= view.getMinY() + 0.5, "the title whole or out of view: " + t + " in " + view);
    }
}
