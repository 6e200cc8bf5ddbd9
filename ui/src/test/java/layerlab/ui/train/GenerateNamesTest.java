package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
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
 * The SurnameGenerator sample as a teacher uses it: a short run, then Results › Generate lists new surnames; a start text
 * typed and the Generate button clicked lists names that begin so, the engine's own for those settings; a start letter
 * the model never saw is refused under the button.
 */
class GenerateNamesTest extends WindowTest {
    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, dir.resolve("recovery.json"), 1260, 790);
    }

    @Test
    void generateListsNewSurnamesThatBeginWithTheStartText(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("surname-generator.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        // The Data tab shows each name as it goes in and as its targets, one step on.
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        waitFor("the names previewed", () -> robot.lookup("#dataTexts").tryQuery().isPresent()
                && !robot.lookup("#dataTexts").queryAs(javafx.scene.control.TableView.class).getItems().isEmpty());
        javafx.scene.control.TableView<?> table = robot.lookup("#dataTexts").queryAs(javafx.scene.control.TableView.class);
        javafx.scene.control.TableColumn<?, ?> next = table.getColumns().get(0);
        assertEquals("next tokens", next.getText());
        String in = String.valueOf(table.getColumns().get(1).getCellData(0)), out = String.valueOf(next.getCellData(0));
        assertTrue(in.startsWith("<bos>") && out.equals(in.substring(5) + "<eos>"), in + " → " + out);
        TextField epochs = robot.lookup("#train-epochs").queryAs(TextField.class);
        robot.interact(() -> {
            epochs.setText("1");
            epochs.getOnAction().handle(new javafx.event.ActionEvent());
        });
        robot.clickOn("#trainStart");
        // An epoch of 3,000 names takes ~10 s on two quiet cores, minutes on a busy CI machine: the long wait, saying where it is.
        waitFor("trained", 240, () -> d.session().state() == TrainingSession.State.FINISHED, () -> d.session().statusProperty().get());
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        GeneratePane pane = d.results().generatePane();
        waitFor("Generate with ten names", () -> robot.lookup("#generateBox").tryQuery().map(Node::isVisible).orElse(false) && pane.texts().size() == 10);
        assertTrue(d.results().summaryText().startsWith("A model of each next token"), d.results().summaryText());
        assertTrue(robot.lookup("#predictBox").tryQuery().map(n -> !n.isVisible()).orElse(true), "no file of samples to predict: Generate instead");
        List<String> first = pane.texts();

        Slider t = pane.temperature();
        robot.interact(() -> t.setValue(0.6));
        assertEquals("0.60", robot.lookup("#generateTemperatureValue").queryLabeled().getText());
        robot.clickOn("#generateStart");
        robot.write("Ko");
        robot.clickOn("#generateButton");
        Vocabulary v = d.session().data().train().vocabulary();
        List<String> expected = Sampling.generate(d.session().finished().model(), v, new Sampling.Options(10, t.getValue(), 0, "Ko", 0));
        waitFor("names that begin with ko", () -> pane.texts().equals(expected));
        for (String name : pane.texts()) assertTrue(name.startsWith("ko"), name);
        assertNotEquals(first, pane.texts());
        assertEquals("", pane.error().getText());

        robot.clickOn("#generateStart");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("k9");
        robot.clickOn("#generateButton");
        waitFor("the start text refused", () -> !pane.error().getText().isEmpty());
        assertEquals("the start text \"k9\" has \"9\", which the model never saw in training; use characters of its vocabulary", pane.error().getText());
    }
}
