package layerlab.ui.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.Problem;
import layerlab.ui.Locales;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Imbalanced classes: a CrossEntropyLoss's class weight typed in Properties as "1, 9" or "[1, 9]" (PyTorch's
 * weight=torch.tensor([1.0, 9.0])); "1, x" is refused saying which entry is not a number, and a count that does not fit
 * the classes is said on the loss node.
 */
class LossWeightWindowTest extends WindowTest {
    private static Graph weighted() {
        return Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(20, 40))).after()
                .addNode(new Node("fc", "fc", "Linear", Map.of("out_features", 2), new Position(240, 40))).after()
                .addNode(new Node("labels", "labels", "Input", Map.of("shape", List.of(), "dtype", "int64"), new Position(20, 240))).after()
                .addNode(new Node("loss", "loss", "CrossEntropyLoss", Map.of(), new Position(460, 140))).after()
                .addNode(new Node("out", "out", "Output", Map.of(), new Position(680, 40))).after()
                .connect("x.out", "fc.in").after()
                .connect("fc.out", "loss.input").after()
                .connect("fc.out", "out.in").after()
                .connect("labels.out", "loss.target").after();
    }

    private void type(FxRobot robot, String text) {
        TextField f = robot.lookup("#param-weight").queryAs(TextField.class);
        robot.interact(() -> f.setText(""));
        robot.clickOn(f).write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void typedWeightsBecomeTheLossesClassWeights(FxRobot robot) throws Exception {
        robot.interact(() -> editor.load(weighted()));
        robot.clickOn("#node-loss");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("None", robot.lookup("#param-weight").queryAs(TextField.class).getPromptText());

        type(robot, "1, x");
        Label err = robot.lookup("#error-weight").queryAs(Label.class);
        assertTrue(err.isVisible() && err.getText().contains("weight: \"x\" is not a number"), err.getText());
        assertNull(editor.graph().node("loss").param("weight"), "nothing is set from a refused text");

        type(robot, "[1, 9]");
        assertEquals(List.of(1.0, 9.0), editor.graph().node("loss").param("weight"));
        assertFalse(robot.lookup("#error-weight").queryAs(Label.class).isVisible());
        assertEquals("1.0, 9.0", robot.lookup("#param-weight").queryAs(TextField.class).getText(), "the field shows what is set");

        type(robot, "1, 2, 3");
        List<Problem> ps = Analysis.of(editor.graph()).problems().stream().filter(Problem::isError).toList();
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("loss", ps.get(0).nodeName());
        assertTrue(ps.get(0).message().startsWith("weight has 3 entries for 2 classes"), ps.get(0).message());

        robot.interact(editor::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(1.0, 9.0), editor.graph().node("loss").param("weight"));
    }

    @Test
    void underADecimalCommaEntriesAreSeparatedBySemicolons(FxRobot robot) throws Exception {
        Locales.under(Locale.GERMANY, () -> {
            robot.interact(() -> editor.load(weighted()));
            robot.clickOn("#node-loss");
            WaitForAsyncUtils.waitForFxEvents();
            type(robot, "0,5; 2");
            assertEquals(List.of(0.5, 2.0), editor.graph().node("loss").param("weight"));
        });
    }
}
