package layerlab.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.ActionEvent;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javax.imageio.ImageIO;
import layerlab.graph.Graph;
import layerlab.graph.json.ProjectJson;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A network with an auxiliary head, two loss nodes summed as {@code ce + 0.3 * aux}: the training form has a weight
 * field per loss node (blank: 1), writes {@code training.loss_weights} through its one undoable edit, marks a refused
 * weight where it is typed, and marks a weight the file gives a name no loss node has; a network of one loss shows none.
 * With {@code -Dlayerlab.screenshots=DIR} the section is written as a PNG.
 */
@WindowTest.Size(width = 1260, height = 790)
class LossWeightsFormTest extends WindowTest {
    @TempDir
    Path files;

    private Graph project(String weights) throws Exception {
        Path file = files.resolve("aux-" + Math.abs(weights.hashCode()) + ".json");
        Files.writeString(file, Files.readString(Path.of("../engine/src/test/resources/projects/aux-head.json")).replace("\"training\": {}}", """
                 "dataset": {"source": "iris", "normalize": "standardize", "validation_split": 0.2, "seed": 0},
                 "training": {"optimizer": {"name": "Adam", "lr": 0.01}, "epochs": 2, "batch_size": 16, "seed": 0, "loss_weights": %s}}
                """.formatted(weights)));
        return ProjectJson.load(file);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachLossNodeHasAWeightFieldThatWritesTheSettings(FxRobot robot) throws Exception {
        Graph g = project("{\"aux\": 0.3}");
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        TextField ce = field(robot, "ce"), aux = field(robot, "aux");
        assertEquals("", ce.getText());
        assertEquals("1", ce.getPromptText(), "blank is a weight of 1");
        assertEquals("0.3", aux.getText());
        snapshot(robot, "loss-weights");

        set(robot, ce, "0.5");
        assertEquals(Map.of("aux", 0.3, "ce", 0.5), window.editor().graph().training().get("loss_weights"));

        set(robot, field(robot, "aux"), "-1");
        assertTrue(field(robot, "aux").getStyleClass().contains("invalid"), "the refused weight is marked where it was typed");
        String why = robot.lookup("#trainError").queryLabeled().getText();
        assertTrue(why.contains("training.loss_weights.aux must be a number of at least 0"), why);
        assertEquals(0.3, ((Map<String, Object>) window.editor().graph().training().get("loss_weights")).get("aux"), "not written");

        set(robot, field(robot, "aux"), "");
        set(robot, field(robot, "ce"), "");
        assertNull(window.editor().graph().training().get("loss_weights"), "every weight blank: the key goes");
        robot.interact(window.editor()::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Map.of("ce", 0.5), window.editor().graph().training().get("loss_weights"), "each edit one undo");
        assertEquals("0.5", field(robot, "ce").getText());
    }

    @Test
    void aWeightForNoLossNodeIsMarkedAndOneLossShowsNone(FxRobot robot) throws Exception {
        Graph g = project("{\"aux_ce\": 0.3}");
        robot.interact(() -> window.files().newProject(g));
        TestWindows.showDashboard(robot, window.dashboard());
        WaitForAsyncUtils.waitForFxEvents();
        TextField stale = field(robot, "aux_ce");
        assertTrue(stale.getStyleClass().contains("invalid"));
        assertTrue(stale.getTooltip().getText().contains("No loss node is named \"aux_ce\""), stale.getTooltip().getText());
        assertFalse(field(robot, "ce").getStyleClass().contains("invalid"));

        Graph iris = ProjectJson.load(Path.of("../sample-projects/iris.json"));
        robot.interact(() -> window.files().newProject(iris));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#trainLossWeights").queryAs(GridPane.class).getChildren().isEmpty(), "one loss: nothing to weigh");
    }

    private static TextField field(FxRobot robot, String loss) {
        return robot.lookup("#train-loss_weights-" + loss).queryAs(TextField.class);
    }

    private static void set(FxRobot robot, TextField f, String text) {
        robot.interact(() -> {
            f.setText(text);
            f.getOnAction().handle(new ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void snapshot(FxRobot robot, String name) throws Exception {
        String out = System.getProperty("layerlab.screenshots");
        if (out == null || out.isBlank()) return;
        WritableImage[] img = {null};
        robot.interact(() -> img[0] = robot.lookup("#trainLossWeights").query().getParent().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Files.createDirectories(Path.of(out)).resolve(name + ".png").toFile());
    }
}
