package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.data.Vocabulary;
import layerlab.train.Sampling;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.inspect.GeneratePane;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Results › Generate from the keyboard: a seed or a count typed and Enter generates, as Enter in Start does (Enter in the
 * spinners took the number and drew nothing: the names listed were still the previous seed's).
 */
class GenerateEnterKeysTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, dir.resolve("recovery.json"), 1260, 790);
    }

    @Test
    void enterInSeedOrHowManyGenerates(FxRobot robot) throws Exception {
        Dashboard d = TestWindows.trained(robot, window, "surname-generator.json", 1);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        GeneratePane pane = d.results().generatePane();
        waitFor("Generate with ten names", () -> robot.lookup("#generateBox").tryQuery().map(Node::isVisible).orElse(false) && pane.texts().size() == 10);
        Vocabulary v = d.session().data().train().vocabulary();

        robot.clickOn("#generateSeed");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("3");
        robot.push(KeyCode.ENTER);
        List<String> seed3 = Sampling.generate(d.session().finished().model(), v, new Sampling.Options(10, 1.0, 3, "", 0));
        waitFor("seed 3's names", () -> pane.texts().equals(seed3));

        robot.clickOn("#generateCount");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("4");
        robot.push(KeyCode.ENTER);
        List<String> four = Sampling.generate(d.session().finished().model(), v, new Sampling.Options(4, 1.0, 3, "", 0));
        waitFor("four names", () -> pane.texts().equals(four));
        assertEquals("", pane.error().getText());
    }
}
