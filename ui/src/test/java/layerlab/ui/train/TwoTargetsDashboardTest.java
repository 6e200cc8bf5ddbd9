package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.layout.GridPane;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.HeadColumns;
import layerlab.ui.inspect.RegressionFitPane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The penguins-two-heads sample trained in the window: the run's epochs hold each head's own metric (the bill head's
 * MAE beside the species' accuracy), which the charts draw, and the Results tab draws a head at a time, chosen in its
 * Head picker: the species classifier's confusion matrix over its three classes, then, chosen as a user does (click,
 * choose), the bill-depth regressor's predictions against the true depths with its MAE.
 */
@WindowTest.Size(width = 1260, height = 860)
class TwoTargetsDashboardTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void eachHeadIsMeasuredAndDrawnInTheResults(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "penguins-two-heads.json", 2);
        Map<String, Double> last = d.session().run.epochs().get(d.session().run.epochs().size() - 1).metrics();
        assertTrue(last.containsKey("val_mae_bill_loss") && last.containsKey("val_accuracy_species_loss"), last.toString());
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the head picker", () -> robot.lookup("#resultsHead").tryQuery().map(n -> n.isVisible()).orElse(false));
        ComboBox<HeadColumns> picker = robot.lookup("#resultsHead").queryComboBox();
        assertEquals(List.of("species_loss: species_logits against species", "bill_loss: bill_depth_mm against bill"),
                picker.getItems().stream().map(HeadColumns::describe).toList());
        assertEquals("species_loss", picker.getValue().loss());
        waitFor("the species' confusion matrix", () -> robot.lookup("#confusionMatrix").queryAs(GridPane.class).isVisible()
                && !robot.lookup("#confusionMatrix").queryAs(GridPane.class).getChildren().isEmpty());
        String said = robot.lookup("#resultsSummary").queryLabeled().getText();
        assertTrue(said.contains("67"), "the 67 validation penguins: " + said);
        assertTrue(robot.lookup("#confusionMatrix").queryAs(GridPane.class).getChildren().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Labeled l && "Gentoo".equals(l.getText())), "the species by name");
        TestWindows.screenshot(robot, stage, "two-targets-results-species.png");

        robot.clickOn(picker);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof ListCell<?> l && l.getText() != null && l.getText().startsWith("bill_loss"))
                .queryAs(javafx.scene.Node.class));
        RegressionFitPane fit = robot.lookup(n -> n instanceof RegressionFitPane).queryAs(RegressionFitPane.class);
        waitFor("the bill depth's fit", () -> fit.regression() != null && fit.isVisible());
        assertEquals(67, fit.regression().evaluated());
        assertEquals(last.get("val_mae_bill_loss"), fit.regression().mae(), 1e-4 * Math.max(1, last.get("val_mae_bill_loss")),
                "the fit's MAE is the run's val_mae_bill_loss");
        assertTrue(robot.lookup("#resultsSummary").queryLabeled().getText().contains("mean absolute error"), robot.lookup("#resultsSummary").queryLabeled().getText());
        assertTrue(!robot.lookup("#confusionMatrix").queryAs(GridPane.class).isVisible(), "no confusion matrix for an amount");
        TestWindows.screenshot(robot, stage, "two-targets-results-bill.png");
    }
}
