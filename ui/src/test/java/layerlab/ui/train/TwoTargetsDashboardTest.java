package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The penguins-two-heads sample trained in the window: the run's epochs hold each head's own metric (the bill head's
 * MAE beside the species' accuracy), which the charts draw, and the Results tab says that it draws results for a model of one target while the
 * data set has two, naming them, rather than calling the targets "[2] per sample", and shows no empty confusion matrix.
 */
class TwoTargetsDashboardTest extends WindowTest {
    @Test
    void eachHeadIsMeasuredAndTheResultsSayWhy(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "penguins-two-heads.json", 2);
        Map<String, Double> last = d.session().run.epochs().get(d.session().run.epochs().size() - 1).metrics();
        assertTrue(last.containsKey("val_mae_bill_loss") && last.containsKey("val_accuracy_species_loss"), last.toString());
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the results' summary", () -> robot.lookup("#resultsSummary").queryLabeled().getText().startsWith("Results (a confusion matrix, a regression's fit) are drawn for a model of one target"));
        String said = robot.lookup("#resultsSummary").queryLabeled().getText();
        assertTrue(said.contains("this data set has 2 (species \u2190 species, bill \u2190 bill_depth_mm)"), said);
        // Nothing fills a confusion matrix here: its empty heading and buttons are not shown.
        assertTrue(robot.lookup("#resultsMisclassified").tryQuery().map(n -> !n.isVisible()).orElse(true), "Misclassified is shown");
        TestWindows.screenshot(robot, stage, "two-targets-results.png");
    }
}
