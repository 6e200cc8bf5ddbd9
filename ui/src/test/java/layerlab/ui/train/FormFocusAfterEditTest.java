package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A scheduler option edited in the training form keeps the keyboard: its edit rebuilds the options, and the focus fell to
 * the palette's search, where the next Ctrl+Enter (Train › Start) added an Input to the drawing (seen on Xvfb after picking
 * ReduceLROnPlateau's metric). Ctrl+Enter in the palette's search adds nothing either way.
 */
@WindowTest.Size(width = 1260, height = 790)
class FormFocusAfterEditTest extends WindowTest {
    @SuppressWarnings("unchecked")
    private Map<String, Object> scheduler() {
        return (Map<String, Object>) window.editor().graph().training().get("scheduler");
    }

    private String focused() {
        Node owner = robotScene().getFocusOwner();
        return owner == null ? null : owner.getId();
    }

    private javafx.scene.Scene robotScene() {
        return window.dashboard().getScene();
    }

    @Test
    void anEditedOptionKeepsTheKeyboard(FxRobot robot) throws Exception {
        Graph g = ProjectJson.read(Files.readString(Path.of("../sample-projects/penguins-two-heads.json"))
                .replace("\"loss_weights\"", "\"scheduler\": {\"name\": \"ReduceLROnPlateau\", \"patience\": 2}, \"loss_weights\""), "penguins-two-heads.json");
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> box = robot.lookup("#train-scheduler-metric").queryComboBox();
        robot.interact(box::requestFocus);
        robot.interact(box::show);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").match(c -> c instanceof javafx.scene.control.ListCell<?> l && "val_mae_bill_loss".equals(l.getText()))
                .queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("val_mae_bill_loss", scheduler().get("metric"));
        assertEquals("train-scheduler-metric", focused(), "the rebuilt drop-down has the keyboard");

        TextField factor = robot.lookup("#train-scheduler-factor").queryAs(TextField.class);
        robot.interact(() -> {
            factor.requestFocus();
            factor.setText("0.3");
        });
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.3, ((Number) scheduler().get("factor")).doubleValue());
        assertEquals("train-scheduler-factor", focused(), "the rebuilt field has the keyboard");

        int nodes = window.editor().graph().nodes().size();
        robot.interact(() -> robotScene().lookup("#paletteSearch").requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(nodes, window.editor().graph().nodes().size(), "Ctrl+Enter in the palette's search adds no layer");
    }
}
