package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * A regression's Results tab shows the run's fit before "Predict new samples": the predict part's table, empty until a
 * file is chosen, pushed the fit below the tab's fold, where a user who just trained did not see it.
 */
class RegressionFitFirstTest extends WindowTest {
    @Test
    void theFitComesBeforePredictingNewSamples(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "regression.json", 2);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the fit", () -> d.results().regressionFit().regression() != null);
        TestWindows.awaitPulses(stage.getScene(), 3);
        Node fit = robot.lookup("#regressionFit").query(), predict = robot.lookup("#predictBox").query();
        Bounds f = fit.localToScene(fit.getLayoutBounds()), p = predict.localToScene(predict.getLayoutBounds());
        assertTrue(f.getMaxY() <= p.getMinY() + 0.5, "the fit " + f + " above \"Predict new samples\" " + p);
        TestWindows.screenshot(robot, stage, "regression-fit-first.png");
    }
}
