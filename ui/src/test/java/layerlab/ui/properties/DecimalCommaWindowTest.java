package layerlab.ui.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.Position;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.Locales;
import layerlab.ui.TestWindows;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A German student types "0,5" where a number goes: Dropout's p in Properties, the learning rate in the dashboard's
 * form. It is 0.5 (before, p was refused as not a number, and the rate was read as the list [0, 5]); the field then
 * shows 0.5, as the project file and PyTorch write it.
 */
@ExtendWith(ApplicationExtension.class)
class DecimalCommaWindowTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestWindows.open(stage, dir.resolve("recovery.json"), 1260, 790);
    }

    @Test
    void aDecimalCommaTypedUnderGermanIsAPoint(FxRobot robot) throws Exception {
        Locales.under(Locale.GERMANY, () -> {
            Graph g = Graph.empty()
                    .addNode(new Node("x", "x", "Input", Map.of("shape", List.of(8)), new Position(20, 40))).after()
                    .addNode(new Node("drop", "drop", "Dropout", Map.of(), new Position(240, 40))).after()
                    .connect("x.out", "drop.in").after();
            robot.interact(() -> window.editor().load(g));
            robot.clickOn("#node-drop");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn(robot.lookup("#param-p").queryAs(TextField.class)).write("0,25").type(KeyCode.ENTER);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(0.25, window.editor().graph().node("drop").param("p"));
            assertFalse(robot.lookup("#error-p").queryAs(Label.class).isVisible());
            assertEquals("0.25", robot.lookup("#param-p").queryAs(TextField.class).getText(), "shown as the file writes it");

            Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
            robot.interact(() -> window.files().newProject(iris));
            robot.interact(() -> window.dashboard().shownProperty().set(true));
            WaitForAsyncUtils.waitForFxEvents();
            TextField lr = robot.lookup("#train-optimizer-lr").queryAs(TextField.class);
            robot.interact(() -> {
                lr.setText("0,05");
                lr.getOnAction().handle(new javafx.event.ActionEvent());
            });
            WaitForAsyncUtils.waitForFxEvents();
            @SuppressWarnings("unchecked")
            Map<String, Object> opt = (Map<String, Object>) window.editor().graph().training().get("optimizer");
            assertEquals(0.05, opt.get("lr"));
            assertEquals("", robot.lookup("#trainError").queryLabeled().getText());
            assertEquals("0.05", robot.lookup("#train-optimizer-lr").queryAs(TextField.class).getText());
        });
    }
}
