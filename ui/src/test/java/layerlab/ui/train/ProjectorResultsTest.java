package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.ResultsView;
import layerlab.ui.shell.MainWindow;
import layerlab.ui.shell.TextSize;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Results tab on a 1280×720 projector at 125, 150 and 200 % text: the confusion matrix reads (its counts whole, not
 * "…") and Try a sample's fields lie inside the tab, not past its right edge. At 200 % the tab is too narrow for both
 * columns side by side, and Try a sample goes below the matrix.
 */
class ProjectorResultsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.projector(stage, dir.resolve("recovery.json"));
    }

    @Test
    void theMatrixAndTrySampleReadAtLargeText(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "penguins.json", 2);
        waitFor("the confusion matrix", () -> d.results().evaluation() != null);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        ResultsView results = d.results();
        Node tryBox = robot.lookup("#tryBox").query();
        for (TextSize size : List.of(TextSize.LARGE, TextSize.LARGER, TextSize.LARGEST)) {
            robot.interact(() -> window.model().textSizeProperty().set(size));
            robot.interact(() -> results.setVvalue(0));
            TestWindows.awaitPulses(stage.getScene(), 3);
            // The text size reaches the layout over a few pulses: wait for Try a sample to be where this size puts it.
            waitFor(size + ": the layout of this text size", 20, () -> {
                Bounds box = tryBox.localToScene(tryBox.getLayoutBounds());
                Bounds matrix = results.matrix().localToScene(results.matrix().getLayoutBounds());
                return (box.getMinY() >= matrix.getMaxY()) == (size == TextSize.LARGEST);
            }, () -> "Try a sample at " + tryBox.localToScene(tryBox.getLayoutBounds()));
            WaitForAsyncUtils.waitForFxEvents();
            TestWindows.screenshot(robot, stage, "projector-results-" + size.name().toLowerCase() + ".png");
            int counts = 0;
            for (Node cell : results.matrix().getChildren()) {
                if (!(cell instanceof Labeled l) || l.getText() == null || !l.getText().matches("\\d+")) continue;
                counts++;
                assertEquals(l.getText(), TestWindows.shownText(l), size + ": a count of the confusion matrix reads whole");
            }
            assertEquals(9, counts, size + ": the matrix's nine counts");
            Bounds box = tryBox.localToScene(tryBox.getLayoutBounds());
            Bounds view = results.localToScene(results.getLayoutBounds());
            assertTrue(box.getMaxX() <= view.getMaxX() + 0.5, size + ": Try a sample ends at " + box.getMaxX() + ", the tab at " + view.getMaxX());
            // Beside the matrix while both fit (125 and 150 %), below it at 200 %.
            Bounds matrix = results.matrix().localToScene(results.matrix().getLayoutBounds());
            boolean below = box.getMinY() >= matrix.getMaxY();
            assertEquals(size == TextSize.LARGEST, below, size + ": Try a sample at " + box + ", the matrix at " + matrix);
        }
    }
}
