package layerlab.ui.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import javafx.scene.control.TextField;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A labels Input's shape, {@code []} (one class index per sample, as Iris's labels), showed an empty field whose hint read
 * "default:" with nothing after it: an empty list formats as no text. It says what the shape is.
 */
class ScalarShapePromptTest extends WindowTest {
    @Test
    void aScalarInputsShapeSaysSo(FxRobot robot) {
        Graph g = Graph.empty().addNode(new Node("y", "labels", "Input", Map.of("shape", List.of(), "dtype", "int64"), new Position(20, 40))).after();
        robot.interact(() -> editor.load(g));
        robot.clickOn("#node-y");
        WaitForAsyncUtils.waitForFxEvents();
        TextField shape = robot.lookup("#param-shape").queryAs(TextField.class);
        assertEquals("", shape.getText());
        assertEquals("[] (a scalar per sample)", shape.getPromptText());
    }
}
