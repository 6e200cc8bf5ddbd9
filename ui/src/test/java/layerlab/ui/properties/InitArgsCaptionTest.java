package layerlab.ui.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import javafx.scene.AccessibleAttribute;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An initialiser's arguments ("gain=2") have a caption of their own, "arguments", that names the field to a screen reader,
 * which read it as its value alone ("edit, gain=2.0"); the caption greys out with the field where the initialiser takes none.
 */
class InitArgsCaptionTest extends WindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void theArgumentsFieldIsNamedByItsCaption(FxRobot robot) throws Exception {
        Graph g = Graph.empty()
                .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(4)), new Position(20, 40))).after()
                .addNode(new Node("fc", "fc", "Linear", Map.of("out_features", 2), new Position(240, 40))).after()
                .connect("x.out", "fc.in").after();
        robot.interact(() -> editor.load(g));
        robot.clickOn("#node-fc");
        WaitForAsyncUtils.waitForFxEvents();
        TextField args = robot.lookup("#initArgs-weight").queryAs(TextField.class);
        Label caption = (Label) args.queryAccessibleAttribute(AccessibleAttribute.LABELED_BY);
        assertEquals("arguments", caption.getText());
        assertTrue(args.isDisabled() && caption.isDisabled(), "the default takes no arguments: field and caption greyed");

        ChoiceBox<String> choice = robot.lookup("#initChoice-weight").queryAs(ChoiceBox.class);
        robot.interact(() -> choice.setValue("xavier_uniform"));
        WaitForAsyncUtils.waitForFxEvents();
        TextField now = robot.lookup("#initArgs-weight").queryAs(TextField.class);
        Label nowCaption = (Label) now.queryAccessibleAttribute(AccessibleAttribute.LABELED_BY);
        assertFalse(now.isDisabled() || nowCaption.isDisabled());
        assertEquals("arguments", nowCaption.getText());
        robot.clickOn(now).write("gain=2").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("gain", 2.0), editor.graph().node("fc").init("weight").args());
        TestWindows.screenshot(robot, stage, "init-arguments.png");
    }
}
