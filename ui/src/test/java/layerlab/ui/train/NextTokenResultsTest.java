package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import javafx.stage.Stage;
import layerlab.data.Dataset;
import layerlab.train.Metrics;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Results of a next-token model say what layerlab eval says: the per-token loss over the validation names' scored steps,
 * the perplexity (its exp) and the next-token accuracy, no confusion matrix.
 */
class NextTokenResultsTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, dir.resolve("recovery.json"), 1260, 790);
    }

    @Test
    void resultsSayThePerplexityOfTheValidationNames(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "surname-generator.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("the perplexity said", () -> d.results().summaryText().contains("perplexity"));
        Dataset val = d.session().data().validation();
        Metrics m = d.session().finished().evaluator().evaluate(val, 256, false);
        String said = d.results().summaryText();
        assertTrue(said.startsWith(String.format(Locale.ROOT, "A model of each next token, on %,d texts (%,d next tokens", val.size(), m.tokens())), said);
        assertTrue(said.contains("perplexity " + layerlab.ui.inspect.Numbers.compact(m.perplexity()) + " (exp of the per-token loss)"), said);
        assertTrue(said.contains("per-token loss " + layerlab.ui.inspect.Numbers.compact(m.tokenLoss())), said);
        assertEquals(Math.exp(m.tokenLoss()), m.perplexity(), 1e-12);
        assertTrue(robot.lookup("#resultsMisclassified").tryQuery().map(n -> !n.isVisible()).orElse(true), "no confusion matrix's parts");
    }
}
